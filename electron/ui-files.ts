/*
 * How the renderer build is served, the same from the desktop's pantau:// scheme and from browser
 * mode: its files' content types, the headers every answer carries, and the page's policy. The
 * policy starts from `default-src 'none'`: the page loads its own scripts, styles, fonts and images
 * and talks only to its own origin (browser mode's API; the desktop uses the preload bridge).
 */

export const UI_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const UI_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

export const UI_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};
