import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

/** A fresh empty folder under the OS temp dir; removed by `cleanup()`. */
export function tempDir(prefix = 'lightbox-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
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
