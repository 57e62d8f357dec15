import { describe, expect, it } from 'vitest';
import { SampleKeys, shardBaseName } from '../../src-main/formats/webdatasetExport.js';

describe('WebDataset sample keys', () => {
  it('have no dot, since the loader splits a member name at its first dot', () => {
    const keys = new SampleKeys();
    expect(keys.take('scan.2024.01.png')).toBe('scan_2024_01');
    expect(keys.take('.hidden.jpg')).not.toContain('.');
    expect(keys.take('IMG 001.jpeg')).toBe('IMG 001');
  });

  it('are unique across the export, also where only case or the extension differs', () => {
    const keys = new SampleKeys();
    const taken = ['a.jpg', 'a.png', 'A.jpg', 'a_b.jpg', 'a.b.jpg', 'a-2.jpg'].map((n) => keys.take(n));
    expect(new Set(taken.map((k) => k.toLowerCase())).size).toBe(taken.length);
    for (const k of taken) expect(k).not.toContain('.');
    expect(taken.slice(0, 3)).toEqual(['a', 'a-2', 'A-3']);
  });
});

describe('shard names', () => {
  it('take the output folder name, with only characters a brace pattern and a shell take as they are', () => {
    expect(shardBaseName('/data/pets export (v2)')).toBe('pets_export_v2');
    expect(shardBaseName('/data/猫')).toBe('shard');
    expect(shardBaseName('C:\\out\\cats-2026'.replace(/\\/g, '/'))).toBe('cats-2026');
  });
});
