import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { scanDataset } from '../../src-main/dataset/scan.js';
import { decodeBmp } from '../../src-main/imaging/bmp.js';
import { probeImage } from '../../src-main/imaging/probe.js';
import { thumbPath } from '../../src-main/imaging/thumbnails.js';
import { openStore } from '../../src-main/store/openStore.js';
import { tempDir } from '../helpers/tempDataset.js';

type Rgb = [number, number, number];

/** A BMP as old capture software writes it: BITMAPINFOHEADER, bottom-up unless `topDown`. */
function bmp(width: number, height: number, bits: 1 | 8 | 24 | 32, pixel: (x: number, y: number) => Rgb, opts: { topDown?: boolean; palette?: Rgb[]; compression?: number } = {}): Buffer {
  const stride = Math.floor((bits * width + 31) / 32) * 4;
  const palette = bits <= 8 ? (opts.palette ?? []) : [];
  const offset = 14 + 40 + palette.length * 4;
  const buf = Buffer.alloc(offset + stride * height);
  buf.write('BM', 0, 'latin1');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(offset, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(width, 18);
  buf.writeInt32LE(opts.topDown ? -height : height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(bits, 28);
  buf.writeUInt32LE(opts.compression ?? 0, 30);
  buf.writeUInt32LE(palette.length, 46);
  palette.forEach(([r, g, b], i) => buf.set([b, g, r, 0], 54 + i * 4));
  for (let y = 0; y < height; y++) {
    const row = offset + (opts.topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      if (bits === 24) buf.set([b, g, r], row + x * 3);
      else if (bits === 32) buf.set([b, g, r, 0], row + x * 4);
      else {
        const index = palette.findIndex((p) => p[0] === r && p[1] === g && p[2] === b);
        const bit = x * bits;
        buf[row + (bit >> 3)]! |= index << (8 - bits - (bit & 7));
      }
    }
  }
  return buf;
}

const RED: Rgb = [220, 20, 20];
const BLUE: Rgb = [20, 20, 220];
/** Red on the left half, blue on the right; the top row is white, so an upside-down read shows. */
const halves = (w: number) => (x: number, y: number): Rgb => (y === 0 ? [255, 255, 255] : x < w / 2 ? RED : BLUE);

describe('BMP files', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it.each([
    ['24-bit bottom-up', bmp(10, 6, 24, halves(10))],
    ['24-bit top-down', bmp(10, 6, 24, halves(10), { topDown: true })],
    ['32-bit', bmp(10, 6, 32, halves(10))],
    ['8-bit palette', bmp(10, 6, 8, halves(10), { palette: [RED, BLUE, [255, 255, 255]] })],
    ['1-bit palette', bmp(10, 6, 1, (x, y) => (y === 0 ? BLUE : x < 5 ? RED : BLUE), { palette: [RED, BLUE] })],
  ])('decode %s the right way up with the right colours', (_name, file) => {
    const { data, width, height } = decodeBmp(file, 1e6);
    expect([width, height]).toEqual([10, 6]);
    const at = (x: number, y: number) => [...data.subarray((y * width + x) * 4, (y * width + x) * 4 + 3)];
    expect(at(1, 3)).toEqual(RED);
    expect(at(8, 3)).toEqual(BLUE);
    expect(at(1, 0)).not.toEqual(RED);
  });

  it('are probed from the header, and refused with a reason when damaged or compressed', async () => {
    expect(await probeImage(bmp(40, 30, 24, halves(40)))).toEqual({ ok: true, probe: { width: 40, height: 30, orientation: 1, format: 'bmp' } });
    const whole = bmp(40, 30, 24, halves(40));
    expect(await probeImage(whole.subarray(0, 500))).toEqual({ ok: false, reason: 'file is truncated or damaged' });
    expect(await probeImage(bmp(4, 4, 8, () => RED, { palette: [RED], compression: 1 }))).toMatchObject({ ok: false, reason: expect.stringContaining('compressed BMP') });
    const giant = bmp(2, 2, 24, () => RED);
    giant.writeInt32LE(100_000, 18);
    giant.writeInt32LE(100_000, 22);
    expect(await probeImage(giant)).toMatchObject({ ok: false, reason: expect.stringContaining('too large') });
  });

  it('are indexed by the scan with an upright thumbnail, instead of being listed as unsupported', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    fs.writeFileSync(path.join(dir, 'scope.bmp'), bmp(64, 48, 24, halves(64)));
    fs.writeFileSync(path.join(dir, 'broken.bmp'), bmp(64, 48, 24, halves(64)).subarray(0, 300));
    const db = openStore(dir);
    cleanups.unshift(() => db.close());
    const job = { signal: new AbortController().signal, progress: () => undefined, checkCancelled: () => undefined };
    await scanDataset(dir, db, job);
    const rows = db.prepare('SELECT path, width, height, format, error, sha256 FROM images ORDER BY path').all() as { path: string; width: number; height: number; format: string; error: string | null; sha256: string }[];
    expect(rows.map((r) => [r.path, r.format, r.width, r.height, r.error])).toEqual([
      ['broken.bmp', null, null, null, 'file is truncated or damaged'],
      ['scope.bmp', 'bmp', 64, 48, null],
    ]);
    const thumb = await sharp(thumbPath(dir, rows[1]!.sha256)).raw().toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => [...thumb.data.subarray((y * thumb.info.width + x) * 3, (y * thumb.info.width + x) * 3 + 3)];
    expect(px(5, 30)[0]).toBeGreaterThan(180); // red on the left
    expect(px(58, 30)[2]).toBeGreaterThan(180); // blue on the right
  });
});
