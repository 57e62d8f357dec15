import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PredictSummary, Suggestion } from '../../src-main/api/suggestions.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import type { Session } from '../../src-main/services/Session.js';
import sharp from 'sharp';
import { makeDicom } from '../helpers/makeDicom.js';
import { brightnessClassifier, brightnessJson, writeModel } from '../helpers/predictModels.js';
import { codeOf, openTempDataset } from '../helpers/tempSession.js';

/**
 * DICOM frames fed to the user's models: through the file's window (or the one the user chose),
 * as 8-bit grey or RGB per the model's input channels. The model answers how bright its input was,
 * so the score says which pixels it saw.
 */

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const call = <T>(s: Session, method: string, params: unknown = {}) => dispatch(s, method, params) as Promise<T>;

/** The DICOM linear window (PS3.3 C.11.2.1.2) into 0–255, as the library shows a frame, over 255: what the model's mean is. */
const windowed = (hu: number, center: number, width: number) => Math.round(Math.min(1, Math.max(0, (hu - (center - 0.5)) / (width - 1) + 0.5)) * 255) / 255;
const pBright = (m: number) => 1 / (1 + Math.exp(10 - 20 * m));

async function dicomDataset() {
  const { s, dir } = openTempDataset(cleanups, 'lightbox-predict-dicom-');
  const side = 24;
  // Two CT frames, uniform: stored 1000 and 1100, i.e. −24 HU and 76 HU (intercept −1024); the file's window 0 ± 100.
  const pixels = new Int16Array(side * side * 2);
  pixels.fill(1000, 0, side * side);
  pixels.fill(1100, side * side);
  fs.mkdirSync(path.join(dir, 'ct'));
  fs.writeFileSync(path.join(dir, 'ct', 'cine.dcm'), makeDicom({ rows: side, columns: side, frames: 2, pixels, signed: true, intercept: -1024, windows: [[0, 200]] }));
  // One single-frame file (stored 1074: 50 HU).
  fs.writeFileSync(path.join(dir, 'ct', 'one.dcm'), makeDicom({ rows: side, columns: side, pixels: new Int16Array(side * side).fill(1074), signed: true, intercept: -1024, windows: [[0, 200]] }));
  const { jobId } = await call<{ jobId: string }>(s, 'datasets.scan', { thumbnails: false });
  await s.jobs.wait(jobId);
  for (const name of ['dark', 'bright']) await call(s, 'classes.add', { name });
  const paths = new Map<number, string>();
  for (const p of ['ct/cine.dcm#1', 'ct/cine.dcm#2', 'ct/one.dcm']) paths.set((await call<{ id: number }>(s, 'images.byPath', { path: p })).id, p);
  return { s, dir, paths };
}

/** Per image path: the best suggestion's class name and score. */
async function best(s: Session, paths: Map<number, string>): Promise<Record<string, [string, number]>> {
  const classes = new Map((await call<{ id: number; name: string }[]>(s, 'classes.list')).map((c) => [c.id, c.name]));
  const { items } = await call<{ items: Suggestion[] }>(s, 'suggestions.list', { limit: 5000 });
  const out: Record<string, [string, number]> = {};
  for (const i of [...items].sort((a, b) => b.score - a.score)) {
    const p = paths.get(i.imageId)!;
    out[p] ??= [classes.get(i.classId)!, i.score];
  }
  return out;
}

function model(dir: string, name: string, channels: 1 | 3): string {
  const file = writeModel(path.join(dir, '..', `${path.basename(dir)}-${name}`), brightnessClassifier(channels), brightnessJson());
  cleanups.push(() => {
    fs.rmSync(file, { force: true });
    fs.rmSync(`${file}.json`, { force: true });
  });
  return file;
}

