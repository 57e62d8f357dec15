import { describe, expect, it } from 'vitest';
import { parentFolder, resolveOutputPath } from '../../src-renderer/features/export/outputPath.js';

describe('the export dialog resolves a relative output folder against the dataset\'s parent', () => {
  it('joins a relative path to the folder holding the dataset (POSIX)', () => {
    expect(resolveOutputPath('/home/ann/datasets/pets', 'pets-export')).toBe('/home/ann/datasets/pets-export');
    expect(resolveOutputPath('/home/ann/datasets/pets/', './out/v1')).toBe('/home/ann/datasets/out/v1');
    expect(resolveOutputPath('/home/ann/datasets/pets', '../exports/pets')).toBe('/home/ann/exports/pets');
  });
  it('keeps a full path as typed, trimmed', () => {
    expect(resolveOutputPath('/home/ann/pets', '  /tmp/out  ')).toBe('/tmp/out');
    expect(resolveOutputPath('C:\\data\\pets', 'D:\\exports')).toBe('D:\\exports');
  });
  it('works with Windows paths', () => {
    expect(parentFolder('C:\\data\\pets')).toBe('C:\\data');
    expect(parentFolder('C:\\pets')).toBe('C:\\');
    expect(resolveOutputPath('C:\\data\\pets', 'pets-out')).toBe('C:\\data\\pets-out');
    expect(resolveOutputPath('C:\\pets', 'out\\v1')).toBe('C:\\out\\v1');
  });
  it('a dataset at the top of the disk has the disk as its parent', () => {
    expect(parentFolder('/pets')).toBe('/');
    expect(resolveOutputPath('/pets', 'out')).toBe('/out');
  });
});
