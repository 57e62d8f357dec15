import path from 'node:path';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { encodeExportImage, imageOptions } from '../../src-main/imaging/exportImage.js';
import { deidentifyDicom, nativePixels } from '../../src-main/privacy/deidentify.js';
import { encodeRle } from '../helpers/dicomEncoders.js';
import { UID, greyAttributes, u16Bytes, writeDicom } from '../helpers/dicomFiles.js';
import { tempDir } from '../helpers/tempDataset.js';

/**
 * Issue 13's figures: de-identifying one 512×512 CT file (the Basic Profile, write, read back and
 * check), with and without a redaction, and with an RLE file decoded for its redaction; and the
 * cost of a redaction on an exported 12-megapixel JPEG resized to 224×224.
 */

const N = 512;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time(fn: () => Promise<unknown> | unknown, runs = 9): Promise<number> {
  await fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    await fn();
    t.push(performance.now() - a);
  }
  return median(t);
}

it('DICOM de-identification per 512×512 CT file, and a redaction on a 12 MP export', async () => {
  const values = Uint16Array.from({ length: N * N }, (_, i) => (i * 7) % 4096);
  const attrs = greyAttributes(N, N, { allocated: 16, stored: 12, signed: false }, { PatientName: 'Doe^Jane', PatientID: 'P-1', StudyDate: '20240101', InstitutionName: 'Hospital' });
  const native = writeDicom({ transferSyntax: UID.explicitLE, attributes: attrs, pixels: { native: u16Bytes(values) } });
  const rle = writeDicom({ transferSyntax: UID.rle, attributes: attrs, pixels: { frames: [[encodeRle(values, N * N, 1, 2)]] } });
  const secret = Buffer.alloc(32, 1);
  const banner = new Map([[0, [{ kind: 'box' as const, x: 0, y: 0, w: N, h: 48 }]]]);
  const plain = await time(() => deidentifyDicom(native, { secret, dates: 'shift' }));
  const redacted = await time(() => deidentifyDicom(native, { secret, dates: 'shift', redactions: banner }));
  const decoded = await time(async () => deidentifyDicom(rle, { secret, dates: 'shift', redactions: banner, native: await nativePixels(rle) }));
  console.log(`de-identify 512×512 CT: ${plain.toFixed(1)} ms; with a redaction ${redacted.toFixed(1)} ms; RLE decoded for a redaction ${decoded.toFixed(1)} ms`);

  const dir = tempDir('lightbox-bench-deid-');
  try {
    const file = path.join(dir.dir, 'photo.jpg');
    await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#6688aa' } }).jpeg().toFile(file);
    const opts = imageOptions({ format: 'coco', out: '/x', size: { width: 224, height: 224 } });
    const face = { shapes: [{ kind: 'box' as const, x: 1500, y: 800, w: 900, h: 1100 }], mode: 'fill' as const };
    const without = await time(() => encodeExportImage(file, 'plain', null, 'jpeg', opts), 5);
    const withFill = await time(() => encodeExportImage(file, 'plain', null, 'jpeg', opts, face), 5);
    const withBlur = await time(() => encodeExportImage(file, 'plain', null, 'jpeg', opts, { ...face, mode: 'blur' }), 5);
    console.log(`12 MP JPEG → 224×224: ${without.toFixed(0)} ms; with a redaction (fill) ${withFill.toFixed(0)} ms; (blur) ${withBlur.toFixed(0)} ms`);
    expect((await encodeExportImage(file, 'plain', null, 'jpeg', opts, face)).redacted).toBe(true);
  } finally {
    dir.cleanup();
  }
}, 300_000);
