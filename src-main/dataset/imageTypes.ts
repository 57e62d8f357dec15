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
