import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary, LabeledFormat } from '../../src-main/api/acquire.js';
import type { JobInfo } from '../../src-main/api/jobs.js';
import { startWebHost } from '../../src-main/host/web/webHost.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';
import { openRpc } from '../helpers/wsRpc.js';

/**
 * What an import does with label files written by someone else: regions go through the same
 * checks as a region drawn in the app, declared sizes are bounded by the image before anything
 * is allocated, the import runs as a job while other calls are answered, and importing the same
 * source twice adds nothing the second time.
 */

const call = <T>(s: Session, m: string, p: unknown) => dispatch(s, m, p) as Promise<T>;

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function openDataset(dir: string): Promise<Session> {
  fs.mkdirSync(dir, { recursive: true });
  const s = new Session({}, path.join(dir, '.home'));
  await dispatch(s, 'datasets.open', { path: dir });
  return s;
}

async function fresh(prefix = 'lightbox-imp-'): Promise<{ s: Session; dir: string; src: string }> {
  const t = tempDir(prefix);
  const s = await openDataset(path.join(t.dir, 'ds'));
  cleanups.push(t.cleanup);
  cleanups.unshift(() => s.close());
  const src = path.join(t.dir, 'src');
  fs.mkdirSync(src, { recursive: true });
  return { s, dir: path.join(t.dir, 'ds'), src };
}

async function importLabeled(s: Session, format: LabeledFormat, from: string): Promise<ImportSummary> {
  const { jobId } = await call<{ jobId: string }>(s, 'acquire.importLabeled', { format, from });
  return (await s.jobs.wait(jobId)) as ImportSummary;
}

function regionCount(s: Session): number {
  return (s.require().db.prepare(`SELECT COUNT(*) AS n FROM annotations WHERE kind <> 'tag' AND deleted = 0`).get() as { n: number }).n;
}

async function whitePngBase64(w: number, h: number): Promise<string> {
  return (await sharp({ create: { width: w, height: h, channels: 3, background: '#ffffff' } }).png().toBuffer()).toString('base64');
}

