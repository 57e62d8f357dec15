import { decode, decodeFailureReason } from './sharpSafe.js';

export interface Probe {
  /** Upright size: EXIF orientation 5–8 swap width and height. */
  width: number;
  height: number;
  orientation: number;
  format: string;
}

export type ProbeResult = { ok: true; probe: Probe } | { ok: false; reason: string };

/** Header read only: no pixels decoded, except a tiny check that the data really is an image. */
export async function probeImage(input: string | Buffer): Promise<ProbeResult> {
  try {
    const meta = await decode(input).metadata();
    if (!meta.width || !meta.height || !meta.format) return { ok: false, reason: 'not a supported image format' };
    const orientation = meta.orientation ?? 1;
    const swap = orientation >= 5 && orientation <= 8;
    return {
      ok: true,
      probe: {
        width: swap ? meta.height : meta.width,
        height: swap ? meta.width : meta.height,
        orientation,
        format: meta.format === 'heif' ? 'heif' : meta.format,
      },
    };
  } catch (e) {
    return { ok: false, reason: decodeFailureReason(e) };
  }
}
