import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportOptions, ExportSummary } from '../../src-main/api/exports.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { type Rgb, listFiles, pixelAt, tempDir, writeHalvesImage, writeImage } from '../helpers/tempDataset.js';

const RED: Rgb = [220, 30, 30];
const BLUE: Rgb = [30, 30, 220];
const GREEN: Rgb = [30, 200, 60];
const YELLOW: Rgb = [230, 210, 40];
const DARK: Rgb = [40, 40, 40];
const LIGHT: Rgb = [210, 210, 210];
/** A class name a spreadsheet would run as a formula, with a comma and quotes for RFC 4180. */
const FORMULA = '=HYPERLINK("http://x",1),x';

/** Colours survive JPEG and colour conversion only approximately. */
function near(actual: Rgb, expected: Rgb, tolerance = 40): void {
  for (let i = 0; i < 3; i++) expect(Math.abs(actual[i]! - expected[i]!), `channel ${i} of [${actual}] vs [${expected}]`).toBeLessThanOrEqual(tolerance);
}

/** The marker every export leaves at its top, so that `overwrite` can tell an export from the user's own folder. */
const MARKER = '.lightbox-export.json';

/** The files an export wrote for training code: everything but the marker (which holds the time of the export). */
const dataFiles = (out: string) => listFiles(out).filter((f) => f !== MARKER);

function leftovers(out: string): string[] {
  return fs.readdirSync(path.dirname(out)).filter((n) => n.startsWith(`${path.basename(out)}.`));
}

interface Fixture {
  dir: string;
  session: Session;
  ids: Record<string, number>;
  classes: Record<string, number>;
}

/**
 * A dataset with the images that break naive exporters: an EXIF-rotated photo carrying a GPS
 * position, a CMYK JPEG, a 16-bit PNG, a grayscale image, two names that clash without case, a
 * Windows device name; plus one skipped and one unlabeled image, which must be left out.
 */
async function makeDataset(): Promise<Fixture> {
  const { dir } = tempDir('lightbox-export-');
  const ds = path.join(dir, 'dataset');
  // Stored 80×40, left red / right blue, orientation 6: upright it is 40×80, red on top.
  await writeHalvesImage(path.join(ds, 'photos', 'rotated.jpg'), { width: 80, height: 40, left: RED, right: BLUE, format: 'jpeg', orientation: 6, camera: true });
  await writeHalvesImage(path.join(ds, 'photos', 'cmyk.jpg'), { width: 60, height: 40, left: GREEN, right: YELLOW, format: 'jpeg', space: 'cmyk' });
  await writeHalvesImage(path.join(ds, 'scans', 'deep.png'), { width: 64, height: 48, left: RED, right: GREEN, format: 'png', space: 'rgb16' });
  await writeHalvesImage(path.join(ds, 'scans', 'gray.png'), { width: 50, height: 50, left: DARK, right: LIGHT, format: 'png', space: 'b-w' });
  // Binary path order puts these after photos/: photos/cmyk.jpg keeps its name, x/Cmyk.jpg gets a suffix.
  await writeImage(path.join(ds, 'x', 'Cmyk.jpg'), { width: 30, height: 20 });
  await writeImage(path.join(ds, 'x', 'CON.jpg'), { width: 30, height: 20 });
  await writeImage(path.join(ds, 'x', 'skipped.jpg'), { width: 30, height: 20 });
  await writeImage(path.join(ds, 'x', 'unlabeled.jpg'), { width: 30, height: 20 });

  const session = new Session({}, path.join(dir, 'home'));
  await dispatch(session, 'datasets.open', { path: ds });
  const { jobId } = (await dispatch(session, 'datasets.scan', {})) as { jobId: string };
  await session.jobs.wait(jobId);
  const list = (await dispatch(session, 'images.list', {})) as { items: { id: number; path: string }[] };
  const ids = Object.fromEntries(list.items.map((i) => [i.path, i.id]));
  const classes: Record<string, number> = {};
  for (const name of ['cat', 'a/b', FORMULA]) classes[name] = ((await dispatch(session, 'classes.add', { name })) as { id: number }).id;
  const label = (p: string, c: string) => dispatch(session, 'labels.set', { imageId: ids[p]!, classId: classes[c]! });
  await label('photos/rotated.jpg', 'cat');
  await label('photos/cmyk.jpg', 'cat');
  await label('x/Cmyk.jpg', 'cat');
  await label('x/CON.jpg', 'cat');
  await label('scans/deep.png', FORMULA);
  await label('scans/gray.png', 'a/b');
  await label('x/skipped.jpg', 'cat');
  await dispatch(session, 'images.setStatus', { ids: [ids['x/skipped.jpg']!], status: 'skipped' });
  return { dir, session, ids, classes };
}

