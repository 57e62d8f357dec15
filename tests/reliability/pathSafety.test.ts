import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInside, resolveInside, toRelPath, unsafeReason } from '../../src-main/dataset/pathSafety.js';
import { tempDir } from '../helpers/tempDataset.js';

/** Every reference here must be refused before the file system is touched, with the reason given. */
const hostile: [ref: string, reason: RegExp][] = [
  // plain traversal, both separators
  ['..', /leaves its folder/],
  ['../secret.jpg', /leaves its folder/],
  ['cats/../../secret.jpg', /leaves its folder/],
  ['cats/..', /leaves its folder/],
  ['..\\secret.jpg', /leaves its folder/],
  ['cats\\..\\..\\secret.jpg', /leaves its folder/],
  ['cats/./../../secret.jpg', /leaves its folder/],
  ['cats//..//..//secret.jpg', /leaves its folder/],
  // Windows drops trailing dots and spaces from a path component: ".. " and "..." are "..".
  ['.. /secret.jpg', /leaves its folder/],
  ['cats/.../secret.jpg', /leaves its folder/],
  ['cats/. ./secret.jpg', /leaves its folder/],
  // encoded, double- and deeper-encoded traversal
  ['%2e%2e/secret.jpg', /leaves its folder/],
  ['%2E%2E%2Fsecret.jpg', /leaves its folder/],
  ['..%2fsecret.jpg', /leaves its folder/],
  ['..%5csecret.jpg', /leaves its folder/],
  ['cats%2f..%2f..%2fsecret.jpg', /leaves its folder/],
  ['%252e%252e%252fsecret.jpg', /leaves its folder/],
  ['%25252e%25252e/secret.jpg', /leaves its folder/],
  ['%2525252e%2525252e/secret.jpg', /leaves its folder|percent-encoding/],
  ['%252525252e%252525252e%252525252fsecret.jpg', /leaves its folder|percent-encoding/],
  ['%c0%ae%c0%ae/secret.jpg', /percent-encoding/], // overlong UTF-8 dots: not valid UTF-8
  // absolute paths
  ['/etc/passwd', /absolute/],
  ['/', /absolute/],
  ['\\Windows\\win.ini', /absolute/],
  ['%2fetc%2fpasswd', /absolute/],
  ['%252fetc%252fpasswd', /absolute/],
  // Windows drive letters, drive-relative paths, UNC and device paths
  ['C:\\Windows\\win.ini', /drive letter/],
  ['c:/Windows/win.ini', /drive letter/],
  ['C:secret.jpg', /drive letter/],
  ['%43:%5cWindows', /drive letter/],
  ['\\\\server\\share\\secret.jpg', /network|UNC/],
  ['//server/share/secret.jpg', /network|UNC/],
  ['\\\\?\\C:\\secret.jpg', /network|UNC/],
  ['\\\\.\\pipe\\lightbox', /network|UNC/],
  ['%5c%5cserver%5cshare', /network|UNC/],
  // NUL bytes, raw and encoded
  ['cat.jpg\0.txt', /NUL/],
  ['\0', /NUL/],
  ['cat.jpg%00.txt', /NUL/],
  ['cat.jpg%2500.txt', /NUL/],
  // URLs
  ['file:///etc/passwd', /URL/],
  ['http://127.0.0.1/x.jpg', /URL/],
  ['data:image/png;base64,iVBORw0KGgo=', /URL/],
  ['javascript:alert(1)', /URL/],
  ['FILE:///c:/x', /URL/],
  // empty and malformed
  ['', /empty/],
  ['caf%e9.jpg', /percent-encoding/],
];

/** Names that look odd but are ordinary files inside the folder: accepted. */
const ordinary = ['cat.jpg', 'cats/tom.jpg', './cats/tom.jpg', 'cats\\tom.jpg', '..cat.jpg', 'cat..jpg', '...cat.jpg', 'a..b/c.jpg', '50%.jpg', '中文/猫.jpg', '🐱.png', 'ｆｕｌｌ．．/x.jpg', '\u2024\u2024/x.jpg', 'x%41.jpg', '%', 'cat%zz.jpg'];

describe('hostile paths: unsafeReason', () => {
  for (const [ref, reason] of hostile) {
    it(`refuses ${JSON.stringify(ref)}`, () => {
      expect(unsafeReason(ref)).toMatch(reason);
    });
  }
  for (const ref of ordinary) {
    it(`accepts the ordinary name ${JSON.stringify(ref)}`, () => {
      expect(unsafeReason(ref)).toBeNull();
    });
  }
  it('normalises separators and dot segments to the store form', () => {
    expect(toRelPath('./cats\\tom.jpg')).toBe('cats/tom.jpg');
    expect(toRelPath('cats//./tom.jpg')).toBe('cats/tom.jpg');
  });
});

