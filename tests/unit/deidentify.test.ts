import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { DeidError, dateOffsetDays, deidentifyDicom, newUid } from '../../src-main/privacy/deidentify.js';
import { decodeDicomFrame } from '../../src-main/imaging/dicom/index.js';
import { UID, colourAttributes, u16Bytes, writeDicom } from '../helpers/dicomFiles.js';
import { makeDicom } from '../helpers/makeDicom.js';

/** One DICOM file through the Basic Profile: the refusals that keep a half-done file from going out. */

interface Element {
  vr: string;
  Value: unknown[];
}
type Dict = Record<string, Element>;
const dcmjs = createRequire(import.meta.url)('dcmjs') as {
  data: { DicomMessage: { readFile(b: ArrayBuffer): { meta: Dict; dict: Dict; write(): ArrayBuffer } } };
};
const secret = Buffer.alloc(32, 3);

/** makeDicom's file with `edit` applied to its data set. */
function edited(edit: (d: Dict) => void, spec: Parameters<typeof makeDicom>[0] = { rows: 8, columns: 8 }): Uint8Array {
  const b = makeDicom(spec);
  const file = dcmjs.data.DicomMessage.readFile(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
  edit(file.dict);
  return new Uint8Array(file.write());
}

/** Attributes with the patient module a de-identified copy needs. */
const patient = (a: Record<string, unknown>) => ({ PatientName: 'Doe^Jane', PatientID: 'P-1', StudyInstanceUID: '1.2.3.4.1', SeriesInstanceUID: '1.2.3.4.2', ...a });

const reason = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DeidError);
    return (e as Error).message;
  }
  return 'not refused';
};

