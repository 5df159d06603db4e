import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DoorkeepError } from '../plugin/errors.js';
import { createPostgresStore } from '../plugin/store/postgres-store.js';
import { createDemoApp } from './app.js';

const list = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** A start-up problem: one clear line naming the file or variable, no stack trace, nothing written. */
function cannotStart(message: string): never {
  console.error(`The Doorkeep demo cannot start: ${message}`);
  process.exit(1);
}

const port = Number(process.env.PORT ?? 3000);
const databaseUrl = process.env.DOORKEEP_DATABASE_URL;
const dataFile = process.env.DOORKEEP_DATA || 'data/doorkeep.json';
const apiKeys = list(process.env.DOORKEEP_API_KEYS);
const badKey = apiKeys.findIndex((key) => !/^[A-Za-z0-9]{8,64}$/.test(key));
if (badKey >= 0) {
  cannotStart(`DOORKEEP_API_KEYS: every key must be 8–64 letters and digits; key ${badKey + 1} (${apiKeys[badKey]!.length} characters) is not. Separate keys with commas.`);
}
let adminPassword = process.env.DOORKEEP_ADMIN_PASSWORD;
if (!adminPassword) {
  adminPassword = randomBytes(12).toString('base64url');
  console.log(`No DOORKEEP_ADMIN_PASSWORD set; the admin password for this run is: ${adminPassword}`);
}
if (!databaseUrl) {
  try {
    mkdirSync(dirname(dataFile), { recursive: true });
  } catch (error) {
    cannotStart(`DOORKEEP_DATA: cannot create the folder ${dirname(dataFile)} (${(error as Error).message}).`);
  }
}

let demo: Awaited<ReturnType<typeof createDemoApp>>;
try {
  demo = await createDemoApp({
    ...(databaseUrl ? { store: createPostgresStore({ connectionString: databaseUrl }) } : { dataFile }),
    adminPassword,
    fetchAllow: list(process.env.DOORKEEP_FETCH_ALLOW),
    apiKeys,
    siteUrl: process.env.SITE_URL ?? `http://localhost:${port}`,
  });
} catch (error) {
  const where = databaseUrl ? 'DOORKEEP_DATABASE_URL' : `DOORKEEP_DATA (${dataFile})`;
  if (error instanceof DoorkeepError) cannotStart(`${error.message}${error.code === 'ERR_DK_STORE' ? ` [${where}]` : ''}`);
  throw error;
}
const { app, doorkeep, close } = demo;
// Behind a proxy on this machine (and for the ingest benchmark, whose every request has its own address).
if (process.env.DOORKEEP_TRUST_PROXY === 'loopback') app.set('trust proxy', 'loopback');
// The benchmark asks for the longest event-loop stall, printed when the process is stopped.
const loopDelay = process.env.DOORKEEP_REPORT_EVENT_LOOP ? monitorEventLoopDelay({ resolution: 10 }) : undefined;
loopDelay?.enable();
const storeName = databaseUrl ? `PostgreSQL (${new URL(databaseUrl).host})` : dataFile;

// Delivered contact messages and approved comments reach the host here (and by e-mail when DOORKEEP_MAIL_TO
// and DOORKEEP_SMTP_URL or DOORKEEP_SMTP_HOST are set; see the README's "Delivery" section).
doorkeep.on('delivered', ({ submission, cause, by }) => {
  const what = submission.type === 'contact-form' ? `message on "${submission.channel}"` : submission.type;
  console.log(`Delivered: ${what} ${submission.id} from ${submission.author.name || 'someone'} (${cause === 'verdict' ? 'on arrival' : `approved by ${by}`})`);
});
console.log(process.env.DOORKEEP_MAIL_TO
  ? `Delivered contact messages are mailed to ${process.env.DOORKEEP_MAIL_TO}.`
  : 'No DOORKEEP_MAIL_TO set: delivered messages are logged here, not mailed.');

const server = app.listen(port, () => {
  const address = server.address();
  const listening = typeof address === 'object' && address ? address.port : port; // PORT=0 picks a free port
  console.log(`Halla's notes (Doorkeep demo) on http://localhost:${listening}/ — admin at /admin, data in ${storeName}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    if (loopDelay) console.log(`event-loop max delay: ${(loopDelay.max / 1e6).toFixed(1)} ms; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    void close().then(() => process.exit(0));
  });
}
