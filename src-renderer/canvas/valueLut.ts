/**
 * Window/level on an image's real values (HU for CT, the stored values of a 16-bit scan), on the
 * screen: a lookup table from every integer value of the image's range to an opaque grey RGBA
 * pixel, rebuilt when the window changes (at most 65,536 entries), then one typed loop from values
 * to ImageData. The table follows DICOM PS3.3 C.11.2.1.2 exactly as src-main/imaging/window.ts
 * does for exports and thumbnails, so the screen and an export with the same window agree.
 * Pure: no DOM, so it is tested and benchmarked in Node.
 */
import type { ImageValues } from '../../src-main/api/index.js';

export type ValueArray = Int16Array | Uint16Array | Float32Array;

/** VOILUTFunction: only a file's own window may use another than LINEAR. */
export type VoiFunction = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';

/** Grey level 0..255 of value x through window (c, w), PS3.3 C.11.2.1.2 and C.11.2.1.3. */
export function windowGrey(x: number, c: number, w: number, fn: VoiFunction = 'LINEAR'): number {
  if (fn === 'SIGMOID') {
    const ww = w > 0 ? w : 1;
    return Math.round(255 / (1 + Math.exp((-4 * (x - c)) / ww)));
  }
  if (fn === 'LINEAR_EXACT') {
    const ww = w > 0 ? w : 1;
    if (x <= c - ww / 2) return 0;
    if (x > c + ww / 2) return 255;
    return Math.round(((x - c) / ww + 0.5) * 255);
  }
  const ww = w >= 1 ? w : 1;
  if (x <= c - 0.5 - (ww - 1) / 2) return 0;
  if (x > c - 0.5 + (ww - 1) / 2) return 255;
  return Math.round(((x - (c - 0.5)) / (ww - 1) + 0.5) * 255);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** One opaque grey pixel as the Uint32 that ImageData's bytes (R, G, B, A) read as. */
function greyPixel(g: number): number {
  return LITTLE_ENDIAN ? ((0xff << 24) | (g << 16) | (g << 8) | g) >>> 0 : ((g << 24) | (g << 16) | (g << 8) | 0xff) >>> 0;
}

/** The values of an `images.values` answer as the typed array they are (little-endian bytes; a view, not a copy, when aligned). */
export function decodeValues(v: Pick<ImageValues, 'type' | 'data' | 'width' | 'height'>): ValueArray {
  const bytes = v.data;
  const size = v.type === 'float32' ? 4 : 2;
  const n = v.width * v.height;
  if (bytes.byteLength !== n * size) throw new Error(`image values: ${bytes.byteLength} bytes for ${v.width}×${v.height} ${v.type}`);
  const buf = bytes.byteOffset % size === 0 ? bytes.buffer : bytes.slice().buffer;
  const off = bytes.byteOffset % size === 0 ? bytes.byteOffset : 0;
  return v.type === 'int16' ? new Int16Array(buf, off, n) : v.type === 'uint16' ? new Uint16Array(buf, off, n) : new Float32Array(buf, off, n);
}

export interface Window {
  center: number;
  width: number;
  fn?: VoiFunction;
}

/**
 * The image's values with a window applied into RGBA pixels. `render` writes every pixel into
 * `out` (the Uint32 view of an ImageData of width × height). Integer values go through a table of
 * 65,536 pixels indexed by the value's 16 bits (an Int16 read as Uint16: no offset to subtract,
 * no bounds to check), filled over [min, max] only and only when the window changes; float values
 * are windowed one by one (they are rare: PET, some MR).
 */
export class ValueImage {
  private readonly table: Uint32Array | null = null;
  /** The integer values' 16 bits, the table's index (the same buffer as `values`). */
  private readonly codes: Uint16Array | null = null;
  private filled = '';

  constructor(
    readonly values: ValueArray,
    readonly width: number,
    readonly height: number,
    readonly min: number,
    readonly max: number,
    /** MONOCHROME1: low values white. */
    readonly invert = false,
  ) {
    if (!(values instanceof Float32Array)) {
      this.table = new Uint32Array(65536);
      this.codes = values instanceof Uint16Array ? values : new Uint16Array(values.buffer, values.byteOffset, values.length);
    }
  }

  /** The value at an image pixel (upright image coordinates), or null outside the image. */
  valueAt(x: number, y: number): number | null {
    const col = Math.floor(x);
    const row = Math.floor(y);
    if (col < 0 || row < 0 || col >= this.width || row >= this.height) return null;
    return this.values[row * this.width + col]!;
  }

  /** The table for a window (a few thousand entries for a CT), unless it holds that window already. */
  private fill(w: Window): void {
    const key = `${w.center}/${w.width}/${w.fn ?? ''}`;
    if (key === this.filled) return;
    const t = this.table!;
    const hi = Math.floor(this.max);
    for (let v = Math.floor(this.min); v <= hi; v++) {
      const g = windowGrey(v, w.center, w.width, w.fn);
      t[v & 0xffff] = greyPixel(this.invert ? 255 - g : g);
    }
    this.filled = key;
  }

  /**
   * Window what a screen shows of the image: `out` is a `cols` × `rows` device-pixel canvas where
   * image pixel (x, y) lands at device pixel ((view.x + x × view.scale) × dpr, ...); each device
   * pixel takes the value of the image pixel under its centre (nearest), pixels off the image are
   * transparent. The work is bounded by the screen, not the image: a 4096² scan costs what its
   * screen area costs, and zoomed in, a screen row showing the same image row as the one above is
   * copied from it.
   */
  renderView(w: Window, out: Uint32Array, cols: number, rows: number, view: { x: number; y: number; scale: number }, dpr = 1): void {
    if (out.length < cols * rows) throw new Error('output is smaller than the view');
    const colOf = new Int32Array(cols);
    const k = 1 / (view.scale * dpr);
    // Screen columns [i0, i1) show the image; the columns' image x only grows along a row.
    let i0 = cols;
    let i1 = 0;
    for (let i = 0; i < cols; i++) {
      const x = Math.floor((i + 0.5) * k - view.x / view.scale);
      if (x < 0 || x >= this.width) continue;
      colOf[i] = x;
      if (i < i0) i0 = i;
      i1 = i + 1;
    }
    const t = this.table;
    const codes = this.codes;
    if (t) this.fill(w);
    const v = this.values;
    let shownRow = -1;
    let shownLine = 0;
    for (let j = 0; j < rows; j++) {
      const y = Math.floor((j + 0.5) * k - view.y / view.scale);
      const line = j * cols;
      if (y < 0 || y >= this.height || i0 >= i1) {
        out.fill(0, line, line + cols);
        continue;
      }
      if (y === shownRow) {
        out.copyWithin(line, shownLine, shownLine + cols);
        continue;
      }
      if (i0 > 0) out.fill(0, line, line + i0);
      if (i1 < cols) out.fill(0, line + i1, line + cols);
      const base = y * this.width;
      if (t && codes) {
        for (let i = i0; i < i1; i++) out[line + i] = t[codes[base + colOf[i]!]!]!;
      } else {
        for (let i = i0; i < i1; i++) {
          const g = windowGrey(v[base + colOf[i]!]!, w.center, w.width, w.fn);
          out[line + i] = greyPixel(this.invert ? 255 - g : g);
        }
      }
      shownRow = y;
      shownLine = line;
    }
  }

  /** Window every pixel into `out` (width × height RGBA pixels as Uint32). */
  render(w: Window, out: Uint32Array): void {
    const v = this.values;
    const n = this.width * this.height;
    if (out.length < n) throw new Error('output is smaller than the image');
    const t = this.table;
    const codes = this.codes;
    if (t && codes) {
      this.fill(w);
      for (let i = 0; i < n; i++) out[i] = t[codes[i]!]!;
      return;
    }
    for (let i = 0; i < n; i++) {
      const g = windowGrey(v[i]!, w.center, w.width, w.fn);
      out[i] = greyPixel(this.invert ? 255 - g : g);
    }
  }
}
