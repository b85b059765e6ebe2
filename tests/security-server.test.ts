import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { Server, request } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join, relative, sep } from 'node:path';
import { test } from 'node:test';
import { API_CALLS, API_JOBS } from '../electron/api.js';
import { type RunningServer, startServer, type ServeOptions } from '../electron/server.js';
import { pantau } from './cli-run.js';
import { openArchive } from './dup-helpers.js';
import { repoRoot, tempDir } from './helpers.js';

/*
 * Browser mode's doors as a security audit, over real sockets against the real server. Every
 * route of the API (its calls and jobs read from the contract the server dispatches on, the file
 * routes read from server.ts's own dispatch) is refused without the token, with a wrong one, under
 * a Host that is not this server and from another site; no answer carries CORS headers; static
 * files never leave the renderer's folder, however the path is spelled; the server listens on
 * loopback only and cannot be told otherwise; uploads stay in their batch. What
 * tests/server.test.ts already shows (the token and Host checks on `stats`, the first traversal
 * spellings, upload names with `..`, `/` and `\`) is not repeated here.
 */

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface Ask {
  method?: string;
  headers?: Record<string, string | string[]>;
  body?: string;
  /** Send no Host header at all. */
  noHost?: boolean;
}

function http(port: number, path: string, ask: Ask = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    // A connection of its own for each request: what one refusal leaves on a kept-alive socket cannot affect the next.
    const req = request({ host: '127.0.0.1', port, path, method: ask.method ?? 'GET', headers: ask.headers, setHost: !ask.noHost, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(ask.body);
  });
}

/** A request written byte for byte, for targets no HTTP client sends as given (backslashes, NUL, dot segments). */
function raw(port: number, target: string, host = `127.0.0.1:${port}`): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, 'latin1'));
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), head: text.slice(0, end), body: text.slice(end + 4) });
    });
  });
}

/** Files under a folder, as relative paths with `/`. */
const filesUnder = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
        .sort()
    : [];

const corsHeaders = (reply: { headers: Reply['headers'] }): string[] => Object.keys(reply.headers).filter((h) => h.startsWith('access-control-'));

/** The routes besides the API's methods, as server.ts dispatches them; `{id}` is a download's id. */
const FILE_ROUTES = [
  { method: 'PUT', name: 'upload', path: '/api/upload?batch=batch-0001&name=banjir.txt', body: 'Banjir di Bekasi\n\nAir setinggi lutut.' },
  { method: 'DELETE', name: 'upload', path: '/api/upload?batch=batch-0001' },
  { method: 'GET', name: 'download/', path: '/api/download/{id}' },
];

test("every route the server's dispatch names is covered here", () => {
  // Read from the source, so a route added to server.ts without a place in FILE_ROUTES fails here by name.
  const source = readFileSync(join(repoRoot, 'electron', 'server.ts'), 'utf8');
  const named = [...source.matchAll(/req\.method === '([A-Z]+)' && name(?: === '([^']+)'|\.startsWith\('([^']+)'\))/g)].map((m) => `${m[1]} ${m[2] ?? m[3]}`);
  assert.ok(named.length > 0, 'the dispatch is found in server.ts');
  for (const route of named) assert.ok(FILE_ROUTES.some((r) => `${r.method} ${r.name}` === route), `${route} is a route of server.ts with no security cases in FILE_ROUTES`);
  assert.deepEqual(FILE_ROUTES.map((r) => `${r.method} ${r.name}`).sort(), [...new Set(named)].sort(), 'and every route listed here still exists');
  // The API's methods are dispatched from the contract's lists, which the sweep below reads too.
  assert.match(source, /const calls = new Set<string>\(API_CALLS\)/);
  assert.match(source, /const jobs = new Set<string>\(API_JOBS\)/);
});

/** A token of the same length with one character changed. */
const flipped = (token: string): string => (token[0] === 'A' ? 'B' : 'A') + token.slice(1);

