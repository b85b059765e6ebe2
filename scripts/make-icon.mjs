/*
 * Draws Pantau's icon and writes it as electron/assets/icon.png (1024×1024 RGBA):
 * `node scripts/make-icon.mjs`. electron-builder makes the Windows .ico, the macOS .icns and the
 * Linux sizes from this one file. The icon is drawn here, from shapes, so it needs no drawing
 * program and no third-party artwork: a magnifying glass over lines of text on a teal tile
 * ("pantau" is Indonesian for "to monitor").
 *
 * Each shape is a signed distance (negative inside, in pixels), so an edge's coverage is its
 * distance clamped to one pixel: smooth edges without supersampling.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const ICON = fileURLToPath(new URL('../electron/assets/icon.png', import.meta.url));
const SIZE = 1024;

const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
const coverage = (distance) => clamp(0.5 - distance, 0, 1);
const mix = (a, b, t) => a + (b - a) * t;

/** A rounded square centred at c, half-width h, corner radius r. */
function roundedSquare(x, y, c, h, r) {
  const qx = Math.abs(x - c) - h + r;
  const qy = Math.abs(y - c) - h + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** A segment from a to b, thickened to radius r (round ends). */
function capsule(x, y, ax, ay, bx, by, r) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = clamp(((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy), 0, 1);
  return Math.hypot(x - ax - t * dx, y - ay - t * dy) - r;
}

const ring = (x, y, cx, cy, radius, half) => Math.abs(Math.hypot(x - cx, y - cy) - radius) - half;

/** Source-over compositing of a colour with alpha a onto the pixel [r, g, b, a]. */
function over(px, colour, a) {
  if (a <= 0) return;
  const outA = a + px[3] * (1 - a);
  for (let i = 0; i < 3; i++) px[i] = (colour[i] * a + px[i] * px[3] * (1 - a)) / outA;
  px[3] = outA;
}

/** The icon at `size` pixels square, as RGBA bytes, row by row. */
function drawIcon(size = SIZE) {
  const s = size / 1024;
  const tile = { c: 512 * s, h: 448 * s, r: 200 * s };
  const lens = { cx: 452 * s, cy: 452 * s, radius: 210 * s, half: 34 * s };
  const handle = { ax: 640 * s, ay: 640 * s, bx: 770 * s, by: 770 * s, r: 50 * s };
  const lines = [
    { y: 380, from: 330, to: 575 },
    { y: 452, from: 330, to: 545 },
    { y: 524, from: 330, to: 500 },
  ].map((l) => ({ y: l.y * s, from: l.from * s, to: l.to * s, r: 22 * s }));
  const top = [20, 150, 140];
  const bottom = [16, 78, 112];
  const white = [255, 255, 255];
  const ink = [204, 240, 236];

  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let pxl = 0; pxl < size; pxl++) {
      const x = pxl + 0.5;
      const y = py + 0.5;
      const px = [0, 0, 0, 0];
      const t = y / size;
      over(px, [mix(top[0], bottom[0], t), mix(top[1], bottom[1], t), mix(top[2], bottom[2], t)], coverage(roundedSquare(x, y, tile.c, tile.h, tile.r)));
      const inside = coverage(Math.hypot(x - lens.cx, y - lens.cy) - (lens.radius - lens.half));
      for (const l of lines) over(px, ink, Math.min(inside, coverage(capsule(x, y, l.from, l.y, l.to, l.y, l.r))));
      over(px, white, coverage(ring(x, y, lens.cx, lens.cy, lens.radius, lens.half)));
      over(px, white, coverage(capsule(x, y, handle.ax, handle.ay, handle.bx, handle.by, handle.r)));
      const o = (py * size + pxl) * 4;
      rgba[o] = Math.round(px[0]);
      rgba[o + 1] = Math.round(px[1]);
      rgba[o + 2] = Math.round(px[2]);
      rgba[o + 3] = Math.round(px[3] * 255);
    }
  }
  return rgba;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG file of 8-bit RGBA pixels. */
function encodePng(rgba, width, height) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bits per channel
  ihdr[9] = 6; // RGBA
  // Each row starts with its filter type; 0 (none) keeps the encoder trivial, deflate does the rest.
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(dirname(ICON), { recursive: true });
writeFileSync(ICON, encodePng(drawIcon(SIZE), SIZE, SIZE));
console.log(`wrote ${ICON} (${SIZE}×${SIZE})`);
