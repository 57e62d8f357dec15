import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src-main/cli/main.js';
import { rawZip, zipClaimingEntries } from '../helpers/rawZip.js';
import { listFiles, tempDir } from '../helpers/tempDataset.js';

/**
 * A task package is a stranger's file. Each hostile one below is refused by `lightbox package
 * open` with one line saying why, exit status 1, the working folder not left behind, and nothing
 * written anywhere else.
 */

let work: { dir: string; cleanup: () => void };

async function lightbox(...args: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await main(args), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
  }
}

const png = Buffer.from('89504e470d0a1a0a', 'hex');
const manifest = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    format: 'lightbox-task',
    version: 1,
    assignmentId: '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed',
    datasetId: '2b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed',
    annotator: 'ana',
    createdAt: 1,
    labelMode: 'single',
    classes: [{ name: 'cat', color: '#1f77b4', hotkey: '1' }],
    images: [],
    guidelines: null,
    ...extra,
  });
const m = (text = manifest()) => ({ name: 'manifest.json', data: Buffer.from(text) });

beforeAll(() => {
  work = tempDir('lightbox-hostile-');
  process.env.LIGHTBOX_HOME = path.join(work.dir, '.home');
});
afterAll(() => {
  delete process.env.LIGHTBOX_HOME;
  work.cleanup();
});

const cases: [string, () => Buffer, RegExp][] = [
  ['a zip-slip name (../)', () => rawZip([m(), { name: '../evil.txt', data: Buffer.from('x') }]), /"\.\.\/evil\.txt" leaves its folder/],
  ['an absolute name', () => rawZip([m(), { name: '/tmp/evil.txt', data: Buffer.from('x') }]), /is an absolute path/],
  ['a drive letter', () => rawZip([m(), { name: 'C:\\evil.txt', data: Buffer.from('x') }]), /has a drive letter/],
  ['a backslash climbing out', () => rawZip([m(), { name: 'images\\..\\..\\evil.txt', data: Buffer.from('x') }]), /leaves its folder|backslash/],
  ['a symlink entry', () => rawZip([m(), { name: 'images/000001.png', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]), /is a symbolic link/],
  ['a duplicate name', () => rawZip([m(), m()]), /"manifest\.json" appears twice/],
  ['a duplicate name by case', () => rawZip([m(), { name: 'Manifest.JSON', data: Buffer.from('{}') }]), /appears twice/],
  ['1,000,000 entries', () => zipClaimingEntries(1_000_000), /lists 1000000 entries, more than/],
  ['a zip bomb', () => rawZip([{ name: 'manifest.json', data: Buffer.alloc(48 * 1024 * 1024, 0x20), deflate: true }]), /inflates more than 100 times its size \(a zip bomb\)/],
  [
    'an entry inflating past the size its headers declare',
    () => rawZip([{ name: 'manifest.json', data: Buffer.alloc(256 * 1024, 0x20), deflate: true, declaredSize: 1000 }]),
    /"manifest\.json" is damaged \(too many bytes/,
  ],
  ['a manifest with __proto__', () => rawZip([m(manifest().replace('{', '{"__proto__":{"polluted":true},'))]), /has a key "__proto__"/],
  ['a manifest with a key it does not know', () => rawZip([m(manifest({ run: 'rm -rf /' }))]), /not in the expected form/],
  ['an entry the manifest does not list', () => rawZip([m(), { name: 'images/000001.png', data: png }]), /"images\/000001\.png" is not part of a task package/],
  ['not a zip at all', () => Buffer.from('hello'), /not a readable zip file/],
];

describe('package open refuses hostile packages', () => {
  for (const [what, make, message] of cases) {
    it(`refuses ${what}`, async () => {
      const file = path.join(work.dir, 'hostile.lbx');
      fs.writeFileSync(file, make());
      const before = listFiles(work.dir);
      const into = path.join(work.dir, 'task');
      const r = await lightbox('package', 'open', file, '--into', into);
      expect(r.code, r.err).toBe(1);
      expect(r.err.split('\n')).toHaveLength(1);
      expect(r.err).toMatch(message);
      expect(fs.existsSync(into)).toBe(false);
      expect(fs.existsSync(path.join(path.dirname(work.dir), 'evil.txt'))).toBe(false);
      expect(listFiles(work.dir)).toEqual(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('refuses an image whose bytes do not match its hash, and removes what it had unpacked', async () => {
    const file = path.join(work.dir, 'tampered.lbx');
    const images = [{ file: 'images/000001.png', id: 1, sha256: 'a'.repeat(64), width: 1, height: 1 }];
    fs.writeFileSync(file, rawZip([m(manifest({ images })), { name: 'images/000001.png', data: png }]));
    const into = path.join(work.dir, 'task2');
    const r = await lightbox('package', 'open', file, '--into', into);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/does not match its hash/);
    expect(fs.existsSync(into)).toBe(false);
  });
});
