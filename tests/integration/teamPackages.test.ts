import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import yauzl from 'yauzl';
import yazl from 'yazl';
import type { AgreementReport } from '../../src-main/api/packages.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { runCli } from '../helpers/cliInProcess.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';

/**
 * Three simulated annotators through the CLI, with answers chosen so every figure can be worked
 * out by hand: the owner packs four images for all three (100 % overlap, three raters) plus two
 * gold images; each opens a package, labels it, hands it in; the owner merges the three results.
 */

let work: { dir: string; cleanup: () => void };
let owner: string;

const lightbox = runCli;

function rows<T>(dataset: string, sql: string): T[] {
  const db = new Database(path.join(dataset, '.lightbox', 'labels.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
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

// Images 1–4 are for labeling, 5 and 6 are the owner's gold (cat, dog).
const answers: Record<string, string[]> = {
  ana: ['cat', 'cat', 'dog', 'dog', 'cat', 'dog'],
  ben: ['cat', 'dog', 'dog', 'dog', 'cat', 'cat'],
  cy: ['cat', 'cat', 'dog', 'cat', 'dog', 'cat'],
};
// On image 1, ana and ben each draw a lesion box 10×10, shifted 5 px; cy draws none.
const lesion: Record<string, { x: number; y: number } | null> = { ana: { x: 0, y: 0 }, ben: { x: 5, y: 0 }, cy: null };

function result(name: string) {
  return path.join(work.dir, `result-${name}.lbx`);
}

beforeAll(async () => {
  work = tempDir('lightbox-teams-');
  process.env.LIGHTBOX_HOME = path.join(work.dir, '.home');
  owner = path.join(work.dir, 'owner');
  const colors = ['#ff0000', '#00ff00', '#0000ff', '#ffff00', '#00ffff', '#ff00ff'];
  for (const [i, c] of colors.entries()) await writeImage(path.join(owner, 'photos', `img${i + 1}.png`), { width: 40, height: 30, color: c });
  expect((await lightbox('scan', owner, '--no-thumbnails')).code).toBe(0);
  for (const c of ['cat', 'dog', 'lesion']) expect((await lightbox('classes', owner, 'add', c)).code).toBe(0);
  expect((await lightbox('label', owner, 'photos/img5.png', '--class', 'cat')).code).toBe(0);
  expect((await lightbox('label', owner, 'photos/img6.png', '--class', 'dog')).code).toBe(0);
  fs.writeFileSync(path.join(work.dir, 'guide.md'), '# Cats and dogs\nDraw lesions tightly.\n');
}, 60_000);

afterAll(() => {
  delete process.env.LIGHTBOX_HOME;
  work.cleanup();
});

describe('task packages through the CLI', () => {
  it('creates one package per annotator with the overlap and the gold images, and no answers inside', async () => {
    const r = await lightbox(
      'package', 'create', owner, '--out', path.join(work.dir, 'task.lbx'), '--annotator', 'ana,ben,cy',
      '--filter', 'unlabeled', '--overlap', '100%', '--raters', '3', '--gold', '2', '--guidelines', path.join(work.dir, 'guide.md'),
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/task-ana\.lbx: 6 images for ana \(2 gold\)/);
    for (const name of ['ana', 'ben', 'cy']) expect(fs.existsSync(path.join(work.dir, `task-${name}.lbx`))).toBe(true);
    // The gold answers stay home: nothing in the package says "cat" or "dog" but the class list.
    const manifest = await readEntry(path.join(work.dir, 'task-ana.lbx'), 'manifest.json');
    const m = JSON.parse(manifest) as { images: { id: number }[]; classes: { name: string }[] };
    expect(m.images.map((i) => i.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(manifest).not.toMatch(/gold/i);
    expect(m.classes.map((c) => c.name)).toEqual(['cat', 'dog', 'lesion']);
  });

  it('opens a package as a working folder with a fixed schema, labels it and hands it in', async () => {
    for (const name of Object.keys(answers)) {
      const folder = path.join(work.dir, `work-${name}`);
      const o = await lightbox('package', 'open', path.join(work.dir, `task-${name}.lbx`), '--into', folder);
      expect(o.code, o.err).toBe(0);
      expect(fs.readFileSync(path.join(folder, 'GUIDELINES.md'), 'utf8')).toContain('Draw lesions tightly');
      for (const [i, cls] of answers[name]!.entries()) {
        const l = await lightbox('label', folder, `images/00000${i + 1}.png`, '--class', cls);
        expect(l.code, l.err).toBe(0);
      }
      const box = lesion[name];
      if (box) {
        await withSession(folder, async (call) => {
          const img = (await call('images.byPath', { path: 'images/000001.png' })) as { id: number };
          const classes = (await call('classes.list', {})) as { id: number; name: string }[];
          await call('annotations.create', { imageId: img.id, classId: classes.find((c) => c.name === 'lesion')!.id, shape: { kind: 'box', ...box, w: 10, h: 10 } });
        });
      }
      // The task type is the owner's too: the label mode cannot be switched in the working folder.
      await withSession(folder, async (call) => {
        await expect(call('labels.setMode', { mode: 'multi' })).rejects.toMatchObject({ code: 'CONFLICT' });
      });
      const refused = await lightbox('classes', folder, 'add', 'bird');
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/classes and label mode are fixed/);
      const h = await lightbox('package', 'return', folder, '--out', result(name));
      expect(h.code, h.err).toBe(0);
      expect(h.out).toMatch(new RegExp(`6 of 6 images answered by ${name}`));
    }
  }, 60_000);

  it('merges the three results: agreed and majority images resolved and attributed, the rest left for review', async () => {
    const r = await lightbox('package', 'merge', owner, result('ana'), result('ben'), result('cy'));
    expect(r.code, r.err).toBe(0);
    // img1: all say cat but the lesions differ → review; img2 cat by majority; img3 dog agreed; img4 dog by majority.
    expect(r.out).toContain('resolved: 0 with one answer, 1 agreed, 2 by majority; 1 to review');
    const tags = rows<{ path: string; name: string; author: string }>(
      owner,
      `SELECT i.path, c.name, a.author FROM annotations a JOIN images i ON i.id = a.image_id JOIN classes c ON c.id = a.class_id
       WHERE a.kind = 'tag' AND a.deleted = 0 ORDER BY i.path`,
    );
    expect(tags.map((t) => [t.path, t.name])).toEqual([
      ['photos/img2.png', 'cat'],
      ['photos/img3.png', 'dog'],
      ['photos/img4.png', 'dog'],
      ['photos/img5.png', 'cat'],
      ['photos/img6.png', 'dog'],
    ]);
    expect(tags.slice(0, 3).map((t) => t.author)).toEqual(['ana', 'ana', 'ana']);
    expect(rows(owner, `SELECT state FROM team_image_state WHERE image_id = 1`)).toEqual([{ state: 'review' }]);
  });

  it('reports kappa, IoU, Dice and gold accuracy equal to the values worked out by hand', async () => {
    const r = await lightbox('agreement', owner, '--json');
    expect(r.code, r.err).toBe(0);
    const a = JSON.parse(r.out) as AgreementReport;
    expect(a.annotators).toEqual(['ana', 'ben', 'cy']);
    expect(a.sharedImages).toBe(6);
    // Fleiss: P̄ = 180/324, Pₑ = (10² + 8²)/18² = 164/324 → κ = 16/160 = 0.1.
    expect(a.fleissKappa).toBeCloseTo(0.1, 10);
    const pair = (x: string, y: string) => a.pairs.find((p) => p.a === x && p.b === y)!;
    // ana/ben agree on 4 of 6, both 3 cat 3 dog: pₒ = 2/3, pₑ = 1/2 → κ = 1/3. The other pairs: pₒ = pₑ = 1/2 → 0.
    expect(pair('ana', 'ben').kappa).toBeCloseTo(1 / 3, 10);
    expect(pair('ana', 'cy').kappa).toBeCloseTo(0, 10);
    expect(pair('ben', 'cy').kappa).toBeCloseTo(0, 10);
    // Two 10×10 boxes 5 px apart: IoU 50/150, Dice 100/200; cy missed the lesion: 0.
    expect(pair('ana', 'ben').perClass).toEqual([{ className: 'lesion', slots: 1, meanIou: 1 / 3, meanDice: 0.5 }]);
    expect(pair('ana', 'cy').meanIou).toBe(0);
    expect(a.gold).toEqual([
      { annotator: 'ana', images: 2, correct: 2, accuracy: 1 },
      { annotator: 'ben', images: 2, correct: 1, accuracy: 0.5 },
      { annotator: 'cy', images: 2, correct: 0, accuracy: 0 },
    ]);
    expect(a.throughput.map((t) => [t.annotator, t.images])).toEqual([['ana', 6], ['ben', 6], ['cy', 6]]);
    expect(a.states).toEqual({ single: 0, agreed: 1, majority: 2, review: 1, reviewed: 0 });
  });

  it('merging the same results again changes nothing and says so', async () => {
    const before = rows(owner, 'SELECT COUNT(*) AS n FROM history');
    const annotations = rows(owner, 'SELECT * FROM annotations ORDER BY id');
    const r = await lightbox('package', 'merge', owner, result('ana'), result('ben'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('already merged, nothing changed');
    expect(r.out).toContain('Nothing changed');
    expect(rows(owner, 'SELECT COUNT(*) AS n FROM history')).toEqual(before);
    expect(rows(owner, 'SELECT * FROM annotations ORDER BY id')).toEqual(annotations);
  });

  it('undoes a whole merge with one undo, and merges again afterwards', async () => {
    await withSession(owner, async (call) => {
      const u = (await call('labels.undo', {})) as { applied: boolean; kind: string };
      expect(u).toMatchObject({ applied: true, kind: 'packages.merge' });
    });
    const tags = rows<{ image_id: number }>(owner, `SELECT image_id FROM annotations WHERE kind = 'tag' AND deleted = 0 ORDER BY image_id`);
    expect(tags.map((t) => t.image_id)).toEqual([5, 6]);
    expect(rows(owner, 'SELECT * FROM team_image_state')).toEqual([]);
    const again = await lightbox('package', 'merge', owner, result('ana'), result('ben'), result('cy'));
    expect(again.out).toContain('1 agreed, 2 by majority; 1 to review');
  });
});

describe('results that do not belong', () => {
  it('refuses a result for another dataset, and one whose image was swapped, writing nothing', async () => {
    const other = path.join(work.dir, 'other');
    await writeImage(path.join(other, 'x.png'));
    expect((await lightbox('scan', other, '--no-thumbnails')).code).toBe(0);
    const foreign = await lightbox('package', 'merge', other, result('ana'));
    expect(foreign.code).toBe(1);
    expect(foreign.err).toMatch(/belongs to another dataset/);

    const text = JSON.parse(await readEntry(result('ben'), 'result.json')) as { images: { sha256: string }[] };
    text.images[1]!.sha256 = 'f'.repeat(64);
    const tampered = path.join(work.dir, 'tampered.lbx');
    await zipOf(tampered, { 'result.json': JSON.stringify(text) });
    const history = rows(owner, 'SELECT COUNT(*) AS n FROM history');
    const answersBefore = rows(owner, 'SELECT COUNT(*) AS n FROM team_answers');
    // Alongside a good result: one bad file refuses the whole merge.
    const r = await lightbox('package', 'merge', owner, result('cy'), tampered);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/does not match the copy that was handed out/);
    expect(rows(owner, 'SELECT COUNT(*) AS n FROM history')).toEqual(history);
    expect(rows(owner, 'SELECT COUNT(*) AS n FROM team_answers')).toEqual(answersBefore);

    const poisoned = path.join(work.dir, 'poisoned.lbx');
    await zipOf(poisoned, { 'result.json': (await readEntry(result('cy'), 'result.json')).replace('{', '{"__proto__":{"isAdmin":true},') });
    const p = await lightbox('package', 'merge', owner, poisoned);
    expect(p.code).toBe(1);
    expect(p.err).toMatch(/has a key "__proto__"/);
    expect(rows(owner, 'SELECT COUNT(*) AS n FROM history')).toEqual(history);
  });
});

function readEntry(file: string, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('entry', (e: yauzl.Entry) => {
        if (e.fileName !== name) return zip.readEntry();
        zip.openReadStream(e, (er, s) => {
          if (er || !s) return reject(er);
          const parts: Buffer[] = [];
          s.on('data', (c: Buffer) => parts.push(c)).on('end', () => {
            zip.close();
            resolve(Buffer.concat(parts).toString('utf8'));
          });
        });
      });
      zip.on('end', () => reject(new Error(`no ${name}`)));
      zip.readEntry();
    });
  });
}

function zipOf(file: string, entries: Record<string, string>): Promise<void> {
  const z = new yazl.ZipFile();
  for (const [name, text] of Object.entries(entries)) z.addBuffer(Buffer.from(text), name);
  z.end();
  return new Promise((resolve, reject) => z.outputStream.pipe(fs.createWriteStream(file)).on('close', resolve).on('error', reject));
}

describe('exports choose which annotations count', () => {
  const csv = (dir: string) => fs.readFileSync(path.join(dir, 'labels.csv'), 'utf8').trimEnd().split('\r\n');

  it('by default exports the resolved labels and the owner’s, saying whose answer each is; images in review stay out', async () => {
    const out = path.join(work.dir, 'export-resolved');
    const r = await lightbox('export', owner, '--format', 'csv', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(csv(out)).toEqual([
      'path,label,split,annotator',
      'images/img2.png,cat,,ana',
      'images/img3.png,dog,,ana',
      'images/img4.png,dog,,ana',
      'images/img5.png,cat,,',
      'images/img6.png,dog,,',
    ]);
  });

  it('annotator:NAME exports that annotator’s answers only, tags and regions', async () => {
    const out = path.join(work.dir, 'export-ben');
    expect((await lightbox('export', owner, '--format', 'csv', '--out', out, '--annotations', 'annotator:ben')).code).toBe(0);
    expect(csv(out).slice(1).map((l) => l.split(',').slice(1, 2)[0])).toEqual(answers.ben);
    expect(csv(out).slice(1).every((l) => l.endsWith(',ben'))).toBe(true);
    const coco = path.join(work.dir, 'export-ben-coco');
    const c = await lightbox('export', owner, '--format', 'coco', '--out', coco, '--annotations', 'annotator:ben');
    expect(c.code, c.err).toBe(0);
    const doc = JSON.parse(fs.readFileSync(path.join(coco, 'annotations', 'instances.json'), 'utf8')) as { annotations: { bbox: number[] }[] };
    expect(doc.annotations.map((a) => a.bbox)).toEqual([[5, 0, 10, 10]]);
  });

  it('all writes every answer side by side in csv, and is refused by imagefolder, whose folders cannot say whose a class is', async () => {
    const out = path.join(work.dir, 'export-all');
    expect((await lightbox('export', owner, '--format', 'csv', '--out', out, '--annotations', 'all')).code).toBe(0);
    const lines = csv(out);
    expect(lines.filter((l) => l.startsWith('images/img1.png'))).toEqual(['images/img1.png,cat,,ana', 'images/img1.png,cat,,ben', 'images/img1.png,cat,,cy']);
    // The dataset's own label (taken from ana's answer) has no name: a named row is always an answer.
    expect(lines.filter((l) => l.startsWith('images/img2.png'))).toEqual([
      'images/img2.png,cat,,',
      'images/img2.png,cat,,ana',
      'images/img2.png,dog,,ben',
      'images/img2.png,cat,,cy',
    ]);
    const refused = await lightbox('export', owner, '--format', 'imagefolder', '--out', path.join(work.dir, 'export-all-if'), '--annotations', 'all');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/ImageFolder says an image's class by the folder it sits in/);
    const unknown = await lightbox('export', owner, '--format', 'csv', '--out', path.join(work.dir, 'export-nobody'), '--annotations', 'annotator:zed');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/No answers from "zed"/);
  });
});

describe('review', () => {
  const liveTags = (imageId: number) =>
    rows<{ name: string; author: string }>(owner, `SELECT c.name, a.author FROM annotations a JOIN classes c ON c.id = a.class_id WHERE a.image_id = ${imageId} AND a.kind = 'tag' AND a.deleted = 0`);

  it("shows each annotator's answer for an image side by side: classes and region shapes, by annotator", async () => {
    const answers = await withSession(owner, (call) => call('packages.reviewAnswers', { imageId: 1 }));
    expect(answers).toEqual({
      imageId: 1,
      answers: [
        { annotator: 'ana', tags: ['cat'], regions: [{ className: 'lesion', shape: { kind: 'box', ...lesion.ana, w: 10, h: 10 } }] },
        { annotator: 'ben', tags: ['cat'], regions: [{ className: 'lesion', shape: { kind: 'box', ...lesion.ben, w: 10, h: 10 } }] },
        { annotator: 'cy', tags: ['cat'], regions: [] },
      ],
    });
  });

  it('lists the disagreement, takes one answer on accept, and one undo takes the decision back', async () => {
    const q = await lightbox('review', owner);
    expect(q.code, q.err).toBe(0);
    expect(q.out).toBe('photos/img1.png (disagreement) ana: cat +1 regions; ben: cat +1 regions; cy: cat');
    const a = await lightbox('review', owner, 'accept', 'photos/img1.png', '--annotator', 'ben');
    expect(a.code, a.err).toBe(0);
    expect(liveTags(1)).toEqual([{ name: 'cat', author: 'ben' }]);
    expect(rows(owner, `SELECT geometry, author FROM annotations WHERE image_id = 1 AND kind = 'box' AND deleted = 0`)).toEqual([
      { geometry: JSON.stringify({ x: 5, y: 0, w: 10, h: 10 }), author: 'ben' },
    ]);
    expect((await lightbox('review', owner)).out).toBe('Nothing to review.');
    await withSession(owner, async (call) => expect(await call('labels.undo', {})).toMatchObject({ applied: true, kind: 'packages.review' }));
    expect(liveTags(1)).toEqual([]);
    expect(rows(owner, 'SELECT state FROM team_image_state WHERE image_id = 1')).toEqual([{ state: 'review' }]);
    await withSession(owner, async (call) => expect(await call('labels.redo', {})).toMatchObject({ applied: true, kind: 'packages.review' }));
    expect(liveTags(1)).toEqual([{ name: 'cat', author: 'ben' }]);
  });

  it('a rejected answer goes back to its annotator in the next package with the comment, and merges back in', async () => {
    const flagged = await lightbox('review', owner, '--annotator', 'cy');
    // Every image cy answered (the four shared and the two gold).
    expect(flagged.out.split('\n').filter((l) => l.includes('(flagged)'))).toHaveLength(6);
    const r = await lightbox('review', owner, 'reject', 'photos/img2.png', '--annotator', 'cy', '--comment', 'Look again: is it a cat?');
    expect(r.code, r.err).toBe(0);
    // Without cy, ana (cat) and ben (dog) disagree: the image waits for review again.
    expect(r.out).toContain('the image is now review');
    expect(liveTags(2)).toEqual([]);

    const c = await lightbox('package', 'create', owner, '--out', path.join(work.dir, 'again.lbx'), '--annotator', 'cy', '--filter', 'folder:nowhere');
    expect(c.code, c.err).toBe(0);
    expect(c.out).toMatch(/again\.lbx: 1 images for cy/);
    const folder = path.join(work.dir, 'work-cy-again');
    const o = await lightbox('package', 'open', path.join(work.dir, 'again.lbx'), '--into', folder);
    expect(o.out).toContain('1 image came back from review: images/000001.png: Look again: is it a cat?');
    expect((await lightbox('label', folder, 'images/000001.png', '--class', 'dog')).code).toBe(0);
    expect((await lightbox('package', 'return', folder, '--out', path.join(work.dir, 'again-result.lbx'))).code).toBe(0);
    const m = await lightbox('package', 'merge', owner, path.join(work.dir, 'again-result.lbx'));
    expect(m.code, m.err).toBe(0);
    // ana cat, ben dog, cy now dog: dog by majority.
    expect(m.out).toContain('0 agreed, 1 by majority; 0 to review');
    expect(liveTags(2).map((t) => t.name)).toEqual(['dog']);
    // The comment was handed out: a further package carries nothing more for cy.
    const none = await lightbox('package', 'create', owner, '--out', path.join(work.dir, 'third.lbx'), '--annotator', 'cy', '--filter', 'folder:nowhere');
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/No image matches the filter/);
  });
});