async function runExport(session: Session, options: ExportOptions): Promise<ExportSummary> {
  const { jobId } = (await dispatch(session, 'exports.run', options)) as { jobId: string };
  return (await session.jobs.wait(jobId)) as ExportSummary;
}

describe('classification exports', () => {
  let fx: Fixture;
  let outs: string;
  let n = 0;
  /** A fresh output folder path (not created). */
  const newOut = () => path.join(outs, `out${++n}`);

  beforeAll(async () => {
    fx = await makeDataset();
    outs = path.join(fx.dir, 'exports');
    fs.mkdirSync(outs);
  });
  afterAll(() => {
    fx.session.close();
    fs.rmSync(fx.dir, { recursive: true, force: true });
  });

  it('imagefolder: class folders, safe unique names, 224×224 cover, upright, converted, no metadata', async () => {
    const out = newOut();
    const summary = await runExport(fx.session, { format: 'imagefolder', out, size: { width: 224, height: 224 }, fit: 'cover' });
    const formulaFolder = '=HYPERLINK(_http___x_,1),x';
    expect(listFiles(out)).toEqual([MARKER, `${formulaFolder}/deep.png`, 'a_b/gray.png', 'cat/CON_.jpg', 'cat/Cmyk-2.jpg', 'cat/cmyk.jpg', 'cat/rotated.jpg']);
    expect(summary).toMatchObject({
      out,
      format: 'imagefolder',
      exported: 6,
      files: 6,
      skippedStatus: 1,
      skippedUnlabeled: 1,
      skippedUnreadable: 0,
      skippedMissing: 0,
      skippedNoSplit: 0,
      renamed: 2,
      perSplit: { train: 0, val: 0, test: 0, none: 6 },
    });
    expect(leftovers(out)).toEqual([]);

    for (const f of dataFiles(out)) {
      const m = await sharp(path.join(out, f)).metadata();
      expect([f, m.width, m.height]).toEqual([f, 224, 224]);
      expect(m.exif, f).toBeUndefined();
      expect(m.xmp, f).toBeUndefined();
      expect(m.iptc, f).toBeUndefined();
      expect(m.depth, f).toBe('uchar');
    }
    // The EXIF-rotated photo is written upright: red on top, blue below, with no orientation left.
    const rotated = path.join(out, 'cat/rotated.jpg');
    near(await pixelAt(rotated, 112, 10), RED);
    near(await pixelAt(rotated, 112, 214), BLUE);
    expect((await sharp(rotated).metadata()).orientation).toBeUndefined();
    const bytes = fs.readFileSync(rotated).toString('latin1');
    expect(bytes).not.toContain('AcmeCam');
    expect(bytes).not.toContain('Exif\u0000\u0000');
    // CMYK becomes sRGB with the same colours; 16-bit becomes 8-bit; grayscale stays one channel.
    const cmyk = await sharp(path.join(out, 'cat/cmyk.jpg')).metadata();
    expect([cmyk.space, cmyk.channels]).toEqual(['srgb', 3]);
    // Compared with the source as sRGB shows it: CMYK has a smaller gamut than the colours it was made from.
    const cmykSource = path.join(fx.session.require().root, 'photos', 'cmyk.jpg');
    near(await pixelAt(path.join(out, 'cat/cmyk.jpg'), 20, 112), await pixelAt(cmykSource, 5, 20), 12);
    near(await pixelAt(path.join(out, 'cat/cmyk.jpg'), 204, 112), await pixelAt(cmykSource, 55, 20), 12);
    expect(await pixelAt(cmykSource, 5, 20)).not.toEqual(await pixelAt(cmykSource, 55, 20));
    const deep = await sharp(path.join(out, formulaFolder, 'deep.png')).metadata();
    expect([deep.space, deep.channels, deep.bitsPerSample]).toEqual(['srgb', 3, 8]);
    near(await pixelAt(path.join(out, formulaFolder, 'deep.png'), 20, 112), RED, 3);
    const gray = await sharp(path.join(out, 'a_b/gray.png')).metadata();
    expect([gray.space, gray.channels]).toEqual(['b-w', 1]);
    near(await pixelAt(path.join(out, 'a_b/gray.png'), 20, 112), DARK, 3);
    near(await pixelAt(path.join(out, 'a_b/gray.png'), 204, 112), LIGHT, 3);
  });

  it('fill stretches to the exact size; contain fits inside and pads with black', async () => {
    const fill = newOut();
    await runExport(fx.session, { format: 'imagefolder', out: fill, size: { width: 224, height: 224 }, fit: 'fill' });
    const filled = path.join(fill, 'cat/rotated.jpg');
    expect(await sharp(filled).metadata()).toMatchObject({ width: 224, height: 224 });
    near(await pixelAt(filled, 112, 50), RED);
    near(await pixelAt(filled, 112, 174), BLUE);

    const contain = newOut();
    await runExport(fx.session, { format: 'imagefolder', out: contain, size: { width: 224, height: 224 }, fit: 'contain', imageFormat: 'png' });
    // Upright 40×80 scaled into 224×224 is 112×224, centred: 56 columns of black on each side.
    const contained = path.join(contain, 'cat/rotated.png');
    expect(await sharp(contained).metadata()).toMatchObject({ width: 224, height: 224, format: 'png' });
    near(await pixelAt(contained, 20, 112), [0, 0, 0], 2);
    near(await pixelAt(contained, 204, 112), [0, 0, 0], 2);
    near(await pixelAt(contained, 112, 20), RED);
    near(await pixelAt(contained, 112, 204), BLUE);
    // Landscape 60×40 becomes 224×149 (rounded), black above and below.
    const cmyk = path.join(contain, 'cat/cmyk.png');
    near(await pixelAt(cmyk, 112, 10), [0, 0, 0], 2);
    near(await pixelAt(cmyk, 40, 112), await pixelAt(path.join(fx.session.require().root, 'photos', 'cmyk.jpg'), 5, 20), 12);

    // A size that is not square is met exactly too.
    const wide = newOut();
    await runExport(fx.session, { format: 'imagefolder', out: wide, size: { width: 224, height: 160 }, fit: 'cover' });
    for (const f of dataFiles(wide)) expect(await sharp(path.join(wide, f)).metadata()).toMatchObject({ width: 224, height: 160 });
  });

  it('keeps original sizes without --size, and EXIF only when asked (still upright)', async () => {
    const plain = newOut();
    await runExport(fx.session, { format: 'imagefolder', out: plain, imageFormat: 'jpeg' });
    expect(await sharp(path.join(plain, 'cat/rotated.jpg')).metadata()).toMatchObject({ width: 40, height: 80 });
    expect(await sharp(path.join(plain, 'a_b/gray.jpg')).metadata()).toMatchObject({ width: 50, height: 50, format: 'jpeg' });

    const kept = newOut();
    await runExport(fx.session, { format: 'imagefolder', out: kept, size: { width: 224, height: 224 }, stripMetadata: false });
    const m = await sharp(path.join(kept, 'cat/rotated.jpg')).metadata();
    expect(m.exif?.toString('latin1')).toContain('AcmeCam');
    expect(m.orientation ?? 1).toBe(1);
    near(await pixelAt(path.join(kept, 'cat/rotated.jpg'), 112, 10), RED);
  });

  it('csv: labels.csv with neutralised formulas and RFC 4180 quoting, identical on a second export', async () => {
    const out = newOut();
    const summary = await runExport(fx.session, { format: 'csv', out, size: { width: 224, height: 224 } });
    expect(summary).toMatchObject({ exported: 6, skippedStatus: 1, skippedUnlabeled: 1 });
    const csv = fs.readFileSync(path.join(out, 'labels.csv'), 'utf8');
    expect(csv).toBe(
      [
        'path,label,split',
        'images/cmyk.jpg,cat,',
        'images/rotated.jpg,cat,',
        `images/deep.png,"'=HYPERLINK(""http://x"",1),x",`,
        'images/gray.png,a/b,',
        'images/CON_.jpg,cat,',
        'images/Cmyk-2.jpg,cat,',
        '',
      ].join('\r\n'),
    );
    expect(listFiles(out)).toEqual([MARKER, 'images/CON_.jpg', 'images/Cmyk-2.jpg', 'images/cmyk.jpg', 'images/deep.png', 'images/gray.png', 'images/rotated.jpg', 'labels.csv']);

    const again = newOut();
    await runExport(fx.session, { format: 'csv', out: again, size: { width: 224, height: 224 } });
    expect(fs.readFileSync(path.join(again, 'labels.csv'))).toEqual(fs.readFileSync(path.join(out, 'labels.csv')));
    for (const f of dataFiles(out)) expect(fs.readFileSync(path.join(again, f)).equals(fs.readFileSync(path.join(out, f))), f).toBe(true);
  });

  it('hf: metadata.jsonl per split folder, identical on a second export; images without a split left out', async () => {
    const { ids, session } = fx;
    await dispatch(session, 'images.setSplit', { ids: [ids['photos/rotated.jpg']!, ids['photos/cmyk.jpg']!, ids['x/CON.jpg']!], split: 'train' });
    await dispatch(session, 'images.setSplit', { ids: [ids['scans/deep.png']!], split: 'val' });
    await dispatch(session, 'images.setSplit', { ids: [ids['scans/gray.png']!], split: 'test' });
    try {
      const out = newOut();
      const summary = await runExport(session, { format: 'hf', out, size: { width: 224, height: 224 } });
      expect(summary).toMatchObject({ exported: 5, skippedNoSplit: 1, perSplit: { train: 3, val: 1, test: 1, none: 0 } });
      expect(listFiles(out)).toEqual([
        MARKER,
        'test/gray.png',
        'test/metadata.jsonl',
        'train/CON_.jpg',
        'train/cmyk.jpg',
        'train/metadata.jsonl',
        'train/rotated.jpg',
        'validation/deep.png',
        'validation/metadata.jsonl',
      ]);
      const read = (f: string) => fs.readFileSync(path.join(out, f), 'utf8');
      expect(read('train/metadata.jsonl')).toBe(
        [
          '{"file_name":"cmyk.jpg","label":"cat","split":"train"}',
          '{"file_name":"rotated.jpg","label":"cat","split":"train"}',
          '{"file_name":"CON_.jpg","label":"cat","split":"train"}',
          '',
        ].join('\n'),
      );
      expect(JSON.parse(read('validation/metadata.jsonl'))).toEqual({ file_name: 'deep.png', label: FORMULA, split: 'validation' });
      expect(JSON.parse(read('test/metadata.jsonl'))).toEqual({ file_name: 'gray.png', label: 'a/b', split: 'test' });

      const again = newOut();
      await runExport(session, { format: 'hf', out: again, size: { width: 224, height: 224 } });
      for (const f of dataFiles(out)) expect(fs.readFileSync(path.join(again, f)).equals(fs.readFileSync(path.join(out, f))), f).toBe(true);

      // imagefolder follows the same splits: OUT/SPLIT/CLASS/IMAGE.
      const folders = newOut();
      await runExport(session, { format: 'imagefolder', out: folders });
      expect(listFiles(folders)).toEqual([MARKER, 'test/a_b/gray.png', 'train/cat/CON_.jpg', 'train/cat/cmyk.jpg', 'train/cat/rotated.jpg', `val/=HYPERLINK(_http___x_,1),x/deep.png`]);
    } finally {
      await dispatch(session, 'images.setSplit', { ids: Object.values(ids), split: null });
    }
  });

  it('multi-label: csv joins labels with ";", hf writes "labels", imagefolder writes one copy per class', async () => {
    const { ids, classes, session } = fx;
    await dispatch(session, 'labels.setMode', { mode: 'multi' });
    await dispatch(session, 'labels.set', { imageId: ids['photos/rotated.jpg']!, classId: classes['a/b']! });
    try {
      const csvOut = newOut();
      await runExport(session, { format: 'csv', out: csvOut, size: { width: 32, height: 32 } });
      expect(fs.readFileSync(path.join(csvOut, 'labels.csv'), 'utf8')).toContain('images/rotated.jpg,cat;a/b,\r\n');

      const hfOut = newOut();
      await runExport(session, { format: 'hf', out: hfOut, size: { width: 32, height: 32 } });
      const lines = fs.readFileSync(path.join(hfOut, 'metadata.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
      expect(lines.find((l) => l.file_name === 'rotated.jpg')).toEqual({ file_name: 'rotated.jpg', labels: ['cat', 'a/b'] });
      expect(lines.find((l) => l.file_name === 'gray.png')).toEqual({ file_name: 'gray.png', labels: ['a/b'] });

      const folderOut = newOut();
      const summary = await runExport(session, { format: 'imagefolder', out: folderOut, size: { width: 32, height: 32 } });
      expect(listFiles(folderOut)).toContain('cat/rotated.jpg');
      expect(listFiles(folderOut)).toContain('a_b/rotated.jpg');
      expect(summary).toMatchObject({ exported: 6, files: 7 });
    } finally {
      await dispatch(session, 'labels.clear', { imageId: ids['photos/rotated.jpg']!, classId: classes['a/b']! });
      await dispatch(session, 'labels.setMode', { mode: 'single' });
    }
  });

  it('cancel leaves neither the output folder nor a partial one', async () => {
    const out = newOut();
    const { jobId } = (await dispatch(fx.session, 'exports.run', { format: 'imagefolder', out })) as { jobId: string };
    // The job is under way: its temporary folder sits beside the output.
    expect(leftovers(out)[0]).toMatch(/^out\d+\.partial-/);
    await dispatch(fx.session, 'jobs.cancel', { id: jobId });
    await expect(fx.session.jobs.wait(jobId)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(((await dispatch(fx.session, 'jobs.get', { id: jobId })) as { state: string }).state).toBe('cancelled');
    expect(fs.existsSync(out)).toBe(false);
    expect(leftovers(out)).toEqual([]);
  });

  it('refuses a non-empty folder, replaces only an earlier export, and refuses a folder inside the dataset', async () => {
    const out = newOut();
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'precious.txt'), 'keep me');
    await expect(dispatch(fx.session, 'exports.run', { format: 'csv', out })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(fs.readFileSync(path.join(out, 'precious.txt'), 'utf8')).toBe('keep me');

    // overwrite replaces only an earlier export (tests/integration/exportOverwrite.test.ts has the rest).
    await expect(dispatch(fx.session, 'exports.run', { format: 'csv', out, overwrite: true })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(fs.readFileSync(path.join(out, 'precious.txt'), 'utf8')).toBe('keep me');
    const earlier = newOut();
    await runExport(fx.session, { format: 'imagefolder', out: earlier });
    await runExport(fx.session, { format: 'csv', out: earlier, overwrite: true });
    expect(fs.existsSync(path.join(earlier, 'cat'))).toBe(false);
    expect(fs.existsSync(path.join(earlier, 'labels.csv'))).toBe(true);
    expect(leftovers(earlier)).toEqual([]);

    const empty = newOut();
    fs.mkdirSync(empty);
    await runExport(fx.session, { format: 'csv', out: empty });
    expect(fs.existsSync(path.join(empty, 'labels.csv'))).toBe(true);

    const root = fx.session.require().root;
    await expect(dispatch(fx.session, 'exports.run', { format: 'csv', out: path.join(root, 'export') })).rejects.toMatchObject({ code: 'BAD_PARAMS' });
    await expect(dispatch(fx.session, 'exports.run', { format: 'csv', out: path.dirname(root), overwrite: true })).rejects.toMatchObject({ code: 'BAD_PARAMS' });
    await expect(dispatch(fx.session, 'exports.run', { format: 'csv', out: 'relative/out' })).rejects.toMatchObject({ code: 'BAD_PARAMS' });
  });

  it('accepts the region formats (tests/integration/regionFormats.test.ts covers them): tagged images go out with no regions', async () => {
    const out = newOut();
    const summary = await runExport(fx.session, { format: 'coco', out });
    expect(summary.exported).toBeGreaterThan(0);
    const files = fs.readdirSync(path.join(out, 'annotations'));
    const doc = JSON.parse(fs.readFileSync(path.join(out, 'annotations', files[0]!), 'utf8'));
    expect(doc.annotations).toEqual([]);
  });

  it('leaves out and reports an image that became unreadable after the scan', async () => {
    const root = fx.session.require().root;
    const file = path.join(root, 'x', 'CON.jpg');
    const original = fs.readFileSync(file);
    fs.writeFileSync(file, original.subarray(0, 40));
    try {
      const out = newOut();
      const summary = await runExport(fx.session, { format: 'csv', out, size: { width: 64, height: 64 } });
      expect(summary).toMatchObject({ exported: 5, skippedUnreadable: 1 });
      expect(summary.problems).toEqual([{ path: 'x/CON.jpg', reason: expect.any(String) }]);
      expect(fs.readFileSync(path.join(out, 'labels.csv'), 'utf8')).not.toContain('CON');
    } finally {
      fs.writeFileSync(file, original);
    }
  });
});

describe('lightbox export (CLI)', () => {
  const repo = path.resolve(__dirname, '..', '..');
  const cli = path.join(repo, 'bin', 'lightbox.cjs');
  let dir: string;
  let cleanup: () => void;

  beforeAll(async () => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs', 'cli'], { cwd: repo, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    ({ dir, cleanup } = tempDir('lightbox-export-cli-'));
    const ds = path.join(dir, 'dataset');
    for (let i = 0; i < 8; i++) await writeImage(path.join(ds, i < 4 ? 'cats' : 'dogs', `img${i}.jpg`), { width: 40, height: 30 });
    const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, LIGHTBOX_HOME: path.join(dir, 'home') } });
    expect(run('scan', ds, '--no-thumbnails').status).toBe(0);
    expect(run('classes', ds, 'add', 'cat').status).toBe(0);
    expect(run('classes', ds, 'add', 'dog').status).toBe(0);
    for (let i = 0; i < 8; i++) expect(run('label', ds, `${i < 4 ? 'cats' : 'dogs'}/img${i}.jpg`, '--class', i < 4 ? 'cat' : 'dog').status).toBe(0);
  });
  afterAll(() => cleanup?.());

  const lightbox = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, LIGHTBOX_HOME: path.join(dir, 'home') } });

  it('refuses a non-empty --out before assigning any split', () => {
    const busy = path.join(dir, 'busy');
    fs.mkdirSync(busy);
    fs.writeFileSync(path.join(busy, 'notes.txt'), 'mine');
    const r = lightbox('export', path.join(dir, 'dataset'), '--format', 'csv', '--out', busy, '--split', '0.5,0.25,0.25');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('not empty');
    const stats = JSON.parse(lightbox('stats', path.join(dir, 'dataset'), '--json').stdout) as { perSplit: Record<string, number> };
    expect(stats.perSplit).toMatchObject({ train: 0, val: 0, test: 0, none: 8 });
  });

  it('exports with a split and a size, and prints the summary', () => {
    const out = path.join(dir, 'out');
    const r = lightbox('export', path.join(dir, 'dataset'), '--format', 'imagefolder', '--out', out, '--size', '224', '--split', '0.5,0.25,0.25', '--seed', '3');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Exported 8 images');
    expect(listFiles(out)).toContain(MARKER);
    const files = dataFiles(out);
    expect(files).toHaveLength(8);
    expect(files.filter((f) => f.startsWith('train/cat/'))).toHaveLength(2);
    expect(files.filter((f) => f.startsWith('val/dog/'))).toHaveLength(1);
    expect(files.filter((f) => f.startsWith('test/dog/'))).toHaveLength(1);
  });

  it('fails with one line and status 1 when --out is missing', () => {
    const r = lightbox('export', path.join(dir, 'dataset'), '--format', 'csv');
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--out');
  });
});
