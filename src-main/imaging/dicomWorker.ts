import { parentPort } from 'node:worker_threads';
import { isLightboxError } from '../api/errors.js';
import { DicomError } from './dicom/index.js';
import { readModalityValues } from './modalityValues.js';
import { dicomDisplayPixels } from './windowedPixels.js';
import type { DicomRequest, ThreadError } from './dicomThread.js';

/**
 * The worker thread that decodes DICOM frames (bundled into dicomThread.ts as `?thread` code): a
 * JPEG 2000 or a deflated frame takes tens to hundreds of milliseconds of WebAssembly and zlib,
 * which here hold up no request of the main process. Answers keep their pixels' buffers, transferred.
 */

function describe(e: unknown): ThreadError {
  if (e instanceof DicomError) return { kind: 'dicom', message: e.message };
  if (isLightboxError(e)) return { kind: 'lightbox', code: e.code, message: e.message, details: e.details };
  return { kind: 'other', message: e instanceof Error ? e.message : String(e) };
}

/** A typed array that owns all of its buffer, so the buffer can be transferred (a view of the file's bytes is copied out). */
function own<T extends Uint8Array | Int16Array | Uint16Array | Float32Array>(a: T): T {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? a : (a.slice() as T);
}

parentPort!.on('message', (req: DicomRequest & { id: number }) => {
  void (async () => {
    try {
      if (req.op === 'display') {
        const found = await dicomDisplayPixels(req.file, req.frameIndex);
        const px = { ...found, data: own(found.data) };
        parentPort!.postMessage({ id: req.id, pixels: px }, [px.data.buffer as ArrayBuffer]);
      } else {
        const found = await readModalityValues(req.file, 'dicom', req.frame);
        const v = { ...found, data: own(found.data) };
        parentPort!.postMessage({ id: req.id, values: v }, [v.data.buffer as ArrayBuffer]);
      }
    } catch (e) {
      parentPort!.postMessage({ id: req.id, error: describe(e) });
    }
  })();
});
