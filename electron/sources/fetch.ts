/*
 * The product's only network access: one GET of a feed the user added (or of an item's page, for a
 * feed read in full text). Everything about it is bounded, because the other end is a server on
 * the internet: the size of the answer (counted while it streams, so a lying or missing
 * Content-Length changes nothing), the time the whole request may take, and the redirects followed
 * (only to http(s), never in a loop). Redirects are followed here, not by fetch, so that each hop
 * is checked.
 */

export interface FetchLimits {
  /** Most bytes of an answer's body (after decompression). */
  maxBytes: number;
  /** Longest time for the whole request, redirects and body included. */
  timeoutMs: number;
  maxRedirects: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { maxBytes: 10 * 1024 * 1024, timeoutMs: 30_000, maxRedirects: 5 };

/** What a previous answer said about its version, sent back so an unchanged feed answers 304. */
export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export type Fetched =
  | { status: 'ok'; url: string; body: Buffer; contentType: string | null; validators: Validators }
  | { status: 'not-modified' };

/** A request that failed; the message is what the user is shown as the feed's last error. */
export class FetchError extends Error {
  override name = 'FetchError';
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'Pantau feed reader (offline media-monitoring workbench; polls only feeds its user added)';

/** The URL if it is http(s) without credentials in it, else null. */
export function httpUrl(text: string): URL | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  return url;
}

const megabytes = (bytes: number): string => `${+(bytes / 1048576).toFixed(2)} MB`;

/** Why fetch failed, as a user reads it: the system's error code rather than "fetch failed". */
function reason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

async function readBounded(res: Response, maxBytes: number, url: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw new FetchError(`${url}: the answer is larger than ${megabytes(maxBytes)} (${megabytes(declared)})`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new FetchError(`${url}: the answer is larger than ${megabytes(maxBytes)}; stopped reading it`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks, size);
}

/**
 * GET `address` with conditional headers from `validators`, within `limits`; `signal` stops it.
 * Answers the body of a 2xx, or `not-modified` for a 304; anything else is a FetchError.
 */
export async function fetchBounded(address: string, validators: Validators | null, limits: FetchLimits, signal?: AbortSignal): Promise<Fetched> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), limits.timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
  const visited = new Set<string>();
  let url = httpUrl(address);
  if (!url) throw new FetchError(`${address}: only http and https addresses are fetched`);
  try {
    for (;;) {
      visited.add(url.href);
      const headers: Record<string, string> = {
        'user-agent': USER_AGENT,
        accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5',
      };
      if (validators?.etag) headers['if-none-match'] = validators.etag;
      if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
      const res = await fetch(url, { headers, redirect: 'manual', signal: combined });
      if (REDIRECTS.has(res.status)) {
        await res.body?.cancel();
        const location = res.headers.get('location');
        if (!location) throw new FetchError(`${url.href}: HTTP ${res.status} redirect without a Location`);
        const next = httpUrl(new URL(location, url).href);
        if (!next) throw new FetchError(`${url.href}: redirected to ${location}, which is not an http(s) address`);
        if (visited.has(next.href)) throw new FetchError(`${address}: redirect loop (back to ${next.href})`);
        if (visited.size > limits.maxRedirects) throw new FetchError(`${address}: more than ${limits.maxRedirects} redirects`);
        url = next;
        continue;
      }
      if (res.status === 304) {
        await res.body?.cancel();
        return { status: 'not-modified' };
      }
      if (res.status < 200 || res.status > 299) {
        await res.body?.cancel();
        throw new FetchError(`${url.href}: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
      }
      const body = await readBounded(res, limits.maxBytes, url.href);
      return {
        status: 'ok',
        url: url.href,
        body,
        contentType: res.headers.get('content-type'),
        validators: { etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified') },
      };
    }
  } catch (err) {
    if (err instanceof FetchError) throw err;
    if (timeout.signal.aborted) throw new FetchError(`${url.href}: no complete answer within ${+(limits.timeoutMs / 1000).toFixed(3)} s`);
    if (signal?.aborted) throw new FetchError(`${url.href}: stopped`);
    throw new FetchError(`${url.href}: ${reason(err)}`);
  } finally {
    clearTimeout(timer);
  }
}
