import fs from 'node:fs';
import path from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import sharp from 'sharp';
import { list as tarList } from 'tar';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AgreementReport } from '../../src-main/api/packages.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { runCli } from '../helpers/cliInProcess.js';
import { CT_IMAGE_STORAGE, makeDicom } from '../helpers/makeDicom.js';
import { listFiles, tempDir, writeImage } from '../helpers/tempDataset.js';

/**
 * Three simulated annotators (ana, ben, cy) through the CLI, then review decisions, then every
 * export format read back under each `--annotations` choice. The answers are chosen so each figure
 * can be worked out by hand (see `answers`, `boxes` and the review steps below).
 */

let work: { dir: string; cleanup: () => void };
let owner: string;

const lightbox = runCli;

async function ok(...args: string[]): Promise<string> {
  const r = await lightbox(...args);
  expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0);
  return r.out;
}

/** Call the contract on a dataset folder, as the app would (regions have no CLI command). */
async function withSession<T>(dataset: string, fn: (call: (m: string, p: unknown) => Promise<never>) => Promise<T>): Promise<T> {
  const s = new Session({}, path.join(work.dir, '.home'));
  s.open(dataset, false, false);
  try {
    return await fn((m, p) => dispatch(s, m, p) as Promise<never>);
  } finally {
    s.close();
  }
}

type Shape = { kind: 'box'; x: number; y: number; w: number; h: number } | { kind: 'polygon'; points: [number, number][] };
const box = (x: number, y: number): Shape => ({ kind: 'box', x, y, w: 10, h: 10 });
// A rectangle drawn as a polygon: its top-left corner names it in every format (22,5).
const polygon: Shape = { kind: 'polygon', points: [[22, 5], [38, 5], [38, 25], [22, 25]] };

async function drawLesion(dataset: string, imagePath: string, shape: Shape): Promise<void> {
  await withSession(dataset, async (call) => {
    const img = (await call('images.byPath', { path: imagePath })) as { id: number };
    const classes = (await call('classes.list', {})) as { id: number; name: string }[];
    await call('annotations.create', { imageId: img.id, classId: classes.find((c) => c.name === 'lesion')!.id, shape });
  });
}

/** Round one: a/img1–6 to all three. */
const answers: Record<string, string[]> = {
  ana: ['cat', 'cat', 'cat', 'cat', 'dog', 'cat'],
  ben: ['dog', 'dog', 'cat', 'cat', 'dog', 'cat'],
  cy: ['bird', 'bird', 'cat', 'dog', 'dog', 'dog'],
};
/** Lesion boxes (10×10) by image number: ana and ben disagree on img3 (IoU 0.25), agree on img4 (IoU 2/3). */
const boxes: Record<string, Record<number, [number, number]>> = { ana: { 3: [0, 0], 4: [0, 0] }, ben: { 3: [6, 0], 4: [2, 0] }, cy: {} };

async function answerPackage(name: string, pkg: string, labels: [string, string, Shape?][]): Promise<string> {
  const folder = path.join(work.dir, `work-${path.basename(pkg, '.lbx')}`);
  await ok('package', 'open', pkg, '--into', folder);
  for (const [image, cls, shape] of labels) {
    await ok('label', folder, image, '--class', cls);
    if (shape) await drawLesion(folder, image, shape);
  }
  const result = path.join(work.dir, `result-${path.basename(pkg, '.lbx')}.lbx`);
  expect(await ok('package', 'return', folder, '--out', result)).toContain(`answered by ${name}`);
  return result;
}

