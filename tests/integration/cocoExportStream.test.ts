import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { ExportSummary } from '../../src-main/api/exports.js';
import type { CocoDocument } from '../../src-main/formats/cocoExport.js';
import { encodeGrayPng } from '../../src-main/formats/pngWrite.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { writeTx } from '../../src-main/store/openStore.js';
import { insertRegion, shapeToStored } from '../../src-main/store/regionsRepo.js';
import { tempDir } from '../helpers/tempDataset.js';

/**
 * The COCO export writes its JSON as the images are written and reads the regions a window of
 * images at a time. Over several windows, with deleted regions and unlabeled images between, every
 * image still gets exactly its own regions, in order, with ids counted through the whole file.
 */

const IMAGES = 2_300; // three windows of the region reader
const work = tempDir('lightbox-coco-stream-');
afterAll(() => work.cleanup());

it('a COCO export over several thousand images gives each image its own boxes, ids in order, and leaves only the JSON', async () => {
  const dir = path.join(work.dir, 'ds');
  fs.mkdirSync(dir);
  const pixels = new Uint8Array(32 * 24);
  for (let i = 0; i < IMAGES; i++) {
    for (let b = 0; b < 2; b++) pixels[b] = (i >>> (8 * b)) & 0xff; // each image its own pixels
    fs.writeFileSync(path.join(dir, `img-${String(i).padStart(5, '0')}.png`), encodeGrayPng(pixels, 32, 24));
  }
  const s = new Session({}, path.join(work.dir, 'home'));
  try {
    await dispatch(s, 'datasets.open', { path: dir });
    await s.jobs.wait(((await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string }).jobId);
    const classId = ((await dispatch(s, 'classes.add', { name: 'cell' })) as { id: number }).id;
    const db = s.require().db;
    const ids = db.prepare('SELECT id, path FROM images ORDER BY path').all() as { id: number; path: string }[];
    // Image i has (i % 3) boxes, the first at x = i % 20; every 7th image also a deleted box.
    writeTx(db, () => {
      for (const [i, img] of ids.entries()) {
        for (let k = 0; k < i % 3; k++) insertRegion(db, img.id, shapeToStored(classId, { kind: 'box', x: (i % 20) + k, y: k, w: 4, h: 3 }), 'test', 1);
        if (i % 7 === 0) {
          const gone = insertRegion(db, img.id, shapeToStored(classId, { kind: 'box', x: 1, y: 1, w: 2, h: 2 }), 'test', 1);
          db.prepare('UPDATE annotations SET deleted = 1 WHERE id = ?').run(gone);
        }
      }
    });
    const out = path.join(work.dir, 'out');
    const summary = (await s.jobs.wait(((await dispatch(s, 'exports.run', { format: 'coco', out })) as { jobId: string }).jobId)) as ExportSummary;
    const labeled = ids.filter((_, i) => i % 3 !== 0).length;
    expect(summary.exported).toBe(labeled);
    expect(fs.readdirSync(path.join(out, 'annotations'))).toEqual(['instances.json']);
    const doc = JSON.parse(fs.readFileSync(path.join(out, 'annotations', 'instances.json'), 'utf8')) as CocoDocument;
    expect(doc.images).toHaveLength(labeled);
    expect(doc.annotations.map((a) => a.id)).toEqual(doc.annotations.map((_, n) => n + 1));
    const byImage = new Map<number, number[][]>();
    for (const a of doc.annotations) byImage.set(a.image_id, [...(byImage.get(a.image_id) ?? []), a.bbox]);
    const index = new Map(ids.map((img, i) => [path.basename(img.path), i]));
    for (const img of doc.images) {
      const i = index.get(img.file_name)!;
      expect(byImage.get(img.id)).toEqual(Array.from({ length: i % 3 }, (_, k) => [(i % 20) + k, k, 4, 3]));
    }
    expect(doc.categories).toEqual([{ id: 1, name: 'cell', supercategory: '' }]);
  } finally {
    s.close();
  }
}, 300_000);