test('every API route refuses a missing or wrong token, a foreign Host and a cross-site page, and no answer carries CORS headers', { timeout: 60_000 }, async (t) => {
  const { wb } = await openArchive(t);
  const server = await startServer(wb);
  t.after(() => server.close());
  const { port, token, staging } = server;

  // A finished export waiting for its download: the refused requests must not consume it.
  const exported = await http(port, '/api/export', { method: 'POST', headers: { 'content-type': 'application/json', 'x-pantau-token': token }, body: JSON.stringify({ kind: 'articles' }) });
  const download = /"download":"([^"]+)"/.exec(exported.body)?.[1];
  assert.ok(download, exported.body);

  const routes = [
    // Requests that would change the archive if they went through: the sweep's side effects are checked below.
    ...API_CALLS.map((m) => ({ method: 'POST', path: `/api/${m}`, body: JSON.stringify(m === 'savedAdd' ? { name: 'banjir', query: 'banjir' } : {}) })),
    ...API_JOBS.map((m) => ({ method: 'POST', path: `/api/${m}`, body: '{}' })),
    ...FILE_ROUTES.map((r) => ({ method: r.method, path: r.path.replace('{id}', download), body: r.body })),
  ];
  const json = { 'content-type': 'application/json' };
  const refusals: [string, number | number[], Ask][] = [
    ['no token', 401, { headers: json }],
    ['an empty token', 401, { headers: { ...json, 'x-pantau-token': '' } }],
    ['a token with one character changed', 401, { headers: { ...json, 'x-pantau-token': flipped(token) } }],
    ['half the token', 401, { headers: { ...json, 'x-pantau-token': token.slice(0, token.length / 2) } }],
    ['the token in upper case', 401, { headers: { ...json, 'x-pantau-token': token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase() } }],
    ['the token twice', 401, { headers: { ...json, 'x-pantau-token': [token, token] } }],
    ['the token as a bearer', 401, { headers: { ...json, authorization: `Bearer ${token}` } }],
    ['the token as a cookie', 401, { headers: { ...json, cookie: `x-pantau-token=${token}; token=${token}` } }],
    ['a cross-site page (no token)', 401, { headers: { ...json, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors', referer: 'https://evil.example/' } }],
    ['a sandboxed or file page (origin null)', 401, { headers: { ...json, origin: 'null', 'sec-fetch-site': 'cross-site' } }],
    ['a form posted by another site', 401, { headers: { 'content-type': 'text/plain', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' } }],
  ];
  const foreignHosts = [
    'evil.example',
    `evil.example:${port}`,
    `127.0.0.1.evil.example:${port}`,
    `localhost.evil.example:${port}`,
    `127.0.0.1:${port}.evil.example`,
    `127.0.0.1:${port}@evil.example`,
    `localhost:${port === 65535 ? port - 1 : port + 1}`,
    `127.0.0.1:${port === 1 ? 2 : port - 1}`,
    '127.0.0.1',
    'localhost',
    `localhost.:${port}`,
    `LOCALHOST:${port}`,
    `[::1]:${port}`,
    `0.0.0.0:${port}`,
    `127.1:${port}`,
    `2130706433:${port}`,
    `0x7f000001:${port}`,
    `192.0.2.1:${port}`,
  ];
  for (const host of foreignHosts) refusals.push([`the Host ${JSON.stringify(host)} (DNS rebinding)`, 421, { headers: { ...json, 'x-pantau-token': token, host } }]);
  // Node's own parser answers a request without Host (HTTP/1.1 requires one) with 400, before the server sees it.
  refusals.push(['no Host header', [400, 421], { headers: { ...json, 'x-pantau-token': token }, noHost: true }]);

  let asked = 0;
  for (const route of routes) {
    // The refusals of one route at once; the routes one after another.
    const replies = await Promise.all(refusals.map(([, , ask]) => http(port, route.path, { ...ask, method: route.method, body: route.body })));
    replies.forEach((reply, i) => {
      const [why, status] = refusals[i]!;
      asked += 1;
      assert.ok([status].flat().includes(reply.status), `${route.method} ${route.path} with ${why}: ${reply.status} ${reply.body}`);
      assert.deepEqual(corsHeaders(reply), [], `${route.method} ${route.path} with ${why}: no CORS header`);
      assert.ok(!reply.body.includes(token), 'the token is never echoed');
    });
    // A browser asks first (a preflight) before sending a cross-site request with a header of its own; the server never says yes.
    const preflight = await http(port, route.path, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': route.method, 'access-control-request-headers': 'content-type, x-pantau-token' },
    });
    assert.equal(preflight.status, 401, `preflight of ${route.method} ${route.path}`);
    assert.deepEqual(corsHeaders(preflight), [], `preflight of ${route.method} ${route.path}: no CORS header, so the browser never sends the request`);
  }
  assert.ok(asked >= routes.length * 30, `${asked} refused requests`);
  // An empty Host, which an HTTP client will not send as given.
  assert.equal((await raw(port, '/', '')).status, 421, 'an empty Host');

  // Nothing happened: no import, no saved search, no upload, and the download is still there to fetch once.
  assert.equal(wb.stats().articles, 0);
  assert.deepEqual(wb.savedList(), []);
  assert.deepEqual(filesUnder(staging).filter((f) => f.startsWith('upload/')), []);
  const fetched = await http(port, `/api/download/${download}`, { headers: { 'x-pantau-token': token } });
  assert.equal(fetched.status, 200, 'the download was not consumed by a refused request');

  // Any other path under /api/, with any method, meets the token first: a route added later is behind it too.
  for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']) {
    for (const path of ['/api/', '/api/backup', '/api/admin/shutdown', '/api/__proto__', '/api/download/']) {
      const reply = await http(port, path, { method });
      assert.equal(reply.status, 401, `${method} ${path} without the token`);
      assert.deepEqual(corsHeaders(reply), []);
    }
  }
  // With the token, names that are not API methods are not reached through the prototype or by another spelling.
  const auth = { 'content-type': 'application/json', 'x-pantau-token': token };
  for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'STATS', 'stats/', 'stats%00', '%73tats', 'import/..', 'close', 'open']) {
    assert.equal((await http(port, `/api/${name}`, { method: 'POST', headers: auth, body: '{}' })).status, 404, `POST /api/${name}`);
  }
  for (const id of ['..%2f..%2fetc%2fpasswd', '__proto__', 'constructor', '%2e%2e', '', download]) {
    assert.equal((await http(port, `/api/download/${id}`, { headers: auth })).status, 404, `GET /api/download/${id}: an id is a key, never a path (and each is fetched once)`);
  }
});