beforeAll(async () => {
  work = tempDir('lightbox-teams-out-');
  process.env.LIGHTBOX_HOME = path.join(work.dir, '.home');
  owner = path.join(work.dir, 'owner');
  const files = ['a/img1', 'a/img2', 'a/img3', 'a/img4', 'a/img5', 'a/img6', 'b/img7', 'c/one/img8', 'c/two/img9'];
  for (const [i, f] of files.entries()) await writeImage(path.join(owner, `${f}.png`), { width: 40, height: 30, color: `#${(i * 28 + 16).toString(16)}8040` });
  await ok('scan', owner, '--no-thumbnails');
  for (const c of ['cat', 'dog', 'bird', 'lesion']) await ok('classes', owner, 'add', c);
  // The owner's own image: a dog with a lesion.
  await ok('label', owner, 'b/img7.png', '--class', 'dog');
  await drawLesion(owner, 'b/img7.png', box(20, 10));

  await ok('package', 'create', owner, '--out', path.join(work.dir, 'task.lbx'), '--annotator', 'ana,ben,cy', '--filter', 'folder:a', '--overlap', '100%', '--raters', '3');
  const results: string[] = [];
  for (const name of ['ana', 'ben', 'cy']) {
    results.push(
      await answerPackage(
        name,
        path.join(work.dir, `task-${name}.lbx`),
        answers[name]!.map((cls, i) => {
          const b = boxes[name]![i + 1];
          return [`images/00000${i + 1}.png`, cls, b ? box(b[0], b[1]) : undefined] as [string, string, Shape?];
        }),
      ),
    );
  }
  // img1, img2 (three classes) and img3 (lesions apart) to review; img4 and img6 by majority; img5 agreed.
  expect(await ok('package', 'merge', owner, ...results)).toContain('resolved: 0 with one answer, 1 agreed, 2 by majority; 3 to review');

  await ok('review', owner, 'accept', 'a/img1.png', '--annotator', 'cy');
  await ok('review', owner, 'reject', 'a/img2.png', '--annotator', 'cy', '--comment', 'Not a bird.');
  await ok('review', owner, 'accept', 'a/img2.png', '--annotator', 'ana');
  await ok('review', owner, 'accept', 'a/img3.png', '--annotator', 'ana');
  // img4 was taken by majority (ana's box); the reviewer, checking a sample, accepts ben's box instead.
  await ok('review', owner, 'accept', 'a/img4.png', '--annotator', 'ben');
  await ok('review', owner, 'reject', 'a/img6.png', '--annotator', 'cy', '--comment', 'A cat.');
  // A decision taken back does not count.
  await ok('review', owner, 'reject', 'a/img5.png', '--annotator', 'ana', '--comment', 'oops');
  await withSession(owner, async (call) => expect(await call('labels.undo', {})).toMatchObject({ applied: true, kind: 'packages.review' }));

  // Round two: ana alone on img8 (taken as the single answer), ana and ben apart on img9 (left for review).
  await ok('package', 'create', owner, '--out', path.join(work.dir, 'ana2.lbx'), '--annotator', 'ana', '--filter', 'folder:c');
  await ok('package', 'create', owner, '--out', path.join(work.dir, 'ben2.lbx'), '--annotator', 'ben', '--filter', 'folder:c/two');
  const ana2 = await answerPackage('ana', path.join(work.dir, 'ana2.lbx'), [
    ['images/000001.png', 'dog', polygon],
    ['images/000002.png', 'cat'],
  ]);
  const ben2 = await answerPackage('ben', path.join(work.dir, 'ben2.lbx'), [['images/000001.png', 'dog']]);
  expect(await ok('package', 'merge', owner, ana2, ben2)).toContain('resolved: 1 with one answer, 0 agreed, 0 by majority; 1 to review');
}, 240_000);

afterAll(() => {
  delete process.env.LIGHTBOX_HOME;
  work.cleanup();
});

