import zlib from 'node:zlib';
import * as dicomParserNs from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { DicomError } from './DicomError.js';
import { TS } from './transferSyntax.js';

/** 'DICM' at byte 128 of a Part 10 file. */
export function isDicom(head: Uint8Array): boolean {
  return head.length >= 132 && head[128] === 0x44 && head[129] === 0x49 && head[130] === 0x43 && head[131] === 0x4d;
}

/**
 * A deflated data set may inflate to at most this many bytes. The deflated syntax is used for
 * reports and small images, rarely for long series; a deflate bomb (a megabyte that expands to
 * gigabytes) is stopped here, having cost at most this much memory.
 */
export const MAX_INFLATED_BYTES = 256 * 1024 * 1024;

export const PIXEL_DATA = 'x7fe00010';

/** dicom-parser is a UMD bundle: Node's ESM loader gives it as `default`, esbuild's CJS output as both. */
export const dicomParser = ((dicomParserNs as unknown as { default?: typeof dicomParserNs }).default ?? dicomParserNs) as typeof dicomParserNs;

/**
 * Parse a Part 10 file into dicom-parser's data set. dicom-parser keeps offsets into the bytes
 * rather than copies, so a huge private element costs nothing but a seek. With `headerOnly` it stops
 * at the Pixel Data element (its header is read, its value is not), so a prefix of the file is enough.
 */
export function parseDataSet(bytes: Uint8Array, opts: { headerOnly: boolean }): DataSet {
  // The frames of one file are decoded one after another from the same bytes (thumbnails of a
  // multi-frame file): parse them once. A deflated file is inflated whole by each parse, 20 MB per frame otherwise.
  const seen = parsed.get(bytes);
  const hit = opts.headerOnly ? (seen?.header ?? seen?.full) : seen?.full;
  if (hit) return hit;
  if (!isDicom(bytes)) throw new DicomError('not a DICOM file (no DICM marker at byte 128)');
  let ds: DataSet;
  try {
    ds = dicomParser.parseDicom(bytes, {
      untilTag: opts.headerOnly ? PIXEL_DATA : undefined,
      inflater: inflateDataSet,
    });
  } catch (e) {
    throw toDicomError(e);
  }
  parsed.set(bytes, { ...seen, [opts.headerOnly ? 'header' : 'full']: ds });
  return ds;
}

/** Data sets parsed from a file's bytes, for as long as the bytes are kept (the caller's, or dicomFile.ts's last-file cache). */
const parsed = new WeakMap<Uint8Array, { header?: DataSet; full?: DataSet }>();

/** dicom-parser's hook for the deflated syntax: the meta header as it is, then the inflated rest. */
function inflateDataSet(bytes: Uint8Array, position: number): Uint8Array {
  let inflated: Buffer;
  try {
    // A sync flush keeps what a cut stream holds, so a truncated file is reported as truncated
    // (its pixel data ends early) and a prefix of the file still gives its header.
    inflated = zlib.inflateRawSync(bytes.subarray(position), { maxOutputLength: MAX_INFLATED_BYTES, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new DicomError(`deflated data expands beyond ${MAX_INFLATED_BYTES / 1024 / 1024} MB; refused as a possible decompression bomb`);
    }
    throw new DicomError('deflated data is damaged (it could not be inflated)');
  }
  const full = new Uint8Array(position + inflated.length);
  full.set(bytes.subarray(0, position), 0);
  full.set(inflated, position);
  return full;
}

/**
 * dicom-parser throws strings, Errors or `{ exception, dataSet }`, from parsing and from its value
 * accessors alike (a value whose length runs past the end); make one reason of them.
 */
export function toDicomError(e: unknown): DicomError {
  if (e instanceof DicomError) return e;
  const inner = typeof e === 'object' && e !== null && 'exception' in e ? (e as { exception: unknown }).exception : e;
  if (inner instanceof DicomError) return inner;
  // A programming error stays what it is, so it is not passed off as the file's fault.
  if (inner instanceof TypeError || inner instanceof ReferenceError || inner instanceof SyntaxError) throw inner;
  const msg = inner instanceof Error ? inner.message : String(inner);
  if (inner instanceof RangeError && /allocation|array length|buffer/i.test(msg)) return new DicomError('image is too large to decode in the memory available');
  if (/overread|overrun|beyond|end of buffer|past end|maxPosition|out of range|outside the bounds/i.test(msg)) return new DicomError('file is truncated or damaged (a DICOM element runs past the end of the file)');
  if (/0002,0010|transfer syntax/i.test(msg)) return new DicomError('DICOM header is damaged (it gives no transfer syntax)');
  if (/DICM|prefix/i.test(msg)) return new DicomError('not a DICOM file (no DICM marker at byte 128)');
  return new DicomError(`DICOM data set is damaged (${msg.slice(0, 120)})`);
}

/** The transfer syntax UID from the meta header, trimmed of its padding. */
export function transferSyntaxOf(ds: DataSet): string {
  return (ds.string('x00020010') ?? '').replace(/\0/g, '').trim();
}

/** True when the data set's values (and native pixels) are big endian. */
export function isBigEndian(ds: DataSet): boolean {
  return transferSyntaxOf(ds) === TS.explicitBE;
}
