/**
 * The part of OpenCV.js (opencv-wasm) the assists use, typed: the package declares every export
 * as `any`. Nothing here loads OpenCV; the host (a Node worker thread, later a Web Worker) loads
 * it and passes the module in, so the algorithms run unchanged in both.
 */

export interface Mat {
  rows: number;
  cols: number;
  data: Uint8Array;
  data32S: Int32Array;
  type(): number;
  roi(r: CvRect): Mat;
  setTo(s: Scalar): Mat;
  convertTo(dst: Mat, rtype: number): void;
  copyTo(dst: Mat, mask?: Mat): void;
  delete(): void;
}
export interface MatVector {
  size(): number;
  get(i: number): Mat;
  push_back(m: Mat): void;
  delete(): void;
}
export interface CvRect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export type Scalar = number[];

export interface Cv {
  Mat: {
    new (): Mat;
    new (rows: number, cols: number, type: number): Mat;
    new (rows: number, cols: number, type: number, s: Scalar): Mat;
    zeros(rows: number, cols: number, type: number): Mat;
  };
  MatVector: new () => MatVector;
  Rect: new (x?: number, y?: number, w?: number, h?: number) => CvRect;
  Point: new (x: number, y: number) => { x: number; y: number };
  Size: new (w: number, h: number) => { width: number; height: number };
  Scalar: new (a: number, b?: number, c?: number, d?: number) => Scalar;
  matFromArray(rows: number, cols: number, type: number, data: ArrayLike<number>): Mat;

  CV_8UC1: number;
  CV_8UC3: number;
  CV_32S: number;
  CV_8U: number;
  DIST_L2: number;
  DIST_MASK_PRECISE: number;
  CV_32SC2: number;
  FLOODFILL_MASK_ONLY: number;
  FLOODFILL_FIXED_RANGE: number;
  GC_INIT_WITH_RECT: number;
  GC_INIT_WITH_MASK: number;
  GC_BGD: number;
  GC_FGD: number;
  GC_PR_BGD: number;
  GC_PR_FGD: number;
  THRESH_BINARY: number;
  THRESH_BINARY_INV: number;
  THRESH_OTSU: number;
  RETR_CCOMP: number;
  CHAIN_APPROX_SIMPLE: number;
  MORPH_OPEN: number;
  MORPH_CLOSE: number;
  MORPH_ERODE: number;
  MORPH_DILATE: number;
  BORDER_CONSTANT: number;
  INTER_AREA: number;
  INTER_LINEAR: number;
  COLOR_GRAY2RGB: number;
  COLOR_RGB2GRAY: number;
  CC_STAT_LEFT: number;
  CC_STAT_TOP: number;
  CC_STAT_WIDTH: number;
  CC_STAT_HEIGHT: number;
  CC_STAT_AREA: number;
  LINE_8: number;

  floodFill(img: Mat, mask: Mat, seed: { x: number; y: number }, newVal: Scalar, rect: CvRect, lo: Scalar, up: Scalar, flags: number): number;
  grabCut(img: Mat, mask: Mat, rect: CvRect, bgd: Mat, fgd: Mat, iterations: number, mode: number): void;
  threshold(src: Mat, dst: Mat, level: number, max: number, type: number): number;
  cvtColor(src: Mat, dst: Mat, code: number): void;
  resize(src: Mat, dst: Mat, size: { width: number; height: number }, fx: number, fy: number, interpolation: number): void;
  connectedComponentsWithStats(src: Mat, labels: Mat, stats: Mat, centroids: Mat, connectivity: number, ltype: number): number;
  morphologyEx(src: Mat, dst: Mat, op: number, kernel: Mat, anchor: { x: number; y: number }, iterations: number, borderType: number, borderValue: Scalar): void;
  findContours(src: Mat, contours: MatVector, hierarchy: Mat, mode: number, method: number): void;
  approxPolyDP(curve: Mat, out: Mat, epsilon: number, closed: boolean): void;
  fillPoly(img: Mat, pts: MatVector, color: Scalar, lineType: number): void;
  drawContours(img: Mat, contours: MatVector, index: number, color: Scalar, thickness: number, lineType: number): void;
  circle(img: Mat, center: { x: number; y: number }, radius: number, color: Scalar, thickness: number): void;
  countNonZero(m: Mat): number;
  bitwise_or(a: Mat, b: Mat, dst: Mat): void;
  distanceTransform(src: Mat, dst: Mat, distanceType: number, maskSize: number): void;

  HEAP32: Int32Array;
  HEAPU8: Uint8Array;
  _emscripten_get_sbrk_ptr?: () => number;
}

/**
 * Every Mat made during one operation, freed together: OpenCV.js Mats live in the wasm heap and
 * are never garbage collected, so a Mat not deleted leaks for the rest of the session.
 */
export class MatScope {
  private readonly held: { delete(): void }[] = [];
  add<T extends { delete(): void }>(m: T): T {
    this.held.push(m);
    return m;
  }
  free(): void {
    for (let i = this.held.length - 1; i >= 0; i--) this.held[i]!.delete();
    this.held.length = 0;
  }
}

/** Run `fn` with a scope whose Mats are all deleted afterwards, whether it returns or throws. */
export function withMats<T>(fn: (s: MatScope) => T): T {
  const s = new MatScope();
  try {
    return fn(s);
  } finally {
    s.free();
  }
}

/** Top of the wasm heap (bytes in use by malloc, high-water mark): a leak makes it climb. */
export function heapTop(cv: Cv): number {
  const ptr = cv._emscripten_get_sbrk_ptr?.();
  return ptr === undefined ? cv.HEAPU8.length : cv.HEAP32[ptr >> 2]!;
}

/**
 * Wait for an Emscripten build of OpenCV to finish initialising. opencv-wasm in Node is ready as
 * soon as it is required; a browser build calls onRuntimeInitialized later. The module is handed
 * back inside an object: it has a `then` of its own, so resolving a promise with it would hang.
 */
export function whenReady(mod: unknown): Promise<{ cv: Cv }> {
  const m = mod as Cv & { onRuntimeInitialized?: () => void };
  if (typeof m.Mat === 'function') return Promise.resolve({ cv: m });
  return new Promise((resolve) => {
    m.onRuntimeInitialized = () => resolve({ cv: m });
  });
}