describe('accuracy against reviewed answers', () => {
  it('judges each answer against the one accepted in review, counts rejected answers wrong, and ignores a decision taken back', async () => {
    const r = JSON.parse(await ok('agreement', owner, '--json')) as AgreementReport;
    // img1 (cy accepted): ana ✗ ben ✗ cy ✓. img2 (cy rejected, ana accepted): ana ✓ ben ✗ cy ✗.
    // img3 (ana accepted; ben's box at IoU 0.25, cy none): ana ✓ ben ✗ cy ✗.
    // img4 (ben accepted; ana's box at IoU 2/3 agrees): ana ✓ ben ✓ cy ✗ (dog).
    // img6 (cy rejected, nothing accepted): cy ✗. img5: the rejection was undone, nobody judged.
    expect(r.reviewed).toEqual([
      { annotator: 'ana', images: 4, correct: 3, accuracy: 0.75 },
      { annotator: 'ben', images: 4, correct: 1, accuracy: 0.25 },
      { annotator: 'cy', images: 5, correct: 1, accuracy: 0.2 },
    ]);
    expect(r.gold).toEqual([]);
    expect(r.states).toEqual({ single: 1, agreed: 2, majority: 0, review: 1, reviewed: 4 });
    const text = await ok('agreement', owner);
    expect(text).toContain('  ana: 3 of 4 (75%)');
    expect(text).toContain('  cy: 1 of 5 (20%)');
  });
});

// ---------------------------------------------------------------------------------------------
// Every export format, read back under each --annotations choice.

/** What one source of labels says about one image: its classes and its lesions, each named by the top-left corner of its box. */
interface Said {
  tags?: string[];
  regions?: string[];
}
interface ImageOut {
  own?: Said;
  answers?: Record<string, Said>;
}
type Exported = Record<string, ImageOut>;

const R = (x: number, y: number) => `lesion@${x},${y}`;
/** The dataset's own labels after the merges and reviews (img9 has none: it waits for review). */
const own: Record<string, { tags: string[]; regions: string[] }> = {
  img1: { tags: ['bird'], regions: [] },
  img2: { tags: ['cat'], regions: [] },
  img3: { tags: ['cat'], regions: [R(0, 0)] },
  img4: { tags: ['cat'], regions: [R(2, 0)] },
  img5: { tags: ['dog'], regions: [] },
  img6: { tags: ['cat'], regions: [] },
  img7: { tags: ['dog'], regions: [R(20, 10)] },
  img8: { tags: ['dog'], regions: [R(22, 5)] },
};
/** Every live answer (cy's rejected ones on img2 and img6 are set aside). */
const live: Record<string, Record<string, { tags: string[]; regions: string[] }>> = {
  img1: { ana: { tags: ['cat'], regions: [] }, ben: { tags: ['dog'], regions: [] }, cy: { tags: ['bird'], regions: [] } },
  img2: { ana: { tags: ['cat'], regions: [] }, ben: { tags: ['dog'], regions: [] } },
  img3: { ana: { tags: ['cat'], regions: [R(0, 0)] }, ben: { tags: ['cat'], regions: [R(6, 0)] }, cy: { tags: ['cat'], regions: [] } },
  img4: { ana: { tags: ['cat'], regions: [R(0, 0)] }, ben: { tags: ['cat'], regions: [R(2, 0)] }, cy: { tags: ['dog'], regions: [] } },
  img5: { ana: { tags: ['dog'], regions: [] }, ben: { tags: ['dog'], regions: [] }, cy: { tags: ['dog'], regions: [] } },
  img6: { ana: { tags: ['cat'], regions: [] }, ben: { tags: ['cat'], regions: [] } },
  img8: { ana: { tags: ['dog'], regions: [R(22, 5)] } },
  img9: { ana: { tags: ['cat'], regions: [] }, ben: { tags: ['dog'], regions: [] } },
};

interface FormatCase {
  format: string;
  /** What the format carries: image classes, regions, and under `all` each annotator's classes and regions. */
  own: { tags: boolean; regions: boolean };
  answers: { tags: boolean; regions: boolean } | 'refused';
  /**
   * An image in an `all` export only for its answers (img9): formats with a label file per image
   * and source write none of the dataset's own ('absent'); formats with one record per image
   * write it with no labels ('empty').
   */
  unresolved: 'absent' | 'empty';
  read(out: string, choice: Choice): Promise<Exported>;
}

