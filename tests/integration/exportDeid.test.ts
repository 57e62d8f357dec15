import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportOptions, ExportSummary } from '../../src-main/api/exports.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import type { Session } from '../../src-main/services/Session.js';
import { encodeRle } from '../helpers/dicomEncoders.js';
import { decodeDicomFrame } from '../../src-main/imaging/dicom/index.js';
import { UID, colourAttributes, greyAttributes, u16Bytes, writeDicom } from '../helpers/dicomFiles.js';
import { listFiles } from '../helpers/tempDataset.js';
import { exportRunner, openTempDataset } from '../helpers/tempSession.js';

/**
 * De-identified DICOM export (issue 13): a CT slice with patient data in every place the Basic
 * Profile lists (patient, study, series, physicians, institution, dates, private tags, nested
 * sequences, OtherPatientIDsSequence, a 10 MB text attribute) goes out with none of it anywhere
 * in its bytes, new UIDs that are the same in every export, and its pixels as they were.
 */

interface Element {
  vr: string;
  Value: unknown[];
}
type Dict = Record<string, Element>;
const dcmjs = createRequire(import.meta.url)('dcmjs') as {
  data: {
    DicomMetaDictionary: { denaturalizeDataset(ds: Record<string, unknown>): Dict };
    DicomDict: new (meta: Dict) => { dict: Dict; write(): ArrayBuffer };
    DicomMessage: { readFile(b: ArrayBuffer): { meta: Dict; dict: Dict } };
  };
  log: { setLevel?: (l: string) => void };
};
dcmjs.log.setLevel?.('error');
const { DicomMetaDictionary, DicomDict, DicomMessage } = dcmjs.data;

const SIDE = 32;
const ROOT = '1.2.826.0.1.3680043.8.498.7731';
const UIDS = { sop: `${ROOT}.1.1`, study: `${ROOT}.2.2`, series: `${ROOT}.3.3`, frame: `${ROOT}.4.4`, source: `${ROOT}.5.5` };

/** Every identifying value the file holds; none may appear in an export's bytes. */
const PHI = [
  'Quixworth^Zebulon',
  'Quixworth',
  'Zebulon',
  'MRN-99887766',
  'ALT-ID-5544332',
  'Elsewhere Issuer',
  '42 Wallaby Way',
  'ACC-7788991',
  'STUDY-4455',
  'Knee follow-up of Zebulon',
  'Series for Quixworth',
  'Hibbert^Julius',
  'Riviera^Nick',
  'Operator^Ophelia',
  'Record^Rupert',
  'Springfield General Hospital',
  '1 Hospital Road',
  'CT-STATION-QX9',
  'PRIVATE-CREATOR-ACME',
  'private note about Zebulon',
  'Nested^Nigel',
  'PRIVATE-NESTED-SECRET',
  'LONGPHI-',
  '19510713',
  '20240315',
  '20240316',
  ...Object.values(UIDS),
];

const pixels = (() => {
  const p = new Uint16Array(SIDE * SIDE);
  for (let i = 0; i < p.length; i++) p[i] = 100 + ((i * 37) % 3000);
  return p;
})();

