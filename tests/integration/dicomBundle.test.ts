import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundleChild, collectStderr, exited, forkChild, onLines } from '../helpers/childProcess.js';
import { encodeJpeg2000, encodeJpegBaseline, encodeJpegLossless, encodeJpegLs } from '../helpers/dicomEncoders.js';
import { greyAttributes, UID, writeDicom } from '../helpers/dicomFiles.js';
import { tempDir } from '../helpers/tempDataset.js';

// The CLI and Electron's main run as esbuild CommonJS bundles with packages left outside: every
// codec must load from there, not only under vitest's ES modules.
let child: { file: string; remove: () => void };
const tmp = tempDir('lightbox-dicom-bundle-');
beforeAll(async () => {
  child = await bundleChild('tests/helpers/dicomDecodeChild.ts');
});
afterAll(() => {
  child?.remove();
  tmp.cleanup();
});

it('decodes every compressed syntax from a CommonJS bundle like dist/cli/lightbox.cjs', async () => {
  const [rows, cols] = [64, 64];
  const grey = Array.from({ length: rows * cols }, (_, i) => Math.round(128 + 100 * Math.sin((i % cols) / 9) * Math.cos(Math.floor(i / cols) / 11)));
  const ct = Array.from({ length: rows * cols }, (_, i) => ((i * 37) % 3000) - 1000);
  const attrs8 = greyAttributes(rows, cols, { allocated: 8, stored: 8, signed: false });
  const attrs16 = greyAttributes(rows, cols, { allocated: 16, stored: 16, signed: true }, { RescaleIntercept: 0 });
  const spec16 = { width: cols, height: rows, bits: 16, components: 1 as const, signed: true };
  const jpeg = await encodeJpegBaseline(Uint8Array.from(grey), { width: cols, height: rows, bits: 8, components: 1 }, 95);
  const files = {
    jpegLs: writeDicom({ transferSyntax: UID.jpegLsLossless, attributes: attrs16, pixels: { frames: [[await encodeJpegLs(Uint16Array.from(ct, (v) => v & 0xffff), { ...spec16, signed: false })]] } }),
    jpeg2000: writeDicom({ transferSyntax: UID.jpeg2000Lossless, attributes: attrs16, pixels: { frames: [[await encodeJpeg2000(Int16Array.from(ct), spec16)]] } }),
    jpegLossless: writeDicom({ transferSyntax: UID.jpegLosslessSV1, attributes: attrs16, pixels: { frames: [[encodeJpegLossless(Uint16Array.from(ct, (v) => v & 0xffff), spec16)]] } }),
    jpeg: writeDicom({ transferSyntax: UID.jpegBaseline, attributes: attrs8, pixels: { frames: [[jpeg]] } }),
  };
  const paths = Object.entries(files).map(([name, bytes]) => {
    const p = path.join(tmp.dir, `${name}.dcm`);
    fs.writeFileSync(p, bytes);
    return p;
  });
  const proc = forkChild(child.file, paths);
  const lines: { file: string; values?: number[]; error?: string }[] = [];
  onLines(proc, (line) => lines.push(JSON.parse(line)));
  const stderr = collectStderr(proc);
  expect(await exited(proc), stderr()).toBe(0);
  expect(lines.map((l) => l.error ?? null)).toEqual([null, null, null, null]);
  const byName = Object.fromEntries(lines.map((l) => [path.basename(l.file, '.dcm'), l.values]));
  expect(byName.jpegLs).toEqual(ct);
  expect(byName.jpeg2000).toEqual(ct);
  expect(byName.jpegLossless).toEqual(ct);
  // Lossy at quality 95: near the written values (exactness is checked in dicomCompressed.test.ts).
  byName.jpeg!.forEach((v, i) => expect(Math.abs(v - grey[i]!)).toBeLessThanOrEqual(4));
});