const stemOf = (file: string) => path.basename(file).replace(/\.[^.]+$/, '');
const sorted = (xs: string[]) => [...xs].sort();
const classNames = ['cat', 'dog', 'bird', 'lesion'];

function csvRows(file: string): string[][] {
  return fs.readFileSync(file, 'utf8').trimEnd().split('\r\n').slice(1).map((l) => l.split(','));
}

/** Lesions of a label PNG (class index 4), by the top-left pixel of their bounding box (one per file here). */
async function maskRegions(file: string): Promise<string[]> {
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  let x0 = Infinity;
  let y0 = Infinity;
  for (let y = 0; y < info.height; y++) for (let x = 0; x < info.width; x++) if (data[(y * info.width + x) * info.channels] === 4) [x0, y0] = [Math.min(x0, x), Math.min(y0, y)];
  return Number.isFinite(x0) ? [R(x0, y0)] : [];
}

/** Files of `folder` under `out` (recursively), by image stem. */
function filesIn(out: string, folder: string, ext: string): Map<string, string> {
  const m = new Map<string, string>();
  const dir = path.join(out, folder);
  if (!fs.existsSync(dir)) return m;
  for (const f of listFiles(dir)) if (f.endsWith(ext)) m.set(stemOf(f), path.join(dir, f));
  return m;
}

/** Tree formats: the dataset's own labels in FOLDER, each annotator's in FOLDER-NAME. */
async function readTrees(out: string, folder: string, ext: string, read: (file: string) => Promise<string[]>): Promise<Exported> {
  const result: Exported = {};
  for (const entry of fs.readdirSync(out)) {
    if (entry !== folder && !entry.startsWith(`${folder}-`)) continue;
    const who = entry === folder ? null : entry.slice(folder.length + 1);
    for (const [stem, file] of filesIn(out, entry, ext)) {
      const said = { regions: sorted(await read(file)) };
      const img = (result[stem] ??= {});
      if (who === null) img.own = said;
      else (img.answers ??= {})[who] = said;
    }
  }
  return result;
}

interface SampleJson {
  file_name: string;
  label?: string | null;
  labels?: string[];
  regions: { class: string; bbox?: number[] }[];
  answers?: { annotator: string; labels: string[]; regions: { class: string; bbox?: number[] }[] }[];
}

function fromSample(s: SampleJson): ImageOut {
  const regions = (rs: SampleJson['regions']) => sorted(rs.filter((r) => r.class === 'lesion').map((r) => R(r.bbox![0]!, r.bbox![1]!)));
  const img: ImageOut = { own: { tags: s.labels ?? (s.label ? [s.label] : []), regions: regions(s.regions) } };
  if (s.answers?.length) img.answers = Object.fromEntries(s.answers.map((a) => [a.annotator, { tags: a.labels, regions: regions(a.regions) }]));
  return img;
}

