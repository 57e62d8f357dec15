import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { list as tarList } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles, tempDir, writeImage } from '../helpers/tempDataset.js';

/** `lightbox export --format webdataset|parquet` from the built command, as a training script runs it. */
describe('lightbox export --format webdataset / parquet (CLI)', () => {
  const repo = path.resolve(__dirname, '..', '..');
  const cli = path.join(repo, 'bin', 'lightbox.cjs');
  let dir: string;
  let ds: string;
  let cleanup: () => void;
  const lightbox = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, LIGHTBOX_HOME: path.join(dir, 'home') } });

  beforeAll(async () => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs', 'cli'], { cwd: repo, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    ({ dir, cleanup } = tempDir('lightbox-train-cli-'));
    ds = path.join(dir, 'dataset');
    for (let i = 0; i < 10; i++) await writeImage(path.join(ds, i < 5 ? 'cats' : 'dogs', `img.${i}.jpg`), { width: 40, height: 30, color: i < 5 ? '#c03030' : '#3030c0' });
    expect(lightbox('scan', ds, '--no-thumbnails').status).toBe(0);
    expect(lightbox('classes', ds, 'add', 'cat').status).toBe(0);
    expect(lightbox('classes', ds, 'add', 'dog').status).toBe(0);
    for (let i = 0; i < 10; i++) expect(lightbox('label', ds, `${i < 5 ? 'cats' : 'dogs'}/img.${i}.jpg`, '--class', i < 5 ? 'cat' : 'dog').status).toBe(0);
  });
  afterAll(() => cleanup?.());

  it('writes webdataset shards of --shard-size samples per split folder, keys without dots', async () => {
    const out = path.join(dir, 'wds');
    const r = lightbox('export', ds, '--format', 'webdataset', '--out', out, '--shard-size', '2', '--split', '0.6,0.2,0.2', '--seed', '1');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Exported 10 images as webdataset');
    const shards = listFiles(out).filter((f) => f.endsWith('.tar'));
    expect(shards).toEqual(['test/wds-000000.tar', 'train/wds-000000.tar', 'train/wds-000001.tar', 'train/wds-000002.tar', 'val/wds-000000.tar']);
    const keys: string[] = [];
    for (const shard of shards) {
      const names: string[] = [];
      await tarList({ file: path.join(out, shard), onReadEntry: (e) => void names.push(e.path) });
      for (const n of names) expect(n.split('.').length, n).toBe(2);
      keys.push(...names.filter((n) => n.endsWith('.cls')).map((n) => n.slice(0, -4)));
    }
    expect(keys.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `img_${i}`));
  });

  it('writes parquet files for Hugging Face datasets', async () => {
    const out = path.join(dir, 'pq');
    const r = lightbox('export', ds, '--format', 'parquet', '--out', out, '--shard-bytes', '1M');
    expect(r.status, r.stderr).toBe(0);
    // The Parquet writer is an ES module loaded from the CommonJS command: no warning on the way.
    expect(r.stderr).not.toMatch(/warning/i);
    const files = listFiles(out).filter((f) => f.endsWith('.parquet'));
    expect(files).toEqual(['data/test-00000-of-00001.parquet', 'data/train-00000-of-00001.parquet', 'data/validation-00000-of-00001.parquet']);
    let rows = 0;
    for (const f of files) rows += (await parquetReadObjects({ file: await asyncBufferFromFile(path.join(out, f)) })).length;
    expect(rows).toBe(10);
  });

  it('refuses --shard-size with a format that has no shards, in one line', () => {
    const r = lightbox('export', ds, '--format', 'csv', '--out', path.join(dir, 'csv'), '--shard-size', '10');
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--shard-size');
  });

  it('refuses a --shard-bytes that is not a size', () => {
    const r = lightbox('export', ds, '--format', 'webdataset', '--out', path.join(dir, 'bad'), '--shard-bytes', 'lots');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--shard-bytes lots is not a size');
  });
});
