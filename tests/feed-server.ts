import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/* A real HTTP server on 127.0.0.1 for the feed tests: each path answers as the test says, and every request is logged. */

export interface Logged {
  path: string;
  ifNoneMatch: string | undefined;
  ifModifiedSince: string | undefined;
}

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface FeedServer {
  base: string;
  routes: Map<string, Route>;
  log: Logged[];
  /** Requests made to one path. */
  hits(path: string): Logged[];
}

export async function feedServer(t: { after: (fn: () => Promise<void> | void) => void }): Promise<FeedServer> {
  const routes = new Map<string, Route>();
  const log: Logged[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    log.push({ path, ifNoneMatch: req.headers['if-none-match'], ifModifiedSince: req.headers['if-modified-since'] });
    const route = routes.get(path);
    if (route) route(req, res);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, routes, log, hits: (path) => log.filter((l) => l.path === path) };
}

export interface Item {
  title: string;
  /** Left out of the feed when undefined. */
  link?: string;
  body: string;
  date: string;
  /** The item's `<guid isPermaLink="false">`, when it has one. */
  guid?: string;
}

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An RSS 2.0 feed of these items. */
export function rss(title: string, items: Item[]): string {
  const entries = items
    .map(
      (i) =>
        `<item><title>${escape(i.title)}</title>${i.link === undefined ? '' : `<link>${escape(i.link)}</link>`}${i.guid === undefined ? '' : `<guid isPermaLink="false">${escape(i.guid)}</guid>`}<pubDate>${i.date}</pubDate><description>${escape(i.body)}</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${escape(title)}</title><link>https://example.org/</link>\n${entries}\n</channel></rss>\n`;
}

/** Answers `body` as an RSS feed, with the given extra headers. */
export const serveFeed = (body: () => string, headers: Record<string, string> = {}): Route => (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', ...headers }).end(body());
};

export const ITEMS: Item[] = [
  {
    title: 'Banjir rob merendam pesisir Semarang',
    link: 'https://kabarpesisir.example.id/2024/03/banjir-rob-semarang',
    body: 'Banjir rob kembali merendam kawasan pesisir utara Semarang pada Selasa pagi. Warga Tambaklorok mengungsi ke balai kelurahan setelah air laut naik setinggi lutut orang dewasa.',
    date: 'Tue, 12 Mar 2024 07:30:00 +0700',
  },
  {
    title: 'Ferry services resume across the Bali Strait',
    link: 'https://straitsledger.example.com/2024/03/ferry-bali-strait',
    body: 'Ferry crossings between Ketapang and Gilimanuk resumed on Wednesday after high waves had halted them for two days, the port authority said.',
    date: 'Wed, 13 Mar 2024 09:00:00 +0800',
  },
];

export const NEXT_ITEM: Item = {
  title: 'Harga cabai rawit turun di pasar Yogyakarta',
  link: 'https://kabarpesisir.example.id/2024/03/harga-cabai-yogyakarta',
  body: 'Harga cabai rawit di Pasar Beringharjo turun menjadi Rp40.000 per kilogram menjelang panen raya, kata pedagang setempat kepada wartawan.',
  date: 'Thu, 14 Mar 2024 10:15:00 +0700',
};