const formats: FormatCase[] = [
  {
    format: 'csv',
    own: { tags: true, regions: false },
    answers: { tags: true, regions: false },
    unresolved: 'absent',
    async read(out, choice) {
      const result: Exported = {};
      for (const [p, label, , annotator] of csvRows(path.join(out, 'labels.csv'))) {
        const img = (result[stemOf(p!)] ??= {});
        const said = { tags: label ? label.split(';') : [] };
        // Only under `all` is a named row an answer beside the dataset's own; otherwise the name says whose answer the label is.
        if (choice === 'all' && annotator) (img.answers ??= {})[annotator] = said;
        else img.own = said;
      }
      return result;
    },
  },
  {
    format: 'hf',
    own: { tags: true, regions: false },
    answers: { tags: true, regions: false },
    unresolved: 'empty',
    async read(out) {
      const result: Exported = {};
      for (const line of fs.readFileSync(path.join(out, 'metadata.jsonl'), 'utf8').trimEnd().split('\n')) {
        const r = JSON.parse(line) as { file_name: string; label?: string | null; labels?: string[]; answers?: { annotator: string; labels: string[] }[] };
        const img: ImageOut = { own: { tags: r.labels ?? (r.label ? [r.label] : []) } };
        if (r.answers?.length) img.answers = Object.fromEntries(r.answers.map((a) => [a.annotator, { tags: a.labels }]));
        result[stemOf(r.file_name)] = img;
      }
      return result;
    },
  },
  {
    format: 'imagefolder',
    own: { tags: true, regions: false },
    answers: 'refused',
    unresolved: 'absent',
    async read(out) {
      const result: Exported = {};
      for (const f of listFiles(out).filter((x) => x.endsWith('.png'))) ((result[stemOf(f)] ??= { own: { tags: [] } }).own!.tags!).push(f.split('/')[0]!);
      return result;
    },
  },
  {
    format: 'coco',
    own: { tags: false, regions: true },
    answers: { tags: true, regions: true },
    unresolved: 'empty',
    async read(out) {
      const doc = JSON.parse(fs.readFileSync(path.join(out, 'annotations', 'instances.json'), 'utf8')) as {
        images: { id: number; file_name: string; annotator_labels?: { annotator: string; category_ids: number[] }[] }[];
        annotations: { image_id: number; category_id: number; bbox: number[]; annotator?: string | null }[];
        categories: { id: number; name: string }[];
      };
      const name = new Map(doc.categories.map((c) => [c.id, c.name]));
      const result: Exported = {};
      for (const im of doc.images) {
        const img: ImageOut = { own: { regions: [] } };
        if (im.annotator_labels?.length) img.answers = Object.fromEntries(im.annotator_labels.map((a) => [a.annotator, { tags: a.category_ids.map((id) => name.get(id)!), regions: [] as string[] }]));
        for (const a of doc.annotations.filter((x) => x.image_id === im.id)) {
          const said = a.annotator ? img.answers![a.annotator]! : img.own!;
          said.regions!.push(R(a.bbox[0]!, a.bbox[1]!));
        }
        for (const s of [img.own!, ...Object.values(img.answers ?? {})]) s.regions = sorted(s.regions!);
        result[stemOf(im.file_name)] = img;
      }
      return result;
    },
  },
  {
    format: 'yolo',
    own: { tags: false, regions: true },
    answers: { tags: false, regions: true },
    unresolved: 'absent',
    read: (out) =>
      readTrees(out, 'labels', '.txt', async (file) =>
        fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split(' ').map(Number))
          .filter(([c]) => classNames[c!] === 'lesion')
          .map(([, ...v]) => {
            if (v.length === 4) return R(Math.round((v[0]! - v[2]! / 2) * 40), Math.round((v[1]! - v[3]! / 2) * 30));
            const xs = v.filter((_, i) => i % 2 === 0);
            const ys = v.filter((_, i) => i % 2 === 1);
            return R(Math.round(Math.min(...xs) * 40), Math.round(Math.min(...ys) * 30));
          }),
      ),
  },
  {
    format: 'voc',
    own: { tags: false, regions: true },
    answers: { tags: false, regions: true },
    unresolved: 'absent',
    read: (out) =>
      readTrees(out, 'Annotations', '.xml', async (file) =>
        [...fs.readFileSync(file, 'utf8').matchAll(/<name>lesion<\/name>[\s\S]*?<xmin>(\d+)<\/xmin>\s*<ymin>(\d+)<\/ymin>/g)].map((m) => R(Number(m[1]) - 1, Number(m[2]) - 1)),
      ),
  },
  {
    format: 'masks',
    own: { tags: false, regions: true },
    answers: { tags: false, regions: true },
    unresolved: 'absent',
    read: (out) => readTrees(out, 'masks', '.png', maskRegions),
  },
  {
    format: 'labelme',
    own: { tags: false, regions: true },
    answers: { tags: true, regions: true },
    unresolved: 'empty',
    async read(out) {
      const result: Exported = {};
      for (const f of listFiles(out).filter((x) => x.endsWith('.json') && !x.startsWith('.'))) {
        const doc = JSON.parse(fs.readFileSync(path.join(out, f), 'utf8')) as {
          shapes: { label: string; points: number[][]; annotator?: string }[];
          annotator_labels?: { annotator: string; labels: string[] }[];
        };
        const img: ImageOut = { own: { regions: [] } };
        if (doc.annotator_labels?.length) img.answers = Object.fromEntries(doc.annotator_labels.map((a) => [a.annotator, { tags: a.labels, regions: [] as string[] }]));
        for (const s of doc.shapes) (s.annotator ? img.answers![s.annotator]! : img.own!).regions!.push(R(Math.min(...s.points.map((p) => p[0]!)), Math.min(...s.points.map((p) => p[1]!))));
        for (const s of [img.own!, ...Object.values(img.answers ?? {})]) s.regions = sorted(s.regions!);
        result[stemOf(f)] = img;
      }
      return result;
    },
  },
  {
    format: 'webdataset',
    own: { tags: true, regions: true },
    answers: { tags: true, regions: true },
    unresolved: 'empty',
    async read(out) {
      const result: Exported = {};
      for (const shard of listFiles(out).filter((f) => f.endsWith('.tar'))) {
        await tarList({
          file: path.join(out, shard),
          onReadEntry: (entry) => {
            const chunks: Buffer[] = [];
            entry.on('data', (c: Buffer) => chunks.push(c));
            entry.on('end', () => {
              if (!entry.path.endsWith('.json')) return;
              const s = JSON.parse(Buffer.concat(chunks).toString('utf8')) as SampleJson;
              result[stemOf(s.file_name)] = fromSample(s);
            });
          },
        });
      }
      return result;
    },
  },
  {
    format: 'parquet',
    own: { tags: true, regions: true },
    answers: { tags: true, regions: true },
    unresolved: 'empty',
    async read(out) {
      const result: Exported = {};
      const text = (v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : (v as string));
      for (const f of listFiles(out).filter((x) => x.endsWith('.parquet'))) {
        const rows = (await parquetReadObjects({ file: await asyncBufferFromFile(path.join(out, f)), utf8: false })) as Record<string, unknown>[];
        for (const row of rows) {
          const image = row.image as { path: unknown };
          const label = row.label as bigint | null;
          const s: SampleJson = {
            file_name: text(image.path),
            label: label === null || label === undefined ? null : classNames[Number(label)]!,
            regions: JSON.parse(text(row.regions)) as SampleJson['regions'],
            ...(row.answers !== undefined ? { answers: JSON.parse(text(row.answers)) as SampleJson['answers'] } : {}),
          };
          result[stemOf(s.file_name)] = fromSample(s);
        }
      }
      return result;
    },
  },
];

