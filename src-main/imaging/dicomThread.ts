import { type ErrorCode, LightboxError } from '../api/errors.js';
import { RequestThread } from '../jobs/requestThread.js';
import { DicomError } from './dicom/index.js';
import dicomWorkerCode from './dicomWorker.js?thread';
import type { ModalityValues } from './modalityValues.js';
import type { DisplayPixels } from './windowedPixels.js';

/**
 * DICOM decoding off the main process's event loop. Two threads of the same worker: one makes the
 * library's thumbnails and previews (a page of them queues there, in order), the other gives the
 * workspace its values, so the image being opened never waits behind a page of thumbnails. Each
 * starts on first use and stops after a quiet spell.
 */

export type DicomRequest = { op: 'display'; file: string; frameIndex: number } | { op: 'values'; file: string; frame: number | null };

/** An error as it crosses the thread: rebuilt as the same kind on this side. */
export type ThreadError =
  | { kind: 'dicom'; message: string }
  | { kind: 'lightbox'; code: ErrorCode; message: string; details?: unknown }
  | { kind: 'other'; message: string };

function toError(e: unknown): Error {
  const t = e as ThreadError;
  if (t?.kind === 'dicom') return new DicomError(t.message);
  if (t?.kind === 'lightbox') return new LightboxError(t.code, t.message, t.details);
  return new Error(String(t?.message ?? e));
}

type Answer = { pixels?: DisplayPixels; values?: ModalityValues };

let pictures: RequestThread<DicomRequest, Answer> | null = null;
let values: RequestThread<DicomRequest, Answer> | null = null;

/** Frame `frameIndex` (0-based) of a DICOM file as shown (windowedPixels.dicomDisplayPixels), decoded on the thumbnail thread. */
export async function dicomDisplayPixelsOffThread(file: string, frameIndex: number): Promise<DisplayPixels> {
  pictures ??= new RequestThread(dicomWorkerCode, 'DICOM thumbnail', { toError });
  return (await pictures.call({ op: 'display', file, frameIndex })).pixels!;
}

/** A DICOM frame's modality values (modalityValues.readModalityValues), decoded on the values thread. */
export async function dicomValuesOffThread(file: string, frame: number | null): Promise<ModalityValues> {
  // Kept longer than the default: a person may look at one scan for minutes, and the next one should not wait for a thread to start.
  values ??= new RequestThread(dicomWorkerCode, 'DICOM values', { toError, idleMs: 180_000 });
  return (await values.call({ op: 'values', file, frame })).values!;
}

/** Stop both threads (tests; the process's exit does it otherwise). */
export async function closeDicomThreads(): Promise<void> {
  await Promise.all([pictures?.close(), values?.close()]);
  pictures = values = null;
}
