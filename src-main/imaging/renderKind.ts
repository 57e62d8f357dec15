/**
 * How pixels become 8-bit: `plain` as libvips converts them; `dicom` decoded and windowed;
 * `grey16` a 16-bit greyscale image through its histogram window.
 *
 * Kept apart from thumbnails.ts, which decodes DICOM on a worker thread: code that itself runs on
 * a worker (the predict worker) can ask how an image renders without pulling in a second thread.
 */
export type RenderKind = 'plain' | 'dicom' | 'grey16';

/** How an image row is rendered: its `format` and `bitsStored` (from the store) decide. */
export function renderOf(row: { format: string | null; bitsStored: number | null }): RenderKind {
  return row.format === 'dicom' ? 'dicom' : (row.bitsStored ?? 0) > 8 ? 'grey16' : 'plain';
}
