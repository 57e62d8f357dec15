import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli } from '../helpers/childProcess.js';
import { makeDicom } from '../helpers/makeDicom.js';
import { listFiles, tempDir, writeImage } from '../helpers/tempDataset.js';

/** `lightbox export --format dicom`: de-identified copies of the DICOM files, one per file, masks beside them. */

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
  work = tempDir('lightbox-cli-deid-');
  ds = path.join(work.dir, 'dataset');
  fs.mkdirSync(path.join(ds, 'series'), { recursive: true });
  fs.writeFileSync(path.join(ds, 'series', 'IM0001'), makeDicom({ rows: 16, columns: 16, privateBytes: 64 }));
  fs.writeFileSync(path.join(ds, 'series', 'cine.dcm'), makeDicom({ rows: 16, columns: 16, frames: 2 }));
  await writeImage(path.join(ds, 'photo.png'), { width: 16, height: 16 });
}, 120_000);
afterAll(() => work?.cleanup());

describe('lightbox export --format dicom', () => {
  it('writes one de-identified file per DICOM file, masks per frame, counts what is not DICOM, and prints the privacy line', async () => {
    expect((await lightbox(['scan', ds])).code).toBe(0);
    expect((await lightbox(['classes', ds, 'add', 'lesion'])).code).toBe(0);
    for (const img of ['series/IM0001', 'series/cine.dcm#1', 'series/cine.dcm#2', 'photo.png']) {
      const r = await lightbox(['label', ds, img, '--class', 'lesion']);
      expect(r.code, r.stderr).toBe(0);
    }
    const out = path.join(work.dir, 'deid');
    const r = await lightbox(['export', ds, '--format', 'dicom', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Privacy: .*DICOM de-identified \(Basic Profile\): 2 files; see PRIVACY\.txt/);
    expect(r.stdout).toMatch(/Note: 1 image\(s\) that are not DICOM were left out/);
    expect(listFiles(out)).toEqual([
      '.lightbox-export.json',
      'PRIVACY.txt',
      'classes.txt',
      'images/IM0001.dcm',
      'images/cine.dcm',
      'masks/IM0001.png',
      'masks/cine_frame1.png',
      'masks/cine_frame2.png',
    ]);
    for (const f of ['images/IM0001.dcm', 'images/cine.dcm']) {
      const bytes = fs.readFileSync(path.join(out, f)).toString('latin1');
      expect(bytes).not.toContain('Doe^Jane');
      expect(bytes).not.toContain('P-12345');
      expect(bytes).not.toContain('LIGHTBOX TEST');
      expect(bytes).toContain('DICM');
    }
  }, 120_000);

  it('adds a redaction class, which the class list marks and no export lists as a label', async () => {
    const add = await lightbox(['classes', ds, 'add', 'banner', '--redact']);
    expect([add.code, add.stdout.trim()]).toEqual([0, 'Added redaction class "banner" (key 2).']);
    expect((await lightbox(['classes', ds, 'list'])).stdout).toMatch(/banner .*redact$/m);
    const out = path.join(work.dir, 'deid2');
    expect((await lightbox(['export', ds, '--format', 'dicom', '--out', out])).code).toBe(0);
    expect(fs.readFileSync(path.join(out, 'classes.txt'), 'utf8')).toBe('0 background\n1 lesion\n');
  }, 120_000);

  it('refuses a wrong --dates, and --dates with another format, with one line each', async () => {
    const bad = await lightbox(['export', ds, '--format', 'dicom', '--out', path.join(work.dir, 'x'), '--dates', 'later']);
    expect([bad.code, bad.stderr.trim()]).toEqual([1, 'lightbox export: --dates later is not one of shift, remove.']);
    const other = await lightbox(['export', ds, '--format', 'masks', '--out', path.join(work.dir, 'y'), '--dates', 'remove']);
    expect(other.code).toBe(1);
    expect(other.stderr.trim().split('\n')).toHaveLength(1);
    expect(other.stderr).toMatch(/--dates goes with --format dicom/);
  }, 60_000);
});
