import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../src-main/api/acquire.js';
import { parseCsv } from '../../src-main/formats/csvParse.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';
import { openTempDataset } from '../helpers/tempSession.js';

async function importLabeled(s: Session, format: 'imagefolder' | 'csv', from: string): Promise<ImportSummary> {
  const { jobId } = (await dispatch(s, 'acquire.importLabeled', { format, from })) as { jobId: string };
  return (await s.jobs.wait(jobId)) as ImportSummary;
}

function labelsOf(s: Session): Record<string, { labels: string[]; split: string | null; source: string }> {
  const rows = s
    .require()
    .db.prepare(
      `SELECT i.path, i.split, i.source, (SELECT group_concat(name, '|') FROM (SELECT c.name FROM annotations a JOIN classes c ON c.id = a.class_id
         WHERE a.image_id = i.id AND a.deleted = 0 ORDER BY c.name)) AS labels FROM images i ORDER BY i.path`,
    )
    .all() as { path: string; split: string | null; source: string; labels: string | null }[];
  return Object.fromEntries(rows.map((r) => [r.path, { labels: r.labels ? r.labels.split('|') : [], split: r.split, source: r.source }]));
}

describe('importing an existing classification dataset', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  function setup() {
    const { s, dir } = openTempDataset(cleanups, 'lightbox-ds-');
    const src = tempDir('lightbox-src-');
    cleanups.push(src.cleanup);
    return { s, ds: dir, src: src.dir };
  }

  it('ImageFolder: class from the folder, train/valid/test levels as splits, nested folders, non-ASCII names, unknown files listed', async () => {
    const { s, ds, src } = setup();
    const root = path.join(src, 'pets');
    await writeImage(path.join(root, 'train', 'cat', 'c1.jpg'), { color: '#110000' });
    await writeImage(path.join(root, 'train', 'cat', 'indoor', 'c2.png'), { color: '#220000' });
    await writeImage(path.join(root, 'train', '狗', 'gǒu 1.jpg'), { color: '#330000' });
    await writeImage(path.join(root, 'valid', 'cat', 'c3.jpg'), { color: '#440000' });
    await writeImage(path.join(root, 'test', '狗', 'd9.webp'), { color: '#550000' });
    await writeImage(path.join(root, 'bird', 'val', 'b1.jpg'), { color: '#660000' });
    await writeImage(path.join(root, 'loose.jpg'), { color: '#770000' });
    fs.writeFileSync(path.join(root, 'train', 'cat', 'notes.txt'), 'hello');
    fs.writeFileSync(path.join(root, 'train', 'cat', 'fake.jpg'), '<html>not an image</html>');
    fs.writeFileSync(path.join(root, 'README.md'), '# pets');
    // The same picture as one already in the dataset: matched, not copied again.
    await writeImage(path.join(ds, 'existing', 'same.jpg'), { color: '#440000' });
    await s.jobs.wait((await dispatch(s, 'datasets.scan', { thumbnails: false }) as { jobId: string }).jobId);

    const r = await importLabeled(s, 'imagefolder', root);
    expect(r).toMatchObject({ format: 'imagefolder', imported: 5, matched: 1, labeled: 6 });
    expect(r.classesCreated.sort()).toEqual(['bird', 'cat', '狗']);
    expect(Object.fromEntries(r.skipped.map((k) => [k.ref, k.reason]))).toEqual({
      'README.md': 'not an image file',
      'loose.jpg': 'not inside a class folder',
      'train/cat/notes.txt': 'not an image file',
      'train/cat/fake.jpg': expect.stringMatching(/^not an image/),
    });
    expect(labelsOf(s)).toEqual({
      'existing/same.jpg': { labels: ['cat'], split: 'val', source: 'folder' },
      'imported/pets/bird/val/b1.jpg': { labels: ['bird'], split: 'val', source: 'import' },
      'imported/pets/test/狗/d9.webp': { labels: ['狗'], split: 'test', source: 'import' },
      'imported/pets/train/cat/c1.jpg': { labels: ['cat'], split: 'train', source: 'import' },
      'imported/pets/train/cat/indoor/c2.png': { labels: ['cat'], split: 'train', source: 'import' },
      'imported/pets/train/狗/gǒu 1.jpg': { labels: ['狗'], split: 'train', source: 'import' },
    });
    expect(fs.readFileSync(path.join(ds, 'imported', 'pets', 'train', 'cat', 'c1.jpg'))).toEqual(fs.readFileSync(path.join(root, 'train', 'cat', 'c1.jpg')));

    // Importing the same tree again copies nothing and adds no second label.
    const again = await importLabeled(s, 'imagefolder', root);
    expect(again).toMatchObject({ imported: 0, matched: 6, labeled: 0, classesCreated: [] });
    expect(fs.readdirSync(path.join(ds, 'imported', 'pets', 'train', 'cat')).sort()).toEqual(['c1.jpg', 'indoor']);
  });

  it('CSV: quoted commas, multi-label cells, splits, and references resolved or refused as the design says', async () => {
    const { s, ds, src } = setup();
    await writeImage(path.join(src, 'imgs', 'a, the first.jpg'), { color: '#010101' });
    await writeImage(path.join(src, 'imgs', 'b "quoted".png'), { color: '#020202' });
    await writeImage(path.join(src, 'imgs', '猫.jpg'), { color: '#030303' });
    await writeImage(path.join(ds, 'photos', 'inside.jpg'), { color: '#040404' });
    await writeImage(path.join(ds, 'deep', 'er', 'unique-name.jpg'), { color: '#050505' });
    await writeImage(path.join(path.dirname(src), `${path.basename(src)}-outside.jpg`), { color: '#060606' });
    cleanups.push(() => fs.rmSync(path.join(path.dirname(src), `${path.basename(src)}-outside.jpg`), { force: true }));
    fs.symlinkSync(path.join(path.dirname(src), `${path.basename(src)}-outside.jpg`), path.join(src, 'imgs', 'link-out.jpg'));
    await s.jobs.wait((await dispatch(s, 'datasets.scan', { thumbnails: false }) as { jobId: string }).jobId);

    const csv = [
      'filename,label,split',
      '"imgs/a, the first.jpg","cat;indoor",train',
      '"imgs/b ""quoted"".png",dog,validation',
      'imgs/猫.jpg,"cat, tabby",test',
      'photos/inside.jpg,dog,',
      'unique-name.jpg,cat,',
      `../${path.basename(src)}-outside.jpg,cat,`,
      '/etc/passwd,cat,',
      'C:\\Windows\\win.ini,cat,',
      'http://example.com/x.jpg,cat,',
      'imgs/%2e%2e/%2e%2e/x.jpg,cat,',
      'imgs/link-out.jpg,cat,',
      'imgs/nothere.jpg,cat,',
      'imgs/a, the first.jpg,cat,holdout',
      '',
    ].join('\r\n');
    const file = path.join(src, 'labels.csv');
    fs.writeFileSync(file, `\uFEFF${csv}`);

    const r = await importLabeled(s, 'csv', file);
    expect(r).toMatchObject({ format: 'csv', imported: 3, matched: 2 });
    expect(r.classesCreated.sort()).toEqual(['cat', 'cat, tabby', 'dog', 'indoor']);
    const reasons = Object.fromEntries(r.skipped.map((k) => [k.ref, k.reason]));
    expect(reasons).toEqual({
      [`../${path.basename(src)}-outside.jpg`]: expect.stringMatching(/refused: .*leaves its folder/),
      '/etc/passwd': expect.stringMatching(/refused: .*absolute path/),
      'C:\\Windows\\win.ini': expect.stringMatching(/refused: .*drive letter/),
      'http://example.com/x.jpg': expect.stringMatching(/refused: .*URL/),
      'imgs/%2e%2e/%2e%2e/x.jpg': expect.stringMatching(/refused: .*leaves its folder/),
      'imgs/link-out.jpg': expect.stringMatching(/refused: .*outside/),
      'imgs/nothere.jpg': 'file not found',
      'imgs/a': expect.stringMatching(/unknown split "the first.jpg"|unknown split/),
    });
    expect(labelsOf(s)).toEqual({
      'deep/er/unique-name.jpg': { labels: ['cat'], split: null, source: 'folder' },
      'imported/labels/imgs/a, the first.jpg': { labels: ['cat', 'indoor'], split: 'train', source: 'import' },
      'imported/labels/imgs/b _quoted_.png': { labels: ['dog'], split: 'val', source: 'import' },
      'imported/labels/imgs/猫.jpg': { labels: ['cat, tabby'], split: 'test', source: 'import' },
      'photos/inside.jpg': { labels: ['dog'], split: null, source: 'folder' },
    });
  });

  it('parses RFC 4180 CSV: quotes, doubled quotes, line breaks inside fields, CRLF', () => {
    expect(parseCsv('a,"b,c","d ""e"""\r\n"multi\nline",x,\n')).toEqual([
      ['a', 'b,c', 'd "e"'],
      ['multi\nline', 'x', ''],
    ]);
    expect(() => parseCsv('a,"unclosed\n')).toThrow(/not closed/);
  });

  it('refuses a source that is not there with a message, not a crash: the job fails with it', async () => {
    const { s, src } = setup();
    await expect(importLabeled(s, 'imagefolder', path.join(src, 'nope'))).rejects.toMatchObject({ code: 'NOT_A_FOLDER', message: expect.stringContaining('nope') });
    await expect(importLabeled(s, 'csv', path.join(src, 'nope.csv'))).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('nope.csv') });
  });
});
