import type { MedicalInfo } from '../api/images.js';
import type { Db } from './openStore.js';

/** The `image_meta` row of image `imageId` becomes `meta`; null removes it (the file is no longer a DICOM or 16-bit image). */
export function putImageMeta(db: Db, imageId: number, meta: MedicalInfo | null): void {
  if (!meta) {
    db.prepare('DELETE FROM image_meta WHERE image_id = ?').run(imageId);
    return;
  }
  db.prepare(
    `INSERT OR REPLACE INTO image_meta (image_id, modality, photometric, bits_stored, rescale_slope, rescale_intercept, rescale_type,
       window_center, window_width, spacing_row, spacing_col, spacing_source, series_number, instance_number, series_description, frames)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    imageId,
    meta.modality,
    meta.photometric,
    meta.bitsStored,
    meta.rescaleSlope,
    meta.rescaleIntercept,
    meta.rescaleType,
    meta.window?.center ?? null,
    meta.window?.width ?? null,
    meta.pixelSpacing?.row ?? null,
    meta.pixelSpacing?.col ?? null,
    meta.pixelSpacing?.source ?? null,
    meta.seriesNumber,
    meta.instanceNumber,
    meta.seriesDescription,
    meta.frames,
  );
}

/** Columns of `image_meta m` read by `medicalOf`, for joining onto an image query. */
export const MEDICAL_COLUMNS = `m.image_id AS m_id, m.modality AS m_modality, m.photometric AS m_photometric, m.bits_stored AS m_bits,
  m.rescale_slope AS m_slope, m.rescale_intercept AS m_intercept, m.rescale_type AS m_rescale_type, m.window_center AS m_wc,
  m.window_width AS m_ww, m.spacing_row AS m_sr, m.spacing_col AS m_sc, m.spacing_source AS m_ss, m.series_number AS m_series,
  m.instance_number AS m_instance, m.series_description AS m_series_description, m.frames AS m_frames`;

export interface MedicalRaw {
  m_id: number | null;
  m_modality: string | null;
  m_photometric: string | null;
  m_bits: number | null;
  m_slope: number | null;
  m_intercept: number | null;
  m_rescale_type: string | null;
  m_wc: number | null;
  m_ww: number | null;
  m_sr: number | null;
  m_sc: number | null;
  m_ss: 'PixelSpacing' | 'ImagerPixelSpacing' | null;
  m_series: number | null;
  m_instance: number | null;
  m_series_description: string | null;
  m_frames: number | null;
}

export function medicalOf(r: MedicalRaw): MedicalInfo | undefined {
  if (r.m_id === null) return undefined;
  return {
    modality: r.m_modality,
    photometric: r.m_photometric,
    bitsStored: r.m_bits,
    rescaleSlope: r.m_slope ?? 1,
    rescaleIntercept: r.m_intercept ?? 0,
    rescaleType: r.m_rescale_type,
    window: r.m_wc !== null && r.m_ww !== null ? { center: r.m_wc, width: r.m_ww } : null,
    pixelSpacing: r.m_sr !== null && r.m_sc !== null && r.m_ss !== null ? { row: r.m_sr, col: r.m_sc, source: r.m_ss } : null,
    seriesNumber: r.m_series,
    instanceNumber: r.m_instance,
    seriesDescription: r.m_series_description,
    frames: r.m_frames ?? 1,
  };
}

/** What a thumbnail or preview of an image is made from. */
export interface DerivedSourceRow {
  id: number;
  path: string;
  frame: number | null;
  sha256: string | null;
  error: string | null;
  format: string | null;
  /** Bits stored per sample when the image is DICOM or 16-bit (from `image_meta`), else null. */
  bitsStored: number | null;
}

export const DERIVED_SOURCE = `SELECT i.id, i.path, i.frame, i.sha256, i.error, i.format, m.bits_stored AS bitsStored
  FROM images i LEFT JOIN image_meta m ON m.image_id = i.id`;

/** Every readable image present on disk: the scan makes their thumbnails. */
export function readableDerivedSourceRows(db: Db): DerivedSourceRow[] {
  return db.prepare(`${DERIVED_SOURCE} WHERE i.missing = 0 AND i.error IS NULL`).all() as DerivedSourceRow[];
}

/** Readable images whose pixels need a window to become 8-bit: DICOM frames and 16-bit greyscale images. */
export function medicalImageCounts(db: Db): { dicom: number; sixteenBit: number } {
  const r = db
    .prepare(
      `SELECT coalesce(sum(i.format = 'dicom'), 0) AS dicom, coalesce(sum(i.format <> 'dicom' AND m.bits_stored > 8), 0) AS sixteenBit
       FROM images i LEFT JOIN image_meta m ON m.image_id = i.id WHERE i.missing = 0 AND i.error IS NULL`,
    )
    .get() as { dicom: number; sixteenBit: number };
  return { dicom: r.dicom, sixteenBit: r.sixteenBit };
}
