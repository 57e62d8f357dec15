import fs from 'node:fs';
import type { RegionShape } from '../api/annotations.js';
import { encodeMask, tightenCrop } from '../api/maskCodec.js';
import { decode } from '../imaging/sharpSafe.js';
import { cocoRleToCrop } from './cocoRle.js';
import type { Skip } from './importProtocol.js';

/**
 * Masks a label file declares but that are decoded only against the image they belong to: the
 * size a file declares is never trusted for an allocation. A COCO RLE must be exactly the size of
 * its image (a 269-byte file declaring 400,000,000 pixels is refused before anything is
 * allocated), a labelme mask PNG must fit in it, a VOC class PNG must be its size.
 */

export type PendingShape =
  /** COCO RLE: `size` is [height, width] of the whole image, `counts` compressed or not. */
  | { kind: 'cocoRle'; size: [number, number]; counts: string | number[] }
  /** labelme mask: a PNG (base64) whose top-left pixel is at (x, y). */
  | { kind: 'pngMask'; x: number; y: number; png: string };

export interface Segmentation {
  file: string;
  ref: string;
  /** Colour "r,g,b" → class name; other colours are listed, not read. */
  colours: Map<string, string>;
}

type Size = { width: number; height: number } | null;

const sizeText = (w: number, h: number) => `${w}×${h}`;

async function pngSize(input: string | Buffer): Promise<{ width: number; height: number } | null> {
  try {
    const m = await decode(input).metadata();
    return m.width && m.height ? { width: m.width, height: m.height } : null;
  } catch {
    return null;
  }
}

/** A declared mask decoded against the label file's pixel size; other shapes as they are; a string says why not. */
export async function resolvePending(shape: RegionShape | PendingShape, size: Size): Promise<RegionShape | string> {
  if (shape.kind === 'cocoRle') {
    if (!size) return 'an RLE mask needs pixel coordinates';
    const [h, w] = shape.size;
    if (h !== size.height || w !== size.width) return `the RLE mask is for a ${sizeText(w, h)} image, but the image is ${sizeText(size.width, size.height)}`;
    // At most one run per pixel, and a compressed run takes at most 12 characters.
    if (shape.counts.length > (typeof shape.counts === 'string' ? 12 : 1) * (w * h + 1)) return 'the RLE mask has more runs than its image has pixels';
    let crop;
    try {
      crop = cocoRleToCrop({ size: [h, w], counts: shape.counts });
    } catch (e) {
      return `the RLE mask is damaged (${(e as Error).message})`;
    }
    if (!crop) return 'the RLE mask is empty';
    return { kind: 'mask', x: crop.x, y: crop.y, w: crop.w, h: crop.h, counts: encodeMask(crop.bits) };
  }
  if (shape.kind === 'pngMask') {
    if (!size) return 'a mask needs pixel coordinates';
    const png = Buffer.from(shape.png, 'base64');
    const dims = await pngSize(png);
    if (!dims) return 'the mask is not a readable PNG';
    if (dims.width > size.width || dims.height > size.height) {
      return `the mask PNG is ${sizeText(dims.width, dims.height)}, larger than its ${sizeText(size.width, size.height)} image`;
    }
    let raw: { data: Buffer; info: { width: number; height: number } };
    try {
      raw = await decode(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    } catch {
      return 'the mask is not a readable PNG';
    }
    const { width, height } = raw.info;
    const bits = new Uint8Array(width * height);
    for (let i = 0; i < bits.length; i++) bits[i] = raw.data[i]! > 0 ? 1 : 0;
    const crop = tightenCrop({ x: shape.x, y: shape.y, w: width, h: height, bits });
    if (!crop) return 'the mask is empty';
    return { kind: 'mask', x: crop.x, y: crop.y, w: crop.w, h: crop.h, counts: encodeMask(crop.bits) };
  }
  return shape;
}

const MAX_UNKNOWN_COLOURS_LISTED = 20;

/** One mask region per known class colour of a VOC class PNG, which must be the size of its image. */
export async function segmentationRegions(seg: Segmentation, size: Size, skipped: Skip[]): Promise<{ label: string; ref: string; shape: RegionShape }[]> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(seg.file);
  } catch {
    skipped.push({ ref: seg.ref, reason: 'the segmentation PNG cannot be read' });
    return [];
  }
  const dims = await pngSize(bytes);
  if (!dims) {
    skipped.push({ ref: seg.ref, reason: 'the segmentation PNG cannot be read' });
    return [];
  }
  if (!size || dims.width !== size.width || dims.height !== size.height) {
    skipped.push({ ref: seg.ref, reason: `the segmentation PNG is ${sizeText(dims.width, dims.height)}, but its image is ${size ? sizeText(size.width, size.height) : 'of unknown size'}` });
    return [];
  }
  let raw: { data: Buffer; info: { width: number; height: number; channels: number } };
  try {
    raw = await decode(bytes).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  } catch {
    skipped.push({ ref: seg.ref, reason: 'the segmentation PNG cannot be read' });
    return [];
  }
  const { width, height, channels } = raw.info;
  // Only known class colours get a mask: a PNG of a million colours allocates nothing for them.
  const byColour = new Map<string, Uint8Array>();
  const unknown = new Set<string>();
  let moreUnknown = 0;
  for (let i = 0; i < width * height; i++) {
    const key = `${raw.data[i * channels]},${raw.data[i * channels + 1]},${raw.data[i * channels + 2]}`;
    if (key === '0,0,0' || key === '224,224,192') continue; // background, and VOC's "void" border
    let bits = byColour.get(key);
    if (!bits) {
      const label = seg.colours.get(key);
      if (!label || label === 'background') {
        if (unknown.size < 1000 || unknown.has(key)) unknown.add(key);
        else moreUnknown++;
        continue;
      }
      byColour.set(key, (bits = new Uint8Array(width * height)));
    }
    bits[i] = 1;
  }
  [...unknown].slice(0, MAX_UNKNOWN_COLOURS_LISTED).forEach((key) => skipped.push({ ref: seg.ref, reason: `colour ${key} is not a known class` }));
  if (unknown.size > MAX_UNKNOWN_COLOURS_LISTED || moreUnknown > 0) skipped.push({ ref: seg.ref, reason: 'and more colours that are not known classes' });
  const out: { label: string; ref: string; shape: RegionShape }[] = [];
  for (const [key, bits] of byColour) {
    const crop = tightenCrop({ x: 0, y: 0, w: width, h: height, bits })!;
    out.push({ label: seg.colours.get(key)!, ref: seg.ref, shape: { kind: 'mask', x: crop.x, y: crop.y, w: crop.w, h: crop.h, counts: encodeMask(crop.bits) } });
  }
  return out;
}
