import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportOptions, ExportSummary } from '../../src-main/api/exports.js';
import { exporters } from '../../src-main/formats/exporters.js';
import { type Exporter, prepareExport, runExport as runExportJob } from '../../src-main/formats/exportRun.js';
import type { JobContext } from '../../src-main/jobs/JobManager.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { listFiles, tempDir, writeImage } from '../helpers/tempDataset.js';

/**
 * `exports.run` with `overwrite` replaces only a folder an earlier Lightbox export wrote (it leaves
 * `.lightbox-export.json`), never a folder of the user's own files, and never the dataset itself.
 */

const MARKER = '.lightbox-export.json';

/** Temporary and set-aside folders beside `out` (`out.partial-…`, `out.old-…`). */
const leftovers = (out: string) => fs.readdirSync(path.dirname(out)).filter((n) => n.startsWith(`${path.basename(out)}.`));

describe('replacing an export folder', () => {
  let dir: string;
  let cleanup: () => void;
  let session: Session;
  let root: string;
  let outs = 0;
  const newOut = () => path.join(dir, 'outs', `out${++outs}`);

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('lightbox-overwrite-'));
    root = path.join(dir, 'dataset');
    for (let i = 0; i < 3; i++) await writeImage(path.join(root, `img${i}.png`), { width: 20, height: 10 });
    session = new Session({}, path.join(dir, 'home'));
    await dispatch(session, 'datasets.open', { path: root });
    const { jobId } = (await dispatch(session, 'datasets.scan', { thumbnails: false })) as { jobId: string };
    await session.jobs.wait(jobId);
    const { ids } = (await dispatch(session, 'images.ids', {})) as { ids: number[] };
    const cat = (await dispatch(session, 'classes.add', { name: 'cat' })) as { id: number };
    await dispatch(session, 'labels.bulkSet', { imageIds: ids, classId: cat.id });
  });
  afterAll(() => {
    session?.close();
    cleanup?.();
  });

  async function runExport(options: ExportOptions): Promise<ExportSummary> {
    const { jobId } = (await dispatch(session, 'exports.run', options)) as { jobId: string };
    return (await session.jobs.wait(jobId)) as ExportSummary;
  }

  it('refuses to replace a folder holding a file Lightbox did not write, and leaves it untouched', async () => {
    const out = newOut();
    fs.mkdirSync(path.join(out, '.ssh'), { recursive: true });
    fs.writeFileSync(path.join(out, '.ssh', 'id_rsa'), 'PRIVATE KEY');
    fs.writeFileSync(path.join(out, 'thesis.tex'), 'chapter one');
    const refusal = dispatch(session, 'exports.run', { format: 'csv', out, overwrite: true });
    await expect(refusal).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/is not a Lightbox export.*Choose an empty or new folder/) });
    expect(listFiles(out)).toEqual(['.ssh/id_rsa', 'thesis.tex']);
    expect(fs.readFileSync(path.join(out, '.ssh', 'id_rsa'), 'utf8')).toBe('PRIVATE KEY');
    expect(leftovers(out)).toEqual([]);
  });

  it('replaces an earlier export, which it marked, with the new one', async () => {
    const out = newOut();
    const first = await runExport({ format: 'csv', out });
    expect(first.exported).toBe(3);
    expect(JSON.parse(fs.readFileSync(path.join(out, MARKER), 'utf8'))).toMatchObject({ format: 'csv', dataset: 'dataset' });

    await runExport({ format: 'imagefolder', out, overwrite: true });
    expect(listFiles(out)).toEqual([MARKER, 'cat/img0.png', 'cat/img1.png', 'cat/img2.png']);
    expect(JSON.parse(fs.readFileSync(path.join(out, MARKER), 'utf8'))).toMatchObject({ format: 'imagefolder' });
    expect(leftovers(out)).toEqual([]);
  });

  it('refuses an earlier export that the user has since put a file of their own into', async () => {
    const out = newOut();
    await runExport({ format: 'csv', out });
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine');
    await expect(dispatch(session, 'exports.run', { format: 'csv', out, overwrite: true })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(fs.readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(fs.existsSync(path.join(out, 'labels.csv'))).toBe(true);
  });

  it('refuses a folder whose marker was made by hand as a directory, or is not a marker', async () => {
    const out = newOut();
    fs.mkdirSync(path.join(out, MARKER), { recursive: true });
    fs.writeFileSync(path.join(out, 'id_rsa'), 'PRIVATE KEY');
    await expect(dispatch(session, 'exports.run', { format: 'csv', out, overwrite: true })).rejects.toMatchObject({ code: 'CONFLICT' });
    fs.rmSync(path.join(out, MARKER), { recursive: true });
    fs.writeFileSync(path.join(out, MARKER), '{"not": "ours"}');
    await expect(dispatch(session, 'exports.run', { format: 'csv', out, overwrite: true })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(fs.readFileSync(path.join(out, 'id_rsa'), 'utf8')).toBe('PRIVATE KEY');
  });

  it('refuses the dataset itself, a folder containing it, and any .lightbox folder, even with overwrite', async () => {
    for (const out of [root, dir, path.join(root, '.lightbox'), path.join(root, '.lightbox', 'cache', 'export')]) {
      await expect(dispatch(session, 'exports.run', { format: 'csv', out, overwrite: true }), out).rejects.toMatchObject({ code: 'BAD_PARAMS' });
    }
    // The .lightbox folder of another dataset holds its store: never an export folder either.
    const other = path.join(dir, 'other', '.lightbox', 'export');
    await expect(dispatch(session, 'exports.run', { format: 'csv', out: other, overwrite: true })).rejects.toMatchObject({ code: 'BAD_PARAMS' });
    expect(fs.existsSync(path.join(dir, 'other'))).toBe(false);
    expect(fs.readdirSync(root).sort()).toEqual(['.lightbox', 'img0.png', 'img1.png', 'img2.png']);
  });

  it('checks again when the new export is ready: a file put into the folder meanwhile stops the replacement', async () => {
    const out = newOut();
    await runExport({ format: 'csv', out });
    // An exporter that, while it writes, sees the user save a key into the folder it will replace.
    const csv = exporters.csv!;
    const racing: Exporter = {
      labeledBy: csv.labeledBy,
      async write(run) {
        await csv.write(run);
        fs.writeFileSync(path.join(out, 'id_rsa'), 'PRIVATE KEY');
      },
    };
    const ds = session.require();
    const plan = prepareExport(ds.root, ds.db, { format: 'imagefolder', out, overwrite: true }, racing);
    const job: JobContext = { signal: new AbortController().signal, progress: () => {}, checkCancelled: () => {} };
    await expect(runExportJob(plan, racing, job)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('id_rsa') });
    expect(fs.readFileSync(path.join(out, 'id_rsa'), 'utf8')).toBe('PRIVATE KEY');
    expect(fs.existsSync(path.join(out, 'labels.csv'))).toBe(true);
    expect(leftovers(out)).toEqual([]);
  });
});
