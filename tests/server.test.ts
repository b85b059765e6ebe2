import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { request } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { startServer } from '../electron/server.js';
import type { Workbench } from '../electron/service.js';
import { CLI } from './cli-run.js';
import { importFiles, openArchive } from './dup-helpers.js';
import { fixture, tempDir } from './helpers.js';

/* Browser mode's HTTP front door, over real sockets: the token, the Host check, calls, jobs as server-sent events. */

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function http(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Every file under a folder, as relative paths. */
const filesUnder = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)) : [];

const upload = (port: number, token: string, batch: string, name: string, body: string | Buffer, extra: Record<string, string> = {}): Promise<Reply> =>
  http(port, `/api/upload?batch=${encodeURIComponent(batch)}&name=${encodeURIComponent(name)}`, { method: 'PUT', headers: { 'x-pantau-token': token, ...extra }, body });

const api = (port: number, token: string, method: string, body: unknown = {}, extra: Record<string, string> = {}): Promise<Reply> =>
  http(port, `/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-pantau-token': token, ...extra }, body: JSON.stringify(body) });

/** The events of a server-sent event stream, as `[type, data]`. */
const events = (body: string): [string, unknown][] =>
  body
    .split('\n\n')
    .filter((e) => e.trim() !== '')
    .map((e) => {
      const type = /^event: (.*)$/m.exec(e)![1]!;
      return [type, JSON.parse(/^data: (.*)$/m.exec(e)![1]!) as unknown];
    });

test('serve: only with the token, only to its own host name, no CORS; calls answer typed values and errors', async (t) => {
  const { wb } = await openArchive(t);
  const server = await startServer(wb);
  t.after(() => server.close());
  const { port, token } = server;
  assert.match(server.url, new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?token=${token}$`));
  assert.ok(token.length >= 32);

  assert.equal((await api(port, '', 'stats')).status, 401);
  assert.equal((await api(port, `${token}x`, 'stats')).status, 401);
  const rebound = await api(port, token, 'stats', {}, { host: `evil.example:${port}` });
  assert.equal(rebound.status, 421, 'a name rebound to 127.0.0.1 is refused');
  const ok = await api(port, token, 'stats', {}, { origin: 'http://evil.example' });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers['access-control-allow-origin'], undefined);
  const stats = JSON.parse(ok.body) as { ok: boolean; value: { articles: number } };
  assert.deepEqual([stats.ok, stats.value.articles], [true, 0]);
  assert.equal((await api(port, token, 'stats', {}, { host: `localhost:${port}` })).status, 200);

  const bad = await api(port, token, 'search', { query: 'banjir AND (' });
  assert.equal(bad.status, 400);
  const error = (JSON.parse(bad.body) as { ok: false; error: { code: string; position?: number } }).error;
  assert.equal(error.code, 'invalid_query');
  assert.equal(typeof error.position, 'number');
  assert.equal((await api(port, token, 'article', { id: 'satu' })).status, 400);
  assert.equal((await api(port, token, 'article', { id: 99 })).status, 404);
  assert.equal((await api(port, token, 'close')).status, 404, 'only the API methods, not any method of the service');
  assert.equal((await http(port, '/api/stats', { headers: { 'x-pantau-token': token } })).status, 404, 'GET is not a call');
  const notJson = await http(port, '/api/stats', { method: 'POST', headers: { 'x-pantau-token': token, 'content-type': 'text/plain' }, body: 'x' });
  assert.equal(notJson.status, 400);
});

test('serve: a job streams its progress and result as server-sent events', async (t) => {
  const { wb } = await openArchive(t);
  const server = await startServer(wb);
  t.after(() => server.close());
  const reply = await api(server.port, server.token, 'import', { paths: [fixture('export', 'artikel.jsonl')] });
  assert.equal(reply.status, 200);
  assert.match(String(reply.headers['content-type']), /^text\/event-stream/);
  const list = events(reply.body);
  assert.ok(list.some(([type]) => type === 'progress'));
  const [type, result] = list.at(-1)!;
  assert.equal(type, 'result');
  assert.equal((result as { imported: number }).imported, 5);
  const failed = events((await api(server.port, server.token, 'export', { kind: 'articles', out: '/no/such/folder/x.csv' })).body).at(-1)!;
  assert.equal(failed[0], 'error');
  assert.equal((failed[1] as { code: string }).code, 'invalid_request');
});

