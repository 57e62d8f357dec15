import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, expect, it } from 'vitest';
import type { PredictSummary } from '../../src-main/api/suggestions.js';
import { validateModel } from '../../src-main/models/loadModel.js';
import { PredictThreads } from '../../src-main/models/predictThreads.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { colourClassifier, colourJson, convDetector, writeModel } from '../helpers/predictModels.js';
import { rng } from '../helpers/rng.js';
import { openTempDataset } from '../helpers/tempSession.js';

/**
 * Pre-label throughput through the contract (suggestions.predict: decode, resize, normalise, run,
 * post-process, store), on generated 1024×768 JPEGs: a 64×64 colour classifier, and a 640×640
 * detector with Ultralytics' output whose graph reads the whole input (a 3×3 stride-2 convolution
 * to 16 channels, pooled) before its constant boxes, so decode + letterbox + one pass over the
 * tensor is what it costs. Thread start (one session per thread) is timed on its own.
 */

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.splice(0).forEach((c) => c()));

it('pre-label images/s: a 64×64 classifier and a 640×640 detector, 1 and 2 threads', async () => {
  const { s, dir } = openTempDataset(cleanups, 'lightbox-predict-bench-');
  const N = 120;
  const r = rng(1);
  for (let i = 0; i < N; i++) {
    const color = { r: Math.floor(r() * 255), g: Math.floor(r() * 255), b: Math.floor(r() * 255) };
    await sharp({ create: { width: 1024, height: 768, channels: 3, background: color } })
      .jpeg({ quality: 85 })
      .toFile(path.join(dir, `img${String(i).padStart(4, '0')}.jpg`));
  }
  const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
  await s.jobs.wait(jobId);
  const models = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-bench-models-'));
  cleanups.push(() => fs.rmSync(models, { recursive: true, force: true }));
  const classifier = writeModel(path.join(models, 'colours.onnx'), colourClassifier(64), colourJson(64));
  const detector = writeModel(path.join(models, 'yolo.onnx'), convDetector());

  for (const [label, file] of [
    ['64×64 classifier', classifier],
    ['640×640 detector', detector],
  ] as const) {
    const m = await validateModel(file);
    const t0 = performance.now();
    const pool = await PredictThreads.start({ bytes: m.bytes, name: m.name, spec: m.spec, minScore: 0.25 }, 2);
    const startMs = performance.now() - t0;
    await pool.close();
    for (const threads of [1, 2]) {
      // Each run is a fresh model as far as the store knows: clear what the last run stored.
      s.require().db.exec('DELETE FROM suggestions; DELETE FROM predictions;');
      const t = performance.now();
      const { jobId: id } = (await dispatch(s, 'suggestions.predict', { model: file, images: 'all', threads, createClasses: true })) as { jobId: string };
      const summary = (await s.jobs.wait(id)) as PredictSummary;
      const secs = (performance.now() - t) / 1000;
      expect(summary.predicted).toBe(N);
      console.log(
        `[bench] predict ${label}, ${threads} thread(s): ${(N / secs).toFixed(1)} images/s over ${N} 1024×768 JPEGs (${secs.toFixed(1)} s incl. thread start; ` +
          `${summary.suggestions} suggestions); starting 2 threads alone ${startMs.toFixed(0)} ms; ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(2)}`,
      );
    }
  }
});
