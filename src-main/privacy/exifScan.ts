/**
 * What an image's EXIF block holds, as far as the privacy report needs: whether there is EXIF at
 * all, and whether it has a GPS IFD. Reads the TIFF header and IFD0 of sharp's `metadata().exif`
 * buffer ("Exif\0\0" then a TIFF structure); every offset is checked against the buffer's length.
 */

const GPS_IFD_POINTER = 0x8825;

export interface ExifFlags {
  exif: boolean;
  gps: boolean;
}

export function exifFlags(exif: Buffer | undefined | null): ExifFlags {
  if (!exif || exif.length === 0) return { exif: false, gps: false };
  let tiff = exif;
  if (tiff.length >= 6 && tiff.toString('latin1', 0, 6) === 'Exif\0\0') tiff = tiff.subarray(6);
  return { exif: true, gps: hasGpsIfd(tiff) };
}

function hasGpsIfd(t: Buffer): boolean {
  if (t.length < 8) return false;
  const order = t.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return false;
  const le = order === 'II';
  const u16 = (o: number) => (le ? t.readUInt16LE(o) : t.readUInt16BE(o));
  const u32 = (o: number) => (le ? t.readUInt32LE(o) : t.readUInt32BE(o));
  if (u16(2) !== 42) return false;
  const ifd0 = u32(4);
  if (ifd0 + 2 > t.length) return false;
  const count = u16(ifd0);
  for (let i = 0; i < count; i++) {
    const entry = ifd0 + 2 + i * 12;
    if (entry + 12 > t.length) return false;
    if (u16(entry) === GPS_IFD_POINTER) {
      const gps = u32(entry + 8);
      // A pointer to a GPS IFD with at least one entry: a location (or part of one) is recorded.
      return gps + 2 <= t.length && u16(gps) > 0;
    }
  }
  return false;
}