describe('DICOM frames fed to models', () => {
  it("feeds each frame through the file's window, to a grey model and to an RGB model alike", async () => {
    const { s, dir, paths } = await dicomDataset();
    for (const [name, channels] of [
      ['grey.onnx', 1],
      ['rgb.onnx', 3],
    ] as const) {
      s.require().db.exec('DELETE FROM suggestions; DELETE FROM predictions;');
      const { jobId } = await call<{ jobId: string }>(s, 'suggestions.predict', { model: model(dir, name, channels), images: 'all', minScore: 0.05 });
      const summary = (await s.jobs.wait(jobId)) as PredictSummary;
      expect(summary, name).toMatchObject({ predicted: 3, failedCount: 0, failed: [] });
      const got = await best(s, paths);
      // −24 HU through 0 ± 100 is grey 97: dark; 76 HU is grey 226: bright; 50 HU grey 192: bright.
      expect(Object.fromEntries(Object.entries(got).map(([p, [c]]) => [p, c])), name).toEqual({ 'ct/cine.dcm#1': 'dark', 'ct/cine.dcm#2': 'bright', 'ct/one.dcm': 'bright' });
      expect(got['ct/cine.dcm#1']![1]).toBeCloseTo(1 - pBright(windowed(-24, 0, 200)), 2);
      expect(got['ct/cine.dcm#2']![1]).toBeCloseTo(pBright(windowed(76, 0, 200)), 2);
      expect(got['ct/one.dcm']![1]).toBeCloseTo(pBright(windowed(50, 0, 200)), 2);
    }
  });

  it('feeds them through the window the user chose instead, and refuses a window that is not one', async () => {
    const { s, dir, paths } = await dicomDataset();
    const file = model(dir, 'grey.onnx', 1);
    const { jobId } = await call<{ jobId: string }>(s, 'suggestions.predict', { model: file, images: 'all', minScore: 0.05, window: { center: 100, width: 100 } });
    expect(await s.jobs.wait(jobId)).toMatchObject({ predicted: 3, failedCount: 0 });
    const got = await best(s, paths);
    // Through 100 ± 50, 76 HU is grey 67: the same frame is dark now.
    expect(got['ct/cine.dcm#2']![0]).toBe('dark');
    expect(got['ct/cine.dcm#2']![1]).toBeCloseTo(1 - pBright(windowed(76, 100, 100)), 2);
    expect(got['ct/cine.dcm#1']![1]).toBeCloseTo(1 - pBright(windowed(-24, 100, 100)), 2);
    expect(await codeOf(call(s, 'suggestions.predict', { model: file, window: { center: 0, width: 0 } }))).toMatchObject({ code: 'BAD_PARAMS' });
  });

  it('feeds a 16-bit greyscale PNG through its histogram window, or the chosen one, not its high byte', async () => {
    const { s, dir } = openTempDataset(cleanups, 'lightbox-predict-grey16-');
    // 32×32: the top three quarters 1000, the bottom quarter 3000 (16-bit values a plain 8-bit conversion makes 3 and 11).
    const values = new Uint16Array(32 * 32).fill(1000);
    values.fill(3000, 24 * 32);
    await sharp(values, { raw: { width: 32, height: 32, channels: 1 } }).toColourspace('grey16').png().toFile(path.join(dir, 'scan16.png'));
    const { jobId } = await call<{ jobId: string }>(s, 'datasets.scan', { thumbnails: false });
    await s.jobs.wait(jobId);
    for (const name of ['dark', 'bright']) await call(s, 'classes.add', { name });
    const paths = new Map([[(await call<{ id: number }>(s, 'images.byPath', { path: 'scan16.png' })).id, 'scan16.png']]);
    const file = model(dir, 'grey.onnx', 1);
    // The histogram window spreads 1000..3000 over 0..255: a quarter of the pixels white, the mean a quarter.
    const first = await call<{ jobId: string }>(s, 'suggestions.predict', { model: file, images: 'all', minScore: 0.05 });
    expect(await s.jobs.wait(first.jobId)).toMatchObject({ predicted: 1, failedCount: 0 });
    const auto = await best(s, paths);
    expect(auto['scan16.png']![0]).toBe('dark');
    expect(auto['scan16.png']![1]).toBeCloseTo(1 - pBright(0.25), 2);
    // Through 0 ± 50 every value is white: bright.
    s.require().db.exec('DELETE FROM suggestions; DELETE FROM predictions;');
    const second = await call<{ jobId: string }>(s, 'suggestions.predict', { model: file, images: 'all', minScore: 0.05, window: { center: 0, width: 100 } });
    await s.jobs.wait(second.jobId);
    expect((await best(s, paths))['scan16.png']).toEqual(['bright', expect.closeTo(pBright(1), 2)]);
  });
});
