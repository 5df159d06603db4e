/**
 * Run as a child process by test/crash-recovery.test.ts: stores four copies of one templated pitch from
 * four senders in the lowdb file given as argv[2], says "stored", then waits to be killed (kill -9), before
 * the learned state's debounced save (30 s) has happened.
 */
import { createDoorkeep } from '../../plugin/doorkeep.js';
import { CAMPAIGN_OPTIONS, campaignPitch } from './campaign.js';

const dataFile = process.argv[2]!;
const dk = await createDoorkeep({ ...CAMPAIGN_OPTIONS, dataFile });
const senders = [['Anna', 'Growthly'], ['Boris', 'Scalefast'], ['Chloe', 'Leadmint'], ['Dmitri', 'Brandboost']] as const;
for (const [i, [name, company]] of senders.entries()) await dk.moderate(campaignPitch(i + 1, name, company));
process.stdout.write('stored\n');
setInterval(() => undefined, 60_000);
