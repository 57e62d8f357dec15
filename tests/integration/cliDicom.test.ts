import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli } from '../helpers/childProcess.js';
import { BASIC_TEXT_SR, makeDicom } from '../helpers/makeDicom.js';
import { tempDir } from '../helpers/tempDataset.js';

/** The bundled `lightbox` on a folder of scanner output: DICOM files are scanned, counted and labeled per frame. */

let cli: string;
let work: { dir: string; cleanup: () => void };
let ds: string;

function lightbox(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LIGHTBOX_HOME: path.join(work.dir, 'home') } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

beforeAll(async () => {
  cli = await bundleCli();
  work = tempDir('lightbox-cli-dicom-');
  ds = path.join(work.dir, 'dataset');
  fs.mkdirSync(path.join(ds, 'series'), { recursive: true });
  fs.writeFileSync(path.join(ds, 'series', 'IM0001'), makeDicom({ rows: 16, columns: 16 }));
  fs.writeFileSync(path.join(ds, 'series', 'cine.dcm'), makeDicom({ rows: 16, columns: 16, frames: 3 }));
  fs.writeFileSync(path.join(ds, 'series', 'report.dcm'), makeDicom({ rows: 0, columns: 0, noPixelData: true, sopClassUid: BASIC_TEXT_SR, modality: 'SR' }));
});
afterAll(() => work?.cleanup());

describe('lightbox on DICOM files', () => {
  it('scans them, one image per frame, and lists the report without pixels as unreadable', async () => {
    const scan = await lightbox(['scan', ds]);
    expect(scan.code, scan.stderr).toBe(0);
    expect(scan.stdout).toMatch(/^5 images: 5 new, .* 1 unreadable/m);
    const stats = await lightbox(['stats', ds, '--json']);
    const parsed = JSON.parse(stats.stdout) as { images: number; unreadable: { path: string; reason: string }[] };
    expect(parsed.images).toBe(5);
    expect(parsed.unreadable).toEqual([{ path: 'series/report.dcm', reason: expect.stringMatching(/structured report/) }]);
  });

  it('labels an extensionless DICOM and one frame by FILE#N, and says how to address the frames of a multi-frame file', async () => {
    expect((await lightbox(['classes', ds, 'add', 'lesion'])).code).toBe(0);
    const one = await lightbox(['label', ds, 'series/IM0001', '--class', 'lesion']);
    expect([one.code, one.stdout.trim()]).toEqual([0, 'series/IM0001: lesion']);
    const frame = await lightbox(['label', ds, 'series/cine.dcm#2', '--class', 'lesion']);
    expect([frame.code, frame.stdout.trim()]).toEqual([0, 'series/cine.dcm#2: lesion']);
    const whole = await lightbox(['label', ds, 'series/cine.dcm', '--class', 'lesion']);
    expect(whole.code).toBe(1);
    expect(whole.stderr.trim().split('\n')).toHaveLength(1);
    expect(whole.stderr).toMatch(/holds 3 frames, each an image: label one of them, "series\/cine\.dcm#1" to "series\/cine\.dcm#3"/);
    const stats = JSON.parse((await lightbox(['stats', ds, '--json'])).stdout) as { labeled: number };
    expect(stats.labeled).toBe(2);
  });
});
