import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { dispatch } from '../../src-main/services/dispatch.js';
import { deidentifyDicom } from '../../src-main/privacy/deidentify.js';
import { makeDicom } from '../helpers/makeDicom.js';
import { UID, colourAttributes, u16Bytes, writeDicom } from '../helpers/dicomFiles.js';
import { openTempDataset } from '../helpers/tempSession.js';

/**
 * Issue 13's figures for apply-to-similar on DICOM (grouped by series): the first Shift+A in a
 * dataset of 1,000 same-size DICOM files reads every header once for its series key; a later one
 * reads none. And a palette-colour file de-identified with a redaction, by index and as RGB.
 */

const FILES = 1000;
const SERIES = 10;

it('apply-to-similar over 1,000 DICOM files: the first apply (series keys read) and a later one', async () => {
  const cleanups: (() => void)[] = [];
  try {
    const { s, dir } = openTempDataset(cleanups, 'lightbox-bench-series-');
    for (let i = 0; i < FILES; i++) {
      const folder = path.join(dir, `exam${i % 20}`);
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, `im${i}.dcm`), makeDicom({ rows: 64, columns: 64, seriesInstanceUid: `1.2.826.0.1.3680043.8.498.9${i % SERIES}` }));
    }
    const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
    await s.jobs.wait(jobId);
    const items = ((await dispatch(s, 'images.list', { limit: 10 })) as { items: { id: number }[] }).items;
    const banner = ((await dispatch(s, 'classes.add', { name: 'banner', redact: true })) as { id: number }).id;
    const apply = async (imageId: number, h: number) => {
      const r = (await dispatch(s, 'annotations.create', { imageId, classId: banner, shape: { kind: 'box', x: 0, y: 0, w: 64, h } })) as { id: number };
      const t = performance.now();
      const out = (await dispatch(s, 'annotations.applyToSimilar', { id: r.id })) as { created: number };
      return { ms: performance.now() - t, created: out.created };
    };
    const first = await apply(items[0]!.id, 4);
    const later = await apply(items[1]!.id, 6);
    console.log(`apply-to-similar, ${FILES} DICOM files in ${SERIES} series: first ${first.ms.toFixed(0)} ms (headers read), later ${later.ms.toFixed(0)} ms (keys kept); ${first.created} and ${later.created} images`);
    expect(first.created).toBe(FILES / SERIES - 1);
  } finally {
    for (const c of cleanups.splice(0)) c();
  }
}, 600_000);

it('a 512×512 palette-colour file de-identified with a redaction: by its black index, and written as RGB', () => {
  const n = 512;
  const entries = 256;
  const lut = (f: (i: number) => number) => u16Bytes(Array.from({ length: entries }, (_, i) => f(i) * 257)).buffer;
  const file = (black: boolean) =>
    writeDicom({
      transferSyntax: UID.explicitLE,
      attributes: {
        ...colourAttributes(n, n, 'PALETTE COLOR', { SamplesPerPixel: 1, PatientName: 'Doe^Jane', PatientID: 'P-1' }),
        RedPaletteColorLookupTableDescriptor: [entries, 0, 16],
        GreenPaletteColorLookupTableDescriptor: [entries, 0, 16],
        BluePaletteColorLookupTableDescriptor: [entries, 0, 16],
        RedPaletteColorLookupTableData: lut((i) => (black && i === 0 ? 0 : Math.max(1, i))),
        GreenPaletteColorLookupTableData: lut((i) => (black && i === 0 ? 0 : 255 - i)),
        BluePaletteColorLookupTableData: lut(() => 90),
      },
      pixels: { native: Uint8Array.from({ length: n * n }, (_, i) => i % 256), vr: 'OB' },
    });
  const banner = new Map([[0, [{ kind: 'box' as const, x: 0, y: 0, w: n, h: 48 }]]]);
  const secret = Buffer.alloc(32, 1);
  const time = (bytes: Uint8Array) => {
    deidentifyDicom(bytes, { secret, dates: 'shift', redactions: banner });
    const t: number[] = [];
    for (let i = 0; i < 7; i++) {
      const a = performance.now();
      deidentifyDicom(bytes, { secret, dates: 'shift', redactions: banner });
      t.push(performance.now() - a);
    }
    return t.sort((a, b) => a - b)[3]!;
  };
  const byIndex = time(file(true));
  const asRgb = time(file(false));
  console.log(`de-identify 512×512 palette colour with a redaction: by the black index ${byIndex.toFixed(1)} ms; written as RGB ${asRgb.toFixed(1)} ms`);
  expect(deidentifyDicom(file(false), { secret, dates: 'shift', redactions: banner }).paletteToRgb).toBe(true);
});
