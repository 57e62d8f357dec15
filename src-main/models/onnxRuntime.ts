/**
 * The one way Lightbox runs an ONNX model: onnxruntime-web's WebAssembly backend, which works in
 * Node (main process, worker threads, the CLI) and in the renderer without a native build or a
 * download (onnxruntime-node cannot be installed offline). Every caller opens sessions here so the
 * runtime is configured once and a file that is not a runnable model gets the same plain refusal.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
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

/**
 * The runtime's WebAssembly (14 MB), compiled once per process, to hand to worker threads: a
 * `WebAssembly.Module` posted to a thread shares its compiled code, where each thread compiling the
 * file itself costs every thread the compile (and V8's optimising tier-up after it) on cores the
 * threads are meant to predict on. Kept for the life of the process, so the next job starts at once.
 */
let compiled: Promise<WebAssembly.Module> | undefined;
export function compiledRuntimeWasm(): Promise<WebAssembly.Module> {
  if (!compiled) {
    // The file onnxruntime-web's Node build loads (its glue, ort-wasm-simd-threaded.mjs, names it).
    const file = createRequire(typeof __filename === 'string' ? __filename : process.cwd() + '/index.js').resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm');
    compiled = fs.promises.readFile(file).then((bytes) => WebAssembly.compile(bytes));
    compiled.catch(() => (compiled = undefined));
  }
  return compiled;
}

/**
 * Make this thread's runtime instantiate `module` instead of compiling the wasm file again. Call
 * before the first session. onnxruntime-web takes no compiled module (its `env.wasm` has
 * `wasmBinary` and `wasmPaths` only, and it passes no `instantiateWasm` hook on to Emscripten),
 * so `wasmBinary` is set to a placeholder buffer and `WebAssembly.instantiate`, when the
 * runtime's glue calls it with exactly that buffer, instantiates the compiled module; any other
 * call goes through unchanged.
 */
export function useCompiledWasm(module: WebAssembly.Module): void {
  const placeholder = new ArrayBuffer(8);
  const instantiate = WebAssembly.instantiate.bind(WebAssembly) as (source: unknown, imports?: WebAssembly.Imports) => Promise<unknown>;
  const hooked = (source: unknown, imports?: WebAssembly.Imports): Promise<unknown> => {
    const bytes = ArrayBuffer.isView(source) ? source.buffer : source;
    if (bytes === placeholder) return (instantiate(module, imports) as Promise<WebAssembly.Instance>).then((instance) => ({ module, instance }));
    return instantiate(source, imports);
  };
  (WebAssembly as { instantiate: unknown }).instantiate = hooked;
  onnxRuntime().env.wasm.wasmBinary = placeholder;
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
