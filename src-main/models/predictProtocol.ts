import type { WindowPick } from '../imaging/windowedPixels.js';
import type { ModelSpec } from './modelConfig.js';
import type { InputSource } from './modelInput.js';
import type { Box } from './preprocess.js';

/** Messages between a prediction job and its worker threads (predictWorker.ts). */

export interface PredictWorkerData {
  bytes: Uint8Array;
  name: string;
  spec: ModelSpec;
  minScore: number;
  /** How DICOM and 16-bit greyscale values become the 8-bit pixels the model sees (default: the file's own window). */
  window?: WindowPick;
  /** The runtime's WebAssembly compiled by the starting thread (onnxRuntime.ts `compiledRuntimeWasm`), or absent: the thread compiles it. */
  wasm?: WebAssembly.Module;
}

export interface PredictRequest extends InputSource {
  id: number;
}

/** A classifier's probabilities in label order, or a detector's boxes in upright-image pixels (after NMS). */
export type Prediction = { kind: 'class'; probs: number[] } | { kind: 'box'; boxes: (Box & { index: number; score: number })[] };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'fatal'; code: string; message: string }
  | { type: 'result'; id: number; prediction: Prediction }
  | { type: 'failed'; id: number; message: string };
