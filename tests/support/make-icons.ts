import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

/**
 * Draws the extension's icons into public/icon/<size>.png, where WXT picks them up for the
 * manifest: a white check on a blue rounded square, "checked, in step", bold enough to read at
 * 16 px in the toolbar. Re-run after changing the drawing and commit the PNGs:
 *
 *   npx tsx tests/support/make-icons.ts
 */

export const ICON_SIZES = [16, 32, 48, 96, 128] as const;

type Rgba = [number, number, number, number];
const BLUE: Rgba = [0x1d, 0x4e, 0xd8, 255];
const WHITE: Rgba = [255, 255, 255, 255];

/** Distance from p to the segment a–b. */
function segmentDistance(px: number, py: number, [ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Signed distance to a rounded square centred in the unit square (negative inside). */
function roundedSquare(x: number, y: number, half: number, radius: number): number {
  const qx = Math.abs(x - 0.5) - half + radius;
  const qy = Math.abs(y - 0.5) - half + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

const CHECK: [number, number][] = [
  [0.27, 0.52],
  [0.43, 0.68],
  [0.74, 0.35],
];

/** The colour of the icon at a point of the unit square. */
function paint(x: number, y: number, size: number): Rgba | undefined {
  if (roundedSquare(x, y, 0.47, 0.2) > 0) return undefined;
  // Thicker at small sizes, so the check stays two pixels wide at 16 px.
  const stroke = size <= 16 ? 0.075 : 0.065;
  const onCheck = segmentDistance(x, y, CHECK[0]!, CHECK[1]!) <= stroke || segmentDistance(x, y, CHECK[1]!, CHECK[2]!) <= stroke;
  return onCheck ? WHITE : BLUE;
}

/** RGBA pixels of one icon, each pixel averaged over 8×8 samples for smooth edges. */
export function drawIcon(size: number): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const samples = 8;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = paint((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size, size);
          if (!colour) continue;
          // Premultiplied, so edges against transparency do not darken.
          for (let c = 0; c < 3; c++) sum[c]! += colour[c]! * colour[3];
          sum[3]! += colour[3];
        }
      }
      const alpha = sum[3]! / (samples * samples);
      const offset = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) pixels[offset + c] = sum[3] ? Math.round(sum[c]! / sum[3]!) : 0;
      pixels[offset + 3] = Math.round(alpha);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** An 8-bit RGBA PNG (https://www.w3.org/TR/png-3/): signature, IHDR, one IDAT, IEND. */
export function encodePng(size: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), deflate, no filter method, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4); // filter byte 0 per row
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const folder = resolve(import.meta.dirname, '../../public/icon');
  mkdirSync(folder, { recursive: true });
  for (const size of ICON_SIZES) writeFileSync(resolve(folder, `${size}.png`), encodePng(size, drawIcon(size)));
  console.log(`Wrote public/icon/{${ICON_SIZES.join(',')}}.png`);
}
