import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

/** A fresh empty folder under the OS temp dir; removed by `cleanup()`. */
export function tempDir(prefix = 'lightbox-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Every file under `dir`, relative with '/', sorted (as the scan sorts paths). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else out.push(path.relative(dir, abs).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** Write a solid-colour image of the given size and format (with EXIF orientation when asked). */
export async function writeImage(
  file: string,
  opts: { width?: number; height?: number; color?: string; format?: 'jpeg' | 'png' | 'webp' | 'tiff' | 'gif'; orientation?: number } = {},
): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let img = sharp({ create: { width: opts.width ?? 64, height: opts.height ?? 48, channels: 3, background: opts.color ?? '#3366cc' } });
  const format = opts.format ?? (path.extname(file).slice(1).replace('jpg', 'jpeg') as 'jpeg');
  img = img.toFormat(format);
  if (opts.orientation) img = img.withMetadata({ orientation: opts.orientation });
  fs.writeFileSync(file, await img.toBuffer());
}

export type Rgb = readonly [number, number, number];

/**
 * An image whose stored pixels are `left` on the left half and `right` on the right half, so a test
 * can tell which way up an export came out. `space` stores it as CMYK, 16-bit or grayscale;
 * `orientation` adds an EXIF orientation; `camera` adds EXIF with a maker and a GPS position.
 */
export async function writeHalvesImage(
  file: string,
  opts: {
    width: number;
    height: number;
    left: Rgb;
    right: Rgb;
    format: 'jpeg' | 'png';
    space?: 'srgb' | 'cmyk' | 'rgb16' | 'grey16' | 'b-w';
    orientation?: number;
    camera?: boolean;
  },
): Promise<void> {
  const { width, height } = opts;
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw.set(x < width / 2 ? opts.left : opts.right, (y * width + x) * 3);
  }
  let img = sharp(raw, { raw: { width, height, channels: 3 } });
  if (opts.space && opts.space !== 'srgb') img = img.toColourspace(opts.space);
  img = opts.format === 'jpeg' ? img.jpeg({ quality: 95 }) : img.png();
  if (opts.camera) img = img.withExif({ IFD0: { Make: 'AcmeCam', Model: 'Secret 1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' } });
  if (opts.orientation) img = img.withMetadata({ orientation: opts.orientation });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, await img.toBuffer());
}

/** The RGB value at (x, y) of an image file, after its EXIF orientation (grayscale repeated). */
export async function pixelAt(file: string | Buffer, x: number, y: number): Promise<Rgb> {
  const { data, info } = await sharp(file).rotate().toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const o = (y * info.width + x) * info.channels;
  return [data[o]!, data[o + 1]!, data[o + 2]!];
}