test('static files never leave the renderer folder, in any spelling of a way out', async (t) => {
  const { wb, dir } = await openArchive(t);
  const ui = join(dir, 'ui');
  mkdirSync(join(ui, 'assets'), { recursive: true });
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Pantau</title>');
  writeFileSync(join(ui, 'assets', 'app.js'), 'console.log("pantau")');
  const SECRET = 'RAHASIA-jangan-dibaca';
  mkdirSync(join(dir, 'luar'));
  writeFileSync(join(dir, 'secret.txt'), SECRET);
  writeFileSync(join(dir, 'luar', 'secret.txt'), SECRET);
  // Links inside the folder that lead out of it: a file, a folder, and the folder's parent.
  symlinkSync(join(dir, 'luar'), join(ui, 'assets', 'luar'), 'dir');
  symlinkSync(dir, join(ui, 'up'), 'dir');
  const server = await startServer(wb, { staticDir: ui });
  t.after(() => server.close());
  const { port } = server;

  assert.equal((await raw(port, '/assets/app.js')).status, 200, 'the folder itself is served');
  const spellings = [
    '/%2e%2e/secret.txt'.replace('%2e%2e', '%2E%2E'),
    '/%2e%2e%2fsecret.txt',
    '/%2e%2e%2Fsecret.txt',
    '/.%2e/secret.txt',
    '/%2e./secret.txt',
    '/..%5csecret.txt',
    '/%2e%2e%5csecret.txt',
    '/..\\secret.txt',
    '/assets/..\\..\\secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/index.html/..%2f..%2fsecret.txt',
    '/%252e%252e/secret.txt',
    '/%252e%252e%252fsecret.txt',
    '/..%252fsecret.txt',
    '/%c0%ae%c0%ae/secret.txt',
    '/%c0%ae%c0%ae%c0%afsecret.txt',
    '/%e0%80%ae%e0%80%ae/secret.txt',
    '/%u002e%u002e/secret.txt',
    '/..;/secret.txt',
    '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    `/${encodeURIComponent(join(dir, 'secret.txt'))}`,
    `//${join(dir, 'secret.txt')}`,
    `/%2F${encodeURIComponent(join(dir, 'secret.txt').slice(1))}`,
    '/C:%5cWindows%5cwin.ini',
    '/index.html%00',
    '/secret.txt%00.js',
    '/%00/../secret.txt',
    '/assets/luar/secret.txt',
    '/up/secret.txt',
    '/up/luar/secret.txt',
    'secret.txt',
    '../secret.txt',
    '*',
  ];
  for (const target of spellings) {
    const reply = await raw(port, target);
    assert.ok([400, 404].includes(reply.status), `${target}: refused (${reply.status})`);
    assert.ok(!reply.body.includes(SECRET), `${target}: the secret is not served`);
    assert.doesNotMatch(reply.head, /access-control-/i);
  }
  // An absolute URL as the request target names the same paths, under the same checks.
  const absolute = await raw(port, `http://127.0.0.1:${port}/%2e%2e/secret.txt`);
  assert.ok([400, 404].includes(absolute.status) && !absolute.body.includes(SECRET), `absolute-form: ${absolute.status}`);
  assert.equal((await raw(port, '/')).status, 200, 'the server goes on serving after all of them');
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
    assert.equal((await http(port, '/index.html', { method, body: 'x' })).status, 405, `${method} of a static file`);
  }
});

