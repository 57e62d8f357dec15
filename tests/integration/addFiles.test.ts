import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AddFilesSummary } from '../../src-main/api/acquire.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';
import { openTempDataset } from '../helpers/tempSession.js';

describe('dropping files and folders on the window', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  function open() {
    const { s, dir } = openTempDataset(cleanups);
    const src = tempDir();
    cleanups.push(src.cleanup);
    return { s, dir, src: src.dir };
  }

  it('copies outside files into added/DATE/, indexes inside ones in place, skips duplicates and non-images', async () => {
    const { s, dir, src } = open();
    await writeImage(path.join(src, 'one.jpg'), { color: '#101010' });
    await writeImage(path.join(src, 'holiday', 'beach.png'), { color: '#202020' });
    await writeImage(path.join(src, 'holiday', 'sub', 'sea.jpg'), { color: '#303030' });
    await writeImage(path.join(src, 'holiday', 'copy-of-one.jpg'), { color: '#101010' });
    fs.writeFileSync(path.join(src, 'holiday', 'fake.jpg'), 'GIF? no, text');
    fs.writeFileSync(path.join(src, 'holiday', 'notes.txt'), 'x');
    await writeImage(path.join(dir, 'already', 'here.jpg'), { color: '#404040' });
    const progress: number[] = [];
    s.onEvent((name, p) => name === 'job.progress' && progress.push((p as { done: number }).done));

    const { jobId } = (await dispatch(s, 'acquire.addFiles', {
      paths: [path.join(src, 'one.jpg'), path.join(src, 'holiday'), path.join(dir, 'already', 'here.jpg'), path.join(src, 'missing.jpg')],
    })) as { jobId: string };
    const r = (await s.jobs.wait(jobId)) as AddFilesSummary;
    expect(r).toMatchObject({ copied: 3, inPlace: 1, duplicates: 1 });
    expect(r.skipped.map((k) => [path.basename(k.path), k.reason])).toEqual([
      ['missing.jpg', 'does not exist or cannot be read'],
      ['fake.jpg', expect.stringMatching(/^not an image/)],
    ]);
    expect(progress.at(-1)).toBe(6);
    const rows = (s.require().db.prepare('SELECT path, source FROM images ORDER BY path').all() as { path: string; source: string }[]).map((x) => [
      x.path.replace(/\d{4}-\d{2}-\d{2}/, 'DATE'),
      x.source,
    ]);
    expect(rows).toEqual([
      ['added/DATE/holiday/beach.png', 'import'],
      ['added/DATE/holiday/sub/sea.jpg', 'import'],
      ['added/DATE/one.jpg', 'import'],
      ['already/here.jpg', 'folder'],
    ]);
  });

  it('the browser host sends bytes in pieces; the file is checked, deduplicated and added', async () => {
    const { s, dir, src } = open();
    await writeImage(path.join(src, 'big.png'), { width: 600, height: 400, color: '#123456' });
    const bytes = fs.readFileSync(path.join(src, 'big.png'));
    const b64 = bytes.toString('base64');
    // Pieces must be whole base64 quads.
    const cut = Math.floor(b64.length / 3 / 4) * 4;
    const pieces = [b64.slice(0, cut), b64.slice(cut, 2 * cut), b64.slice(2 * cut)];
    let uploadId: string | undefined;
    let last: { result?: AddFilesSummary } = {};
    for (const [i, piece] of pieces.entries()) {
      last = (await dispatch(s, 'acquire.uploadFile', { uploadId, name: 'My photo.png', dataBase64: piece, last: i === pieces.length - 1 })) as {
        uploadId: string;
        result?: AddFilesSummary;
      };
      uploadId = (last as { uploadId: string }).uploadId;
    }
    expect(last.result).toMatchObject({ copied: 1, duplicates: 0, skipped: [] });
    const row = s.require().db.prepare('SELECT path, source_ref FROM images').get() as { path: string; source_ref: string };
    expect(row.path).toMatch(/^added\/\d{4}-\d{2}-\d{2}\/My photo\.png$/);
    expect(fs.readFileSync(path.join(dir, ...row.path.split('/')))).toEqual(bytes);

    const dup = (await dispatch(s, 'acquire.uploadFile', { name: 'again.png', dataBase64: b64, last: true })) as { result: AddFilesSummary };
    expect(dup.result).toMatchObject({ copied: 0, duplicates: 1 });
    const html = (await dispatch(s, 'acquire.uploadFile', { name: 'x.jpg', dataBase64: Buffer.from('<html>').toString('base64'), last: true })) as { result: AddFilesSummary };
    expect(html.result.skipped).toEqual([{ path: 'x.jpg', reason: expect.stringMatching(/^not an image/) }]);
    await expect(dispatch(s, 'acquire.uploadFile', { uploadId: '0'.repeat(32), name: 'x.jpg', dataBase64: '', last: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(s.require().db.prepare('SELECT COUNT(*) AS n FROM images').get()).toEqual({ n: 1 });
  });
});