describe('imported regions pass the contract’s checks, refusals listed per file and entry', () => {
  it('labelme: a mask at negative coordinates is refused, the rest imported, and a COCO export of the dataset works afterwards', async () => {
    const { s, src, dir } = await fresh();
    await writeImage(path.join(src, 'a.png'), { width: 40, height: 30 });
    fs.mkdirSync(path.join(src, 'labels'));
    fs.copyFileSync(path.join(src, 'a.png'), path.join(src, 'labels', 'a.png'));
    fs.writeFileSync(
      path.join(src, 'labels', 'a.json'),
      JSON.stringify({
        imagePath: 'a.png',
        imageWidth: 40,
        imageHeight: 30,
        shapes: [
          { label: 'lesion', shape_type: 'rectangle', points: [[2, 2], [12, 10]] },
          { label: 'lesion', shape_type: 'mask', points: [[-5, -4], [4, 5]], mask: await whitePngBase64(10, 10) },
        ],
      }),
    );
    const summary = await importLabeled(s, 'labelme', src);
    expect(summary.labeled).toBe(1);
    expect(summary.skipped).toEqual([{ ref: 'labels/a.json: shape 2', reason: expect.stringMatching(/mask.*outside the image|outside the image.*mask/i) }]);
    expect(regionCount(s)).toBe(1);

    const out = path.join(path.dirname(dir), 'coco-out');
    const { jobId } = await call<{ jobId: string }>(s, 'exports.run', { format: 'coco', out });
    await s.jobs.wait(jobId);
    expect(s.jobs.get(jobId).state).toBe('done');
    const doc = JSON.parse(fs.readFileSync(path.join(out, 'annotations', fs.readdirSync(path.join(out, 'annotations'))[0]!), 'utf8'));
    expect(doc.annotations).toHaveLength(1);
  });

  it('a polygon with more vertices than the contract allows (100,000) is refused, not stored', async () => {
    const { s, src } = await fresh();
    await writeImage(path.join(src, 'big.png'), { width: 64, height: 48 });
    const n = 150_000;
    const points = Array.from({ length: n }, (_, i) => [32 + 20 * Math.cos((2 * Math.PI * i) / n), 24 + 20 * Math.sin((2 * Math.PI * i) / n)]);
    fs.writeFileSync(
      path.join(src, 'big.json'),
      JSON.stringify({ imagePath: 'big.png', imageWidth: 64, imageHeight: 48, shapes: [{ label: 'organ', shape_type: 'polygon', points }, { label: 'organ', shape_type: 'point', points: [[3, 4]] }] }),
    );
    const summary = await importLabeled(s, 'labelme', src);
    expect(summary.skipped).toEqual([{ ref: 'big.json: shape 1', reason: expect.stringMatching(/150,?000 vertices.*100,?000|100,?000/) }]);
    expect(summary.labeled).toBe(1);
    expect(regionCount(s)).toBe(1);
  });

  it('COCO: a 269-byte RLE declaring 400,000,000 pixels is refused at once with a reason, without allocating for it', async () => {
    const { s, src } = await fresh();
    await writeImage(path.join(src, 'a.png'), { width: 10, height: 10 });
    await writeImage(path.join(src, 'b.png'), { width: 10, height: 10, color: '#00ff00' });
    const hostile = { size: [400_000_000, 1], counts: [0, 400_000_000] };
    fs.writeFileSync(
      path.join(src, 'ann.json'),
      JSON.stringify({
        images: [
          { id: 1, file_name: 'a.png', width: 10, height: 10 },
          { id: 2, file_name: 'b.png', width: 1, height: 400_000_000 },
        ],
        annotations: [
          { id: 17, image_id: 1, category_id: 1, segmentation: hostile },
          { id: 18, image_id: 2, category_id: 1, segmentation: hostile },
          { id: 19, image_id: 1, category_id: 1, bbox: [1, 1, 3, 3] },
        ],
        categories: [{ id: 1, name: 'thing' }],
      }),
    );
    const peakBefore = process.resourceUsage().maxRSS;
    const summary = await importLabeled(s, 'coco', path.join(src, 'ann.json'));
    // maxRSS is the process's peak resident size in KB: a decode of the declared mask alone would take 1.6 GB.
    expect((process.resourceUsage().maxRSS - peakBefore) / 1024).toBeLessThan(400);
    const reasons = new Map(summary.skipped.map((k) => [k.ref, k.reason]));
    expect(reasons.get('ann.json: annotation id 17')).toMatch(/RLE.*1×400000000.*10×10/);
    expect(reasons.get('b.png')).toMatch(/for a 1×400000000 image, but this image is 10×10/);
    expect(summary.labeled).toBe(1);
  });
  it('YOLO and VOC: a line with too many vertices and a class PNG of another size than its image are refused before they are decoded', async () => {
    const { s, src } = await fresh();
    const yolo = path.join(src, 'yolo');
    await writeImage(path.join(yolo, 'images', 'train', 'a.png'), { width: 32, height: 32 });
    fs.writeFileSync(path.join(yolo, 'data.yaml'), 'train: images/train\nnames: [thing]\n');
    fs.mkdirSync(path.join(yolo, 'labels', 'train'), { recursive: true });
    const coords = Array.from({ length: 2 * 100_001 }, (_, i) => ((i % 97) / 100).toFixed(2)).join(' ');
    fs.writeFileSync(path.join(yolo, 'labels', 'train', 'a.txt'), `0 ${coords}\n0 0.5 0.5 0.2 0.2\n`);
    const y = await importLabeled(s, 'yolo', yolo);
    expect(y.skipped).toEqual([{ ref: 'labels/train/a.txt: line 1', reason: expect.stringMatching(/100,001 vertices; at most 100,000/) }]);
    expect(y.labeled).toBe(1);

    const voc = path.join(src, 'voc');
    await writeImage(path.join(voc, 'JPEGImages', 'v.png'), { width: 20, height: 10 });
    fs.mkdirSync(path.join(voc, 'Annotations'));
    fs.writeFileSync(
      path.join(voc, 'Annotations', 'v.xml'),
      '<annotation><filename>v.png</filename><size><width>20</width><height>10</height></size><object><name>thing</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object></annotation>',
    );
    fs.mkdirSync(path.join(voc, 'SegmentationClass'));
    await sharp({ create: { width: 3000, height: 3000, channels: 3, background: '#800000' } }).png().toFile(path.join(voc, 'SegmentationClass', 'v.png'));
    const v = await importLabeled(s, 'voc', voc);
    expect(v.skipped).toEqual([{ ref: 'SegmentationClass/v.png', reason: 'the segmentation PNG is 3000×3000, but its image is 20×10' }]);
    expect(v.labeled).toBe(1);
  });
});