test('serve: closing the server cancels its jobs and waits for them, so the archive is closed after them', async () => {
  let started: () => void = () => undefined;
  const running = new Promise<void>((resolve) => (started = resolve));
  let finished = false;
  const fake = {
    import: (_: unknown, hooks: { signal: AbortSignal }) =>
      new Promise((resolve) => {
        started();
        hooks.signal.addEventListener('abort', () =>
          setImmediate(() => {
            finished = true;
            resolve({ status: 'cancelled' });
          }),
        );
      }),
  } as unknown as Workbench;
  const server = await startServer(fake);
  const req = request({ host: '127.0.0.1', port: server.port, path: '/api/import', method: 'POST', headers: { 'content-type': 'application/json', 'x-pantau-token': server.token } });
  req.on('error', () => undefined);
  req.end('{}');
  await running;
  await server.close();
  assert.equal(finished, true);
});

test('serve: closing a job\'s stream cancels the job', async () => {
  // A service whose export waits for its cancel: the moment of the close is then known, not raced.
  let started: () => void = () => undefined;
  const running = new Promise<void>((resolve) => (started = resolve));
  let cancelled: (v: boolean) => void = () => undefined;
  const outcome = new Promise<boolean>((resolve) => (cancelled = resolve));
  const fake = {
    export: (_: unknown, hooks: { signal: AbortSignal; onProgress: (p: unknown) => void }) =>
      new Promise((resolve) => {
        hooks.onProgress({ done: 0, total: 10, unit: 'articles' });
        started();
        hooks.signal.addEventListener('abort', () => {
          cancelled(true);
          resolve({ status: 'cancelled' });
        });
      }),
  } as unknown as Workbench;
  const server = await startServer(fake);
  try {
    const req = request({
      host: '127.0.0.1',
      port: server.port,
      path: '/api/export',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-pantau-token': server.token },
    });
    req.on('error', () => undefined);
    req.on('response', (res) => res.once('data', () => undefined));
    req.end('{}');
    await running;
    req.destroy();
    assert.equal(await outcome, true);
  } finally {
    await server.close();
  }
});

test('serve: the UI\'s files with a strict CSP, nothing outside its folder', async (t) => {
  const { wb, dir } = await openArchive(t);
  const ui = join(dir, 'ui');
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Pantau</title>');
  writeFileSync(join(dir, 'secret.txt'), 'not for the browser');
  symlinkSync(join(dir, 'secret.txt'), join(ui, 'link.txt'));
  // As `pantau serve` names it: a folder path ending in a separator.
  const server = await startServer(wb, { staticDir: `${ui}/` });
  t.after(() => server.close());
  const page = await http(server.port, '/', { headers: {} });
  assert.equal(page.status, 200);
  assert.match(String(page.headers['content-security-policy']), /^default-src 'none'/);
  assert.match(page.body, /<title>Pantau<\/title>/);
  for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/link.txt']) assert.equal((await http(server.port, path)).status, 404, path);
  assert.equal((await http(server.port, '/%zz')).status, 400, 'a broken escape is refused, not a crash');
  // A request target no URL parser takes, sent raw: refused, and the server goes on.
  const raw = await new Promise<string>((resolve) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.write(`GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`));
    let text = '';
    socket.on('data', (d) => (text += d.toString()));
    socket.on('close', () => resolve(text));
  });
  assert.match(raw, /^HTTP\/1\.1 400/);
  assert.equal((await http(server.port, '/')).status, 200, 'still serving');
  const none = await startServer(wb);
  t.after(() => none.close());
  const missing = await http(none.port, '/');
  assert.equal(missing.status, 404);
  assert.match(missing.body, /not built/);
});

