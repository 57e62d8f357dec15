import fs from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { NameAllocator } from '../../src-main/formats/exportNames.js';
import { SampleKeys } from '../../src-main/formats/webdatasetExport.js';
import { ScratchNames } from '../../src-main/store/scratchNames.js';

/** The names of a streamed export are kept on disk: they must come out as the in-memory ones do. */
describe('names kept on disk (streamed exports)', () => {
  const wanted = ['IMG.png', 'img.PNG', 'IMG.png', 'Ｉmg.png', 'a.b.png', 'a_b.png', 'IMG-2.png', 'IMG.png', 'e\u0301.jpg', '\u00e9.jpg', 'CON.jpg'];

  it('hand out the same safe, unique names and keys as the allocator in memory, per folder', () => {
    const scratch = new ScratchNames();
    try {
      const view = (scope: string) => ({
        has: (k: string) => scratch.has(scope, k),
        add: (k: string) => scratch.add(scope, k),
        lastSuffix: (n: string) => scratch.lastSuffix(scope, n),
        setLastSuffix: (n: string, v: number) => scratch.setLastSuffix(scope, n, v),
      });
      const onDisk = [new NameAllocator(undefined, view('train')), new NameAllocator(undefined, view('val'))];
      const inMemory = [new NameAllocator(), new NameAllocator()];
      for (const w of wanted) for (const i of [0, 1]) expect(onDisk[i]!.take(w)).toBe(inMemory[i]!.take(w));
      // Folders do not share names: the first IMG.png of each is IMG.png.
      expect(new NameAllocator(undefined, view('test')).take('IMG.png')).toBe('IMG.png');
      const keysOnDisk = new SampleKeys(view('keys:'));
      const keys = new SampleKeys();
      const taken = wanted.map((w) => keysOnDisk.take(w));
      expect(taken).toEqual(wanted.map((w) => keys.take(w)));
      expect(new Set(taken.map((k) => k.normalize('NFC').toLowerCase())).size).toBe(taken.length);
      for (const k of taken) expect(k).not.toContain('.');
    } finally {
      scratch.close();
    }
  });

  it('leave nothing behind in the temporary folder once closed', () => {
    const scratch = new ScratchNames();
    scratch.add('', 'x');
    expect(scratch.dir.startsWith(os.tmpdir())).toBe(true);
    expect(fs.readdirSync(scratch.dir)).toEqual(['names.sqlite']);
    scratch.close();
    expect(fs.existsSync(scratch.dir)).toBe(false);
  });
});
