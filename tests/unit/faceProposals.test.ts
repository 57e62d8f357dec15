import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { packagedModelDir } from '../../src-main/privacy/faces/faceDetector.js';
import { proposeFaces } from '../../src-main/privacy/faces/faceProposals.js';
import { rng as makeRng } from '../helpers/rng.js';

/** Photographs of people that ship inside @vladmandic/face-api's npm package (not downloaded). */
const demo = path.join(path.dirname(packagedModelDir()), 'demo');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-faces-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Centres of the four faces of sample6.jpg (1920×1537), read off the picture. */
const SAMPLE6_FACES = [
  [350, 590],
  [770, 480],
  [1265, 415],
  [1585, 400],
];

const contains = (b: { x: number; y: number; w: number; h: number }, [px, py]: number[]) => px! >= b.x && px! <= b.x + b.w && py! >= b.y && py! <= b.y + b.h;

describe('face proposals', () => {
  it('proposes one box on each of the four faces of a group photograph', async () => {
    const faces = await proposeFaces(path.join(demo, 'sample6.jpg'));
    expect(faces).toHaveLength(4);
    for (const centre of SAMPLE6_FACES) expect(faces.filter((f) => contains(f, centre))).toHaveLength(1);
    for (const f of faces) {
      expect(f.score).toBeGreaterThanOrEqual(0.5);
      expect(f.w).toBeGreaterThan(80);
      expect(f.w).toBeLessThan(400);
    }
  });

  it('maps boxes to the upright image of an EXIF-rotated photograph', async () => {
    // Stored sideways (pixels turned 90° anticlockwise), with orientation 6 to turn it back upright.
    const sideways = path.join(tmp, 'sideways.jpg');
    await sharp(path.join(demo, 'sample6.jpg')).rotate(-90).withMetadata({ orientation: 6 }).jpeg().toFile(sideways);
    const faces = await proposeFaces(sideways);
    expect(faces).toHaveLength(4);
    for (const centre of SAMPLE6_FACES) expect(faces.filter((f) => contains(f, centre))).toHaveLength(1);
  });

  it('proposes nothing on an image without faces', async () => {
    const rng = makeRng(7);
    const w = 640;
    const h = 480;
    const px = Buffer.alloc(w * h * 3);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * 3;
        // A red disc and a blue block on a grey texture.
        const disc = (x - 200) ** 2 + (y - 200) ** 2 < 90 ** 2;
        const block = x >= 380 && x < 540 && y >= 120 && y < 340;
        const base = 90 + Math.floor(rng() * 60);
        px[i] = disc ? 200 : block ? 50 : base;
        px[i + 1] = disc ? 50 : block ? 90 : base;
        px[i + 2] = disc ? 50 : block ? 200 : base;
      }
    }
    const file = path.join(tmp, 'texture.png');
    await sharp(px, { raw: { width: w, height: h, channels: 3 } }).png().toFile(file);
    expect(await proposeFaces(file)).toEqual([]);
  });

  it('says the detector is damaged instead of proposing nothing when its weights are corrupt', async () => {
    const broken = path.join(tmp, 'model');
    fs.mkdirSync(broken);
    const manifest = 'ssd_mobilenetv1_model-weights_manifest.json';
    fs.copyFileSync(path.join(packagedModelDir(), manifest), path.join(broken, manifest));
    fs.writeFileSync(path.join(broken, 'ssd_mobilenetv1_model.bin'), Buffer.alloc(1000, 7));
    await expect(proposeFaces(path.join(demo, 'sample6.jpg'), { modelDir: broken })).rejects.toMatchObject({
      code: 'BAD_FILE',
      message: expect.stringMatching(/^Faces could not be looked for: the face detector's weights could not be read/),
    });
  });
});
