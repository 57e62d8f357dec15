import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli } from '../helpers/childProcess.js';
import { colourClassifier, colourJson, convDetector, writeModel } from '../helpers/predictModels.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';

/** `lightbox predict` and `lightbox suggestions` on a dataset folder, as a training script would run them. */

let cli: string;
let work: { dir: string; cleanup: () => void };

function lightbox(args: string[], onStderr?: (text: string, kill: () => void) => void): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LIGHTBOX_HOME: path.join(work.dir, 'home') } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
    onStderr?.(stderr, () => child.kill('SIGKILL'));
  });
  return new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

beforeAll(async () => {
  cli = await bundleCli();
  work = tempDir('lightbox-cli-predict-');
});
afterAll(() => work?.cleanup());

describe('lightbox predict and suggestions', () => {
  it('pre-labels with a classifier, lists, accepts by class and score, and rejects the rest', async () => {
    const ds = path.join(work.dir, 'colours');
    for (const [name, color] of [
      ['r1.png', '#f01010'],
      ['r2.png', '#e03030'],
      ['g1.png', '#10e010'],
      ['b1.png', '#1010f0'],
    ] as const) {
      await writeImage(path.join(ds, name), { width: 40, height: 30, color });
    }
    const model = writeModel(path.join(work.dir, 'colours.onnx'), colourClassifier(), colourJson());
    expect((await lightbox(['scan', ds])).code).toBe(0);
    for (const c of ['red', 'green']) expect((await lightbox(['classes', ds, 'add', c])).code).toBe(0);

    const run = await lightbox(['predict', ds, '--model', model, '--min-score', '0.5']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/colours\.onnx \(classify\): 4 images predicted, 3 suggestions stored/);
    expect(run.stdout).toMatch(/Model labels with no class in the dataset \(not stored\): blue\. Map them \(--map LABEL=CLASS\), add the classes, or run again with --create-classes\./);

    const list = JSON.parse((await lightbox(['suggestions', ds, 'list', '--json'])).stdout) as { total: number; items: { path: string; class: string; score: number }[] };
    expect(list.total).toBe(3);
    expect(list.items.map((i) => [i.path, i.class])).toEqual([
      ['r1.png', 'red'],
      ['g1.png', 'green'],
      ['r2.png', 'red'],
    ]);

    const accept = await lightbox(['suggestions', ds, 'accept', '--class', 'red', '--min-score', '0.5']);
    expect([accept.code, accept.stdout.trim()]).toEqual([0, '2 accepted on 2 images; undo with Ctrl+Z in the app.']);
    const reject = await lightbox(['suggestions', ds, 'reject']);
    expect(reject.stdout.trim()).toBe('1 rejected on 1 images.');
    const stats = JSON.parse((await lightbox(['stats', ds, '--json'])).stdout) as { labeled: number };
    expect(stats.labeled).toBe(2);
    expect((await lightbox(['suggestions', ds, 'list'])).stdout.trim()).toBe('0 pending suggestions');
  });

  it('--map stores a model label under a class of another name, and the next run remembers it', async () => {
    const ds = path.join(work.dir, 'mapped');
    await writeImage(path.join(ds, 'r.png'), { width: 40, height: 30, color: '#f01010' });
    await writeImage(path.join(ds, 'g.png'), { width: 40, height: 30, color: '#10e010' });
    const model = writeModel(path.join(work.dir, 'colours-map.onnx'), colourClassifier(), colourJson());
    expect((await lightbox(['scan', ds])).code).toBe(0);
    for (const c of ['crimson', 'green']) expect((await lightbox(['classes', ds, 'add', c])).code).toBe(0);

    const malformed = await lightbox(['predict', ds, '--model', model, '--map', 'red']);
    expect([malformed.code, malformed.stderr]).toEqual([1, expect.stringMatching(/--map is MODEL_LABEL=CLASS, not "red"/)]);
    const badWindow = await lightbox(['predict', ds, '--model', model, '--window', '40']);
    expect([badWindow.code, badWindow.stderr]).toEqual([1, expect.stringMatching(/--window is file, auto or CENTER,WIDTH/)]);
    const noClass = await lightbox(['predict', ds, '--model', model, '--map', 'red=scarlet']);
    expect([noClass.code, noClass.stderr]).toEqual([1, expect.stringMatching(/There is no class "scarlet" to map onto/)]);

    const run = await lightbox(['predict', ds, '--model', model, '--min-score', '0.5', '--map', 'red=Crimson']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/2 images predicted, 2 suggestions stored/);
    expect(run.stdout).toContain('Mapped: red → crimson');
    expect(run.stdout).toMatch(/no class in the dataset \(not stored\): blue\./);
    const list = JSON.parse((await lightbox(['suggestions', ds, 'list', '--json'])).stdout) as { items: { path: string; class: string }[] };
    expect(list.items.map((i) => [i.path, i.class]).sort()).toEqual([
      ['g.png', 'green'],
      ['r.png', 'crimson'],
    ]);
    // Kept for this model and dataset: a run without --map maps it the same way.
    await writeImage(path.join(ds, 'r2.png'), { width: 40, height: 30, color: '#e02020' });
    expect((await lightbox(['scan', ds])).code).toBe(0);
    const again = await lightbox(['predict', ds, '--model', model, '--min-score', '0.5']);
    expect(again.stdout).toMatch(/1 images predicted, 1 suggestions stored, 2 skipped/);
    expect(again.stdout).toContain('Mapped: red → crimson');
    const list2 = JSON.parse((await lightbox(['suggestions', ds, 'list', '--json'])).stdout) as { items: { path: string; class: string }[] };
    expect(list2.items.find((i) => i.path === 'r2.png')?.class).toBe('crimson');
  }, 180_000);

  it('refuses a bad model in one line with exit status 1, and stores nothing', async () => {
    const ds = path.join(work.dir, 'bad');
    await writeImage(path.join(ds, 'one.png'), { width: 20, height: 20 });
    expect((await lightbox(['scan', ds])).code).toBe(0);
    const notOnnx = path.join(work.dir, 'notes.onnx');
    fs.writeFileSync(notOnnx, 'these are my notes');
    const many = writeModel(path.join(work.dir, 'many.onnx'), colourClassifier(), { ...colourJson(), labels: Array.from({ length: 10_000 }, (_, i) => `c${i}`) });
    for (const [file, why] of [
      [notOnnx, /notes\.onnx (is not an ONNX model|does not say what it predicts)/],
      [many, /declares 10000 classes; Lightbox handles at most 1000/],
      [path.join(work.dir, 'nowhere.onnx'), /does not exist/],
    ] as const) {
      const r = await lightbox(['predict', ds, '--model', file]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(why);
    }
    expect((await lightbox(['suggestions', ds, 'list'])).stdout.trim()).toBe('0 pending suggestions');
    const usage = await lightbox(['predict', ds, '--model', many, '--images', 'some']);
    expect([usage.code, usage.stderr]).toEqual([1, expect.stringMatching(/--images is unlabeled, all or split:train\|val\|test, not "some"/)]);
  });

  it('survives a kill: what was stored stays, and the next run does only the rest', async () => {
    const ds = path.join(work.dir, 'many');
    const N = 30;
    for (let i = 0; i < N; i++) await writeImage(path.join(ds, `im${String(i).padStart(2, '0')}.jpg`), { width: 320, height: 200 });
    expect((await lightbox(['scan', ds])).code).toBe(0);
    const model = writeModel(path.join(work.dir, 'yolo.onnx'), convDetector());
    const killed = await lightbox(['predict', ds, '--model', model, '--threads', '1', '--create-classes'], (err, kill) => {
      const m = [...err.matchAll(/Predicting: (\d+)\/30/g)].pop();
      if (m && Number(m[1]) >= 3) kill();
    });
    expect(killed.signal).toBe('SIGKILL');
    const after = JSON.parse((await lightbox(['suggestions', ds, 'list', '--json'])).stdout) as { items: { path: string }[] };
    const stored = new Set(after.items.map((i) => i.path)).size;
    expect(stored).toBeGreaterThanOrEqual(3);
    expect(stored).toBeLessThan(N);

    const rest = await lightbox(['predict', ds, '--model', model]);
    expect(rest.code, rest.stderr).toBe(0);
    const m = /: (\d+) images predicted, \d+ suggestions stored, (\d+) skipped \(already predicted by this model\)/.exec(rest.stdout);
    expect(m).not.toBeNull();
    expect(Number(m![2])).toBe(stored);
    // Seen once in a whole-suite run on 2 loaded cores: 29, not 30. The run's own words say which image is missing and why.
    expect(Number(m![1]) + Number(m![2]), rest.stdout + rest.stderr).toBe(N);
    const all = JSON.parse((await lightbox(['suggestions', ds, 'list', '--json'])).stdout) as { items: { path: string }[] };
    expect(new Set(all.items.map((i) => i.path)).size).toBe(N);
  });
});
