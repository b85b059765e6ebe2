import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { startServer } from '../electron/server.js';
import { importFiles, openArchive } from './dup-helpers.js';

/* Browser mode while an import holds the service's thread, as bench/load.ts found it. */

/**
 * Longer than Node's default keep-alive timeout (5 s) plus the 1 s it adds before closing an idle
 * connection: the longest the server could once be held before a request was lost.
 */
const HOLD_MS = 6500;

/** Holds the thread as a chunk of the duplicate finder does, without yielding to the event loop. */
function holdThread(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until);
}

test('serve: a request sent on a kept-alive connection while the thread is held for seconds is answered, not reset', async (t) => {
  const { wb, dir } = await openArchive(t);
  writeFileSync(join(dir, 'banjir.txt'), 'Banjir melanda Jakarta\nSumber: Warta Kota\nTanggal: 2023-03-21\n\nBanjir setinggi satu meter merendam rumah warga di Jakarta Utara.\n');
  writeFileSync(join(dir, 'flood.txt'), 'Floods hit Jakarta\nSumber: Metro Post\nTanggal: 2023-03-22\n\nThe flood reached a metre in the north of the city, residents said.\n');
  await importFiles(wb, [join(dir, 'banjir.txt'), join(dir, 'flood.txt')]);
  const server = await startServer(wb);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.after(async () => {
    agent.destroy();
    await server.close();
  });
  const search = (query: string): Promise<{ status: number; body: string } | { error: string }> =>
    new Promise((resolve) => {
      const req = request(
        { host: '127.0.0.1', port: server.port, path: '/api/search', method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-pantau-token': server.token } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
      req.end(JSON.stringify({ query }));
    });

  const first = await search('banjir');
  assert.ok('status' in first && first.status === 200, JSON.stringify(first));
  // The second request goes out on the same connection (written before this turn of the event
  // loop ends); the thread is then held before the server has read it, and its timers run first
  // when it is free again.
  const second = search('flood');
  setImmediate(() => holdThread(HOLD_MS));
  const answer = await second;
  assert.ok('status' in answer, `the request was lost: ${JSON.stringify(answer)}`);
  assert.equal(answer.status, 200);
  const value = (JSON.parse(answer.body) as { value: { total: number; results: { title: string }[] } }).value;
  assert.deepEqual(
    value.results.map((r) => r.title),
    ['Floods hit Jakarta'],
  );
});