test('pantau serve prints its address with the token and stops on Ctrl-C', async (t) => {
  const dir = tempDir(t);
  const db = join(dir, 'a.db');
  const child = spawn(process.execPath, [CLI, '--db', db, 'serve'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PANTAU_DB: '' } });
  let stdout = '';
  const url = await new Promise<URL>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(stdout);
      if (m) resolve(new URL(m[1]!));
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stdout}`)));
  });
  const token = url.searchParams.get('token')!;
  const reply = await api(Number(url.port), token, 'stats');
  assert.equal(reply.status, 200);
  const page = await http(Number(url.port), '/');
  assert.equal(page.status, 200, 'the UI of the build');
  assert.match(page.body, /<div id="root">/);
  assert.equal((JSON.parse(reply.body) as { value: { archive: string } }).value.archive, db);
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.kill('SIGINT');
  assert.equal(await exited, 0);
});

test('serve: uploads go to a batch of the staging folder, only with the token, never outside it, within the limits', async (t) => {
  const { wb } = await openArchive(t);
  const server = await startServer(wb, { uploadLimits: { fileBytes: 1000, batchBytes: 1500, batchFiles: 3 } });
  t.after(() => server.close());
  const { port, token, staging } = server;
  const batch = 'batch-0001';

  assert.equal((await upload(port, '', batch, 'a.txt', 'x')).status, 401);
  assert.equal((await upload(port, token, batch, 'a.txt', 'x', { host: `evil.example:${port}` })).status, 421);
  assert.deepEqual(filesUnder(staging), [], 'nothing stored without the token');

  for (const name of ['../a.txt', 'x/../../a.txt', '/etc/passwd', 'C:/a.txt', 'a\\..\\b.txt', './a.txt', 'a//b.txt', '', 'a\u0000.txt', 'x/..', '..']) {
    const reply = await upload(port, token, batch, name, 'x');
    assert.equal(reply.status, 400, `refused: ${JSON.stringify(name)}`);
    assert.match((JSON.parse(reply.body) as { error: { message: string } }).error.message, /^name: /);
  }
  // An encoded `..` is decoded before it is checked.
  const encoded = await http(port, `/api/upload?batch=${batch}&name=%2e%2e%2fa.txt`, { method: 'PUT', headers: { 'x-pantau-token': token }, body: 'x' });
  assert.equal(encoded.status, 400);
  assert.equal((await upload(port, token, '../up', 'a.txt', 'x')).status, 400, 'a batch id is letters, digits, - and _');
  assert.deepEqual(filesUnder(staging), [], 'nothing stored for a refused name');

  const text = 'Banjir di Bekasi\n\nAir setinggi lutut merendam rumah warga.';
  const stored = await upload(port, token, batch, 'berita/banjir.txt', text);
  assert.equal(stored.status, 200);
  assert.deepEqual((JSON.parse(stored.body) as { value: unknown }).value, { name: 'berita/banjir.txt', bytes: Buffer.byteLength(text) });
  assert.equal((await upload(port, token, batch, 'berita/banjir.txt', 'again')).status, 409, 'a name is stored once per batch');

  const tooBig = await upload(port, token, batch, 'besar.txt', Buffer.alloc(1001, 97));
  assert.equal(tooBig.status, 413);
  assert.match(tooBig.body, /besar\.txt is larger than/);
  // Sent without a length (chunked), the limit is found while reading: refused, and the part written is removed.
  const chunked = await new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'PUT', path: `/api/upload?batch=${batch}&name=stream.txt`, headers: { 'x-pantau-token': token, 'transfer-encoding': 'chunked' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    for (let i = 0; i < 11; i++) req.write(Buffer.alloc(100, 98));
    req.end();
  });
  assert.equal(chunked, 413);
  assert.equal((await upload(port, token, batch, 'dua.txt', Buffer.alloc(900, 99))).status, 200);
  const full = await upload(port, token, batch, 'tiga.txt', Buffer.alloc(900, 100));
  assert.equal(full.status, 413, 'the batch is full');
  assert.match(full.body, /files of this import are larger than/);
  assert.equal((await upload(port, token, batch, 'e.txt', 'e')).status, 200);
  assert.equal((await upload(port, token, batch, 'f.txt', 'f')).status, 413, 'at most batchFiles files');
  assert.deepEqual(filesUnder(staging).sort(), [join('upload', batch, 'berita', 'banjir.txt'), join('upload', batch, 'dua.txt'), join('upload', batch, 'e.txt')]);

  await server.close();
  assert.equal(existsSync(staging), false, 'the staging folder goes with the server');
});

test('serve: an import of an uploaded batch names files as the page did, and removes the batch', async (t) => {
  const { wb } = await openArchive(t);
  const server = await startServer(wb);
  t.after(() => server.close());
  const { port, token, staging } = server;
  const batch = 'impor-satu';
  assert.equal((await upload(port, token, batch, 'kiriman/artikel.jsonl', readFileSync(fixture('export', 'artikel.jsonl')))).status, 200);
  assert.equal((await upload(port, token, batch, 'kiriman/rusak.pdf', '%PDF-1.4 not an article')).status, 200);
  assert.equal((await upload(port, token, batch, 'banjir.txt', readFileSync(fixture('text', 'banjir-jakarta.txt')))).status, 200);

  const list = events((await api(port, token, 'import', { batch, source: 'Unggahan' })).body);
  const current = list.flatMap(([type, p]) => (type === 'progress' ? [(p as { current: string | null }).current] : [])).filter((c) => c !== null);
  assert.ok(current.includes('banjir.txt'), JSON.stringify(current));
  assert.ok(current.every((c) => !c.includes(staging)), 'progress names files as uploaded, not where they were staged');
  const [type, result] = list.at(-1)!;
  assert.equal(type, 'result', JSON.stringify(result));
  const summary = result as { imported: number; failed: number; errors: { path: string; reason: string }[] };
  assert.deepEqual([summary.imported, summary.failed], [6, 1]);
  assert.equal(summary.errors[0]!.path, 'kiriman/rusak.pdf');
  assert.match(summary.errors[0]!.reason, /unsupported/);
  assert.deepEqual(filesUnder(staging), [], 'the batch is removed after its import');

  const again = events((await api(port, token, 'import', { batch })).body).at(-1)!;
  assert.equal(again[0], 'error');
  assert.equal((again[1] as { code: string }).code, 'not_found');
  assert.equal((await upload(port, token, 'dua-jalan', 'a.txt', 'Judul\n\nIsi berita yang cukup panjang.')).status, 200);
  const both = events((await api(port, token, 'import', { batch: 'dua-jalan', paths: ['/etc'] })).body).at(-1)!;
  assert.equal((both[1] as { message: string }).message, 'give paths or an uploaded batch, not both');
});

test('serve: an export without a file name is downloaded once, with the token; a failed one leaves nothing', async (t) => {
  const { wb } = await openArchive(t);
  await importFiles(wb, [fixture('export', 'artikel.jsonl')]);
  const server = await startServer(wb);
  t.after(() => server.close());
  const { port, token, staging } = server;

  const [type, result] = events((await api(port, token, 'export', { kind: 'articles', query: 'Jakarta', columns: ['id', 'title'], bom: false })).body).at(-1)!;
  assert.equal(type, 'result');
  const { download, rows } = result as { download: string; rows: number };
  assert.equal(typeof download, 'string');
  assert.equal(rows, 4);
  assert.equal(filesUnder(staging).length, 1);

  assert.equal((await http(port, `/api/download/${download}`)).status, 401, 'the token is needed');
  const file = await http(port, `/api/download/${download}`, { headers: { 'x-pantau-token': token } });
  assert.equal(file.status, 200);
  assert.match(String(file.headers['content-type']), /^text\/csv/);
  assert.match(file.body, /^id,title\r\n/);
  assert.match(file.body, /Jokowi bertemu PM Albanese/);
  assert.deepEqual(filesUnder(staging), [], 'removed once downloaded');
  assert.equal((await http(port, `/api/download/${download}`, { headers: { 'x-pantau-token': token } })).status, 404, 'a download is fetched once');

  const failed = events((await api(port, token, 'export', { kind: 'articles', query: 'banjir AND (' })).body).at(-1)!;
  assert.equal((failed[1] as { code: string }).code, 'invalid_query');
  assert.deepEqual(filesUnder(staging), [], 'a failed export leaves nothing');

  const waiting = await api(port, token, 'export', { kind: 'articles', format: 'xlsx' });
  const offered = (events(waiting.body).at(-1)![1] as { download: string; format: string });
  assert.equal(offered.format, 'xlsx');
  assert.equal(filesUnder(staging).length, 1);
  await server.close();
  assert.equal(existsSync(staging), false, 'a download never fetched goes with the server');
});

test('serve: a cancelled export for download leaves nothing in the staging folder', async () => {
  let started: () => void = () => undefined;
  const running = new Promise<void>((resolve) => (started = resolve));
  let ended: (out: string) => void = () => undefined;
  const outcome = new Promise<string>((resolve) => (ended = resolve));
  const fake = {
    export: (request: { out: string }, hooks: { signal: AbortSignal }) =>
      new Promise((resolve) => {
        writeFileSync(`${request.out}.part`, 'half');
        started();
        hooks.signal.addEventListener('abort', () => {
          ended(request.out);
          resolve({ status: 'cancelled', rows: 0, out: request.out, format: 'csv', notes: [] });
        });
      }),
  } as unknown as Workbench;
  const server = await startServer(fake);
  try {
    const req = request({ host: '127.0.0.1', port: server.port, path: '/api/export', method: 'POST', headers: { 'content-type': 'application/json', 'x-pantau-token': server.token } });
    req.on('error', () => undefined);
    req.end(JSON.stringify({ kind: 'articles' }));
    await running;
    assert.equal(filesUnder(server.staging).length, 1);
    req.destroy();
    const out = await outcome;
    assert.ok(out.startsWith(server.staging), out);
    // The server removes the folder as the export answers, within the same run of microtasks: by the next macrotask it is done.
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepEqual(filesUnder(server.staging), []);
  } finally {
    await server.close();
  }
});

test('serve: an import waits for every upload of its batch to arrive, never reading half a file', async (t) => {
  const { wb } = await openArchive(t);
  const server = await startServer(wb);
  t.after(() => server.close());
  const { port, token, staging } = server;
  const batch = 'separuh-jalan';
  const article = 'Banjir di Jakarta Timur\n\nHujan deras sejak Minggu malam merendam puluhan rumah di Kampung Melayu.\n\nWarga mengungsi ke masjid terdekat.';
  // An upload whose body has only half arrived: its request stays open until told to finish.
  let finishUpload = (): void => undefined;
  const answer = new Promise<Reply>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: `/api/upload?batch=${batch}&name=banjir.txt`, method: 'PUT', headers: { 'x-pantau-token': token, 'transfer-encoding': 'chunked' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.write(article.slice(0, 30));
    finishUpload = () => req.end(article.slice(30));
  });
  const stored = join(staging, 'upload', batch, 'banjir.txt');
  while (!existsSync(stored) || readFileSync(stored, 'utf8').length < 30) await new Promise((r) => setImmediate(r));

  const early = events((await api(port, token, 'import', { batch })).body).at(-1)!;
  assert.equal(early[0], 'error');
  assert.equal((early[1] as { code: string }).code, 'conflict');
  assert.match((early[1] as { message: string }).message, /still being uploaded/);
  assert.equal(wb.stats().articles, 0, 'nothing was imported from half a file');

  finishUpload();
  assert.equal((await answer).status, 200);
  const done = events((await api(port, token, 'import', { batch })).body).at(-1)!;
  assert.equal(done[0], 'result', JSON.stringify(done[1]));
  assert.equal(wb.article({ id: 1 }).paragraphs.at(-1)?.text, 'Warga mengungsi ke masjid terdekat.', 'the whole file was imported');
});

test('serve: a batch the page gives up on is removed at its word, and no import reads it after', async (t) => {
  const { wb } = await openArchive(t);
  const server = await startServer(wb);
  t.after(() => server.close());
  const { port, token, staging } = server;
  const batch = 'dibatalkan';
  assert.equal((await upload(port, token, batch, 'banjir.txt', readFileSync(fixture('text', 'banjir-jakarta.txt')))).status, 200);
  assert.equal(filesUnder(staging).length, 1);
  const del = (id: string, headers: Record<string, string> = { 'x-pantau-token': token }): Promise<Reply> =>
    http(port, `/api/upload?batch=${encodeURIComponent(id)}`, { method: 'DELETE', headers });
  assert.equal((await del(batch, {})).status, 401, 'the token is needed');
  assert.equal(filesUnder(staging).length, 1);
  assert.equal((await del('../../etc')).status, 400, 'a batch is named by its id only');
  assert.equal((await del(batch)).status, 200);
  assert.deepEqual(filesUnder(staging), []);
  assert.equal((await del(batch)).status, 200, 'removing it again is harmless');
  const late = events((await api(port, token, 'import', { batch })).body).at(-1)!;
  assert.equal((late[1] as { code: string }).code, 'not_found');
  assert.equal(wb.stats().articles, 0);
});
