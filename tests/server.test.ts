import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { request } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { startServer } from '../electron/server.js';
import type { Workbench } from '../electron/service.js';
import { CLI } from './cli-run.js';
import { openArchive } from './dup-helpers.js';
import { fixture, tempDir } from './helpers.js';

/* Browser mode's HTTP front door, over real sockets: the token, the Host check, calls, jobs as server-sent events. */

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function http(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
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