function phiDicom(extra: Record<string, unknown> = {}): Buffer {
  const ds: Record<string, unknown> = {
    ...extra,
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
    SOPInstanceUID: UIDS.sop,
    StudyInstanceUID: UIDS.study,
    SeriesInstanceUID: UIDS.series,
    FrameOfReferenceUID: UIDS.frame,
    Modality: 'CT',
    PatientName: 'Quixworth^Zebulon',
    PatientID: 'MRN-99887766',
    PatientBirthDate: '19510713',
    PatientSex: 'M',
    PatientAddress: '42 Wallaby Way',
    OtherPatientIDsSequence: [{ PatientID: 'ALT-ID-5544332', IssuerOfPatientID: 'Elsewhere Issuer' }],
    StudyDate: '20240315',
    StudyTime: '101112',
    SeriesDate: '20240315',
    AcquisitionDate: '20240316',
    ContentDate: '20240316',
    AccessionNumber: 'ACC-7788991',
    StudyID: 'STUDY-4455',
    StudyDescription: 'Knee follow-up of Zebulon',
    SeriesDescription: 'Series for Quixworth',
    ReferringPhysicianName: 'Hibbert^Julius',
    PerformingPhysicianName: 'Riviera^Nick',
    OperatorsName: 'Operator^Ophelia',
    PhysiciansOfRecord: 'Record^Rupert',
    InstitutionName: 'Springfield General Hospital',
    InstitutionAddress: '1 Hospital Road',
    StationName: 'CT-STATION-QX9',
    BodyPartExamined: 'KNEE',
    // A 10 MB text attribute.
    AdditionalPatientHistory: 'LONGPHI-'.repeat((10 * 1024 * 1024) / 8),
    SourceImageSequence: [{ ReferencedSOPClassUID: '1.2.840.10008.5.1.4.1.1.2', ReferencedSOPInstanceUID: UIDS.source, PersonName: 'Nested^Nigel' }],
    SeriesNumber: '3',
    InstanceNumber: '7',
    Rows: SIDE,
    Columns: SIDE,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    WindowCenter: '1500',
    WindowWidth: '3000',
    PixelData: pixels.buffer.slice(0),
    _vrMap: { PixelData: 'OW' },
  };
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: ds.SOPClassUID,
    MediaStorageSOPInstanceUID: UIDS.sop,
    TransferSyntaxUID: '1.2.840.10008.1.2.1',
    ImplementationClassUID: '1.2.826.0.1.3680043.8.498.1',
    SourceApplicationEntityTitle: 'CT-STATION-QX9',
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(ds);
  dict.dict['00090010'] = { vr: 'LO', Value: ['PRIVATE-CREATOR-ACME'] };
  dict.dict['00091001'] = { vr: 'LO', Value: ['private note about Zebulon'] };
  dict.dict['00111010'] = { vr: 'LO', Value: ['MRN-99887766'] };
  // A private element inside a sequence item.
  const item = (dict.dict['00082112']!.Value as Dict[])[0]!;
  item['00190010'] = { vr: 'LO', Value: ['ACME'] };
  item['00191010'] = { vr: 'LO', Value: ['PRIVATE-NESTED-SECRET'] };
  return Buffer.from(dict.write());
}

