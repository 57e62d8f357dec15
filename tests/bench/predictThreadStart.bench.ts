import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { validateModel } from '../../src-main/models/loadModel.js';
import { PredictThreads } from '../../src-main/models/predictThreads.js';
import { colourClassifier, colourJson, writeModel } from '../helpers/predictModels.js';
import { writeImage } from '../helpers/tempDataset.js';

/**
 * Starting prediction threads: each thread evaluates its bundle, loads onnxruntime-web on its
 * 14 MB of wasm, compiled once by the starting thread and shared (or, as before, compiled by each
 * thread), and opens one session on the model; timed until every thread has answered one image.
 * V8 keeps compiled wasm per process, so only a process's first start shows the compile: it is the
 * one every `lightbox predict` pays. LIGHTBOX_BENCH_WASM=compile starts the old way, for the baseline
 * (run the file once each way: the first line is the figure).
 */

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.splice(0).forEach((c) => c()));

it('prediction thread start-up, 1, 2 and 4 threads', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-bench-threads-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const m = await validateModel(writeModel(path.join(dir, 'colours.onnx'), colourClassifier(64), colourJson(64)));
  const data = { bytes: m.bytes, name: m.name, spec: m.spec, minScore: 0.25 };
  const red = path.join(dir, 'red.png');
  await writeImage(red, { width: 40, height: 30, color: '#e01010' });
  const shareWasm = process.env.LIGHTBOX_BENCH_WASM !== 'compile';
  for (const count of [2, 1, 4, 2]) {
    const t0 = performance.now();
    const pool = await PredictThreads.start(data, count, { shareWasm });
    // Every thread answers (the shared module runs): as many images at once as threads.
    const answers = await Promise.all(Array.from({ length: count }, () => pool.predict({ file: red, width: 40, height: 30, frame: null, format: 'png', bitsStored: 8 })));
    const ms = performance.now() - t0;
    await pool.close();
    for (const a of answers) expect(a.kind === 'class' && a.probs.indexOf(Math.max(...a.probs))).toBe(0);
    console.log(`[bench] predict threads (${shareWasm ? 'one compiled wasm shared' : 'each compiling the wasm'}): ${count} started and answering in ${(ms / 1000).toFixed(2)} s (load ${os.loadavg()[0]!.toFixed(1)})`);
  }
});
