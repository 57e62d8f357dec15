/** File extensions the scanner indexes, and the MIME type the file routes send for each. */
export const IMAGE_TYPES: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.bmp': 'image/bmp',
  '.gif': 'image/gif',
};

export function imageMimeType(file: string): string | undefined {
  const dot = file.lastIndexOf('.');
  return dot < 0 ? undefined : IMAGE_TYPES[file.slice(dot).toLowerCase()];
}

/**
 * Extensions of DICOM files. A DICOM is found by its content (the `DICM` marker, see
 * imageMagic.ts) whatever its name, since scanners write names like `IM0001`; a file with one of
 * these extensions is indexed even without the marker, so it is listed with its reason instead of
 * being passed over. DICOM is never served by the file routes: browsers cannot show it, the
 * workspace shows its preview.
 */
const DICOM_EXTENSIONS = new Set(['.dcm', '.dicom', '.dic']);

export function isDicomExtension(ext: string): boolean {
  return DICOM_EXTENSIONS.has(ext.toLowerCase());
}
