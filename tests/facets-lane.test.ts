import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { FacetsLane } from '../electron/facets-lane.js';
import { startServer } from '../electron/server.js';
import { importFiles, openArchive } from './dup-helpers.js';
import { fixture, tempDir } from './helpers.js';

test('the facets lane answers as the service does, from its own thread, and drops a request whose asker has gone', async (t) => {
  const { wb } = await openArchive(t);
  await importFiles(wb, [fixture('export', 'artikel.jsonl'), fixture('duplicates')]);
  const lane = new FacetsLane(wb.archivePath);
  t.after(() => lane.close());
  const gone = new AbortController();
  gone.abort();
  const [all, dropped, jakarta] = await Promise.allSettled([lane.facets({ query: '' }), lane.facets({ query: 'Jakarta' }, gone.signal), lane.facets({ query: 'Jakarta' })]);
  assert.deepEqual(all.status === 'fulfilled' && all.value, wb.facets({ query: '' }));
  assert.equal(dropped.status, 'rejected');
  assert.equal(dropped.status === 'rejected' && (dropped.reason as { code?: string }).code, 'cancelled');
  assert.deepEqual(jakarta.status === 'fulfilled' && jakarta.value, wb.facets({ query: 'Jakarta' }));
  await assert.rejects(lane.facets({ query: 'Jakarta AND (' }), (err: { code?: string; position?: number }) => err.code === 'invalid_query' && typeof err.position === 'number');
  assert.equal(lane.alive, true);
});

test('a lane that cannot open its archive says so and stops; browser mode answers facets as the service does', async (t) => {
  const { wb } = await openArchive(t);
  await importFiles(wb, [fixture('export', 'artikel.jsonl')]);
  const broken = new FacetsLane(join(tempDir(t), 'missing', 'nothing.db'));
  await assert.rejects(broken.facets({ query: '' }));
  assert.equal(broken.alive, false);
  await broken.close();

  const server = await startServer(wb);
  t.after(() => server.close());
  const res = await fetch(`http://127.0.0.1:${server.port}/api/facets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pantau-token': server.token },
    body: JSON.stringify({ query: 'Jakarta' }),
  });
  assert.deepEqual(await res.json(), { ok: true, value: wb.facets({ query: 'Jakarta' }) });
});