type Choice = 'resolved' | 'annotator:ben' | 'all';

/** What a format should carry under a choice, restricted to what it can say. */
function expected(c: FormatCase, choice: Choice): Exported {
  const pick = (s: { tags: string[]; regions: string[] }, what: { tags: boolean; regions: boolean }): Said => ({
    ...(what.tags ? { tags: s.tags } : {}),
    ...(what.regions ? { regions: sorted(s.regions) } : {}),
  });
  const out: Exported = {};
  if (choice === 'annotator:ben') {
    for (const [img, by] of Object.entries(live)) if (by.ben) out[img] = { own: pick(by.ben, c.own) };
    return out;
  }
  for (const [img, s] of Object.entries(own)) out[img] = { own: pick(s, c.own) };
  if (choice === 'all' && c.answers !== 'refused') {
    const what = c.answers;
    for (const [img, by] of Object.entries(live)) {
      const entry = (out[img] ??= c.unresolved === 'empty' ? { own: pick({ tags: [], regions: [] }, c.own) } : {});
      const said = Object.fromEntries(Object.entries(by).map(([name, s]) => [name, pick(s, what)]));
      entry.answers = said;
    }
  }
  return out;
}

/** The reader's view, keyed the same way (sorted keys, so toEqual compares contents only). */
function normalised(e: Exported): Exported {
  return Object.fromEntries(Object.entries(e).sort(([a], [b]) => (a < b ? -1 : 1)));
}

