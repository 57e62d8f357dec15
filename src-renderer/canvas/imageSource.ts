/**
 * Decoding the image off the main thread: fetch the file as a Blob and let createImageBitmap decode
 * it (upright, EXIF orientation applied) on the browser's decoder threads. A very large image is
 * first decoded downscaled, for a quick first frame and cheap drawing when zoomed out; the full
 * resolution is decoded when the view zooms in past the preview's detail.
 */

/** Images above this many pixels get a preview first (4096 × 2048). */
export const PREVIEW_PIXELS = 8_388_608;
/** Longest side of the preview. */
export const PREVIEW_SIDE = 2048;

export interface DecodedImage {
  bitmap: ImageBitmap;
  /** Bitmap pixels per image pixel: 1 for full resolution, less for a preview. */
  scale: number;
}

export class ImageSource {
  private blobOf: Promise<Blob> | null = null;
  private preview: Promise<DecodedImage> | null = null;
  private full: Promise<DecodedImage> | null = null;
  private closed = false;
  private bitmaps: ImageBitmap[] = [];

  constructor(
    readonly url: string,
    /** Upright size in image pixels. */
    readonly width: number,
    readonly height: number,
    /** The cached preview the main process makes (upright JPEG, at most 2048 a side), or null. */
    readonly previewUrl: string | null = null,
    /** False for formats the browser cannot decode (TIFF): only the preview can be shown. */
    readonly decodable = true,
  ) {}

  private static fetchBlob(url: string): Promise<Blob> {
    return fetch(url).then((r) => {
      if (!r.ok) throw new Error(`image request failed (${r.status})`);
      return r.blob();
    });
  }

  private get blob(): Promise<Blob> {
    this.blobOf ??= ImageSource.fetchBlob(this.url);
    return this.blobOf;
  }

  get large(): boolean {
    return this.width * this.height > PREVIEW_PIXELS;
  }

  private keep(b: ImageBitmap): ImageBitmap {
    if (this.closed) b.close();
    else this.bitmaps.push(b);
    return b;
  }

  /** The first picture to show: the preview of a large image, the image itself otherwise. */
  async first(): Promise<DecodedImage> {
    if (this.previewUrl && (this.large || !this.decodable)) {
      // The main process's cached preview: a small file to fetch and decode, instead of the whole original.
      this.preview ??= ImageSource.fetchBlob(this.previewUrl).then(async (b) => {
        const bitmap = this.keep(await createImageBitmap(b));
        return { bitmap, scale: bitmap.width / this.width };
      });
      return this.preview;
    }
    if (!this.large) return this.fullResolution();
    const s = Math.min(1, PREVIEW_SIDE / Math.max(this.width, this.height));
    const resizeWidth = Math.max(1, Math.round(this.width * s));
    const resizeHeight = Math.max(1, Math.round(this.height * s));
    const bitmap = await createImageBitmap(await this.blob, { imageOrientation: 'from-image', resizeWidth, resizeHeight, resizeQuality: 'medium' });
    return { bitmap: this.keep(bitmap), scale: resizeWidth / this.width };
  }

  fullResolution(): Promise<DecodedImage> {
    if (!this.decodable) return this.first(); // the preview is the most the browser can show
    this.full ??= this.blob.then(async (b) => ({ bitmap: this.keep(await createImageBitmap(b, { imageOrientation: 'from-image' })), scale: 1 }));
    return this.full;
  }

  close(): void {
    this.closed = true;
    for (const b of this.bitmaps) b.close();
    this.bitmaps = [];
  }
}
