import { inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { maskArea } from '../../src-main/api/maskCodec.js';
import { maskOutlines } from '../../src-main/formats/maskContour.js';
import { encodeGrayPng, encodeIndexedPng, vocPalette } from '../../src-main/formats/pngWrite.js';
import { fillPolygon } from '../../src-main/formats/rasterize.js';
import { orientPoint } from '../../src-main/formats/regionImport.js';
import type { ExportItem, SplitName } from '../../src-main/formats/exportSelection.js';
import { clipPolygon, groupBySplit, placeMask, rectangleOf } from '../../src-main/formats/regionSupport.js';
import { parseXml } from '../../src-main/formats/xmlLite.js';
import { parseDataYaml } from '../../src-main/formats/yoloImport.js';

function fromRows(rows: string[]): { x: number; y: number; w: number; h: number; bits: Uint8Array } {
  return { x: 0, y: 0, w: rows[0]!.length, h: rows.length, bits: Uint8Array.from(rows.join('').split('').map((c) => (c === '#' ? 1 : 0))) };
}

describe('mask outlines (YOLO segmentation from masks)', () => {
  it('traces each part along pixel edges, and filling the outline gives the part back, holes filled', () => {
    const m = fromRows(['##....', '##..##', '....##', '.#####', '.#.#..', '.###..']);
    const outlines = maskOutlines(m);
    expect(outlines).toHaveLength(2);
    expect(outlines[0]).toEqual([
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
    ]);
    const filled = new Uint8Array(36);
    for (const o of outlines) fillPolygon(filled, 6, 6, o, 1);
    const expected = fromRows(['##....', '##..##', '....##', '.#####', '.###..', '.###..']).bits; // the hole at (2, 4) filled
    expect([...filled]).toEqual([...expected]);
  });

  it('keeps diagonal neighbours in one part and offsets by the crop position', () => {
    const m = { ...fromRows(['#.', '.#']), x: 10, y: 20 };
    const [outline, ...rest] = maskOutlines(m);
    expect(rest).toEqual([]);
    const filled = new Uint8Array(4);
    fillPolygon(filled, 2, 2, outline!.map(([x, y]) => [x - 10, y - 20] as [number, number]), 1);
    expect([...filled]).toEqual([1, 0, 0, 1]);
  });
});

describe('PNG writer', () => {
  it('has the Pascal VOC colour map', () => {
    const p = vocPalette();
    expect(p[0]).toEqual([0, 0, 0]);
    expect(p[1]).toEqual([128, 0, 0]);
    expect(p[2]).toEqual([0, 128, 0]);
    expect(p[15]).toEqual([192, 128, 128]); // person
    expect(p[255]).toEqual([224, 224, 192]); // void
  });

  it('writes indexed and 8/16-bit grayscale PNGs that decode to the same values', async () => {
    const px = Uint8Array.from([0, 1, 2, 255, 3, 0]);
    const indexed = encodeIndexedPng(px, 3, 2, vocPalette());
    const rgb = await sharp(indexed).raw().toBuffer({ resolveWithObject: true });
    expect(rgb.info).toMatchObject({ width: 3, height: 2 });
    expect([...rgb.data.subarray(3, 6)]).toEqual([128, 0, 0]);
    const gray = await sharp(encodeGrayPng(px, 3, 2)).extractChannel(0).raw().toBuffer();
    expect([...gray]).toEqual([...px]);
    // 16-bit: the IDAT holds big-endian samples after each row's filter byte.
    const png16 = encodeGrayPng(Uint16Array.from([0, 300, 65535, 7]), 2, 2);
    expect(png16[24]).toBe(16); // IHDR bit depth
    const idat = png16.indexOf(Buffer.from('IDAT'));
    const raw = inflateSync(png16.subarray(idat + 4, idat + 4 + png16.readUInt32BE(idat - 4)));
    expect([...raw]).toEqual([0, 0, 0, 1, 44, 0, 255, 255, 0, 7]);
  });
});

describe('XML reader', () => {
  it('reads VOC-like XML with entities, comments and CDATA', () => {
    const x = parseXml('<?xml version="1.0"?><!-- c --><annotation a="1"><filename>a &amp; b.jpg</filename><name><![CDATA[x<y]]></name><e/></annotation>');
    expect(x.name).toBe('annotation');
    expect(x.attrs).toEqual({ a: '1' });
    expect(x.children.map((c) => [c.name, c.text])).toEqual([
      ['filename', 'a & b.jpg'],
      ['name', 'x<y'],
      ['e', ''],
    ]);
  });

  it('refuses a DOCTYPE (entity tricks) and malformed XML', () => {
    expect(() => parseXml('<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>')).toThrow(/DOCTYPE/);
    expect(() => parseXml('<a><b></a>')).toThrow(/well-formed/);
    expect(() => parseXml('<a>')).toThrow(/not closed/);
  });
});

describe('YOLO data.yaml', () => {
  it('reads split folders and names in list and mapping form', () => {
    expect(parseDataYaml('path: .\ntrain: images/train\nval: [images/val, more/val]\nnames: [cat, "dog, big"]\n')).toEqual({
      splits: new Map([
        ['train', ['images/train']],
        ['val', ['images/val', 'more/val']],
      ]),
      names: ['cat', 'dog, big'],
    });
    const m = parseDataYaml('train: images/train # comment\nnames:\n  0: "cat"\n  1: dog\n');
    expect(m.names).toEqual(['cat', 'dog']);
    expect(m.splits.get('train')).toEqual(['images/train']);
  });
});

describe('geometry helpers of the formats', () => {
  it('maps stored-image points upright for every EXIF orientation', () => {
    // A 4×2 stored image; the point (1, 0) near its top-left corner.
    expect(orientPoint(1, 4, 2, 1, 0)).toEqual([1, 0]);
    expect(orientPoint(3, 4, 2, 1, 0)).toEqual([3, 2]);
    expect(orientPoint(6, 4, 2, 1, 0)).toEqual([2, 1]); // rotated 90° clockwise: upright is 2×4
    expect(orientPoint(8, 4, 2, 1, 0)).toEqual([0, 3]);
  });

  it('clips polygons to the image and recognises rectangles', () => {
    expect(clipPolygon([[-5, -5], [5, -5], [5, 5], [-5, 5]], 10, 10)).toEqual([[0, 0], [5, 0], [5, 5], [0, 5]]);
    expect(rectangleOf([[1, 2], [5, 2], [5, 7], [1, 7]])).toEqual({ x: 1, y: 2, w: 4, h: 5 });
    expect(rectangleOf([[1, 2], [5, 2], [6, 7], [1, 7]])).toBeNull();
  });

  it('resamples a mask into a resized image', () => {
    const m = { x: 2, y: 2, w: 2, h: 2, bits: Uint8Array.from([1, 1, 1, 1]) };
    const placed = placeMask(m, { width: 20, height: 20, scaleX: 2, scaleY: 2, offsetX: 0, offsetY: 0 })!;
    expect({ x: placed.x, y: placed.y, w: placed.w, h: placed.h }).toEqual({ x: 4, y: 4, w: 4, h: 4 });
    expect(maskArea(placed.bits)).toBe(16);
  });
});

describe('grouping the exported images by split', () => {
  const item = (id: number, split: SplitName | null): ExportItem => ({ id, path: `img/${id}.jpg`, split, format: 'jpeg', width: 10, height: 10, frame: null, pixels: 'plain', spacing: null, classIds: [], labels: [], redactions: [] });

  it('keeps path order inside each split for 30,000 images, and counts those without a split as left out', () => {
    const splits: (SplitName | null)[] = ['train', 'train', 'val', 'train', 'test', null, 'train', 'val', 'train', 'train'];
    const items = Array.from({ length: 30_000 }, (_, i) => item(i, splits[i % splits.length]!));
    const left: number[] = [];
    const groups = groupBySplit({ leaveOutNoSplit: (i) => left.push(i.id) }, items);
    expect([...groups.keys()]).toEqual(['train', 'val', 'test']);
    expect(groups.get('train')!.map((i) => i.id)).toEqual(items.filter((i) => i.split === 'train').map((i) => i.id));
    expect(groups.get('val')).toHaveLength(6_000);
    expect(groups.get('test')).toHaveLength(3_000);
    expect(left).toHaveLength(3_000);
    expect(left.slice(0, 2)).toEqual([5, 15]);
  });

  it('puts everything in one unnamed group when no image has a split', () => {
    const items = Array.from({ length: 30_000 }, (_, i) => item(i, null));
    const groups = groupBySplit({ leaveOutNoSplit: () => expect.unreachable() }, items);
    expect([...groups.keys()]).toEqual([null]);
    expect(groups.get(null)!.map((i) => i.id)).toEqual(items.map((i) => i.id));
  });
});
