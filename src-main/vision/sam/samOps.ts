import type { MaskCrop } from '../../api/maskCodec.js';
import type { Embedding } from './samModels.js';
import type { ResizedImage, SamBox, SamPoint } from './samTensors.js';

/** A model file the worker opens: its path and its SHA-256 (sessions are kept by hash). */
export interface ModelFile {
  file: string;
  hash: string;
}

/** What the main process asks the SAM worker. `key` names an embedding: encoder hash and image. */
export type SamRequest =
  | { op: 'check'; encoder: ModelFile; decoder: ModelFile }
  | { op: 'embed'; key: string; encoder: ModelFile; image: ResizedImage }
  | {
      op: 'decode';
      key: string;
      /** Sent only when the worker does not hold it (it answers `missing`). */
      embedding?: Embedding;
      decoder: ModelFile;
      encoderName: string;
      prompt: { points: SamPoint[]; box?: SamBox };
      orig: { width: number; height: number };
      resized: { width: number; height: number };
    };

export type DecodeAnswer = { missing: true } | { mask: MaskCrop | null; score: number };
