import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packagedModelDir } from '../../src-main/privacy/faces/faceDetector.js';
import { Session } from '../../src-main/services/Session.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { bundleCli } from '../helpers/childProcess.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';

/** Issue 13 part 3: faces proposed as redaction boxes, reviewed, then hidden in exports. */

const sample6 = path.join(path.dirname(packagedModelDir()), 'demo', 'sample6.jpg');
/** Centres of the four faces of sample6.jpg (1920×1537). */
const FACES = [
  [350, 590],
  [770, 480],
  [1265, 415],
  [1585, 400],
] as const;

let work: { dir: string; cleanup: () => void };
beforeAll(() => {
  work = tempDir('lightbox-faces-');
});
afterAll(() => work?.cleanup());

async function dataset(name: string): Promise<string> {
  const dir = path.join(work.dir, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(sample6, path.join(dir, 'group.jpg'));
  await writeImage(path.join(dir, 'plain.png'), { width: 320, height: 240, color: '#808890' });
  return dir;
}

const call = <T>(s: Session, m: string, p: unknown) => dispatch(s, m, p) as Promise<T>;

async function runJob<T>(s: Session, started: Promise<unknown>): Promise<T> {
  const { jobId } = (await started) as { jobId: string };
  return (await s.jobs.wait(jobId)) as T;
}

async function centre(file: string, [x, y]: readonly [number, number]): Promise<number[]> {
  const { data } = await sharp(file).extract({ left: x - 2, top: y - 2, width: 5, height: 5 }).raw().toBuffer({ resolveWithObject: true });
  return [data[36]!, data[37]!, data[38]!];
}

describe('face proposals in a dataset', () => {
  it('proposes a box on each face as a pending redaction, hides nothing until accepted, then fills them in the export', async () => {
    const dir = await dataset('photos');
    const s = new Session({}, path.join(work.dir, 'home'));
    try {
      await call(s, 'datasets.open', { path: dir });
      await runJob(s, call(s, 'datasets.scan', { thumbnails: false }));
      const people = await call<{ id: number }>(s, 'classes.add', { name: 'people' });
      const images = (await call<{ items: { id: number; path: string }[] }>(s, 'images.list', {})).items;
      for (const im of images) await call(s, 'labels.set', { imageId: im.id, classId: people.id });

      const summary = await runJob<{ looked: number; faces: number; className: string; classId: number }>(s, call(s, 'privacy.proposeFaces', {}));
      expect(summary).toMatchObject({ looked: 2, faces: 4, className: 'face' });
      const cls = (await call<{ id: number; name: string; redact: boolean }[]>(s, 'classes.list', {})).find((c) => c.id === summary.classId);
      expect(cls).toMatchObject({ name: 'face', redact: true });
      const pending = await call<{ items: { box: { x: number; y: number; w: number; h: number }; classId: number; imageId: number }[] }>(s, 'suggestions.list', {});
      expect(pending.items).toHaveLength(4);
      const group = images.find((i) => i.path === 'group.jpg')!.id;
      for (const [x, y] of FACES) expect(pending.items.filter((p) => p.imageId === group && x >= p.box.x && x <= p.box.x + p.box.w && y >= p.box.y && y <= p.box.y + p.box.h)).toHaveLength(1);

      // Proposed only: the export still shows the faces.
      const before = path.join(work.dir, 'out-before');
      await runJob(s, call(s, 'exports.run', { format: 'imagefolder', out: before, imageFormat: 'png' }));
      const shown = await centre(path.join(before, 'people', 'group.png'), FACES[1]);
      expect(Math.max(...shown)).toBeGreaterThan(60);

      const accepted = await call<{ accepted: number }>(s, 'suggestions.accept', { classId: summary.classId, kind: 'box' });
      expect(accepted.accepted).toBe(4);
      const after = path.join(work.dir, 'out-after');
      await runJob(s, call(s, 'exports.run', { format: 'imagefolder', out: after, imageFormat: 'png' }));
      for (const f of FACES) expect(await centre(path.join(after, 'people', 'group.png'), f)).toEqual([0, 0, 0]);

      // A second run looks at nothing again.
      const again = await runJob<{ looked: number; skipped: number }>(s, call(s, 'privacy.proposeFaces', {}));
      expect(again).toMatchObject({ looked: 0, skipped: 2 });
    } finally {
      s.close();
    }
  });

  it('with the camera option on, each saved frame gets its face proposals in the background', async () => {
    const dir = path.join(work.dir, 'camera');
    fs.mkdirSync(dir, { recursive: true });
    const s = new Session({}, path.join(work.dir, 'home-camera'));
    try {
      await call(s, 'datasets.open', { path: dir });
      const people = await call<{ id: number }>(s, 'classes.add', { name: 'people' });
      await call(s, 'capture.setPrefs', { proposeFaces: true });
      const frame = (await sharp(sample6).resize(960).jpeg().toBuffer()).toString('base64');
      const saved = await call<{ imageId: number }>(s, 'capture.save', { classId: people.id, format: 'jpeg', dataBase64: frame });
      const nextChange = () =>
        new Promise<void>((resolve) => {
          const off = s.onEvent((name) => {
            if (name !== 'images.changed') return;
            off();
            resolve();
          });
        });
      let items: { imageId: number }[] = [];
      for (;;) {
        // Listening before looking: a change between the two is not missed.
        const changed = nextChange();
        items = (await call<{ items: { imageId: number }[] }>(s, 'suggestions.list', {})).items;
        if (items.length > 0) break;
        await changed;
      }
      expect(items).toHaveLength(4);
      expect(items.every((i) => i.imageId === saved.imageId)).toBe(true);
    } finally {
      s.close();
    }
  });

  it('lightbox redact-faces --accept-all proposes and accepts in one go, and says what the detector misses', async () => {
    const dir = await dataset('cli');
    const cli = await bundleCli();
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LIGHTBOX_HOME: path.join(work.dir, 'cli-home') } });
        let stdout = '';
        child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
        child.once('close', (code) => resolve({ code, stdout }));
      });
    expect((await run(['scan', dir])).code).toBe(0);
    const r = await run(['redact-faces', dir, '--accept-all']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 images looked at, 4 faces proposed as "face" redactions');
    expect(r.stdout).toContain('4 face boxes accepted');
    expect(r.stdout).toMatch(/misses small, profile/);
    const bad = await run(['redact-faces', dir, '--min-score', '7']);
    expect(bad.code).toBe(1);
  });
});
