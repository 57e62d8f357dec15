import crypto from 'node:crypto';
import { readDicomHeader } from './dicomHeader.js';

/**
 * Series keys: a DICOM file's SeriesInstanceUID as an HMAC keyed by the dataset's
 * de-identification secret. Two images of one series have the same key, and the key says nothing
 * else: without the secret (which never leaves the store) it cannot be matched to a UID. The
 * label keeps it apart from the HMACs that make the de-identified UIDs of an export.
 */
export function seriesKey(secret: Uint8Array, uid: string): string {
  return crypto.createHmac('sha256', secret).update('lightbox series key\0').update(uid).digest('hex').slice(0, 32);
}

/** The series key of a DICOM file; null when it names no series or cannot be read. */
export async function seriesKeyOfFile(secret: Uint8Array, file: string): Promise<string | null> {
  try {
    const uid = (await readDicomHeader(file)).seriesInstanceUid;
    return uid ? seriesKey(secret, uid) : null;
  } catch {
    return null;
  }
}
