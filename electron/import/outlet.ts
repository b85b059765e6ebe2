import { domainToUnicode } from 'node:url';
import { parse } from 'tldts';
import type { RawArticle } from './types.js';

/*
 * An outlet is its registrable domain: news.detik.com, finance.detik.com and www.detik.com are all
 * detik.com, with `news` and `finance` as sections. Boilerplate is learnt per outlet, and one
 * newsroom's sites share their templates. Where the registrable part ends is not a matter of dots
 * (bbc.co.uk, tempo.co.id, x.blogspot.com), so the public suffix list decides, through tldts.
 */

export interface Outlet {
  /** Registrable domain, lower case (`detik.com`, `bbc.co.uk`); for an IP address or a bare intranet name, the host. */
  outlet: string;
  /** The subdomain without the `www.` / `m.` / `amp.` that only pick a rendering of the same pages. */
  section?: string;
}

/** Labels naming a version of the site (desktop, mobile, AMP) rather than a part of it. */
const RENDERING = /^(www\d?|m|mobile|amp)$/;

/** The outlet of an http(s) URL; undefined for any other URL, or text that is not one. */
export function outletOf(url: string | undefined): Outlet | undefined {
  if (!url) return undefined;
  let host: string;
  try {
    const parsed = new URL(url.trim());
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    // WHATWG has already lower-cased the host and turned an international name into punycode.
    host = parsed.hostname.replace(/\.$/, '');
  } catch {
    return undefined;
  }
  if (!host) return undefined;
  // Private domains too: every x.blogspot.com or x.github.io is somebody else's site.
  const info = parse(host, { allowPrivateDomains: true });
  // WHATWG lets through names no DNS would resolve (`a..b.com`); they name no outlet.
  if (info.hostname === null) return undefined;
  if (info.isIp || !info.domain) return { outlet: host };
  const labels = info.subdomain ? info.subdomain.split('.') : [];
  while (labels.length > 0 && RENDERING.test(labels[0]!)) labels.shift();
  const outlet: Outlet = { outlet: readable(info.domain) };
  if (labels.length > 0) outlet.section = readable(labels.join('.'));
  return outlet;
}

/** `xn--d1acufc.xn--p1ai` → `домен.рф`, the way the outlet writes its own name. */
function readable(host: string): string {
  return domainToUnicode(host) || host;
}

/**
 * Sets the article's `source` and `section`. A URL with an outlet wins over the name the file
 * states (site name, feed title, `Sumber:` line, source column): the same outlet is called
 * "detikNews", "detikcom" and "Detik.com" by different files, its domain is the same in all of
 * them. Without such a URL the stated name is kept.
 */
export function assignOutlet(article: RawArticle, stated: string | undefined): void {
  const found = outletOf(article.url);
  const source = found?.outlet ?? stated;
  if (source) article.source = source;
  if (found?.section) article.section = found.section;
}
