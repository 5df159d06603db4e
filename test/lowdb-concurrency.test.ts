import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createDoorkeep } from '../plugin/doorkeep.js';
import { createLowdbStore } from '../plugin/store/lowdb-store.js';
import { POSTS, appWith } from './support/doorkeep.js';

describe('the lowdb store under load', () => {
  let dir: string;
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('stores 500 concurrent comment POSTs, the file parses, and a restart reads them all back', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dk-load-'));
    const dataFile = join(dir, 'doorkeep.json');
    const options = {
      site: { name: 'Load test', url: 'https://load.example' },
      getPost: (id: string) => POSTS.find((p) => p.id === id),
      listPosts: () => POSTS,
      secret: 'load-secret-0123456789',
      retentionIntervalMs: false as const,
    };
    const store = createLowdbStore(dataFile, { writeDelayMs: 100 });
    const dk = await createDoorkeep({ ...options, store });
    const server = appWith(dk).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const agent = request(server);
    const responses = await Promise.all(Array.from({ length: 500 }, (_, i) => agent.post('/posts/rss/comments').type('form').send({
      author: `Reader ${i}`, email: `reader${i}@example.org`, comment: `Comment number ${i} about feeds and feed readers.`,
    })));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(500);
    const month = new Date().toISOString().slice(0, 7);
    const lines = (await readFile(join(dir, 'doorkeep.submissions', `${month}.jsonl`), 'utf8')).trim().split('\n');
    expect(lines.filter((l) => JSON.parse(l).a)).toHaveLength(500); // every line parses; one record line each
    expect(store.writeCount).toBeLessThan(250); // coalesced: far fewer synced batches than submissions
    await new Promise((resolve) => server.close(resolve));
    await dk.close();

    const reopened = createLowdbStore(dataFile);
    await reopened.open();
    expect((await reopened.query({})).total).toBe(500);
    const ids = new Set(responses.map((r) => r.body.id));
    expect(ids.size).toBe(500);
    for (const id of ids) expect(await reopened.get(id)).toBeDefined();
    await reopened.close();
  });
});
