import { describe, expect, it } from 'vitest';
import { MAX_NAME_BYTES, safeFileName } from '../../src-main/dataset/pathSafety.js';
import { NameAllocator, annotatorSuffixes, labelFolders, wantedFileName } from '../../src-main/formats/exportNames.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('safeFileName: a name every OS accepts as an ordinary file', () => {
  it('keeps ordinary names as they are', () => {
    for (const n of ['img001.jpg', 'IMG_4032.JPG', 'Hund im Schnee.png', '猫.jpeg', 'a.b.c.png', 'café.webp']) expect(safeFileName(n)).toBe(n);
  });

  it('renames Windows device names, with or without an extension, in any case', () => {
    expect(safeFileName('CON')).toBe('CON_');
    expect(safeFileName('con.jpg')).toBe('con_.jpg');
    expect(safeFileName('NUL.tar.gz')).toBe('NUL_.tar.gz');
    expect(safeFileName('aux.png')).toBe('aux_.png');
    expect(safeFileName('COM1.jpg')).toBe('COM1_.jpg');
    expect(safeFileName('lpt9')).toBe('lpt9_');
    expect(safeFileName('PRN.jpeg')).toBe('PRN_.jpeg');
    // Not reserved: the device name is only part of the stem.
    expect(safeFileName('CONSOLE.jpg')).toBe('CONSOLE.jpg');
    expect(safeFileName('com10.jpg')).toBe('com10.jpg');
  });

  it('replaces separators and the characters Windows refuses', () => {
    expect(safeFileName('a/b')).toBe('a_b');
    expect(safeFileName('a\\b.jpg')).toBe('a_b.jpg');
    expect(safeFileName('../../etc/passwd')).toBe('__.._etc_passwd');
    expect(safeFileName('what?<*>|:".png')).toBe('what_______.png');
  });

  it('removes control and direction-override characters', () => {
    expect(safeFileName('a\u0000b\tc\nd.jpg')).toBe('a_b_c_d.jpg');
    expect(safeFileName('invoice\u202egpj.exe')).toBe('invoice_gpj.exe');
  });

  it('drops trailing dots and spaces, and never makes a hidden file', () => {
    expect(safeFileName('photo. ')).toBe('photo');
    expect(safeFileName('photo.jpg...')).toBe('photo.jpg');
    expect(safeFileName('.hidden.jpg')).toBe('_hidden.jpg');
    expect(safeFileName('..')).toBe('_');
    expect(safeFileName('.')).toBe('_');
    expect(safeFileName('')).toBe('_');
    expect(safeFileName('   ')).toBe('_');
  });

  it('caps long names by UTF-8 bytes, keeping the extension and whole characters', () => {
    const long = safeFileName(`${'x'.repeat(400)}.jpeg`);
    expect(bytes(long)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(long.endsWith('.jpeg')).toBe(true);
    // Three bytes per character: a cut in the middle of one would leave invalid UTF-8.
    const cjk = safeFileName(`${'猫'.repeat(150)}.png`);
    expect(bytes(cjk)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(cjk).toMatch(/^猫+\.png$/);
    const emoji = safeFileName(`${'🐈'.repeat(100)}.jpg`);
    expect(bytes(emoji)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(emoji).toMatch(/^(🐈)+\.jpg$/u);
  });

  it('gives the same name for composed and decomposed accents (macOS writes the latter)', () => {
    expect(safeFileName('cafe\u0301.jpg')).toBe(safeFileName('caf\u00e9.jpg'));
  });

  it('is stable: a safe name stays as it is', () => {
    const samples = ['CON', 'a/b', ' x. ', `${'é'.repeat(300)}.jpg`, '.git', 'nul.tar.gz', 'a\u0000b', '🐈'.repeat(80)];
    for (const s of samples) expect(safeFileName(safeFileName(s))).toBe(safeFileName(s));
  });
});

describe('NameAllocator: unique names inside one folder', () => {
  it('gives a clash a numeric suffix before the extension, ignoring case', () => {
    const names = new NameAllocator();
    expect(names.take('photo.jpg')).toBe('photo.jpg');
    expect(names.take('photo.jpg')).toBe('photo-2.jpg');
    expect(names.take('PHOTO.JPG')).toBe('PHOTO-3.JPG');
    expect(names.take('Photo.jpg')).toBe('Photo-4.jpg');
    // A name that happens to look like a suffixed one is also kept unique.
    expect(names.take('photo-2.jpg')).toBe('photo-2-2.jpg');
  });

  it('numbers 20,000 images of the same name in order, skipping suffixes already taken, whatever the case', () => {
    const names = new NameAllocator();
    expect(names.take('IM-0001-3.jpg')).toBe('IM-0001-3.jpg');
    const got = Array.from({ length: 20_000 }, () => names.take('IM-0001.jpg'));
    expect(got.slice(0, 4)).toEqual(['IM-0001.jpg', 'IM-0001-2.jpg', 'IM-0001-4.jpg', 'IM-0001-5.jpg']);
    expect(got.at(-1)).toBe('IM-0001-20001.jpg');
    expect(new Set(got.map((n) => n.toLowerCase())).size).toBe(20_000);
    // Another spelling of the same name, then the first again: both go on after every suffix taken.
    expect(names.take('im-0001.JPG')).toBe('im-0001-20002.JPG');
    expect(names.take('IM-0001.jpg')).toBe('IM-0001-20003.jpg');
  });

  it('treats names that differ only in Unicode normalisation as the same', () => {
    const names = new NameAllocator();
    expect(names.take('caf\u00e9.jpg')).toBe('caf\u00e9.jpg');
    expect(names.take('cafe\u0301.jpg')).toBe('caf\u00e9-2.jpg');
  });

  it('makes names safe before making them unique', () => {
    const names = new NameAllocator();
    expect(names.take('CON.jpg')).toBe('CON_.jpg');
    expect(names.take('con.jpg')).toBe('con_-2.jpg');
    expect(names.take('a/b.png')).toBe('a_b.png');
    expect(names.take('a\\b.png')).toBe('a_b-2.png');
  });

  it('keeps a suffixed long name under the byte cap', () => {
    const names = new NameAllocator();
    const long = `${'ü'.repeat(300)}.png`;
    const first = names.take(long);
    const second = names.take(long);
    expect(second).not.toBe(first);
    expect(second.endsWith('-2.png')).toBe(true);
    expect(bytes(second)).toBeLessThanOrEqual(MAX_NAME_BYTES);
  });

  it('never hands out a reserved name', () => {
    const names = new NameAllocator();
    names.reserve('metadata.jsonl');
    expect(names.take('Metadata.JSONL')).toBe('Metadata-2.JSONL');
  });

  it('hands out the same names for the same requests in the same order', () => {
    const requests = ['a.jpg', 'A.jpg', 'CON.png', 'a.jpg', 'x/y.jpg', 'x_y.jpg'];
    const run = () => {
      const names = new NameAllocator();
      return requests.map((r) => names.take(r));
    };
    expect(run()).toEqual(run());
  });
});

describe('export names of images and class folders', () => {
  it('keeps an image its own name and extension unless the encoding changes', () => {
    expect(wantedFileName('cats/IMG_1.JPG', 'jpeg')).toBe('IMG_1.JPG');
    expect(wantedFileName('cats/scan.jpeg', 'jpeg')).toBe('scan.jpeg');
    expect(wantedFileName('cats/IMG_1.JPG', 'png')).toBe('IMG_1.png');
    expect(wantedFileName('a/b/anim.gif', 'png')).toBe('anim.png');
    expect(wantedFileName('x.png', 'jpeg')).toBe('x.jpg');
  });

  it('turns class names into distinct, safe folder names', () => {
    const folders = labelFolders(['cat', 'a/b', 'a_b', 'CON', 'dog.', 'Dog']);
    expect([...folders.values()]).toEqual(['cat', 'a_b', 'a_b-2', 'CON_', 'dog', 'Dog-2']);
  });
});

describe("annotators' folder suffixes (--annotations all)", () => {
  it('makes every name a safe, unique suffix, whatever its case, slashes or length', () => {
    const s = annotatorSuffixes(['ana', 'Ana', '../ben', 'CON', 'ü'.repeat(100)]);
    expect([...s.keys()]).toEqual(['ana', 'Ana', '../ben', 'CON', 'ü'.repeat(100)]);
    const suffixes = [...s.values()];
    expect(suffixes[0]).toBe('-ana');
    // Case-insensitive folders (Windows, macOS) would merge labels-ana and labels-Ana.
    expect(new Set(suffixes.map((x) => x.toLowerCase())).size).toBe(5);
    for (const x of suffixes) {
      expect(x).not.toMatch(/[/\\]/);
      expect(safeFileName(`SegmentationClass${x}`)).toBe(`SegmentationClass${x}`);
      expect(bytes(`SegmentationClass${x}`)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    }
  });
});