describe('every export format under each --annotations choice', () => {
  const choices: Choice[] = ['resolved', 'annotator:ben', 'all'];
  for (const c of formats) {
    for (const choice of choices) {
      it(`${c.format}, --annotations ${choice}`, async () => {
        const out = path.join(work.dir, `export-${c.format}-${choice.replace(':', '-')}`);
        const r = await lightbox('export', owner, '--format', c.format, '--out', out, '--annotations', choice);
        if (choice === 'all' && c.answers === 'refused') {
          expect(r.code).toBe(1);
          expect(r.err.split('\n')).toHaveLength(1);
          expect(r.err).toMatch(/cannot hold several annotators' answers/);
          expect(fs.existsSync(out)).toBe(false);
          return;
        }
        expect(r.code, r.err).toBe(0);
        expect(normalised(await c.read(out, choice))).toEqual(normalised(expected(c, choice)));
      }, 60_000);
    }
  }

  it('names each annotator in data.yaml beside the folder of their YOLO labels', () => {
    const yaml = fs.readFileSync(path.join(work.dir, 'export-yolo-all', 'data.yaml'), 'utf8');
    expect(yaml).toContain('annotator_labels:\n  "ana": "labels-ana"\n  "ben": "labels-ben"\n  "cy": "labels-cy"\n');
  });
});

describe('the dicom export under each --annotations choice', () => {
  let ct: string;
  beforeAll(async () => {
    ct = path.join(work.dir, 'ct-owner');
    fs.mkdirSync(path.join(ct, 'ct'), { recursive: true });
    fs.writeFileSync(path.join(ct, 'ct', 'slice.dcm'), makeDicom({ rows: 30, columns: 40, modality: 'CT', sopClassUid: CT_IMAGE_STORAGE }));
    await ok('scan', ct, '--no-thumbnails');
    for (const c of ['cat', 'dog', 'bird', 'lesion']) await ok('classes', ct, 'add', c);
    await ok('package', 'create', ct, '--out', path.join(work.dir, 'ct.lbx'), '--annotator', 'ana,ben', '--overlap', '100%');
    // Both draw the lesion, 20 px apart: the slice waits for review, so the dataset has no region of its own.
    const results = [];
    for (const [name, at] of [['ana', box(0, 0)], ['ben', box(20, 10)]] as const) {
      results.push(await answerPackage(name, path.join(work.dir, `ct-${name}.lbx`), [['images/000001.png', 'cat', at]]));
    }
    expect(await ok('package', 'merge', ct, ...results)).toContain('1 to review');
  }, 120_000);

  const exported = async (choice: string) => {
    const out = path.join(work.dir, `ct-export-${choice.replace(':', '-')}`);
    await ok('export', ct, '--format', 'dicom', '--out', out, '--annotations', choice);
    return out;
  };

  it('annotator:NAME writes that annotator’s regions into the masks beside the copies', async () => {
    const out = await exported('annotator:ben');
    expect(listFiles(out).filter((f) => !f.startsWith('.'))).toEqual(['PRIVACY.txt', 'classes.txt', 'images/slice.dcm', 'masks/slice.png']);
    expect(await maskRegions(path.join(out, 'masks', 'slice.png'))).toEqual([R(20, 10)]);
  });

  it('all writes each annotator’s masks in a folder of their own, and none of the dataset’s for a slice still in review', async () => {
    const out = await exported('all');
    expect(listFiles(out).filter((f) => f.startsWith('masks'))).toEqual(['masks-ana/slice.png', 'masks-ben/slice.png']);
    expect(await maskRegions(path.join(out, 'masks-ana', 'slice.png'))).toEqual([R(0, 0)]);
    expect(await maskRegions(path.join(out, 'masks-ben', 'slice.png'))).toEqual([R(20, 10)]);
  });
});