test('the server listens on loopback only, and neither the API nor the CLI can make it listen elsewhere', { timeout: 60_000 }, async (t) => {
  const { wb, dir } = await openArchive(t);
  // The listening socket, caught as the server opens it, to ask the system where it really listens.
  const opened: Server[] = [];
  const listen = Object.getOwnPropertyDescriptor(Server.prototype, 'listen');
  const inherited = Server.prototype.listen;
  Server.prototype.listen = function (this: Server, ...args: Parameters<Server['listen']>) {
    opened.push(this);
    return inherited.apply(this, args);
  } as Server['listen'];
  let server: RunningServer;
  let asked: RunningServer;
  try {
    server = await startServer(wb);
    // An option the API does not have is ignored, not obeyed.
    asked = await startServer(wb, { host: '0.0.0.0', hostname: '::', address: '0.0.0.0' } as ServeOptions);
  } finally {
    if (listen) Object.defineProperty(Server.prototype, 'listen', listen);
    else delete (Server.prototype as Partial<Server>).listen;
  }
  t.after(() => server.close());
  t.after(() => asked.close());
  assert.equal(opened.length, 2);
  for (const s of opened) {
    const address = s.address() as AddressInfo;
    assert.deepEqual([address.address, address.family], ['127.0.0.1', 'IPv4'], 'bound to 127.0.0.1');
  }
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\//);

  // Where the machine has other addresses, the port is closed on them; on loopback it is open.
  const reach = (host: string, port: number): Promise<boolean> =>
    new Promise((resolve) => {
      const socket = connect({ host, port, timeout: 2000 });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('timeout', () => (socket.destroy(), resolve(false)));
      socket.once('error', () => resolve(false));
    });
  assert.equal(await reach('127.0.0.1', server.port), true);
  const others = Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && !i.internal && !i.address.startsWith('fe80'))
    .map((i) => i!.address);
  for (const address of others) assert.equal(await reach(address, server.port), false, `not reachable on ${address}`);

  // `pantau serve` has no option to choose the address: asking is an error, and nothing is served.
  const attempts = [['--host', '0.0.0.0'], ['--listen', '0.0.0.0:8080'], ['--port', '0.0.0.0:8080']];
  const runs = await Promise.all(attempts.map((args) => pantau(['--db', join(dir, 'cli.db'), 'serve', ...args])));
  for (const [i, run] of runs.entries()) {
    const args = attempts[i]!;
    assert.notEqual(run.code, 0, `serve ${args.join(' ')} is refused`);
    assert.match(run.stderr, /unknown option|not a positive|invalid|must be/i, `serve ${args.join(' ')}: ${run.stderr}`);
    assert.doesNotMatch(run.stdout, /Open http/, 'nothing was served');
  }
});

