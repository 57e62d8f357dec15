import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeStalePartials } from '../../src-main/dataset/atomicOutput.js';
import { tempDir } from '../helpers/tempDataset.js';

describe('an export killed half way', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('leaves a partial folder that the next export to the same place removes, sparing one still being written', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const out = path.join(dir, 'export');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    fs.mkdirSync(path.join(dir, `export.partial-${dead}-abc123`, 'cat'), { recursive: true });
    fs.writeFileSync(path.join(dir, `export.partial-${dead}-abc123`, 'cat', 'a.jpg'), 'half');
    fs.mkdirSync(path.join(dir, `export.partial-${process.pid}-live42`));
    fs.mkdirSync(path.join(dir, 'other.partial-1-xyz'));

    expect(removeStalePartials(out)).toEqual([`export.partial-${dead}-abc123`]);
    expect(fs.readdirSync(dir).sort()).toEqual([`export.partial-${process.pid}-live42`, 'other.partial-1-xyz']);
  });
});
