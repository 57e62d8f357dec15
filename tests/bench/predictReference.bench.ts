import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, expect, it } from 'vitest';
import type { PredictSummary } from '../../src-main/api/suggestions.js';
import { validateModel } from '../../src-main/models/loadModel.js';
import { PredictThreads } from '../../src-main/models/predictThreads.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { rng } from '../helpers/rng.js';
import { openTempDataset } from '../helpers/tempSession.js';
import { PYTHON } from './helpers/pillow.js';

/**
 * Lightbox's pre-label against the model's own framework: the bench's 64×64 classifier and 640×640
 * detector built in torch (tests/bench/helpers/torchReference.py), exported to ONNX with
 * torch.onnx.export; Lightbox runs those files (suggestions.predict: decode, resize, normalise, run,
 * post-process with NMS, store) and torch runs the same models on CPU, decoding and resizing with
 * Pillow, over the same 1024×768 JPEGs, both on 2 threads. Needs Debian's python3-torch; prints
 * "torch not available" and stops where it is absent.
 */

const SCRIPT = path.join(import.meta.dirname, 'helpers', 'torchReference.py');
const THREADS = 2;
const N = 60;

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.splice(0).forEach((c) => c()));

function torchVersion(): string | null {
  try {
    return execFileSync(PYTHON, ['-c', 'import torch, PIL; print(torch.__version__)'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

it('pre-label images/s: Lightbox against torch on CPU, same models, same images, 2 threads', async () => {
  const version = torchVersion();
  if (version === null) {
    console.log(`[bench] predict reference: torch not available (${PYTHON} cannot import torch and PIL; apt-get install python3-torch python3-pil)`);
    return;
  }
  const { s, dir } = openTempDataset(cleanups, 'lightbox-predict-reference-');
  const r = rng(2);
  const files: string[] = [];
  for (let i = 0; i < N; i++) {
    const file = path.join(dir, `img${String(i).padStart(4, '0')}.jpg`);
    const color = { r: Math.floor(r() * 255), g: Math.floor(r() * 255), b: Math.floor(r() * 255) };
    await sharp({ create: { width: 1024, height: 768, channels: 3, background: color, noise: { type: 'gaussian', mean: 0, sigma: 20 } } })
      .jpeg({ quality: 85 })
      .toFile(file);
    files.push(file);
  }
  const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
  await s.jobs.wait(jobId);

  const models = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-bench-torch-'));
  cleanups.push(() => fs.rmSync(models, { recursive: true, force: true }));
  execFileSync(PYTHON, [SCRIPT, 'export', models], { stdio: ['ignore', 'ignore', 'pipe'] });
  // torch.onnx.export writes no labels or preprocessing: the JSON a user would put beside the files.
  fs.writeFileSync(path.join(models, 'classifier.onnx.json'), JSON.stringify({ task: 'classify', labels: ['red', 'green', 'blue'], input: { size: [64, 64], resize: 'fill' } }));
  fs.writeFileSync(path.join(models, 'detector.onnx.json'), JSON.stringify({ task: 'detect', labels: ['cat', 'dog'], input: { size: [640, 640], resize: 'letterbox' } }));

  for (const [label, kind] of [
    ['64×64 classifier', 'classifier'],
    ['640×640 detector', 'detector'],
  ] as const) {
    s.require().db.exec('DELETE FROM suggestions; DELETE FROM predictions;');
    // Thread start on its own (each run starts its threads), to tell it from the per-image cost.
    const m = await validateModel(path.join(models, `${kind}.onnx`));
    const t0 = performance.now();
    await (await PredictThreads.start({ bytes: m.bytes, name: m.name, spec: m.spec, minScore: 0.25 }, THREADS)).close();
    const startSecs = (performance.now() - t0) / 1000;
    const t = performance.now();
    const { jobId: id } = (await dispatch(s, 'suggestions.predict', { model: path.join(models, `${kind}.onnx`), images: 'all', threads: THREADS, createClasses: true })) as { jobId: string };
    const summary = (await s.jobs.wait(id)) as PredictSummary;
    const lightboxSecs = (performance.now() - t) / 1000;
    expect(summary).toMatchObject({ predicted: N, failedCount: 0 });
    const ref = JSON.parse(execFileSync(PYTHON, [SCRIPT, 'run', kind, String(THREADS), ...files], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n').pop()!) as { images: number; seconds: number };
    expect(ref.images).toBe(N);
    const ours = N / lightboxSecs;
    const theirs = N / ref.seconds;
    console.log(
      `[bench] predict reference, ${label}: Lightbox ${ours.toFixed(1)} images/s (the whole job: thread start, NMS, the store; starting ${THREADS} threads alone took ${startSecs.toFixed(1)} s), ` +
        `torch ${version} ${theirs.toFixed(1)} images/s (Pillow decode + resize + model, ${THREADS} threads); Lightbox/torch ×${(ours / theirs).toFixed(2)} ` +
        `over ${N} 1024×768 JPEGs (load ${os.loadavg()[0]!.toFixed(1)})`,
    );
  }
});
