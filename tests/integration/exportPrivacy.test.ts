import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportOptions, ExportSummary } from '../../src-main/api/exports.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { listFiles, tempDir, writeHalvesImage, writeImage } from '../helpers/tempDataset.js';

const RED = [200, 30, 30] as const;
const BLUE = [30, 30, 200] as const;

/**
 * The privacy report every export writes: two camera photos with a GPS position, one with EXIF but
 * no GPS, one without EXIF, and two whose names identify someone (an id, a listed patient name).
 */
async function makeDataset(dir: string): Promise<{ ds: string; session: Session }> {
  const ds = path.join(dir, 'dataset');
  await writeHalvesImage(path.join(ds, 'photos', 'gps-1.jpg'), { width: 40, height: 30, left: RED, right: BLUE, format: 'jpeg', camera: true });
  await writeHalvesImage(path.join(ds, 'photos', 'gps-2.jpg'), { width: 40, height: 30, left: RED, right: BLUE, format: 'jpeg', camera: true, orientation: 6 });
  await writeImage(path.join(ds, 'photos', 'rotated.jpg'), { width: 40, height: 30, orientation: 3 });
  await writeImage(path.join(ds, 'photos', 'plain.png'), { width: 40, height: 30 });
  await writeImage(path.join(ds, 'people', 'john_smith_1234567.jpg'), { width: 40, height: 30 });
  await writeImage(path.join(ds, 'people', 'Jane-SMITH.png'), { width: 40, height: 30 });
  const session = new Session({}, path.join(dir, 'home'));
  await dispatch(session, 'datasets.open', { path: ds });
  const { jobId } = (await dispatch(session, 'datasets.scan', {})) as { jobId: string };
  await session.jobs.wait(jobId);
  const list = (await dispatch(session, 'images.list', {})) as { items: { id: number; path: string }[] };
  const { id: classId } = (await dispatch(session, 'classes.add', { name: 'cat' })) as { id: number };
  for (const item of list.items) await dispatch(session, 'labels.set', { imageId: item.id, classId });
  return { ds, session };
}

async function runExport(session: Session, options: ExportOptions): Promise<ExportSummary> {
  const { jobId } = (await dispatch(session, 'exports.run', options)) as { jobId: string };
  return (await session.jobs.wait(jobId)) as ExportSummary;
}

/** Every byte of every file of an export, as latin1 text, to look for names in. */
function allBytes(dir: string): string {
  return listFiles(dir)
    .map((f) => fs.readFileSync(path.join(dir, f)).toString('latin1'))
    .join('\n');
}

