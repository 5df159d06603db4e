/**
 * Issue 11 item 5: learned campaign state is saved lazily (up to 5 s after a submission), so a crash must
 * not forget what was acknowledged. A real child process stores four templated pitches from four senders
 * and is killed with SIGKILL 1 s later; a new Doorkeep on the same data file gives the fifth copy its
 * similarity signal at once.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDoorkeep } from '../plugin/doorkeep.js';
import { CAMPAIGN_OPTIONS, campaignPitch } from './support/campaign.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** Runs the child until it has stored the pitches, then kills it with SIGKILL after `afterMs`. */
function storeThenKill(dataFile: string, afterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'support', 'campaign-child.ts'), dataFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => void (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('stored')) setTimeout(() => child.kill('SIGKILL'), afterMs);
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited without being killed: ${err}`))));
  });
}

describe('a crash before learned state is saved', () => {
  it('still gives the fifth templated copy its similarity signal after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dk-crash-'));
    dirs.push(dir);
    const dataFile = join(dir, 'doorkeep.json');
    await storeThenKill(dataFile, 1000);

    const dk = await createDoorkeep({ ...CAMPAIGN_OPTIONS, dataFile });
    try {
      expect((await dk.store.query({})).total).toBe(4);
      const fifth = await dk.moderate(campaignPitch(5, 'Emma', 'Pitchwise'));
      const similarity = fifth.verdict.signals.find((s) => s.filter === 'similarity');
      expect(similarity?.score).toBeGreaterThan(0);
      expect(fifth.verdict.reasons.join(' ')).toMatch(/template sent by \d other senders/);
    } finally {
      await dk.close();
    }
  }, 60_000);
});
