/**
 * Face detection for redaction proposals: @vladmandic/face-api's SSD MobileNet v1 detector, whose
 * weights ship inside its npm package (nothing is downloaded), on TensorFlow.js's WebAssembly
 * backend. Runs in the face worker thread (faceWorker.ts); this module is the part that knows
 * face-api. It proposes: what it misses (faces under about 20 px, in profile, turned away or
 * covered) is said in the README, so nobody treats a clean run as proof that no face is there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

/** An upright RGB image, already scaled down for detection (faceInput.ts). */
export interface FaceImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A proposed face box in the given image's pixels, with the detector's confidence 0–1. */
export interface FaceBox {
  x: number;
  y: number;
  w: number;
  h: number;
  score: number;
}

/** The SSD detector's own floor; proposals below it are not worth a reviewer's keystroke. */
export const MIN_FACE_SCORE = 0.5;

type FaceApi = typeof import('@vladmandic/face-api');

export interface FaceDetector {
  detect(img: FaceImage, minScore?: number): Promise<FaceBox[]>;
}

// In the worker, `require` is the one the thread was started with (jobs/thread.ts): resolved from
// the starting module's place, as in the app and the CLI; `__filename` there is not a path.
const require_: NodeRequire =
  typeof require === 'function' ? require : createRequire(typeof __filename === 'string' ? __filename : `${process.cwd()}/index.js`);

/** The folder of the packaged detector weights. */
export function packagedModelDir(): string {
  return path.join(path.dirname(require_.resolve('@vladmandic/face-api/package.json')), 'model');
}

/**
 * Load the detector. `modelDir` holds `ssd_mobilenetv1_model-weights_manifest.json` and its
 * `.bin`; a missing or damaged file is an Error whose message says so in words.
 */
export async function loadFaceDetector(modelDir = packagedModelDir()): Promise<FaceDetector> {
  const manifest = path.join(modelDir, 'ssd_mobilenetv1_model-weights_manifest.json');
  if (!fs.existsSync(manifest)) throw new Error(`the face detector's weights are missing (${manifest})`);
  const wasm = require_('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(p: string): void };
  wasm.setWasmPaths(path.dirname(require_.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep);
  const faceapi = require_('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
  // face-api's bundled typings omit the engine calls of the tfjs it loads.
  const engine = faceapi.tf as unknown as { setBackend(name: string): Promise<boolean>; ready(): Promise<void> };
  await engine.setBackend('wasm');
  await engine.ready();
  try {
    await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
  } catch (e) {
    throw new Error(`the face detector's weights could not be read (${firstLine(e)}); reinstall Lightbox Studio`);
  }
  return {
    async detect(img, minScore = MIN_FACE_SCORE) {
      if (img.data.length !== img.width * img.height * 3) throw new Error(`image has ${img.data.length} bytes, expected ${img.width}×${img.height}×3`);
      const tensor = faceapi.tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
      try {
        const found = await faceapi.detectAllFaces(tensor as never, new faceapi.SsdMobilenetv1Options({ minConfidence: minScore, maxResults: 200 }));
        return found
          .map((d) => clip({ x: d.box.x, y: d.box.y, w: d.box.width, h: d.box.height, score: d.score }, img.width, img.height))
          .filter((b): b is FaceBox => b !== null)
          .sort((a, b) => b.score - a.score);
      } finally {
        tensor.dispose();
      }
    },
  };
}

/** The part of a box inside the image (the detector can reach past the border), or null. */
function clip(b: FaceBox, width: number, height: number): FaceBox | null {
  const x0 = Math.max(0, b.x);
  const y0 = Math.max(0, b.y);
  const x1 = Math.min(width, b.x + b.w);
  const y1 = Math.min(height, b.y + b.h);
  return x1 - x0 >= 1 && y1 - y0 >= 1 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0, score: b.score } : null;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 200);
}