test('uploads stay inside their batch whatever the name, and names are taken literally, decoded once', async (t) => {
  const { wb } = await openArchive(t);
  // The staging folder goes in a temporary folder of this test's, so any file that escaped it would be found.
  const root = tempDir(t);
  const saved = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP };
  let server: RunningServer;
  try {
    Object.assign(process.env, { TMPDIR: root, TMP: root, TEMP: root });
    server = await startServer(wb);
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  t.after(() => server.close());
  const { port, token, staging } = server;
  assert.equal(relative(root, staging).split(sep).length, 1, 'the staging folder is in the test folder');
  const put = (query: string, body = 'isi'): Promise<Reply> => http(port, `/api/upload?${query}`, { method: 'PUT', headers: { 'x-pantau-token': token }, body });
  const batch = 'aman-0001';
  const q = (name: string): string => `batch=${batch}&name=${encodeURIComponent(name)}`;

  const refused: [string, RegExp][] = [
    ['..\\..\\evil.txt', /backslash/],
    ['\\\\server\\share\\evil.txt', /backslash/],
    ['C:evil.txt', /absolute/],
    ['//server/share/evil.txt', /absolute/],
    ['/', /absolute/],
    ['a/', /empty/],
    ['a/./b.txt', /empty, "\." or "\.\."/],
    ['.', /empty, "\." or "\.\."/],
    ['a/b/../../../evil.txt', /"\.\."/],
    ['a\r\nx-pantau-token: 1', /control/],
    ['\u001b[31mmerah.txt', /control/],
    ['del\u007f.txt', /control/],
    ['tab\t.txt', /control/],
    ['x'.repeat(1025), /longer than 1024/],
    [`${'y'.repeat(256)}.txt`, /longer than 255 bytes/],
    [`${'é'.repeat(128)}`, /longer than 255 bytes/],
    [Array.from({ length: 33 }, () => 'd').join('/'), /more than 32 folders/],
  ];
  for (const [name, why] of refused) {
    const reply = await put(q(name));
    assert.equal(reply.status, 400, `${JSON.stringify(name.slice(0, 40))}: refused`);
    assert.match((JSON.parse(reply.body) as { error: { message: string } }).error.message, why, JSON.stringify(name.slice(0, 40)));
  }
  for (const id of ['..', '../../../tmp', 'batch/..', 'batch\\..', 'a'.repeat(65), 'pendek', 'batch 0001', 'batch%2f..', '']) {
    assert.equal((await put(`batch=${encodeURIComponent(id)}&name=a.txt`)).status, 400, `batch id ${JSON.stringify(id)}`);
  }
  assert.equal((await put(`batch=${batch}&batch=../../x&name=a.txt&name=../../b.txt`)).status, 200, 'a repeated parameter: the first is taken, and it is checked');

  // Accepted, and stored under exactly these names inside the batch: the query is decoded once, never twice.
  const accepted = ['%2e%2e%2fdua-kali.txt', '..%2fdua-kali.txt', '\u2024\u2024/titik.txt', '．．／lebar.txt', '...', 'a..b.txt', ' spasi .txt', Array.from({ length: 32 }, () => 'd').join('/')];
  for (const name of accepted) assert.equal((await put(q(name))).status, 200, `${JSON.stringify(name)} is a literal name`);
  assert.equal((await put('batch=aman-0001&name=%252e%252e%252fganda.txt')).status, 200);

  const everything = filesUnder(root);
  const inBatch = `${relative(root, staging).split(sep).join('/')}/upload/${batch}/`;
  for (const file of everything) assert.ok(file.startsWith(inBatch), `${file} is inside the batch`);
  assert.deepEqual(everything.map((f) => f.slice(inBatch.length)).sort(), [...accepted, 'a.txt', '%2e%2e%2fganda.txt'].sort());
  await server.close();
  assert.deepEqual(filesUnder(root), [], 'nothing is left once the server closes');
});
