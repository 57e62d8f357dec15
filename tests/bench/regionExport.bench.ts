import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import type { ExportSummary } from '../../src-main/api/exports.js';
import { encodeMask } from '../../src-main/api/maskCodec.js';
import type { ExportItem, SplitName } from '../../src-main/formats/exportSelection.js';
import { selectImages } from '../../src-main/formats/exportSelection.js';
import { groupBySplit } from '../../src-main/formats/regionSupport.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { writeTx } from '../../src-main/store/openStore.js';
import { shapeToStored } from '../../src-main/store/regionsRepo.js';

/**
 * A whole COCO export through `exports.run` of 30,000 small images (LIGHTBOX_BENCH_IMAGES to
 * change it) with 10 regions each (6 boxes, 3 polygons, 1 brush mask), in train/val/test. Prints the
 * time of grouping the images by split, against the copy-per-item grouping it replaced (quadratic:
 * 6.2 s at 30,000), and of the whole export, with the peak memory of the process.
 */

const IMAGES = Number(process.env.LIGHTBOX_BENCH_IMAGES ?? 30_000);
const PER_IMAGE = 10;
const W = 32;
const H = 24;

/** The grouping as it was before issue 9: a new array per item, so n items cost n²/2 copies. */
function groupByCopying(items: readonly ExportItem[]): Map<SplitName | null, ExportItem[]> {
  const groups = new Map<SplitName | null, ExportItem[]>();
  for (const item of items) groups.set(item.split, [...(groups.get(item.split) ?? []), item]);
  return groups;
}

it(`COCO export through exports.run: ${IMAGES} images, ${IMAGES * PER_IMAGE} regions`, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-bench-region-export-'));
  const root = path.join(dir, 'dataset');
  const session = new Session({}, path.join(dir, 'home'));
  try {
    const t0 = performance.now();
    const jpeg = await sharp({ create: { width: W, height: H, channels: 3, background: '#3070c0' } }).jpeg().toBuffer();
    const paths: string[] = [];
    for (let i = 0; i < IMAGES; i++) {
      const rel = `img${String(Math.floor(i / 1000)).padStart(3, '0')}/${String(i).padStart(6, '0')}.jpg`;
      if (i % 1000 === 0) fs.mkdirSync(path.join(root, path.dirname(rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), jpeg);
      paths.push(rel);
    }
    await dispatch(session, 'datasets.open', { path: root });
    const db = session.require().db;
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const maskBits = new Uint8Array(8 * 8);
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) maskBits[y * 8 + x] = (x - 4) ** 2 + (y - 4) ** 2 <= 12 ? 1 : 0;
    const maskCounts = encodeMask(maskBits);
    const splits: SplitName[] = ['train', 'train', 'train', 'train', 'train', 'train', 'train', 'train', 'val', 'test'];
    // Rows are written straight into the store (as the scan would leave them), so the bench times the export, not a scan.
    writeTx(db, () => {
      const now = Date.now();
      const img = db.prepare("INSERT INTO images (path, width, height, format, status, split, added_at, updated_at) VALUES (?, ?, ?, 'jpeg', 'done', ?, ?, ?)");
      paths.forEach((p, i) => img.run(p, W, H, splits[i % splits.length], now, now));
      const cls = db.prepare('INSERT INTO classes (name, color, ord, created_at) VALUES (?, ?, ?, ?)');
      for (let c = 0; c < 20; c++) cls.run(`class-${c}`, '#1f77b4', c, now);
      const ann = db.prepare('INSERT INTO annotations (image_id, class_id, kind, geometry, mask, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (let i = 0; i < IMAGES; i++) {
        for (let k = 0; k < PER_IMAGE; k++) {
          const classId = 1 + ((i + k) % 20);
          const x = rand() * (W - 12);
          const y = rand() * (H - 12);
          const stored =
            k < 6
              ? shapeToStored(classId, { kind: 'box', x, y, w: 2 + rand() * 9, h: 2 + rand() * 9 })
              : k < 9
                ? shapeToStored(classId, { kind: 'polygon', points: Array.from({ length: 8 }, (_, v) => [x + 5 + 4 * Math.cos((v / 8) * 2 * Math.PI), y + 5 + 4 * Math.sin((v / 8) * 2 * Math.PI)] as [number, number]) })
                : shapeToStored(classId, { kind: 'mask', x: Math.floor(x), y: Math.floor(y), w: 8, h: 8, counts: maskCounts });
          ann.run(i + 1, classId, stored.kind, stored.geometry, stored.mask === null ? null : Buffer.from(stored.mask, 'latin1'), now, now);
        }
      }
    });
    const generateMs = performance.now() - t0;

    const items = selectImages(db, 'annotations').items;
    expect(items).toHaveLength(IMAGES);
    const g0 = performance.now();
    const groups = groupBySplit({ leaveOutNoSplit: () => {} }, items);
    const groupMs = performance.now() - g0;
    const g1 = performance.now();
    const copied = groupByCopying(items);
    const copyMs = performance.now() - g1;
    expect(groups.get('train')).toEqual(copied.get('train'));

    const out = path.join(dir, 'coco');
    const rssBefore = process.memoryUsage().rss;
    const e0 = performance.now();
    const { jobId } = (await dispatch(session, 'exports.run', { format: 'coco', out })) as { jobId: string };
    const summary = (await session.jobs.wait(jobId)) as ExportSummary;
    const exportMs = performance.now() - e0;
    expect(summary.exported).toBe(IMAGES);
    const json = fs.readdirSync(path.join(out, 'annotations')).reduce((n, f) => n + fs.statSync(path.join(out, 'annotations', f)).size, 0);
    console.log(
      `[bench] COCO export, ${IMAGES} images / ${IMAGES * PER_IMAGE} regions: whole export ${(exportMs / 1000).toFixed(1)} s ` +
        `(${Math.round(IMAGES / (exportMs / 1000))} images/s), ${(json / 1e6).toFixed(1)} MB of JSON; ` +
        `grouping by split ${groupMs.toFixed(1)} ms (the copy-per-item grouping it replaced: ${copyMs.toFixed(0)} ms, ${(copyMs / Math.max(groupMs, 0.01)).toFixed(0)}×); ` +
        `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (${(rssBefore / 2 ** 20).toFixed(0)} MB before the export); ` +
        `generating took ${(generateMs / 1000).toFixed(1)} s; load ${os.loadavg()[0]!.toFixed(2)}`,
    );
  } finally {
    session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
