import { afterAll, beforeAll, expect, it } from 'vitest';
import { cv as opencv } from 'opencv-wasm';
import type { MaskCrop } from '../../src-main/api/maskCodec.js';
import { type Cv, whenReady } from '../../src-main/vision/cv.js';
import type { CleanStep } from '../../src-main/vision/maskCleanup.js';
import { runVisionOp } from '../../src-main/vision/visionOps.js';
import { VisionThread } from '../../src-main/vision/visionThread.js';
import { type Scene, ellipseScene, fullMask, iou } from '../helpers/visionScenes.js';

/**
 * The region assists on a 4096×4096 RGB image (issue 11 budgets: wand ≤ 30 ms per tolerance
 * step, GrabCut on a 1024×1024 box ≤ 1 s for 5 iterations, threshold and clean-up ≤ 50 ms,
 * mask → polygon ≤ 20 ms). Timed in this thread (the operation itself) and, for the wand, also
 * through the worker thread the app uses (which is sent the image once and keeps it). The image is
 * held in OpenCV's heap between calls (vision/heldImage.ts), as the worker holds it while a person
 * drags a tolerance or a level: repeated calls are timed that way, and the first call on an image
 * is printed apart. Figures are printed, not asserted; each result is checked against the known object.
 */

const S = 4096;
let cv: Cv;
let scene: Scene;
let bigLesion: MaskCrop;
const thread = new VisionThread();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time<T>(fn: () => T, runs = 5): { ms: number; last: T } {
  let last = fn(); // warm up
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    last = fn();
    t.push(performance.now() - a);
  }
  return { ms: median(t), last };
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

beforeAll(async () => {
  cv = (await whenReady(opencv)).cv;
  // A large lesion (about 2800×2000 px) and a small one (whose box GrabCut gets).
  scene = ellipseScene(S, S, [
    { cx: 1800, cy: 1600, rx: 1400, ry: 1000 },
    { cx: 3300, cy: 3300, rx: 400, ry: 350 },
  ]);
}, 10 * 60_000);

afterAll(() => thread.close());

it('magic wand per tolerance step at 4096×4096', async () => {
  const steps = [24, 28, 32, 36, 40, 44];
  const per: number[] = [];
  let mask: MaskCrop | null = null;
  for (const tolerance of steps) {
    const r = time(() => runVisionOp(cv, 'wand', { image: scene.image, seeds: [{ x: 1800, y: 1600, positive: true }], tolerance, connectivity: 8 }), 3);
    per.push(r.ms);
    mask = r.last.mask;
  }
  bigLesion = mask!;
  // The first call on an image: it is copied into OpenCV's heap and held there for the next steps.
  const firsts: number[] = [];
  for (let i = 0; i < 3; i++) {
    const a = performance.now();
    runVisionOp(cv, 'wand', { image: { ...scene.image }, seeds: [{ x: 1800, y: 1600, positive: true }], tolerance: 40, connectivity: 8 });
    firsts.push(performance.now() - a);
  }
  const params = (tolerance: number) => ({ image: scene.image, seeds: [{ x: 1800, y: 1600, positive: true }], tolerance, connectivity: 8 as const });
  const t: number[] = [];
  const encoded: number[] = [];
  for (const tolerance of steps) {
    let a = performance.now();
    await thread.call('wand', params(tolerance));
    t.push(performance.now() - a);
    // As the app asks: the mask encoded in the worker (runs as text, and the area).
    a = performance.now();
    await thread.callEncoded('wand', params(tolerance + 1));
    encoded.push(performance.now() - a);
  }
  console.log(
    `wand, 4096×4096, fill of ~4.4 Mpx: ${fmt(median(per))} per tolerance step in-thread (steps ${per.map((x) => x.toFixed(0)).join(', ')} ms); first call on an image (copied into the heap) ${fmt(median(firsts))}; ` +
      `through the worker thread: first call (sends the 48 MB image) ${fmt(t[0]!)}, later steps ${fmt(median(t.slice(1)))} as bits, ${fmt(median(encoded))} encoded in the worker as the app asks (budget ≤ 30 ms)`,
  );
  expect(iou(fullMask(bigLesion, S, S), fullMask(runVisionOp(cv, 'wand', { image: scene.image, seeds: [{ x: 1800, y: 1600, positive: true }], tolerance: 40, connectivity: 8 }).mask, S, S))).toBeGreaterThan(0.9);
}, 10 * 60_000);

