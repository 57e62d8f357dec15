import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveOutputPath } from '../../src-renderer/features/export/outputPath.js';
import { bundleCli } from '../helpers/childProcess.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';

/**
 * Issue 15, finding 4's other half: the CLI and the export dialog take the same folders. A relative
 * --out is taken (from where the command runs; the dialog takes it from the dataset's folder), and
 * a folder inside the dataset is refused by both in the same words.
 */

let cli: string;
let work: { dir: string; cleanup: () => void };
let ds: string;

const lightbox = (args: string[], cwd: string) =>
  spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, LIGHTBOX_HOME: path.join(work.dir, 'home') } });

beforeAll(async () => {
  cli = await bundleCli();
  work = tempDir('lightbox-export-paths-');
  ds = path.join(work.dir, 'pets');
  await writeImage(path.join(ds, 'a.jpg'));
  await writeImage(path.join(ds, 'b.jpg'));
  for (const args of [['scan', ds, '--no-thumbnails'], ['classes', ds, 'add', 'cat'], ['label', ds, 'a.jpg', '--class', 'cat']]) {
    const r = lightbox(args, work.dir);
    expect(r.status, r.stderr).toBe(0);
  }
}, 120_000);

afterAll(() => {
  if (cli) fs.rmSync(cli, { force: true });
  work?.cleanup();
});

describe('the CLI and the export dialog accept the same output folders', () => {
  it('a relative --out is written next to the dataset when run from its parent, where the dialog puts it', () => {
    const r = lightbox(['export', ds, '--format', 'imagefolder', '--out', 'pets-export'], work.dir);
    expect(r.status, r.stderr).toBe(0);
    const dialogTarget = resolveOutputPath(ds, 'pets-export');
    expect(dialogTarget).toBe(path.join(work.dir, 'pets-export'));
    expect(fs.readdirSync(path.join(dialogTarget, 'cat'))).toEqual(['a.jpg']);
  });

  it('a relative folder inside the dataset is refused in one line saying what to change', () => {
    const r = lightbox(['export', ds, '--format', 'imagefolder', '--out', 'pets/inside'], work.dir);
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`The export folder ${path.join(ds, 'inside')} is inside the dataset. Choose a folder outside it`);
    expect(fs.existsSync(path.join(ds, 'inside'))).toBe(false);
  });
});