describe('an import is a job: its id comes back at once and other calls are answered while it runs', () => {
  it('acquire.importLabeled returns while the label file is still being read, and datasets.stats is answered before the job ends', async () => {
    const { s, src } = await fresh();
    await writeImage(path.join(src, 'a.png'), { width: 200, height: 200 });
    const annotations = Array.from({ length: 30_000 }, (_, i) => ({ id: i + 1, image_id: 1, category_id: 1 + (i % 3), bbox: [i % 150, (i * 7) % 150, 10, 12] }));
    fs.writeFileSync(
      path.join(src, 'big.json'),
      JSON.stringify({ images: [{ id: 1, file_name: 'a.png', width: 200, height: 200 }], annotations, categories: [1, 2, 3].map((id) => ({ id, name: `c${id}` })) }),
    );
    const order: string[] = [];
    let jobId = '';
    const early: JobInfo[] = [];
    s.onEvent((name, payload) => {
      if (name !== 'job.progress') return;
      const info = payload as JobInfo;
      if (!jobId) early.push(info);
      else if (info.id === jobId && info.total > 0 && !order.includes('planned')) order.push('planned');
      if (info.id === jobId && info.state !== 'running') order.push(`job ${info.state}`);
    });
    jobId = (await call<{ jobId: string }>(s, 'acquire.importLabeled', { format: 'coco', from: path.join(src, 'big.json') })).jobId;
    order.push('importLabeled answered');
    // Nothing of the plan was made before the id came back.
    expect(early.filter((e) => e.total > 0)).toEqual([]);
    await call(s, 'datasets.stats', {});
    order.push('stats answered');
    const summary = (await s.jobs.wait(jobId)) as ImportSummary;
    expect(summary.labeled).toBe(30_000);
    expect(order).toEqual(['importLabeled answered', 'stats answered', 'planned', 'job done']);
  });

  it('through the web host, the reply with the job id and a datasets.stats reply both come before the import has planned anything', async () => {
    const { s, src, dir } = await fresh();
    await writeImage(path.join(src, 'a.png'), { width: 200, height: 200 });
    const annotations = Array.from({ length: 20_000 }, (_, i) => ({ id: i + 1, image_id: 1, category_id: 1, bbox: [i % 150, (i * 7) % 150, 10, 12] }));
    fs.writeFileSync(path.join(src, 'big.json'), JSON.stringify({ images: [{ id: 1, file_name: 'a.png', width: 200, height: 200 }], annotations, categories: [{ id: 1, name: 'c' }] }));
    const renderer = path.join(path.dirname(dir), 'renderer');
    fs.mkdirSync(renderer);
    fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>x</title>');
    const token = 'f'.repeat(48);
    const host = await startWebHost(s, { rendererDir: renderer, token });
    cleanups.unshift(() => void host.close());
    const ws = await openRpc(host.port, token);
    cleanups.unshift(() => ws.close());
    const order: string[] = [];
    let jobId = '';
    const finished = new Promise<void>((resolve) => {
      ws.on('message', (data) => {
        const m = JSON.parse(data.toString()) as { id?: number; result?: { jobId?: string }; method?: string; params?: { name: string; payload: JobInfo } };
        if (m.id === 1) {
          jobId = m.result!.jobId!;
          order.push('job id');
          ws.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'datasets.stats', params: {} }));
        } else if (m.id === 2) order.push('stats');
        else if (m.method === 'event' && m.params?.name === 'job.progress') {
          const info = m.params.payload;
          if (jobId && info.id !== jobId) return;
          if (info.total > 0 && !order.includes('planned')) order.push('planned');
          if (info.state !== 'running') {
            order.push(info.state);
            resolve();
          }
        }
      });
    });
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'acquire.importLabeled', params: { format: 'coco', from: path.join(src, 'big.json') } }));
    await finished;
    expect(order).toEqual(['job id', 'stats', 'planned', 'done']);
  });

  it('a source that is not there fails the job with its message, not the call', async () => {
    const { s, src } = await fresh();
    const { jobId } = await call<{ jobId: string }>(s, 'acquire.importLabeled', { format: 'coco', from: path.join(src, 'nope.json') });
    await expect(s.jobs.wait(jobId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(s.jobs.get(jobId)).toMatchObject({ state: 'failed', error: { code: 'NOT_FOUND', message: expect.stringContaining('nope.json') } });
  });
});