it('GrabCut on a 1024×1024 box, 5 iterations', () => {
  const box = { x: 3300 - 512, y: 3300 - 512, w: 1024, h: 1024 };
  const truth = ellipseScene(S, S, [{ cx: 3300, cy: 3300, rx: 400, ry: 350 }], { channels: 1, noise: 0 }).truth;
  const r = time(() => runVisionOp(cv, 'grabcut', { image: scene.image, box, iterations: 5, hints: [] }), 3);
  const hinted = time(() => runVisionOp(cv, 'grabcut', { image: scene.image, box, iterations: 5, hints: [{ x: 3300, y: 3300, radius: 20, foreground: true }] }), 1);
  const score = iou(fullMask(r.last.mask, S, S), truth);
  console.log(`grabcut, 1024×1024 box, 5 iterations: ${fmt(r.ms)} (IoU ${score.toFixed(3)}); with a hint round (2×5 iterations): ${fmt(hinted.ms)}`);
  expect(score).toBeGreaterThan(0.9);
}, 10 * 60_000);

it('threshold in a box', () => {
  const whole = { x: 0, y: 0, w: S, h: S };
  // The first call on an image not held yet ("cold"): copied into the heap, and (a large box) its grey plane made.
  const cold: number[] = [];
  for (let i = 0; i < 3; i++) {
    const a = performance.now();
    runVisionOp(cv, 'threshold', { image: { ...scene.image }, box: whole, polarity: 'auto' });
    cold.push(performance.now() - a);
  }
  // As the app does it: the image is held (its grey plane made) when the tool is picked
  // (annotations.segmentPrepare), so the first call after the image opened costs what a later one does.
  const hold: number[] = [];
  const afterOpen: number[] = [];
  for (let i = 0; i < 3; i++) {
    const image = { ...scene.image };
    let a = performance.now();
    runVisionOp(cv, 'hold', { image });
    hold.push(performance.now() - a);
    a = performance.now();
    runVisionOp(cv, 'threshold', { image, box: whole, polarity: 'auto' });
    afterOpen.push(performance.now() - a);
  }
  console.log(
    `threshold (Otsu), 4096×4096 box, first call on an image: cold ${fmt(median(cold))} (budget ≤ 50 ms); first call after the image opened (held when the tool was picked, ` +
      `${fmt(median(hold))} before the click) ${fmt(median(afterOpen))}; then, level steps on the held image:`,
  );
  for (const side of [1024, 2048, 4096]) {
    const box = { x: (S - side) / 2, y: (S - side) / 2, w: side, h: side };
    const r = time(() => runVisionOp(cv, 'threshold', { image: scene.image, box, polarity: 'auto' }));
    console.log(`threshold (Otsu), ${side}×${side} box: ${fmt(r.ms)}`);
    expect(r.last.mask).not.toBeNull();
  }
}, 10 * 60_000);

it('clean-up of a ~2800×2000 mask', () => {
  const steps: [string, CleanStep][] = [
    ['fill holes', { op: 'fillHoles' }],
    ['remove islands < 100 px', { op: 'removeIslands', minArea: 100 }],
    ['smooth r=3', { op: 'smooth', radius: 3 }],
    ['grow 5 px', { op: 'grow', px: 5 }],
    ['shrink 5 px', { op: 'shrink', px: 5 }],
  ];
  for (const [name, step] of steps) {
    const r = time(() => runVisionOp(cv, 'clean', { mask: bigLesion, width: S, height: S, steps: [step] }));
    console.log(`clean-up ${name}: ${fmt(r.ms)}`);
    expect(r.last.mask).not.toBeNull();
  }
}, 10 * 60_000);

it('mask → polygons of a ~2800×2000 mask', () => {
  for (const tolerance of [0, 1]) {
    const r = time(() => runVisionOp(cv, 'toPolygons', { mask: bigLesion, tolerance }));
    const vertices = r.last.parts.reduce((n, p) => n + p.outer.length + p.holes.reduce((k, h) => k + h.length, 0), 0);
    console.log(`mask → polygons, tolerance ${tolerance} px: ${fmt(r.ms)} (${r.last.parts.length} parts, ${vertices} vertices)`);
    expect(r.last.parts.length).toBeGreaterThan(0);
  }
  const parts = runVisionOp(cv, 'toPolygons', { mask: bigLesion, tolerance: 1 }).parts;
  const back = time(() => runVisionOp(cv, 'fromPolygons', { parts, width: S, height: S }));
  console.log(`polygons → mask: ${fmt(back.ms)}`);
}, 10 * 60_000);
