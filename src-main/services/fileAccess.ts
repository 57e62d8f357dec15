import fs from 'node:fs';
import { LightboxError } from '../api/errors.js';
import { imageMimeType } from '../dataset/imageTypes.js';
import { fileOfRow } from '../dataset/imageFrames.js';
import { resolveInside } from '../dataset/pathSafety.js';
import { type DerivedKind, derivedPath, derivedSource, ensureDerived, renderOf } from '../imaging/thumbnails.js';
import { imageSource } from '../store/imageStateRepo.js';
import { contentVersion } from '../store/imagesRepo.js';
import type { Session } from './Session.js';

export interface FileResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
  /** When set, the host streams this file (already confined and checked) as the body instead of `body`. */
  file?: string;
}

const COMMON = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'Cache-Control': 'no-cache',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function refusal(status: number, message: string): FileResponse {
  return { status, headers: { ...COMMON, 'Content-Type': 'text/plain; charset=utf-8' }, body: message };
}

/**
 * The one confined file route behind both the web host (`/files/...`) and the Electron protocol
 * (`lightbox://files/...`): only files inside the open dataset's real root, only image types.
 * `rawRef` is the still-encoded path as it came in the URL.
 */
export function readDatasetFile(session: Session, rawRef: string): FileResponse {
  const ds = session.dataset;
  if (!ds) return refusal(404, 'No dataset is open.');
  let ref: string;
  try {
    ref = decodeURIComponent(rawRef);
  } catch {
    return refusal(400, 'Malformed path.');
  }
  const mime = imageMimeType(ref);
  if (!mime) return refusal(403, 'Only image files are served.');
  try {
    const abs = resolveInside(ds.root, ref);
    if (!imageMimeType(abs)) return refusal(403, 'Only image files are served.');
    const st = fs.statSync(abs);
    if (!st.isFile()) return refusal(404, 'Not a file.');
    // Streamed by the host: a 300 MB slide scan must not be read into memory to be shown.
    return { status: 200, headers: { ...COMMON, 'Content-Type': mime, 'Content-Length': String(st.size) }, body: '', file: abs };
  } catch (e) {
    if (e instanceof LightboxError && e.code === 'UNSAFE_PATH') return refusal(403, e.message);
    return refusal(404, 'No such file in the dataset.');
  }
}

/** A versioned address never changes content, so the browser may keep it for a year without asking. */
const LONG_CACHE = 'private, max-age=31536000, immutable';

/**
 * The cached upright thumbnail or preview of image `id` (made now if it is not cached yet).
 * `version` is the short content hash from the address (ImageRow.version): only an address whose
 * version matches the file's content now is cached long; any other (none, or an old one) is
 * revalidated every time, so a replaced file never shows its old picture.
 */
export async function readDerived(session: Session, id: number, kind: DerivedKind, version?: string | null): Promise<FileResponse> {
  const ds = session.dataset;
  if (!ds || !Number.isSafeInteger(id) || id <= 0) return refusal(404, 'No such image.');
  const row = imageSource(ds.db, id);
  if (!row || !row.sha256 || row.error) return refusal(404, 'No preview for this image.');
  const sha256 = row.sha256;
  let file = derivedPath(ds.root, kind, { sha256, frame: row.frame, render: renderOf(row) });
  if (!fs.existsSync(file)) {
    try {
      // A frame of a multi-frame DICOM is made from its file (path without `#N`) and its frame.
      const t = await ensureDerived(ds.root, derivedSource(resolveInside(ds.root, fileOfRow(row.path, row.frame)), { ...row, sha256 }), kind);
      if (!t.ok) return refusal(404, t.reason);
      file = t.path;
    } catch {
      return refusal(404, 'No preview for this image.');
    }
  }
  const current = version !== undefined && version !== null && version.length > 0 && version === contentVersion(row.sha256);
  return { status: 200, headers: { ...COMMON, 'Content-Type': 'image/jpeg', 'Cache-Control': current ? LONG_CACHE : 'no-cache' }, body: '', file };
}

