import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ImageRow } from '../../src-main/api/images.js';
import { decodeDicomFrame } from '../../src-main/imaging/dicom/index.js';
import { closeDicomThreads } from '../../src-main/imaging/dicomThread.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { readDerived } from '../../src-main/services/fileAccess.js';
import type { Session } from '../../src-main/services/Session.js';
import { makeDicom } from '../helpers/makeDicom.js';
import { openTempDataset } from '../helpers/tempSession.js';

// The main process's own decoder, watched: DICOM pixels must be decoded on the worker thread (a bundle of its own).
vi.mock('../../src-main/imaging/dicom/index.js', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../src-main/imaging/dicom/index.js')>();
  return { ...m, decodeDicomFrame: vi.fn(m.decodeDicomFrame) };
});

const SIDE = 512;
const PAGE = 12;

describe('DICOM previews and thumbnails are decoded off the main thread', () => {
  const cleanups: (() => void)[] = [];
  let s: Session;
  let dir: string;
  let rows: ImageRow[];

  beforeAll(async () => {
    const opened = openTempDataset(cleanups, 'lightbox-dicom-thread-');
    s = opened.s;
    dir = opened.dir;
    // CT slices with a left half of air (-1000 HU) and a right half of soft tissue (+40 HU), windowed 40/400 by the file.
    for (let k = 0; k < PAGE; k++) {
      const stored = new Int16Array(SIDE * SIDE).map((_, i) => (i % SIDE < SIDE / 2 ? -1000 : 40) + 1024);
      fs.writeFileSync(path.join(dir, `slice${String(k).padStart(2, '0')}.dcm`), makeDicom({ rows: SIDE, columns: SIDE, pixels: stored, signed: true, slope: 1, intercept: -1024, windows: [[40, 400]], instanceNumber: k + 1 }));
    }
    const { jobId } = (await dispatch(s, 'datasets.scan', {})) as { jobId: string };
    await s.jobs.wait(jobId);
    rows = ((await dispatch(s, 'images.list', {})) as { items: ImageRow[] }).items;
    // What the scan made is thrown away: the library asks for its page afresh.
    fs.rmSync(path.join(dir, '.lightbox', 'cache'), { recursive: true, force: true });
    vi.mocked(decodeDicomFrame).mockClear();
    cleanups.unshift(() => void closeDicomThreads());
  });
  afterAll(() => cleanups.splice(0).forEach((c) => c()));

  it('answers a request while a page of previews decodes, and the previews show the file window', async () => {
    expect(rows).toHaveLength(PAGE);
    let done = 0;
    const page = rows.map((r) => readDerived(s, r.id, 'previews').then((res) => (done++, res)));
    const got = (await dispatch(s, 'images.get', { id: rows[0]!.id })) as ImageRow;
    const doneWhenAnswered = done;
    expect(got.path).toBe('slice00.dcm');
    const answers = await Promise.all(page);
    expect(doneWhenAnswered).toBeLessThan(PAGE);
    for (const a of answers) {
      expect(a.status).toBe(200);
      const { data, info } = await sharp(a.file!).greyscale().raw().toBuffer({ resolveWithObject: true });
      // Air is black through 40/400, soft tissue mid-grey (40 HU is the window's centre).
      expect(data[Math.floor(info.height / 2) * info.width + 10]).toBeLessThan(8);
      expect(Math.abs(data[Math.floor(info.height / 2) * info.width + info.width - 10]! - 128)).toBeLessThan(8);
    }
    expect(decodeDicomFrame).not.toHaveBeenCalled();
  });

  it('gives the workspace the values from its own thread, and a broken file its reason', async () => {
    const v = (await dispatch(s, 'images.values', { id: rows[3]!.id })) as { data: Uint8Array; width: number };
    expect(new Int16Array(v.data.buffer, v.data.byteOffset, 2)[0]).toBe(-1000);
    expect(decodeDicomFrame).not.toHaveBeenCalled();
    // The file cut short after its scan: the thread's refusal comes back as the reason, for the library and the workspace.
    const cut = path.join(dir, 'slice05.dcm');
    fs.writeFileSync(cut, fs.readFileSync(cut).subarray(0, 4000));
    await expect(dispatch(s, 'images.values', { id: rows[5]!.id })).rejects.toMatchObject({ code: 'UNREADABLE', message: expect.stringContaining('DICOM') });
    const preview = await readDerived(s, rows[5]!.id, 'thumbs');
    expect(preview.status).not.toBe(200);
  });
});
