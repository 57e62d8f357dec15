import fs from 'node:fs';
import type { MedicalInfo } from '../api/images.js';
import { DicomError, type DicomInfo, readDicomInfo } from './dicom/index.js';
import type { ProbeResult } from './probe.js';

/**
 * DICOM files as images of the dataset: their header read for the scan, their bytes read for a
 * thumbnail or preview, both within bounds a hostile file cannot push.
 */

/** Largest DICOM file read: a long cine or a tomosynthesis stack fits, a disk-filling file does not. */
export const MAX_DICOM_BYTES = 1024 * 1024 * 1024;
/**
 * Pixels of one DICOM frame Lightbox decodes. Lower than sharp's limit (imaging/sharpSafe.ts):
 * libvips streams a PNG through a thumbnail, a DICOM frame is decoded whole into 4-byte modality
 * values, so 150 megapixels is already 600 MB. Mammograms (about 30 megapixels) fit easily.
 */
export const MAX_DICOM_FRAME_PIXELS = 150_000_000;
/** Frames one file may give as images (each is a row of the dataset). */
export const MAX_DICOM_FRAMES = 5000;
/** Bytes read first for the header: enough for nearly every file, the whole file is read only when it is not. */
const HEADER_PREFIX = 64 * 1024;

function readPrefix(file: string, bytes: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    return buf.subarray(0, fs.readSync(fd, buf, 0, bytes, 0));
  } finally {
    fs.closeSync(fd);
  }
}

export function frameTooLarge(info: Pick<DicomInfo, 'rows' | 'columns'>): string {
  return `image is too large to decode safely (${info.columns}×${info.rows} pixels; DICOM frames up to ${MAX_DICOM_FRAME_PIXELS / 1_000_000} megapixels)`;
}

function sizeReason(size: number): string {
  return `DICOM file is too large to read safely (${Math.round(size / 1024 / 1024)} MB, at most ${MAX_DICOM_BYTES / 1024 / 1024} MB)`;
}

/** What the store keeps of a DICOM header (patient fields left out on purpose). */
export function medicalInfoOf(info: DicomInfo): MedicalInfo {
  return {
    modality: info.modality,
    photometric: info.photometric,
    bitsStored: info.bitsStored,
    rescaleSlope: info.rescaleSlope,
    rescaleIntercept: info.rescaleIntercept,
    rescaleType: info.rescaleType,
    window: info.windows[0] ?? null,
    pixelSpacing: info.pixelSpacing && info.spacingSource ? { row: info.pixelSpacing[0], col: info.pixelSpacing[1], source: info.spacingSource } : null,
    seriesNumber: info.seriesNumber,
    instanceNumber: info.instanceNumber,
    seriesDescription: info.seriesDescription,
    frames: info.frames,
  };
}

/**
 * The scan's probe of a DICOM file: its header only (a prefix of the file, unless a long header
 * or a deflated data set needs the whole of it), never its pixels.
 */
export async function probeDicom(file: string): Promise<ProbeResult> {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return { ok: false, reason: 'file cannot be read' };
  }
  let info: DicomInfo;
  try {
    try {
      info = readDicomInfo(readPrefix(file, Math.min(size, HEADER_PREFIX)), { fileSize: size });
    } catch (e) {
      if (!(e instanceof DicomError) || size <= HEADER_PREFIX) throw e;
      if (size > MAX_DICOM_BYTES) return { ok: false, reason: sizeReason(size) };
      // Read without blocking: the main process keeps answering while a large file comes in.
      info = readDicomInfo(await fs.promises.readFile(file), { fileSize: size });
    }
  } catch (e) {
    if (e instanceof DicomError) return { ok: false, reason: e.message };
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') throw e; // gone since the listing: the scan drops it
    return { ok: false, reason: code ? `file could not be read (${code})` : 'DICOM file could not be read' };
  }
  if (size > MAX_DICOM_BYTES) return { ok: false, reason: sizeReason(size) };
  if (info.rows * info.columns > MAX_DICOM_FRAME_PIXELS) return { ok: false, reason: frameTooLarge(info) };
  if (info.frames > MAX_DICOM_FRAMES) return { ok: false, reason: `has ${info.frames} frames; Lightbox takes at most ${MAX_DICOM_FRAMES} frames from one file` };
  return {
    ok: true,
    probe: { width: info.columns, height: info.rows, orientation: 1, format: 'dicom', frames: info.frames, medical: medicalInfoOf(info) },
  };
}

/**
 * The last DICOM file read whole, so the thumbnails of a multi-frame file's frames (made one after
 * the other) read it once, not once per frame. One file of at most 128 MB, let go a few seconds
 * after its last use, so a long session does not hold it.
 */
let recent: { file: string; mtimeMs: number; size: number; bytes: Promise<Buffer> } | null = null;
let release: NodeJS.Timeout | null = null;
const CACHED_MAX_BYTES = 128 * 1024 * 1024;
const CACHE_MS = 5000;

function keep(entry: NonNullable<typeof recent>): void {
  recent = entry;
  if (release) clearTimeout(release);
  release = setTimeout(() => {
    recent = null;
    release = null;
  }, CACHE_MS);
  release.unref();
}

/** The whole DICOM file, for decoding a frame; DicomError when it is larger than Lightbox reads. */
export async function readDicomBytes(file: string): Promise<Buffer> {
  const st = await fs.promises.stat(file);
  if (st.size > MAX_DICOM_BYTES) throw new DicomError(sizeReason(st.size));
  if (recent && recent.file === file && recent.mtimeMs === st.mtimeMs && recent.size === st.size) {
    keep(recent);
    return recent.bytes;
  }
  const bytes = fs.promises.readFile(file);
  // Kept while it is read too, so frames asked for at the same time share one read.
  if (st.size <= CACHED_MAX_BYTES) {
    const entry = { file, mtimeMs: st.mtimeMs, size: st.size, bytes };
    keep(entry);
    bytes.catch(() => {
      if (recent === entry) recent = null;
    });
  }
  return bytes;
}
