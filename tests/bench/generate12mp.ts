import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

/**
 * 12-megapixel JPEGs (4000×3000) for the benchmarks, generated once into a cache folder outside the
 * repository and reused by every later run. Each is a smooth colour gradient (different per image)
 * with fine noise on top, so the files weigh and decode like camera photos (a few MB each) rather
 * than like flat colour, which JPEG would shrink to nothing.
 */

export const WIDTH = 4000;
export const HEIGHT = 3000;
export const DEFAULT_DIR = path.join(os.tmpdir(), 'lightbox-bench-12mp');

/** Noise shared by every image (read at a different offset per image): made once, in JS, quickly. */
function noiseField(bytes: number, seed: number): Int8Array {
  const out = new Int8Array(bytes);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < bytes; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = (s & 31) - 16;
  }
  return out;
}

const MAX_OFFSET = 1 << 20;

function pixels(index: number, noise: Int8Array): Buffer {
  const buf = Buffer.allocUnsafe(WIDTH * HEIGHT * 3);
  // Assigning to a clamped view rounds and clamps to 0..255 without branches.
  const out = new Uint8ClampedArray(buf.buffer, buf.byteOffset, buf.length);
  // Corner colours differ per image, so no two files are alike; the gradient runs corner to corner.
  const start = [(index * 53) % 256, (index * 97 + 80) % 256, (index * 151 + 160) % 256];
  const delta = [255 - 2 * start[0]!, ((start[1]! + 128) % 256) - start[1]!, 255 - 2 * start[2]!];
  const columns = new Float32Array(WIDTH * 3);
  for (let x = 0; x < WIDTH; x++) for (let c = 0; c < 3; c++) columns[x * 3 + c] = start[c]! + (delta[c]! * x) / WIDTH / 2;
  let n = ((index * 7919) % MAX_OFFSET) * 3;
  let o = 0;
  for (let y = 0; y < HEIGHT; y++) {
    const r = (delta[0]! * y) / HEIGHT / 2;
    const g = (delta[1]! * y) / HEIGHT / 2;
    const b = (delta[2]! * y) / HEIGHT / 2;
    for (let i = 0; i < WIDTH * 3; i += 3) {
      out[o++] = columns[i]! + r + noise[n++]!;
      out[o++] = columns[i + 1]! + g + noise[n++]!;
      out[o++] = columns[i + 2]! + b + noise[n++]!;
    }
  }
  return buf;
}

/**
 * The paths of `count` 12-MP JPEGs in `dir` (`photo-000.jpg`, ...), generating the missing ones.
 * Each file is written under a temporary name and renamed, so an interrupted run leaves no half file.
 */
export async function ensure12mpJpegs(count: number, dir = DEFAULT_DIR, log: (s: string) => void = () => undefined): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const files = Array.from({ length: count }, (_, i) => path.join(dir, `photo-${String(i).padStart(3, '0')}.jpg`));
  const missing = files.map((f, i) => ({ f, i })).filter(({ f }) => !fs.existsSync(f));
  if (missing.length === 0) return files;
  log(`generating ${missing.length} 12-megapixel JPEGs in ${dir} (once; later runs reuse them)`);
  const started = Date.now();
  const noise = noiseField((WIDTH * HEIGHT + MAX_OFFSET) * 3, 12345);
  // JS fills the next buffer while sharp encodes the previous ones on its thread pool.
  const inFlight = new Set<Promise<void>>();
  for (const { f, i } of missing) {
    const job = (async () => {
      const tmp = `${f}.${process.pid}.tmp`;
      await sharp(pixels(i, noise), { raw: { width: WIDTH, height: HEIGHT, channels: 3 } }).jpeg({ quality: 88 }).toFile(tmp);
      fs.renameSync(tmp, f);
    })();
    inFlight.add(job);
    void job.finally(() => inFlight.delete(job));
    if (inFlight.size >= Math.max(2, os.availableParallelism())) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  log(`generated ${missing.length} images in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return files;
}
