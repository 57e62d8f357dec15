import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { DeidError, dateOffsetDays, deidentifyDicom, newUid } from '../../src-main/privacy/deidentify.js';
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

  it('refuses to redact pixels it cannot black out correctly (YBR), instead of writing them unredacted', () => {
    const bytes = makeDicom({ rows: 4, columns: 4, bitsAllocated: 8, samplesPerPixel: 3, photometric: 'YBR_FULL' });
    const redactions = new Map([[0, [{ kind: 'box' as const, x: 0, y: 0, w: 2, h: 2 }]]]);
    expect(reason(() => deidentifyDicom(bytes, { secret, dates: 'shift', redactions }))).toMatch(/YBR_FULL.*MONOCHROME1, MONOCHROME2 and RGB/);
  });

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