describe('importing the same source again adds nothing and says so', () => {
  let work: { dir: string; cleanup: () => void };
  let source: Session;
  const exported = new Map<string, string>();

  beforeAll(async () => {
    work = tempDir('lightbox-idem-');
    const dir = path.join(work.dir, 'source');
    await writeImage(path.join(dir, 'one.png'), { width: 64, height: 48 });
    await writeImage(path.join(dir, 'two.jpg'), { width: 50, height: 40, color: '#aa2222' });
    source = await openDataset(dir);
    await source.jobs.wait((await call<{ jobId: string }>(source, 'datasets.scan', { thumbnails: false })).jobId);
    const lesion = await call<{ id: number }>(source, 'classes.add', { name: 'lesion' });
    const organ = await call<{ id: number }>(source, 'classes.add', { name: 'organ' });
    const images = (await call<{ items: { id: number; path: string }[] }>(source, 'images.list', {})).items;
    for (const img of images) {
      await call(source, 'annotations.create', { imageId: img.id, classId: lesion.id, shape: { kind: 'box', x: 2, y: 3, w: 20, h: 15 } });
      await call(source, 'annotations.create', { imageId: img.id, classId: organ.id, shape: { kind: 'polygon', points: [[30, 5], [45, 8], [35, 30]] } });
    }
    for (const format of ['coco', 'yolo', 'voc', 'labelme']) {
      const out = path.join(work.dir, `out-${format}`);
      await source.jobs.wait((await call<{ jobId: string }>(source, 'exports.run', { format, out })).jobId);
      exported.set(format, out);
    }
  });
  afterAll(() => {
    source?.close();
    work?.cleanup();
  });

  for (const format of ['coco', 'yolo', 'voc', 'labelme'] as const) {
    it(`${format}: the second import leaves the region count unchanged and reports the earlier import`, async () => {
      const { s } = await fresh(`lightbox-idem-${format}-`);
      const first = await importLabeled(s, format, exported.get(format)!);
      expect(first.labeled).toBeGreaterThanOrEqual(4);
      expect(first.alreadyImportedAt).toBeUndefined();
      const after = regionCount(s);
      expect(after).toBe(first.labeled);

      const second = await importLabeled(s, format, exported.get(format)!);
      expect(second).toMatchObject({ labeled: 0, imported: 0, classesCreated: [] });
      expect(second.alreadyImportedAt).toBeGreaterThan(0);
      expect(regionCount(s)).toBe(after);
    });
  }

  it('an import interrupted after some of its regions were written is completed by running it again, without duplicates', async () => {
    const { s } = await fresh('lightbox-idem-resume-');
    const first = await importLabeled(s, 'coco', exported.get('coco')!);
    const db = s.require().db;
    // What a crash between two of the import's write transactions leaves: the import not marked
    // finished, its undo command not recorded yet, and only part of its regions written.
    db.prepare(`UPDATE imports SET state = 'running', finished_at = NULL`).run();
    db.prepare(`DELETE FROM history WHERE kind = 'annotations.import'`).run();
    db.prepare(`DELETE FROM annotations WHERE id IN (SELECT id FROM annotations WHERE kind <> 'tag' ORDER BY id DESC LIMIT 2)`).run();
    expect(regionCount(s)).toBe(first.labeled - 2);

    const again = await importLabeled(s, 'coco', exported.get('coco')!);
    expect(again.alreadyImportedAt).toBeUndefined();
    expect(again.labeled).toBe(2);
    expect(regionCount(s)).toBe(first.labeled);
    // One undo still takes the whole import back.
    expect(await call(s, 'labels.undo', {})).toMatchObject({ applied: true, kind: 'annotations.import' });
    expect(regionCount(s)).toBe(0);
  });

  it('after the import is undone, importing the same file brings its regions back', async () => {
    const { s } = await fresh('lightbox-idem-undo-');
    const first = await importLabeled(s, 'labelme', exported.get('labelme')!);
    expect(await call(s, 'labels.undo', {})).toMatchObject({ applied: true, kind: 'annotations.import' });
    expect(regionCount(s)).toBe(0);
    const again = await importLabeled(s, 'labelme', exported.get('labelme')!);
    expect(again.alreadyImportedAt).toBeUndefined();
    expect(regionCount(s)).toBe(first.labeled);
  });
});