const read = (file: string) => {
  const b = fs.readFileSync(file);
  return DicomMessage.readFile(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
};
const first = (d: Dict, tag: string) => d[tag]?.Value?.[0];
/** Present with a zero-length value (dcmjs reads an empty string element back as ['']). */
const isEmpty = (el: Element | undefined) => el !== undefined && (el.Value ?? []).every((v) => v === '' || v === null);

describe('de-identified DICOM export', () => {
  const cleanups: (() => void)[] = [];
  let s: Session;
  let dir: string;
  const ids: Record<string, number> = {};
  let lesion = 0;
  const { newOut, run } = exportRunner(cleanups, () => ({ s, dir }));

  beforeAll(async () => {
    ({ s, dir } = openTempDataset(cleanups, 'lightbox-deid-'));
    fs.mkdirSync(path.join(dir, 'ct'));
    fs.mkdirSync(path.join(dir, 'rle'));
    fs.writeFileSync(path.join(dir, 'ct', 'slice.dcm'), phiDicom());
    // A file named after its patient: the name check reads PatientName from the file.
    fs.writeFileSync(path.join(dir, 'ct', 'zebulon_quixworth.dcm'), phiDicom());
    // RLE-compressed: redacting it means decoding it.
    const rleAttrs = greyAttributes(SIDE, SIDE, { allocated: 16, stored: 12, signed: false }, { PatientName: 'Quixworth^Zebulon', PatientID: 'MRN-99887766' });
    fs.writeFileSync(path.join(dir, 'rle', 'packed.dcm'), writeDicom({ transferSyntax: UID.rle, attributes: rleAttrs, pixels: { frames: [[encodeRle(pixels, SIDE * SIDE, 1, 2)]] } }));
    const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
    await s.jobs.wait(jobId);
    const list = (await dispatch(s, 'images.list', {})) as { items: { id: number; path: string }[] };
    for (const i of list.items) ids[i.path] = i.id;
    lesion = ((await dispatch(s, 'classes.add', { name: 'lesion' })) as { id: number }).id;
    for (const p of ['ct/slice.dcm', 'ct/zebulon_quixworth.dcm', 'rle/packed.dcm']) {
      await dispatch(s, 'annotations.create', { imageId: ids[p]!, classId: lesion, shape: { kind: 'box', x: 2, y: 3, w: 6, h: 5 } });
    }
  }, 60_000);
  afterAll(() => {
    for (const c of cleanups.splice(0)) c();
  });

  it('writes no identifying value anywhere in the bytes, marks the file de-identified, and keeps the pixels', async () => {
    const { out, summary } = await run({ format: 'dicom' });
    expect(summary.problems).toEqual([]);
    expect(summary.exported).toBe(3);
    expect(listFiles(out)).toEqual([
      '.lightbox-export.json',
      'PRIVACY.txt',
      'classes.txt',
      'images/packed.dcm',
      'images/slice.dcm',
      'images/zebulon_quixworth.dcm',
      'masks/packed.png',
      'masks/slice.png',
      'masks/zebulon_quixworth.png',
    ]);
    // Without redactions a compressed file keeps its compressed pixels.
    expect(first(read(path.join(out, 'images', 'packed.dcm')).meta, '00020010')).toBe(UID.rle);
    for (const f of ['slice.dcm', 'zebulon_quixworth.dcm', 'packed.dcm']) {
      const text = fs.readFileSync(path.join(out, 'images', f)).toString('latin1').toLowerCase();
      for (const v of PHI) expect(text.includes(v.toLowerCase()), `"${v.slice(0, 40)}" is in ${f}`).toBe(false);
    }

    const back = read(path.join(out, 'images', 'slice.dcm'));
    const d = back.dict;
    expect(first(d, '00120062')).toBe('YES');
    expect(d['00120063']!.Value.length).toBeGreaterThan(0);
    const codes = (d['00120064']!.Value as Dict[]).map((c) => first(c, '00080100'));
    expect(codes).toEqual(['113100', '113107']);
    expect(Object.keys(d).filter((t) => parseInt(t.slice(0, 4), 16) % 2 === 1)).toEqual([]);
    expect(Object.keys((d['00082112']!.Value as Dict[])[0]!).filter((t) => parseInt(t.slice(0, 4), 16) % 2 === 1)).toEqual([]);
    // Type 2 attributes stay, empty; listed ones are gone.
    expect(isEmpty(d['00100010'])).toBe(true);
    expect(isEmpty(d['00100020'])).toBe(true);
    expect(d['00101002']).toBeUndefined();
    expect(d['00080080']).toBeUndefined();
    expect(d['001021B0']).toBeUndefined();
    // Kept: what the image is.
    expect(first(d, '00080060')).toBe('CT');
    expect(first(d, '00180015')).toBe('KNEE');
    // New UIDs: valid 2.25 form, the SOP instance the same in the data set and the file header.
    const sop = first(d, '00080018') as string;
    for (const tag of ['00080018', '0020000D', '0020000E', '00200052']) {
      expect(first(d, tag)).toMatch(/^2\.25\.[1-9]\d*$/);
      expect((first(d, tag) as string).length).toBeLessThanOrEqual(64);
    }
    expect(first(back.meta, '00020003')).toBe(sop);
    expect(first(d, '00080016')).toBe('1.2.840.10008.5.1.4.1.1.2');
    // Dates move back together: the day between study and acquisition survives.
    const day = (da: string) => Date.UTC(Number(da.slice(0, 4)), Number(da.slice(4, 6)) - 1, Number(da.slice(6, 8))) / 86_400_000;
    const study = first(d, '00080020') as string;
    const acquired = first(d, '00080022') as string;
    expect(day(acquired) - day(study)).toBe(1);
    expect(day(study)).toBeLessThan(day('20240315'));
    expect(first(d, '00280303')).toBe('MODIFIED');
    // The pixels are the stored values, unchanged.
    expect([...new Uint16Array(d['7FE00010']!.Value[0] as ArrayBuffer)]).toEqual([...pixels]);

    const report = fs.readFileSync(path.join(out, 'PRIVACY.txt'), 'utf8');
    expect(report).toMatch(/Basic Application Level Confidentiality Profile/);
    expect(report).toMatch(/X removed \(\d+\): .*InstitutionName/);
    expect(report).toMatch(/Z emptied \(\d+\): .*PatientName/);
    expect(report).toMatch(/U replaced by a new UID .*StudyInstanceUID/);
    expect(report).toMatch(/Private elements removed: [1-9]/);
    // The file named after its patient is flagged; the patient's name is read from the file.
    expect(report).toMatch(/images\/zebulon_quixworth\.dcm: contains the name "Quixworth Zebulon"/);
  }, 60_000);

  it('maps the same original UID to the same new one in every export, and different files apart', async () => {
    const a = read(path.join((await run({ format: 'dicom' })).out, 'images', 'slice.dcm')).dict;
    const b = read(path.join((await run({ format: 'dicom', dates: 'remove' })).out, 'images', 'slice.dcm')).dict;
    for (const tag of ['00080018', '0020000D', '0020000E', '00200052']) {
      expect(first(a, tag)).toBe(first(b, tag));
      expect(Object.values(UIDS)).not.toContain(first(a, tag));
    }
    const nested = (x: Dict) => first((x['00082112']!.Value as Dict[])[0]!, '00081155');
    expect(nested(a)).toBe(nested(b));
    expect(nested(a)).toMatch(/^2\.25\./);
    // --dates remove empties the dates.
    expect(isEmpty(b['00080020'])).toBe(true);
    expect(first(b, '00280303')).toBe('REMOVED');
  }, 60_000);

  it('refuses a file whose identifying value survives the profile: not written, listed with the reason, counted in the report', async () => {
    fs.mkdirSync(path.join(dir, 'odd'));
    // The patient's name in an attribute the profile keeps (Manufacturer).
    fs.writeFileSync(path.join(dir, 'odd', 'leaky.dcm'), phiDicom({ Manufacturer: 'Quixworth Devices' }));
    const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
    await s.jobs.wait(jobId);
    const leaky = ((await dispatch(s, 'images.list', {})) as { items: { id: number; path: string }[] }).items.find((i) => i.path === 'odd/leaky.dcm')!;
    const region = (await dispatch(s, 'annotations.create', { imageId: leaky.id, classId: lesion, shape: { kind: 'box', x: 1, y: 1, w: 3, h: 3 } })) as { id: number };
    try {
      const { out, summary } = await run({ format: 'dicom' });
      expect(summary.problems).toEqual([{ path: 'odd/leaky.dcm', reason: expect.stringMatching(/not de-identified, so not exported: .*identifying value survived/) }]);
      expect(summary.exported).toBe(3);
      expect(listFiles(out).filter((f) => f.includes('leaky'))).toEqual([]);
      expect(summary.privacy.dicom).toMatchObject({ files: 3, refused: 1 });
      expect(fs.readFileSync(path.join(out, 'PRIVACY.txt'), 'utf8')).toMatch(/refused because a step failed \(not written, listed in the summary\): 1/);
    } finally {
      await dispatch(s, 'annotations.delete', { ids: [region.id] });
    }
  }, 60_000);

  it('redacts the pixel data in place, clipped to the image, and never writes the redaction as a label', async () => {
    const banner = (await dispatch(s, 'classes.add', { name: 'banner', redact: true })) as { id: number; redact: boolean };
    expect(banner.redact).toBe(true);
    // Partly outside the image: the store clips it to the image.
    for (const p of ['ct/slice.dcm', 'rle/packed.dcm']) {
      await dispatch(s, 'annotations.create', { imageId: ids[p]!, classId: banner.id, shape: { kind: 'box', x: 20, y: -4, w: 40, h: 10 } });
    }
    try {
      const { out, summary } = await run({ format: 'dicom' });
      expect(summary.privacy.redactedImages).toBe(2);
      const d = read(path.join(out, 'images', 'slice.dcm')).dict;
      const got = new Uint16Array(d['7FE00010']!.Value[0] as ArrayBuffer);
      for (let y = 0; y < SIDE; y++) {
        for (let x = 0; x < SIDE; x++) {
          const i = y * SIDE + x;
          expect(got[i], `pixel ${x},${y}`).toBe(x >= 20 && y < 6 ? 0 : pixels[i]);
        }
      }
      expect(fs.readFileSync(path.join(out, 'classes.txt'), 'utf8')).toBe('0 background\n1 lesion\n');
      // The RLE file was decoded, redacted and written explicit VR little endian; the report says so.
      const packed = read(path.join(out, 'images', 'packed.dcm'));
      expect(first(packed.meta, '00020010')).toBe('1.2.840.10008.1.2.1');
      const unpacked = new Uint16Array(packed.dict['7FE00010']!.Value[0] as ArrayBuffer);
      for (let i = 0; i < SIDE * SIDE; i++) expect(unpacked[i], `packed pixel ${i}`).toBe(i % SIDE >= 20 && i < 6 * SIDE ? 0 : pixels[i]);
      expect(fs.readFileSync(path.join(out, 'PRIVACY.txt'), 'utf8')).toMatch(/1 file had compressed pixels decoded to redact them/);
      expect(fs.readFileSync(path.join(out, 'PRIVACY.txt'), 'utf8')).toMatch(/redaction regions were filled with black in 2 images/);
    } finally {
      await dispatch(s, 'classes.delete', { id: banner.id, confirm: true });
    }
  }, 60_000);
  it('redacts a palette-colour file whose palette has no black entry by writing it as RGB, and says so in PRIVACY.txt', async () => {
    fs.mkdirSync(path.join(dir, 'colour'));
    const side = 8;
    const entries = 4;
    const lut = (f: (i: number) => number) => u16Bytes(Array.from({ length: entries }, (_, i) => f(i) * 257)).buffer;
    const indices = Uint8Array.from({ length: side * side }, (_, i) => i % entries);
    const attrs = {
      ...colourAttributes(side, side, 'PALETTE COLOR', { SamplesPerPixel: 1, PatientName: 'Quixworth^Zebulon', PatientID: 'MRN-99887766' }),
      RedPaletteColorLookupTableDescriptor: [entries, 0, 16],
      GreenPaletteColorLookupTableDescriptor: [entries, 0, 16],
      BluePaletteColorLookupTableDescriptor: [entries, 0, 16],
      RedPaletteColorLookupTableData: lut((i) => 60 + i * 40),
      GreenPaletteColorLookupTableData: lut((i) => 200 - i * 30),
      BluePaletteColorLookupTableData: lut(() => 90),
    };
    const source = writeDicom({ transferSyntax: UID.explicitLE, attributes: attrs, pixels: { native: indices, vr: 'OB' } });
    fs.writeFileSync(path.join(dir, 'colour', 'doppler.dcm'), source);
    const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
    await s.jobs.wait(jobId);
    const id = ((await dispatch(s, 'images.list', {})) as { items: { id: number; path: string }[] }).items.find((i) => i.path === 'colour/doppler.dcm')!.id;
    const banner = (await dispatch(s, 'classes.add', { name: 'banner', redact: true })) as { id: number };
    await dispatch(s, 'annotations.create', { imageId: id, classId: lesion, shape: { kind: 'box', x: 5, y: 5, w: 2, h: 2 } });
    await dispatch(s, 'annotations.create', { imageId: id, classId: banner.id, shape: { kind: 'box', x: 0, y: 0, w: 8, h: 3 } });
    const { out, summary } = await run({ format: 'dicom' });
    expect(summary.privacy.dicom?.paletteToRgb).toBe(1);
    expect(fs.readFileSync(path.join(out, 'PRIVACY.txt'), 'utf8')).toMatch(/1 file had palette-colour pixels written as RGB to redact them/);
    const written = new Uint8Array(fs.readFileSync(path.join(out, 'images', 'doppler.dcm')));
    const before = (await decodeDicomFrame(source, 0)).data;
    const after = (await decodeDicomFrame(written, 0)).data;
    for (let i = 0; i < side * side; i++) {
      const got = Array.from(after.subarray(i * 3, i * 3 + 3));
      expect(got, `pixel ${i}`).toEqual(i < 3 * side ? [0, 0, 0] : Array.from(before.subarray(i * 3, i * 3 + 3)));
    }
  }, 60_000);
});
