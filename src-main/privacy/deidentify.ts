import crypto from 'node:crypto';
import * as dcmjsNs from 'dcmjs';
import type { RegionShape } from '../api/annotations.js';
import { decodeDicomFrame, readDicomInfo } from '../imaging/dicom/index.js';
import { BASIC_PROFILE, type ProfileAction, REPEATING_GROUP_RULES } from './deidentifyProfile.js';
import { PALETTE_TAGS, blackIndex, paletteOf, paletteToRgb as paletteToRgb_ } from './paletteRedaction.js';
import { type RedactMode, type Samples, coverMask, redactPixels } from './redaction.js';

/**
 * De-identification of one DICOM file with the PS3.15 Annex E Basic Application Level
 * Confidentiality Profile (the table is deidentifyProfile.ts), through dcmjs: read the Part 10 file,
 * act on its elements by tag (at every depth of every sequence), redact its pixels where asked,
 * mark it de-identified, write it, then read the written file back and check it. Any failure is a
 * DeidError whose message is the reason the file is refused: nothing is written for it.
 */

interface Element {
  vr: string;
  Value?: unknown[];
  InlineBinary?: unknown;
}
type Dict = Record<string, Element>;
interface DicomDictLike {
  meta: Dict;
  dict: Dict;
  write(options?: Record<string, unknown>): ArrayBuffer;
}
interface Dcmjs {
  data: {
    DicomMessage: { readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): DicomDictLike };
    DicomMetaDictionary: { dictionary: Record<string, { name?: string; vr?: string } | undefined> };
  };
  log: { setLevel?: (level: string) => void; level?: unknown };
}
const dcmjs = ((dcmjsNs as unknown as { default?: Dcmjs }).default ?? (dcmjsNs as unknown as Dcmjs)) as Dcmjs;
dcmjs.log.setLevel?.('error');

export class DeidError extends Error {}

export type DatesOption = 'shift' | 'remove';
export type Action = 'X' | 'Z' | 'D' | 'U';

export interface DeidOptions {
  /** The dataset's secret (store/deidRepo.ts): same secret, same new UIDs and date offsets. */
  secret: Buffer;
  dates: DatesOption;
  /** Redaction shapes per 0-based frame, in pixels of the frame. */
  redactions?: ReadonlyMap<number, readonly RegionShape[]>;
  redactMode?: RedactMode;
  /** The decoded pixels of a compressed file (nativePixels), written instead of its fragments so they can be redacted. */
  native?: NativePixels;
}

/** Decoded frames as uncompressed Pixel Data, with the image pixel attributes that describe them. */
export interface NativePixels {
  data: ArrayBuffer;
  samplesPerPixel: 1 | 3;
  photometric: string;
  bitsAllocated: 8 | 16;
  bitsStored: number;
  highBit: number;
  pixelRepresentation: 0 | 1;
}

/** True when the file's pixels are compressed (encapsulated), so redacting them means decoding them first. */
export function isCompressed(bytes: Uint8Array): boolean {
  const ts = readDicomInfo(bytes, { fileSize: bytes.length }).transferSyntax;
  return ts !== EXPLICIT_LE && ts !== IMPLICIT_LE && ts !== DEFLATED_LE && ts !== EXPLICIT_BE;
}

/**
 * Decode every frame of a compressed file back to stored values (grey: the modality value undone
 * by the file's RescaleSlope/Intercept; colour: 8-bit RGB, as YBR and palette decode to), for
 * writing explicit VR little endian. Refused where the way back is not exact: a Modality LUT, or
 * per-frame rescales of an enhanced multi-frame file.
 */
