import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256File } from '../../src-main/dataset/hash.js';
import { tempDir } from '../helpers/tempDataset.js';

describe('content hashes', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('agree with SHA-256 for small files and for large ones hashed on worker threads, many at once', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const files = [0, 10, 600_000, 3_000_000, 1_048_576].map((size, i) => {
      const buf = Buffer.alloc(size);
      for (let j = 0; j < size; j += 997) buf[j] = (j * 31 + i) & 255;
      const f = path.join(dir, `f${i}.bin`);
      fs.writeFileSync(f, buf);
      return { f, want: createHash('sha256').update(buf).digest('hex') };
    });
    const got = await Promise.all([...files, ...files].map((x) => sha256File(x.f)));
    expect(got).toEqual([...files, ...files].map((x) => x.want));
  });

  it('reject for a file that is not there, and keep working after', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    await expect(sha256File(path.join(dir, 'missing.jpg'))).rejects.toMatchObject({ code: 'ENOENT' });
    const big = path.join(dir, 'big.bin');
    fs.writeFileSync(big, Buffer.alloc(2_000_000, 7));
    expect(await sha256File(big)).toBe(createHash('sha256').update(Buffer.alloc(2_000_000, 7)).digest('hex'));
  });
});
