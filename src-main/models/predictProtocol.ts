import type { ModelSpec } from './modelConfig.js';
import type { Box } from './preprocess.js';

/** Messages between a prediction job and its worker threads (predictWorker.ts). */

export interface PredictWorkerData {
  bytes: Uint8Array;
  name: string;
  spec: ModelSpec;
  minScore: number;
}

export interface PredictRequest {
  id: number;
  file: string;
  /** Upright size as scanned. */
  width: number;
  height: number;
}

/** A classifier's probabilities in label order, or a detector's boxes in upright-image pixels (after NMS). */
export type Prediction = { kind: 'class'; probs: number[] } | { kind: 'box'; boxes: (Box & { index: number; score: number })[] };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'fatal'; code: string; message: string }
  | { type: 'result'; id: number; prediction: Prediction }
  | { type: 'failed'; id: number; message: string };