describe('the export privacy report', () => {
  let dir: string;
  let cleanup: () => void;
  let ds: string;
  let session: Session;
  let n = 0;
  const newOut = () => path.join(dir, 'exports', `out${++n}`);

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('lightbox-privacy-'));
    ({ ds, session } = await makeDataset(dir));
  });
  afterAll(() => {
    session.close();
    cleanup();
  });

  it('counts the images that had EXIF and GPS, removed, and flags names with an id or a listed name', async () => {
    const out = newOut();
    const summary = await runExport(session, { format: 'imagefolder', out, flagNames: ['SMITH^JANE'] });
    expect(summary.exported).toBe(6);
    expect(summary.privacy).toMatchObject({ metadataStripped: true, withExif: 3, withGps: 2, flaggedNames: 2, anonymousNames: false, mappingFile: null });
    expect(summary.privacy.flagged).toEqual([
      { path: 'cat/Jane-SMITH.png', reason: 'contains the name "SMITH^JANE"' },
      { path: 'cat/john_smith_1234567.jpg', reason: 'contains a run of 7 digits (an id?)' },
    ]);

    const report = fs.readFileSync(path.join(out, 'PRIVACY.txt'), 'utf8');
    expect(report).toContain('Images that had EXIF: 3; of them with a GPS location: 2.');
    expect(report).toContain('cat/john_smith_1234567.jpg: contains a run of 7 digits');
    expect(report).toContain('cat/Jane-SMITH.png: contains the name "SMITH^JANE"');
    expect(report).not.toContain('plain.png');
    expect(report).toContain('--anonymous-names');
    // The report is one of the entries the export wrote, so --overwrite may replace it.
    const marker = JSON.parse(fs.readFileSync(path.join(out, '.lightbox-export.json'), 'utf8')) as { entries: string[] };
    expect(marker.entries).toEqual(['PRIVACY.txt', 'cat']);
    for (const f of fs.readdirSync(path.join(out, 'cat'))) expect((await sharp(path.join(out, 'cat', f)).metadata()).exif, f).toBeUndefined();

    // Without a list of names, a name alone is not flagged; the id still is.
    const again = await runExport(session, { format: 'imagefolder', out, overwrite: true });
    expect(again.privacy.flagged.map((f) => f.path)).toEqual(['cat/john_smith_1234567.jpg']);
    expect(fs.readFileSync(path.join(out, 'PRIVACY.txt'), 'utf8')).not.toContain('Jane-SMITH');
  });

  it('says so when the metadata was kept on request', async () => {
    const out = newOut();
    const summary = await runExport(session, { format: 'csv', out, stripMetadata: false });
    expect(summary.privacy).toMatchObject({ metadataStripped: false, withExif: 3, withGps: 2 });
    expect(fs.readFileSync(path.join(out, 'PRIVACY.txt'), 'utf8')).toContain('KEPT ON REQUEST (--keep-metadata)');
    const gps = listFiles(out).find((f) => f.endsWith('gps-1.jpg'))!;
    expect((await sharp(path.join(out, gps)).metadata()).exif).toBeDefined();
  });

  it('names images img-000001… with --anonymous-names and keeps the mapping in .lightbox/, not in the export', async () => {
    const out = newOut();
    const summary = await runExport(session, { format: 'coco', out, anonymousNames: true });
    const images = listFiles(out).filter((f) => /\.(jpg|png)$/.test(f));
    expect(images.map((f) => path.posix.basename(f)).sort()).toEqual([
      'img-000001.png',
      'img-000002.jpg',
      'img-000003.jpg',
      'img-000004.jpg',
      'img-000005.png',
      'img-000006.jpg',
    ]);
    // No original name is left anywhere in the export's bytes, label files and report included.
    const bytes = allBytes(out);
    for (const name of ['john_smith', '1234567', 'Jane-SMITH', 'gps-1', 'plain', 'rotated']) expect(bytes).not.toContain(name);
    expect(listFiles(out).some((f) => f.endsWith('.csv'))).toBe(false);
    expect(summary.privacy).toMatchObject({ anonymousNames: true, flaggedNames: 0 });

    const mapping = summary.privacy.mappingFile!;
    expect(mapping).toMatch(/^\.lightbox\/exports\/[0-9T-]+Z-names\.csv$/);
    const rows = fs.readFileSync(path.join(ds, mapping), 'utf8').trim().split('\r\n');
    expect(rows[0]).toBe('output,source');
    const map = new Map(rows.slice(1).map((r) => [path.posix.basename(r.split(',')[0]!), r.split(',')[1]]));
    expect(map.size).toBe(6);
    expect([...map.values()].sort()).toEqual(['people/Jane-SMITH.png', 'people/john_smith_1234567.jpg', 'photos/gps-1.jpg', 'photos/gps-2.jpg', 'photos/plain.png', 'photos/rotated.jpg']);
    // Numbered in the dataset's path order; each row names the file written for the image.
    expect(map.get('img-000001.png')).toBe('people/Jane-SMITH.png');
    expect(map.get('img-000002.jpg')).toBe('people/john_smith_1234567.jpg');
    expect(map.get('img-000006.jpg')).toBe('photos/rotated.jpg');
    const report = fs.readFileSync(path.join(out, 'PRIVACY.txt'), 'utf8');
    expect(report).toContain(`The mapping to the original names stays in the dataset: ${mapping}`);
    const coco = JSON.parse(fs.readFileSync(path.join(out, 'annotations', fs.readdirSync(path.join(out, 'annotations'))[0]!), 'utf8')) as { images: { file_name: string; width: number }[] };
    expect(coco.images.map((i) => i.file_name).sort()).toEqual([...map.keys()].sort());
    // The mapping is not an image of the dataset: a rescan does not index it.
    const { jobId } = (await dispatch(session, 'datasets.scan', {})) as { jobId: string };
    await session.jobs.wait(jobId);
    expect(((await dispatch(session, 'images.list', {})) as { items: unknown[] }).items).toHaveLength(6);
  });
});

describe('lightbox export prints the privacy line (CLI)', () => {
  const repo = path.resolve(__dirname, '..', '..');
  const cli = path.join(repo, 'bin', 'lightbox.cjs');
  let dir: string;
  let cleanup: () => void;
  let ds: string;

  beforeAll(async () => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs', 'cli'], { cwd: repo, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    ({ dir, cleanup } = tempDir('lightbox-privacy-cli-'));
    const made = await makeDataset(dir);
    ds = made.ds;
    made.session.close();
  });
  afterAll(() => cleanup?.());

  const lightbox = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, LIGHTBOX_HOME: path.join(dir, 'home') } });

  it('summarises PRIVACY.txt in one line, with names from --flag-names', () => {
    const names = path.join(dir, 'names.txt');
    fs.writeFileSync(names, '# patients\nSMITH^JANE\n\n');
    const out = path.join(dir, 'out');
    const r = lightbox('export', ds, '--format', 'imagefolder', '--out', out, '--flag-names', names);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Privacy: metadata removed from 3 images (EXIF 3, GPS 2); 2 file names may identify a person; see PRIVACY.txt');
    expect(fs.existsSync(path.join(out, 'PRIVACY.txt'))).toBe(true);
  });

  it('renames to neutral ids with --anonymous-names', () => {
    const out = path.join(dir, 'anon');
    const r = lightbox('export', ds, '--format', 'hf', '--out', out, '--anonymous-names');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('names replaced by neutral ids; see PRIVACY.txt');
    expect(allBytes(out)).not.toContain('john_smith');
    expect(fs.readdirSync(path.join(ds, '.lightbox', 'exports')).some((f) => f.endsWith('-names.csv'))).toBe(true);
  });

  it('refuses a --flag-names file that is not there', () => {
    const r = lightbox('export', ds, '--format', 'csv', '--out', path.join(dir, 'x'), '--flag-names', path.join(dir, 'nope.txt'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--flag-names');
  });
});