describe('hostile paths: resolveInside on a real folder', () => {
  let root: string;
  let outside: string;
  const cleanups: (() => void)[] = [];

  beforeAll(() => {
    const a = tempDir('lightbox-root-');
    const b = tempDir('lightbox-outside-');
    cleanups.push(a.cleanup, b.cleanup);
    root = fs.realpathSync(a.dir);
    outside = fs.realpathSync(b.dir);
    fs.mkdirSync(path.join(root, 'cats'));
    fs.writeFileSync(path.join(root, 'cats', 'tom.jpg'), 'inside');
    fs.writeFileSync(path.join(root, '..cat.jpg'), 'inside');
    fs.writeFileSync(path.join(outside, 'secret.jpg'), 'outside');
    fs.mkdirSync(path.join(outside, 'dir'));
    fs.writeFileSync(path.join(outside, 'dir', 'deep.jpg'), 'outside');
    fs.symlinkSync(path.join(outside, 'secret.jpg'), path.join(root, 'link-file.jpg')); // file link out
    fs.symlinkSync(path.join(outside, 'dir'), path.join(root, 'link-dir')); // folder link out (a junction on Windows)
    fs.symlinkSync('../' + path.basename(outside) + '/secret.jpg', path.join(root, 'relative-out.jpg')); // relative link out
    fs.symlinkSync(path.join(root, 'link-file.jpg'), path.join(root, 'chain.jpg')); // inside → inside → outside
    fs.symlinkSync(path.join(root, 'cats', 'tom.jpg'), path.join(root, 'alias.jpg')); // inside → inside: fine
    fs.symlinkSync(path.join(outside, 'not-yet.jpg'), path.join(root, 'dangling-out.jpg')); // points out, target missing
    fs.symlinkSync(path.join(root, 'loop-b.jpg'), path.join(root, 'loop-a.jpg'));
    fs.symlinkSync(path.join(root, 'loop-a.jpg'), path.join(root, 'loop-b.jpg'));
    fs.symlinkSync(outside, path.join(root, 'cats', 'up')); // nested folder link out
  });
  afterAll(() => cleanups.forEach((c) => c()));

  const refusedOut = ['link-file.jpg', 'link-dir/deep.jpg', 'relative-out.jpg', 'chain.jpg', 'cats/up/secret.jpg', 'cats/up/dir/deep.jpg'];
  for (const ref of refusedOut) {
    it(`refuses the link ${ref}, which resolves outside`, () => {
      expect(() => resolveInside(root, ref)).toThrow(expect.objectContaining({ code: 'UNSAFE_PATH' }));
      expect(() => resolveInside(root, ref, false)).toThrow(expect.objectContaining({ code: 'UNSAFE_PATH' }));
    });
  }

  it('refuses every hostile reference with UNSAFE_PATH, whatever is on disk', () => {
    for (const [ref] of hostile) {
      expect(() => resolveInside(root, ref), JSON.stringify(ref)).toThrow(expect.objectContaining({ code: 'UNSAFE_PATH' }));
    }
  });

  it('refuses a dangling link pointing outside as a place to write', () => {
    // The target does not exist yet; writing "inside" through the link would create it outside.
    expect(() => resolveInside(root, 'dangling-out.jpg', false)).toThrow(expect.objectContaining({ code: 'UNSAFE_PATH' }));
    expect(fs.existsSync(path.join(outside, 'not-yet.jpg'))).toBe(false);
  });

  it('refuses a link loop with a clear error, not a crash', () => {
    expect(() => resolveInside(root, 'loop-a.jpg')).toThrow(expect.objectContaining({ code: expect.stringMatching(/NOT_FOUND|UNSAFE_PATH/) }));
    expect(() => resolveInside(root, 'loop-a.jpg', false)).toThrow(expect.objectContaining({ code: expect.stringMatching(/NOT_FOUND|UNSAFE_PATH/) }));
  });

  it('gives NOT_FOUND (a LightboxError) for a missing file or a missing parent folder', () => {
    expect(() => resolveInside(root, 'cats/nobody.jpg')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => resolveInside(root, 'no/such/folder/x.jpg', false)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('accepts files inside, links that stay inside, and odd but ordinary names', () => {
    expect(resolveInside(root, 'cats/tom.jpg')).toBe(path.join(root, 'cats', 'tom.jpg'));
    expect(resolveInside(root, 'cats\\tom.jpg')).toBe(path.join(root, 'cats', 'tom.jpg'));
    expect(resolveInside(root, 'alias.jpg')).toBe(path.join(root, 'cats', 'tom.jpg'));
    expect(resolveInside(root, '..cat.jpg')).toBe(path.join(root, '..cat.jpg'));
    expect(resolveInside(root, 'cats/new.jpg', false)).toBe(path.join(root, 'cats', 'new.jpg'));
  });

  it('works when the dataset root itself is reached through a link', () => {
    const link = path.join(outside, 'root-link');
    fs.symlinkSync(root, link);
    expect(resolveInside(link, 'cats/tom.jpg')).toBe(path.join(root, 'cats', 'tom.jpg'));
    expect(() => resolveInside(link, 'link-file.jpg')).toThrow(expect.objectContaining({ code: 'UNSAFE_PATH' }));
  });

  it('isInside is not fooled by a shared prefix, and takes names starting with two dots as inside', () => {
    expect(isInside('/data/set', '/data/set')).toBe(true);
    expect(isInside('/data/set', '/data/set/a.jpg')).toBe(true);
    expect(isInside('/data/set', '/data/settings/a.jpg')).toBe(false);
    expect(isInside('/data/set', '/data/set2')).toBe(false);
    expect(isInside('/data/set', '/data')).toBe(false);
    expect(isInside('/data/set', '/data/set/..cat.jpg')).toBe(true);
    expect(isInside('/data/set', '/data/set/..')).toBe(false);
  });
});
