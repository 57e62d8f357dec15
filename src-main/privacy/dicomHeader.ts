import fs from 'node:fs';
import { type DicomInfo, readDicomInfo } from '../imaging/dicom/index.js';
import { readDicomBytes } from '../imaging/dicomFile.js';

/** Bytes read first: enough for nearly every header; the whole file is read only when it is not. */
const PREFIX = 256 * 1024;

/**
 * The header of a DICOM file, for values read when they are needed and never stored (the
 * PatientName of the name check, the SeriesInstanceUID behind a series key). Read from the first
 * 256 KB; when that does not parse (a long attribute runs past it), from the whole file, within
 * the limit of every DICOM read. Throws when the file cannot be read as DICOM.
 */
export async function readDicomHeader(file: string): Promise<DicomInfo> {
  const handle = await fs.promises.open(file, 'r');
  let size: number;
  try {
    size = (await handle.stat()).size;
    const buf = Buffer.alloc(Math.min(size, PREFIX));
    await handle.read(buf, 0, buf.length, 0);
    try {
      return readDicomInfo(buf, { fileSize: size });
    } catch (e) {
      if (size <= PREFIX) throw e;
    }
  } finally {
    await handle.close();
  }
  return readDicomInfo(await readDicomBytes(file), { fileSize: size });
}