describe('de-identifying one DICOM file', () => {
  it('makes valid 2.25 UIDs, the same for the same input and secret, different for another secret', () => {
    const a = newUid(secret, '1.2.3.4');
    expect(a).toMatch(/^2\.25\.[1-9]\d{0,38}$/);
    expect(newUid(secret, '1.2.3.4')).toBe(a);
    expect(newUid(secret, '1.2.3.5')).not.toBe(a);
    expect(newUid(Buffer.alloc(32, 4), '1.2.3.4')).not.toBe(a);
    const days = dateOffsetDays(secret, 'P-1');
    expect(days).toBeGreaterThanOrEqual(1);
    expect(days).toBeLessThanOrEqual(3650);
    expect(dateOffsetDays(secret, 'P-1')).toBe(days);
  });

  it('refuses bytes that are not DICOM', () => {
    expect(reason(() => deidentifyDicom(new Uint8Array(300).fill(7), { secret, dates: 'shift' }))).toMatch(/could not be read as DICOM/);
  });

  it('refuses a file whose patient name survives in an attribute the profile keeps, rather than write it', () => {
    const bytes = edited((d) => {
      d['00080070'] = { vr: 'LO', Value: ['Made for Doe'] }; // Manufacturer, kept by the profile
    });
    expect(reason(() => deidentifyDicom(bytes, { secret, dates: 'shift' }))).toMatch(/an identifying value survived de-identification/);
  });

  it('refuses sequences nested deeper than it walks', () => {
    const bytes = edited((d) => {
      let item: Dict = { '00100020': { vr: 'LO', Value: ['DEEP-ID'] } };
      for (let i = 0; i < 70; i++) item = { '00082112': { vr: 'SQ', Value: [item] } };
      d['00082112'] = { vr: 'SQ', Value: [item] };
    });
    expect(reason(() => deidentifyDicom(bytes, { secret, dates: 'shift' }))).toMatch(/nest more than 64 deep/);
  });

  it('refuses to redact YBR_FULL_422 pixels, whose chroma pairs a redaction edge would split, instead of writing them unredacted', () => {
    const bytes = writeDicom({ transferSyntax: UID.explicitLE, attributes: patient(colourAttributes(4, 4, 'YBR_FULL_422')), pixels: { native: new Uint8Array(4 * 4 * 2).fill(90), vr: 'OB' } });
    const redactions = new Map([[0, [{ kind: 'box' as const, x: 0, y: 0, w: 2, h: 2 }]]]);
    expect(reason(() => deidentifyDicom(bytes, { secret, dates: 'shift', redactions }))).toMatch(/YBR_FULL_422.*MONOCHROME1, MONOCHROME2, RGB, YBR_FULL and PALETTE COLOR/);
  });

  for (const planar of [0, 1]) {
    it(`fills a YBR_FULL redaction (planar configuration ${planar}) with Y 0 and neutral chroma, which decodes black, and leaves the other pixels as they were`, async () => {
      const side = 6;
      const n = side * side;
      // Saturated colours, so a chroma left as it was would not decode black.
      const ybr = new Uint8Array(n * 3);
      for (let i = 0; i < n; i++) {
        const [y, cb, cr] = [60 + i * 3, 40 + ((i * 37) % 180), 200 - ((i * 23) % 150)];
        if (planar === 0) ybr.set([y, cb, cr], i * 3);
        else [ybr[i], ybr[n + i], ybr[2 * n + i]] = [y, cb, cr];
      }
      const bytes = writeDicom({ transferSyntax: UID.explicitLE, attributes: patient(colourAttributes(side, side, 'YBR_FULL', { PlanarConfiguration: planar })), pixels: { native: ybr, vr: 'OB' } });
      const redactions = new Map([[0, [{ kind: 'box' as const, x: 1, y: 2, w: 3, h: 2 }]]]);
      const out = deidentifyDicom(bytes, { secret, dates: 'remove', redactions });
      expect(out.redactedFrames).toBe(1);
      const before = (await decodeDicomFrame(bytes, 0)).data;
      const after = await decodeDicomFrame(out.bytes, 0);
      expect(after.channels).toBe(3);
      for (let y = 0; y < side; y++) {
        for (let x = 0; x < side; x++) {
          const i = (y * side + x) * 3;
          const got = Array.from(after.data.subarray(i, i + 3));
          if (x >= 1 && x < 4 && y >= 2 && y < 4) expect(got, `${x},${y} is black`).toEqual([0, 0, 0]);
          else expect(got, `${x},${y} is unchanged`).toEqual(Array.from(before.subarray(i, i + 3)));
        }
      }
      const back = dcmjs.data.DicomMessage.readFile(out.bytes.buffer.slice(out.bytes.byteOffset) as ArrayBuffer);
      expect(back.dict['00280004']!.Value).toEqual(['YBR_FULL']);
    });
  }

  /** An 8-bit PALETTE COLOR file whose 16-bit palette has its only black entry at index `black` (or none). */
  function paletteFile(side: number, black: number | null): { bytes: Uint8Array; indices: Uint8Array } {
    const entries = 16;
    const lut = (f: (i: number) => number) => u16Bytes(Array.from({ length: entries }, (_, i) => (i === black ? 0 : f(i)) * 257)).buffer;
    const indices = new Uint8Array(side * side);
    for (let i = 0; i < indices.length; i++) indices[i] = (i * 7) % entries === black ? 1 : (i * 7) % entries;
    const bytes = writeDicom({
      transferSyntax: UID.explicitLE,
      attributes: patient({
        ...colourAttributes(side, side, 'PALETTE COLOR'),
        SamplesPerPixel: 1,
        RedPaletteColorLookupTableDescriptor: [entries, 0, 16],
        GreenPaletteColorLookupTableDescriptor: [entries, 0, 16],
        BluePaletteColorLookupTableDescriptor: [entries, 0, 16],
        RedPaletteColorLookupTableData: lut((i) => 40 + i * 13),
        GreenPaletteColorLookupTableData: lut((i) => 250 - i * 11),
        BluePaletteColorLookupTableData: lut((i) => 30 + ((i * 50) % 200)),
      }),
      pixels: { native: indices, vr: 'OB' },
    });
    return { bytes, indices };
  }
  const inBox = (x: number, y: number) => x >= 2 && x < 5 && y >= 1 && y < 3;
  const paletteBox = new Map([[0, [{ kind: 'box' as const, x: 2, y: 1, w: 3, h: 2 }]]]);

  it('fills a PALETTE COLOR redaction with the index of its black entry and keeps every other index and the palette', async () => {
    const side = 6;
    const { bytes, indices } = paletteFile(side, 9);
    const out = deidentifyDicom(bytes, { secret, dates: 'remove', redactions: paletteBox });
    expect(out.paletteToRgb).toBe(false);
    const back = dcmjs.data.DicomMessage.readFile(out.bytes.buffer.slice(out.bytes.byteOffset) as ArrayBuffer);
    expect(back.dict['00280004']!.Value).toEqual(['PALETTE COLOR']);
    const stored = new Uint8Array(back.dict['7FE00010']!.Value[0] as ArrayBuffer);
    const shown = (await decodeDicomFrame(out.bytes, 0)).data;
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const i = y * side + x;
        if (inBox(x, y)) {
          expect(stored[i], `${x},${y} is the black index`).toBe(9);
          expect(Array.from(shown.subarray(i * 3, i * 3 + 3)), `${x},${y} decodes black`).toEqual([0, 0, 0]);
        } else expect(stored[i], `${x},${y} is unchanged`).toBe(indices[i]);
      }
    }
  });

  for (const [why, black, mode] of [
    ['a palette without a black entry', null, 'fill'],
    ['a blur (palette indices cannot be averaged)', 9, 'blur'],
  ] as const) {
    it(`writes PALETTE COLOR pixels as RGB for ${why}: the redaction decodes black or blurred, the rest as it was, and the result says so`, async () => {
      const side = 6;
      const { bytes } = paletteFile(side, black);
      const out = deidentifyDicom(bytes, { secret, dates: 'remove', redactions: paletteBox, redactMode: mode });
      expect(out.paletteToRgb).toBe(true);
      const back = dcmjs.data.DicomMessage.readFile(out.bytes.buffer.slice(out.bytes.byteOffset) as ArrayBuffer);
      expect(back.dict['00280004']!.Value).toEqual(['RGB']);
      expect(back.dict['00281201']).toBeUndefined();
      const before = (await decodeDicomFrame(bytes, 0)).data;
      const after = (await decodeDicomFrame(out.bytes, 0)).data;
      let changed = 0;
      for (let y = 0; y < side; y++) {
        for (let x = 0; x < side; x++) {
          const i = (y * side + x) * 3;
          const got = Array.from(after.subarray(i, i + 3));
          const was = Array.from(before.subarray(i, i + 3));
          if (!inBox(x, y)) expect(got, `${x},${y} is unchanged`).toEqual(was);
          else if (mode === 'fill') expect(got, `${x},${y} is black`).toEqual([0, 0, 0]);
          else if (got.join() !== was.join()) changed++;
        }
      }
      if (mode === 'blur') expect(changed).toBeGreaterThan(3);
    });
  }

  it('fills a MONOCHROME1 redaction with the highest value, which displays black', () => {
    const bytes = makeDicom({ rows: 4, columns: 4, photometric: 'MONOCHROME1', bitsStored: 12 });
    const redactions = new Map([[0, [{ kind: 'box' as const, x: 0, y: 0, w: 1, h: 1 }]]]);
    const out = deidentifyDicom(bytes, { secret, dates: 'remove', redactions });
    const back = dcmjs.data.DicomMessage.readFile(out.bytes.buffer.slice(0) as ArrayBuffer);
    const px = new Uint16Array(back.dict['7FE00010']!.Value[0] as ArrayBuffer);
    expect([px[0], px[1]]).toEqual([4095, 1]);
    expect(out.redactedFrames).toBe(1);
  });
});
