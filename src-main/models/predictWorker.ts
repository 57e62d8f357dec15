import { parentPort, workerData } from 'node:worker_threads';
import { isLightboxError } from '../api/errors.js';
import { DicomError } from '../imaging/dicom/index.js';
import { decodeFailureReason } from '../imaging/sharpSafe.js';
import { checkShapes } from './modelConfig.js';
import { modelInput } from './modelInput.js';
import { onnxRuntime, openOnnxSession, useCompiledWasm } from './onnxRuntime.js';
import { boxToImage } from './preprocess.js';
import { classProbabilities, decodeDetections } from './postprocess.js';
import type { FromWorker, PredictRequest, PredictWorkerData, Prediction } from './predictProtocol.js';

/**
 * A prediction thread: one session on the model, then images one at a time (decode, place,
 * normalise, run, post-process), so neither the decode nor the inference holds up the thread that
 * answers calls. Started by services/predictJob.ts through jobs/thread.ts.
 */

const port = parentPort!;
const { bytes, name, spec, minScore, window = 'file', wasm } = workerData as PredictWorkerData;
const post = (m: FromWorker) => port.postMessage(m);

async function main(): Promise<void> {
  let session;
  try {
    if (wasm) useCompiledWasm(wasm);
    session = await openOnnxSession(bytes, name);
    const input = session.inputMetadata[0];
    const output = session.outputMetadata[0];
    checkShapes(spec, input?.isTensor ? input.shape : undefined, output?.isTensor ? output.shape : undefined, name);
  } catch (e) {
    post({ type: 'fatal', code: isLightboxError(e) ? e.code : 'INTERNAL', message: (e as Error).message });
    return;
  }
  const ort = onnxRuntime();
  const inputName = session.inputNames[0]!;
  const outputName = session.outputNames[0]!;
  const { width, height } = spec.input;
  // A model whose input has one channel is fed grey pixels; any other (3, or a symbolic size) RGB.
  const shape = session.inputMetadata[0]?.isTensor ? session.inputMetadata[0].shape : [];
  const channels: 1 | 3 = shape[1] === 1 ? 1 : 3;
  post({ type: 'ready' });
  port.on('message', (req: PredictRequest) => {
    void (async () => {
      let input;
      try {
        input = await modelInput(req, spec.input, { channels, window });
      } catch (e) {
        // A DICOM file's reason is written for the person ("uses the JPEG 2000 codec, which …"); libvips' is not.
        post({ type: 'failed', id: req.id, message: `could not be read (${e instanceof DicomError ? e.message : decodeFailureReason(e)})` });
        return;
      }
      try {
        const out = await session.run({ [inputName]: new ort.Tensor('float32', input.data, [1, channels, height, width]) });
        const tensor = out[outputName]!;
        const data = tensor.data as Float32Array;
        let prediction: Prediction;
        if (spec.task === 'classify') {
          if (data.length !== spec.labels.length) throw new Error(`the model gave ${data.length} scores for ${spec.labels.length} labels`);
          prediction = { kind: 'class', probs: classProbabilities(data) };
        } else {
          const dets = decodeDetections(data, tensor.dims, spec.labels.length, { minScore });
          const boxes = dets.flatMap((d) => {
            const b = boxToImage(input.placement, d);
            return b ? [{ ...b, index: d.index, score: d.score }] : [];
          });
          prediction = { kind: 'box', boxes };
        }
        tensor.dispose();
        post({ type: 'result', id: req.id, prediction });
      } catch (e) {
        post({ type: 'failed', id: req.id, message: `the model failed on it (${String((e as Error).message ?? e).split('\n')[0]!.slice(0, 200)})` });
      }
    })();
  });
}

void main();
