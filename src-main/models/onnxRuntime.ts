/**
 * The one way Lightbox runs an ONNX model: onnxruntime-web's WebAssembly backend, which works in
 * Node (main process, worker threads, the CLI) and in the renderer without a native build or a
 * download (onnxruntime-node cannot be installed offline). Every caller opens sessions here so the
 * runtime is configured once and a file that is not a runnable model gets the same plain refusal.
 */
import * as ort from 'onnxruntime-web';
import { LightboxError } from '../api/errors.js';

export type { InferenceSession, Tensor } from 'onnxruntime-web';

let configured = false;

/** The runtime, configured for this process: one wasm thread per session (jobs run several). */
export function onnxRuntime(): typeof ort {
  if (!configured) {
    ort.env.wasm.numThreads = 1;
    ort.env.logLevel = 'error';
    configured = true;
  }
  return ort;
}

/** The largest model file Lightbox opens; beyond it the user gets a refusal, not an out-of-memory. */
export const MAX_MODEL_BYTES = 2 * 1024 ** 3;

/**
 * Open a session on model bytes. `what` names the file for the message ("model.onnx").
 * A file that is not ONNX, or uses an operator this runtime lacks, is BAD_FILE with the reason.
 */
export async function openOnnxSession(bytes: Uint8Array, what: string): Promise<ort.InferenceSession> {
  if (bytes.byteLength > MAX_MODEL_BYTES) {
    throw new LightboxError('BAD_FILE', `${what} is larger than 2 GB; Lightbox does not open models that big.`);
  }
  try {
    return await onnxRuntime().InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  } catch (e) {
    throw new LightboxError('BAD_FILE', `${what} is not an ONNX model Lightbox can run: ${runtimeReason(e)}`);
  }
}

/** The runtime's reason, cut to its first line and without the wasm stack. */
function runtimeReason(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const line = text.split('\n').find((l) => l.trim() !== '') ?? 'unknown error';
  return line.replace(/^Error:\s*/, '').slice(0, 300);
}
