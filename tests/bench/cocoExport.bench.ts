import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { encodeMask } from '../../src-main/api/maskCodec.js';
import { type CocoImageEntry, cocoDocument } from '../../src-main/formats/cocoExport.js';
import { classTable, regionsFor } from '../../src-main/formats/regionSupport.js';
import { openStore, writeTx } from '../../src-main/store/openStore.js';
import { shapeToStored } from '../../src-main/store/regionsRepo.js';

/**
 * COCO export of 10,000 images with 100,000 regions (60% boxes, 30% 12-vertex polygons, 10%
 * 48×48 brush masks), on generated rows in a real store and no image files: this times the label
 * writing (read the regions, build the JSON, write it), not the image copies, which the export
 * bench measures.
 */

const IMAGES = 10_000;
const SHAPES = 100_000;
const W = 640;
const H = 480;

it(`COCO label writing: ${IMAGES} images, ${SHAPES} regions`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-bench-coco-'));
  try {
    const db = openStore(dir);
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const maskBits = new Uint8Array(48 * 48);
    for (let y = 0; y < 48; y++) for (let x = 0; x < 48; x++) maskBits[y * 48 + x] = (x - 24) ** 2 + (y - 24) ** 2 <= 22 * 22 ? 1 : 0;
    const maskCounts = encodeMask(maskBits);
    const t0 = performance.now();
    writeTx(db, () => {
      const now = Date.now();
      const img = db.prepare("INSERT INTO images (path, width, height, format, status, added_at, updated_at) VALUES (?, ?, ?, 'jpeg', 'done', ?, ?)");
      for (let i = 0; i < IMAGES; i++) img.run(`img/${String(i).padStart(5, '0')}.jpg`, W, H, now, now);
      const cls = db.prepare('INSERT INTO classes (name, color, ord, created_at) VALUES (?, ?, ?, ?)');
      for (let c = 0; c < 20; c++) cls.run(`class-${c}`, '#1f77b4', c, now);
      const ann = db.prepare('INSERT INTO annotations (image_id, class_id, kind, geometry, mask, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (let k = 0; k < SHAPES; k++) {
        const imageId = (k % IMAGES) + 1;
        const classId = 1 + (k % 20);
        const r = k % 10;
        const x = rand() * (W - 100);
        const y = rand() * (H - 100);
        const stored =
          r < 6
            ? shapeToStored(classId, { kind: 'box', x, y, w: 10 + rand() * 80, h: 10 + rand() * 80 })
            : r < 9
              ? shapeToStored(classId, {
                  kind: 'polygon',
                  points: Array.from({ length: 12 }, (_, v) => [x + 40 + 35 * Math.cos((v / 12) * 2 * Math.PI), y + 40 + 35 * Math.sin((v / 12) * 2 * Math.PI)] as [number, number]),
                })
              : shapeToStored(classId, { kind: 'mask', x: Math.floor(x), y: Math.floor(y), w: 48, h: 48, counts: maskCounts });
        ann.run(imageId, classId, stored.kind, stored.geometry, stored.mask === null ? null : Buffer.from(stored.mask, 'latin1'), now, now);
      }
    });
    const generateMs = performance.now() - t0;

    const out = path.join(dir, 'instances.json');
    const t1 = performance.now();
    const ids = (db.prepare('SELECT id FROM images ORDER BY path').all() as { id: number }[]).map((r) => r.id);
    const regions = regionsFor(db, ids);
    const t2 = performance.now();
    const entries: CocoImageEntry[] = ids.map((id, i) => ({ fileName: `${String(i).padStart(5, '0')}.jpg`, width: W, height: H, regions: regions.get(id) ?? [] }));
    const doc = cocoDocument(entries, classTable(db));
    const t3 = performance.now();
    const json = JSON.stringify(doc);
    fs.writeFileSync(out, json);
    const t4 = performance.now();
    expect(doc.annotations).toHaveLength(SHAPES);
    db.close();
    console.log(
      `[bench] COCO export labels, ${IMAGES} images / ${SHAPES} regions: ${(t4 - t1).toFixed(0)} ms total ` +
        `(read regions ${(t2 - t1).toFixed(0)} ms, build ${(t3 - t2).toFixed(0)} ms, stringify+write ${(t4 - t3).toFixed(0)} ms), ` +
        `${(json.length / 1e6).toFixed(1)} MB JSON; generating the rows took ${generateMs.toFixed(0)} ms; load ${os.loadavg()[0]!.toFixed(2)}`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