export async function nativePixels(bytes: Uint8Array): Promise<NativePixels> {
  const info = readDicomInfo(bytes, { fileSize: bytes.length });
  if (info.modalityLut) throw new DeidError('has compressed pixels with a Modality LUT, which Lightbox cannot decode back to stored values to redact them');
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (file.includes(Buffer.from([0x00, 0x52, 0x30, 0x92]))) throw new DeidError('has compressed pixels with per-frame values (an enhanced multi-frame file), which Lightbox does not redact');
  const n = info.rows * info.columns;
  const first = await decodeDicomFrame(bytes, 0);
  if (first.channels === 3) {
    const out = new Uint8Array(n * 3 * info.frames);
    out.set(first.data as Uint8Array, 0);
    for (let f = 1; f < info.frames; f++) out.set((await decodeDicomFrame(bytes, f)).data as Uint8Array, f * n * 3);
    return { data: out.buffer, samplesPerPixel: 3, photometric: 'RGB', bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 0 };
  }
  if (info.bitsAllocated > 16) throw new DeidError(`has ${info.bitsAllocated}-bit compressed pixels; Lightbox redacts up to 16 bits`);
  const bits = info.bitsAllocated <= 8 ? 8 : 16;
  const signed = info.pixelRepresentation === 1;
  const out = bits === 8 ? new Uint8Array(n * info.frames) : signed ? new Int16Array(n * info.frames) : new Uint16Array(n * info.frames);
  const lo = signed ? -(2 ** (info.bitsStored - 1)) : 0;
  const hi = signed ? 2 ** (info.bitsStored - 1) - 1 : 2 ** info.bitsStored - 1;
  const slope = info.rescaleSlope || 1;
  for (let f = 0; f < info.frames; f++) {
    const frame = f === 0 ? first : await decodeDicomFrame(bytes, f);
    for (let i = 0; i < n; i++) out[f * n + i] = Math.min(hi, Math.max(lo, Math.round((frame.data[i]! - info.rescaleIntercept) / slope)));
  }
  return { data: out.buffer as ArrayBuffer, samplesPerPixel: 1, photometric: info.photometric, bitsAllocated: bits, bitsStored: info.bitsStored, highBit: info.bitsStored - 1, pixelRepresentation: signed ? 1 : 0 };
}

export interface DeidResult {
  bytes: Uint8Array;
  /** Attribute keywords acted on, per action. */
  actions: Record<Action, Set<string>>;
  privateRemoved: number;
  /** Frames whose pixels were redacted. */
  redactedFrames: number;
  /** The compressed pixels were decoded (to redact them) and written explicit VR little endian. */
  decompressed: boolean;
  /** The palette-colour pixels were written as RGB (to redact them: see redactNative). */
  paletteToRgb: boolean;
}

const PIXEL_DATA = '7FE00010';
const DICOM_ROOT = '1.2.840.10008.';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const IMPLICIT_LE = '1.2.840.10008.1.2';
const DEFLATED_LE = '1.2.840.10008.1.2.1.99';
const EXPLICIT_BE = '1.2.840.10008.1.2.2';

const PROFILE = new Map(BASIC_PROFILE.map(([tag, keyword, action]) => [tag, { keyword, action }]));

/** Ids and contact details: the check of a written file looks for these (and every person name) in it. */
const IDENTIFYING = new Set([
  '00100020', // PatientID
  '00101000', // OtherPatientIDs
  '00080050', // AccessionNumber
  '00101040', // PatientAddress
  '00102154', // PatientTelephoneNumbers
  '00380010', // AdmissionID
  '00401001', // RequestedProcedureID
  '00402016', // PlacerOrderNumberImagingServiceRequest
  '00402017', // FillerOrderNumberImagingServiceRequest
  '00181000', // DeviceSerialNumber
]);

/** Sequences nest; a file nesting deeper than this is refused rather than walked. */
const MAX_DEPTH = 64;

/** Method text written into DeidentificationMethod (LO: 64 characters per value). */
const METHOD = ['DICOM PS3.15 Annex E Basic Profile', 'Lightbox Studio'];

function keywordOf(tag: string): string {
  const profiled = PROFILE.get(tag);
  if (profiled) return profiled.keyword;
  const entry = dcmjs.data.DicomMetaDictionary.dictionary[`(${tag.slice(0, 4)},${tag.slice(4)})`];
  return entry?.name ?? `(${tag.slice(0, 4)},${tag.slice(4)})`;
}

/** The new UID for `uid`: 2.25 and the first 128 bits of HMAC-SHA256(secret, uid) as a decimal (PS3.5 B.2). */
export function newUid(secret: Buffer, uid: string): string {
  const h = crypto.createHmac('sha256', secret).update(`uid:${uid.trim()}`).digest();
  return `2.25.${BigInt(`0x${h.subarray(0, 16).toString('hex')}`).toString()}`;
}

/** Days every date of a patient moves back by: 1 to 3650, from HMAC-SHA256(secret, PatientID). */
export function dateOffsetDays(secret: Buffer, patientId: string): number {
  const h = crypto.createHmac('sha256', secret).update(`date:${patientId.trim()}`).digest();
  return 1 + (h.readUInt32BE(0) % 3650);
}

function shiftDate(da: string, days: number): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(da.trim());
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (!Number.isFinite(t)) return null;
  const d = new Date(t - days * 86_400_000);
  const y = d.getUTCFullYear();
  if (y < 1 || y > 9999) return null;
  return `${String(y).padStart(4, '0')}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

function dummyValue(vr: string): unknown[] {
  switch (vr) {
    case 'PN':
      return [{ Alphabetic: 'ANONYMIZED' }];
    case 'DA':
      return ['19000101'];
    case 'TM':
      return ['000000'];
    case 'DT':
      return ['19000101000000'];
    case 'IS':
    case 'DS':
    case 'US':
    case 'SS':
    case 'UL':
    case 'SL':
    case 'FL':
    case 'FD':
      return [0];
    case 'SQ':
    case 'OB':
    case 'OW':
    case 'UN':
      return [];
    default:
      return ['ANONYMIZED'];
  }
}

/** Text of a value for the leak check: a person name's parts, or the string. */
function texts(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (v && typeof v === 'object' && !(v instanceof ArrayBuffer) && !ArrayBuffer.isView(v)) {
    return Object.values(v as Record<string, unknown>).filter((x): x is string => typeof x === 'string');
  }
  return [];
}

class Walker {
  readonly actions: Record<Action, Set<string>> = { X: new Set(), Z: new Set(), D: new Set(), U: new Set() };
  privateRemoved = 0;
  /** Identifying values removed or replaced (names, ids, UIDs): the written file must hold none of them. */
  readonly secrets = new Set<string>();
  readonly uidMap = new Map<string, string>();

  constructor(
    private readonly secret: Buffer,
    private readonly dates: DatesOption,
    private readonly days: number,
  ) {}

  private note(action: Action, tag: string): void {
    this.actions[action].add(keywordOf(tag));
  }

  /**
   * Keep the identifying values of `el` (a person's name, an id, an address; inside a removed
   * sequence too) for the check of the written file. Descriptions are not kept: "CHEST" removed from
   * StudyDescription may rightly stay in BodyPartExamined.
   */
  private remember(tag: string, el: Element, depth = 0): void {
    if (el.vr === 'SQ') {
      if (depth < MAX_DEPTH) for (const item of (el.Value ?? []) as Dict[]) if (item && typeof item === 'object') for (const [t, e] of Object.entries(item)) this.remember(t.toUpperCase(), e, depth + 1);
      return;
    }
    if (el.vr !== 'PN' && !IDENTIFYING.has(tag)) return;
    for (const v of el.Value ?? []) for (const t of texts(v)) for (const part of t.split(/[\^=\\]/)) if (part.trim().length >= 3) this.secrets.add(part.trim());
  }

  uid(u: string): string {
    const key = u.trim().replace(/\0+$/, '');
    let to = this.uidMap.get(key);
    if (!to) {
      to = newUid(this.secret, key);
      this.uidMap.set(key, to);
    }
    return to;
  }

  walk(dict: Dict, depth: number): void {
    if (depth > MAX_DEPTH) throw new DeidError(`sequences nest more than ${MAX_DEPTH} deep`);
    for (const tag of Object.keys(dict)) {
      const el = dict[tag]!;
      if (!/^[0-9A-F]{8}$/i.test(tag)) throw new DeidError(`has an element dcmjs could not read (${tag})`);
      const group = parseInt(tag.slice(0, 4), 16);
      if (group % 2 === 1) {
        delete dict[tag];
        this.privateRemoved++;
        continue;
      }
      if (tag === PIXEL_DATA) continue;
      const upper = tag.toUpperCase();
      const profiled = PROFILE.get(upper);
      const action: ProfileAction | undefined = profiled?.action ?? (REPEATING_GROUP_RULES.some((r) => r.test(upper)) ? 'X' : undefined);
      if (action === 'X') {
        this.remember(upper, el);
        delete dict[tag];
        this.note('X', upper);
        continue;
      }
      if (action === 'Z') {
        this.remember(upper, el);
        if ((el.Value?.length ?? 0) > 0) this.note('Z', upper);
        el.Value = [];
        continue;
      }
      if (action === 'D') {
        this.remember(upper, el);
        el.Value = dummyValue(el.vr);
        this.note('D', upper);
        continue;
      }
      if (el.vr === 'UN' && !dcmjs.data.DicomMetaDictionary.dictionary[`(${upper.slice(0, 4)},${upper.slice(4)})`]) {
        // An element no dictionary knows, of unknown VR: its bytes could be anything.
        delete dict[tag];
        this.note('X', upper);
        continue;
      }
      if (el.vr === 'UI') {
        const values = (el.Value ?? []) as unknown[];
        let changed = false;
        el.Value = values.map((v) => {
          if (typeof v !== 'string' || v.trim() === '' || (action !== 'U' && v.trim().startsWith(DICOM_ROOT))) return v;
          changed = true;
          this.secrets.add(v.trim());
          return this.uid(v);
        });
        if (changed) this.note('U', upper);
        continue;
      }
      if (el.vr === 'SQ') {
        for (const item of (el.Value ?? []) as Dict[]) if (item && typeof item === 'object') this.walk(item, depth + 1);
        continue;
      }
      if (el.vr === 'PN') {
        // A person's name the table does not list (an observer in a sequence, a private-looking use of a standard tag).
        if ((el.Value?.length ?? 0) > 0) {
          this.remember(upper, el);
          el.Value = [];
          this.note('Z', upper);
        }
        continue;
      }
      if (el.vr === 'DA' || el.vr === 'DT' || el.vr === 'TM') this.date(el, upper);
    }
  }

  private date(el: Element, tag: string): void {
    const values = el.Value ?? [];
    if (values.length === 0) return;
    if (this.dates === 'remove') {
      el.Value = [];
      this.note('Z', tag);
      return;
    }
    if (el.vr === 'TM') return; // times of day stay: without their dates they point at no day
    el.Value = values
      .map((v) => {
        if (typeof v !== 'string') return null;
        const shifted = shiftDate(v, this.days);
        return shifted === null ? null : el.vr === 'DT' ? shifted + v.trim().slice(8) : shifted;
      })
      .filter((v): v is string => v !== null);
    this.note('D', tag);
  }
}

function str(dict: Dict, tag: string): string {
  const v = dict[tag]?.Value?.[0];
  return typeof v === 'string' ? v.trim() : v && typeof v === 'object' ? texts(v).join('^') : v === undefined || v === null ? '' : String(v);
}

function num(dict: Dict, tag: string, fallback: number): number {
  const v = Number(dict[tag]?.Value?.[0]);
  return Number.isFinite(v) ? v : fallback;
}

/** Pixel data larger than this is not converted from a palette to RGB (three bytes a pixel). */
const MAX_RGB_BYTES = 512 * 1024 * 1024;

/**
 * Redact the native (uncompressed) pixels of every frame that has shapes, in place. Black as
 * displayed: the lowest grey (MONOCHROME1: the highest), RGB 0, YBR_FULL Y 0 with neutral chroma,
 * a palette's black entry. PALETTE COLOR pixels become RGB when the palette has no black entry or
 * the redaction is a blur (indices cannot be averaged); `paletteToRgb` says so.
 */
function redactNative(dict: Dict, redactions: ReadonlyMap<number, readonly RegionShape[]>, mode: RedactMode): { frames: number; paletteToRgb: boolean } {
  const el = dict[PIXEL_DATA];
  const value = el?.Value?.[0];
  if (!(value instanceof ArrayBuffer)) throw new DeidError('has no pixel data to redact');
  let buf: ArrayBuffer = value;
  const rows = num(dict, '00280010', 0);
  const cols = num(dict, '00280011', 0);
  const frames = Math.max(1, num(dict, '00280008', 1));
  let spp = num(dict, '00280002', 1);
  let bits = num(dict, '00280100', 0);
  let stored = num(dict, '00280101', bits);
  let signed = num(dict, '00280103', 0) === 1;
  let planar = num(dict, '00280006', 0) === 1;
  let photometric = str(dict, '00280004');
  if (!['MONOCHROME1', 'MONOCHROME2', 'RGB', 'YBR_FULL', 'PALETTE COLOR'].includes(photometric)) {
    // 4:2:2 / 4:2:0: a chroma pair shared by a pixel inside and one outside would tint the one outside.
    const why = /_42[02]$/.test(photometric) ? ' (its pixels share colour samples, which a redaction edge would split)' : '';
    throw new DeidError(`pixels are ${photometric || 'of no stated colour model'}: Lightbox redacts MONOCHROME1, MONOCHROME2, RGB, YBR_FULL and PALETTE COLOR pixel data only${why}`);
  }
  if (bits !== 8 && bits !== 16) throw new DeidError(`pixels are ${bits}-bit: Lightbox redacts 8- and 16-bit pixel data only`);
  if ((photometric === 'PALETTE COLOR' ? 1 : photometric.startsWith('MONO') ? 1 : 3) !== spp) throw new DeidError(`pixels are ${photometric} with ${spp} samples per pixel, which does not match`);
  const samplesOf = (b: ArrayBuffer, n: number): Samples => (bits === 8 ? new Uint8Array(b, 0, n) : signed ? new Int16Array(b, 0, n) : new Uint16Array(b, 0, n));
  if (buf.byteLength < rows * cols * spp * frames * (bits / 8)) throw new DeidError('pixel data is shorter than its rows, columns and frames say');
  const lo = signed ? -(2 ** (stored - 1)) : 0;
  const hi = signed ? 2 ** (stored - 1) - 1 : 2 ** stored - 1;
  let black = photometric === 'MONOCHROME1' ? hi : lo;
  let paletteToRgb = false;
  if (photometric === 'PALETTE COLOR') {
    const palette = paletteOf(dict, signed);
    if (typeof palette === 'string') throw new DeidError(`has a colour palette that ${palette}`);
    const index = blackIndex(palette);
    if (mode === 'fill' && index !== null && index >= lo && index <= hi) {
      black = index;
    } else {
      if (rows * cols * frames * 3 > MAX_RGB_BYTES) throw new DeidError('has palette-colour pixels too large to write as RGB for their redaction');
      const rgb = paletteToRgb_(samplesOf(buf, rows * cols * frames), palette);
      buf = rgb.buffer as ArrayBuffer;
      dict[PIXEL_DATA] = { vr: 'OB', Value: [buf] };
      for (const tag of PALETTE_TAGS) delete dict[tag];
      dict['00280002'] = { vr: 'US', Value: [3] };
      dict['00280004'] = { vr: 'CS', Value: ['RGB'] };
      dict['00280006'] = { vr: 'US', Value: [0] };
      dict['00280100'] = { vr: 'US', Value: [8] };
      dict['00280101'] = { vr: 'US', Value: [8] };
      dict['00280102'] = { vr: 'US', Value: [7] };
      dict['00280103'] = { vr: 'US', Value: [0] };
      [spp, bits, stored, signed, planar, photometric, black] = [3, 8, 8, false, false, 'RGB', 0];
      paletteToRgb = true;
    }
  }
  const perFrame = rows * cols * spp;
  const all = samplesOf(buf, perFrame * frames);
  // YBR_FULL black: Y at its lowest, Cb and Cr at the middle of their range (no colour).
  const fills = photometric === 'YBR_FULL' ? [black, 2 ** (stored - 1), 2 ** (stored - 1)] : [black, black, black];
  let done = 0;
  for (const [frame, shapes] of redactions) {
    if (frame < 0 || frame >= frames || shapes.length === 0) continue;
    const mask = coverMask(shapes, cols, rows);
    if (!mask) continue;
    const data = all.subarray(frame * perFrame, (frame + 1) * perFrame) as Samples;
    if (spp === 3 && planar) {
      for (let c = 0; c < 3; c++) redactPixels({ data: data.subarray(c * rows * cols, (c + 1) * rows * cols) as Samples, width: cols, height: rows, channels: 1, alpha: false }, mask, mode, fills[c]);
    } else {
      redactPixels({ data, width: cols, height: rows, channels: spp, alpha: false }, mask, mode, black);
      if (spp === 3 && mode === 'fill' && fills[1] !== black) {
        for (let y = mask.y0; y < mask.y1; y++) {
          for (let x = mask.x0; x < mask.x1; x++) {
            if (mask.bits[y * cols + x] !== 1) continue;
            data[(y * cols + x) * 3 + 1] = fills[1]!;
            data[(y * cols + x) * 3 + 2] = fills[2]!;
          }
        }
      }
    }
    done++;
  }
  return { frames: done, paletteToRgb };
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Every string anywhere in a data set (sequences walked), and whether a private element is left. */
function scan(dict: Dict, out: string[], depth = 0): boolean {
  let privateLeft = false;
  for (const [tag, el] of Object.entries(dict)) {
    if (parseInt(tag.slice(0, 4), 16) % 2 === 1) privateLeft = true;
    if (el.vr === 'SQ') {
      for (const item of (el.Value ?? []) as Dict[]) if (item && depth < MAX_DEPTH && scan(item, out, depth + 1)) privateLeft = true;
    } else {
      for (const v of el.Value ?? []) out.push(...texts(v));
    }
  }
  return privateLeft;
}

/**
 * De-identify one DICOM Part 10 file (see the module comment). Throws DeidError with the reason
 * when any step fails or the check of the written file finds something left.
 */
export function deidentifyDicom(input: Uint8Array, opts: DeidOptions): DeidResult {
  let file: DicomDictLike;
  try {
    file = dcmjs.data.DicomMessage.readFile(toArrayBuffer(input), { ignoreErrors: false });
  } catch (e) {
    throw new DeidError(`could not be read as DICOM for de-identification (${e instanceof Error ? e.message.slice(0, 120) : 'unknown error'})`);
  }
  const syntax = str(file.meta, '00020010');
  if (syntax === EXPLICIT_BE) throw new DeidError('is in the retired big-endian transfer syntax, which Lightbox does not rewrite');
  let encapsulated = syntax !== EXPLICIT_LE && syntax !== IMPLICIT_LE && syntax !== DEFLATED_LE;
  let decompressed = false;
  if (encapsulated && opts.native) {
    const p = opts.native;
    const d = file.dict;
    d[PIXEL_DATA] = { vr: p.bitsAllocated === 8 ? 'OB' : 'OW', Value: [p.data] };
    d['00280002'] = { vr: 'US', Value: [p.samplesPerPixel] };
    d['00280004'] = { vr: 'CS', Value: [p.photometric] };
    if (p.samplesPerPixel === 3) d['00280006'] = { vr: 'US', Value: [0] };
    else delete d['00280006'];
    d['00280100'] = { vr: 'US', Value: [p.bitsAllocated] };
    d['00280101'] = { vr: 'US', Value: [p.bitsStored] };
    d['00280102'] = { vr: 'US', Value: [p.highBit] };
    d['00280103'] = { vr: 'US', Value: [p.pixelRepresentation] };
    file.meta['00020010'] = { vr: 'UI', Value: [EXPLICIT_LE] };
    encapsulated = false;
    decompressed = true;
  }
  const patientId = str(file.dict, '00100020');
  const walker = new Walker(opts.secret, opts.dates, dateOffsetDays(opts.secret, patientId));
  walker.walk(file.dict, 0);

  let redactedFrames = 0;
  let paletteToRgb = false;
  const wanted = opts.redactions && [...opts.redactions.values()].some((s) => s.length > 0);
  if (wanted) {
    if (encapsulated) throw new DeidError('has compressed pixel data that was not decoded for its redactions');
    ({ frames: redactedFrames, paletteToRgb } = redactNative(file.dict, opts.redactions!, opts.redactMode ?? 'fill'));
  }

  const sop = str(file.dict, '00080018');
  if (!sop) throw new DeidError('has no SOPInstanceUID');
  const d = file.dict;
  d['00120062'] = { vr: 'CS', Value: ['YES'] };
  d['00120063'] = { vr: 'LO', Value: [...METHOD, ...(redactedFrames > 0 ? ['Redaction regions hidden in pixel data'] : [])] };
  const code = (value: string, meaning: string): Dict => ({
    '00080100': { vr: 'SH', Value: [value] },
    '00080102': { vr: 'SH', Value: ['DCM'] },
    '00080104': { vr: 'LO', Value: [meaning] },
  });
  d['00120064'] = {
    vr: 'SQ',
    Value: [
      code('113100', 'Basic Application Confidentiality Profile'),
      ...(opts.dates === 'shift' ? [code('113107', 'Retain Longitudinal Temporal Information Modified Dates Option')] : []),
    ],
  };
  d['00280303'] = { vr: 'CS', Value: [opts.dates === 'shift' ? 'MODIFIED' : 'REMOVED'] };

  // The file meta group follows the data set: the new SOP Instance UID, no sender's AE title or private information.
  const meta = file.meta;
  meta['00020003'] = { vr: 'UI', Value: [sop] };
  for (const tag of ['00020016', '00020017', '00020018', '00020100', '00020102']) delete meta[tag];
  // dcmjs inflates a deflated data set on reading; it is written back uncompressed.
  if (syntax === DEFLATED_LE) meta['00020010'] = { vr: 'UI', Value: [EXPLICIT_LE] };

  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(file.write({ allowInvalidVRLength: false }));
  } catch (e) {
    throw new DeidError(`could not be written after de-identification (${e instanceof Error ? e.message.slice(0, 120) : 'unknown error'})`);
  }
  verify(bytes, walker.secrets, sop);
  return { bytes, actions: walker.actions, privateRemoved: walker.privateRemoved, redactedFrames, decompressed, paletteToRgb };
}

/** Read the written file back: marked de-identified, no private element, none of the removed identifiers anywhere in its values. */
function verify(bytes: Uint8Array, secrets: ReadonlySet<string>, sop: string): void {
  let back: DicomDictLike;
  try {
    back = dcmjs.data.DicomMessage.readFile(toArrayBuffer(bytes), { ignoreErrors: false });
  } catch {
    throw new DeidError('the de-identified copy could not be read back');
  }
  if (str(back.dict, '00120062') !== 'YES') throw new DeidError('the de-identified copy lost PatientIdentityRemoved');
  if (str(back.meta, '00020003') !== sop || str(back.dict, '00080018') !== sop) throw new DeidError('the de-identified copy has mismatched SOP Instance UIDs');
  const values: string[] = [];
  if (scan(back.dict, values) || scan(back.meta, values)) throw new DeidError('a private element survived de-identification');
  const lowered = values.map((v) => v.toLowerCase());
  for (const s of secrets) {
    const needle = s.toLowerCase();
    if (lowered.some((v) => v.includes(needle))) throw new DeidError(`an identifying value survived de-identification (${s.length} characters)`);
  }
}
