import fs from 'node:fs';
import path from 'node:path';

/**
 * What an image really is, by its first bytes. A download named `.jpg` or sent as `image/jpeg`
 * may be an HTML page; only the content decides what is kept and which extension it gets.
 */

export type ImageKind = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'bmp';

export const KIND_EXTENSION: Readonly<Record<ImageKind, string>> = {
  jpeg: '.jpg',
  png: '.png',
  webp: '.webp',
  gif: '.gif',
  tiff: '.tif',
  bmp: '.bmp',
};

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The image kind of `head` (the first 16 or more bytes of a file), or null when it is none of ours. */
export function sniffImage(head: Uint8Array): ImageKind | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'gif';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  // BMP: "BM", then the file size, two reserved zero words, and a header size we know.
  if (startsWith(head, ascii('BM')) && head.length >= 18) {
    const dib = head[14]! | (head[15]! << 8) | (head[16]! << 16) | (head[17]! << 24);
    if ([12, 40, 52, 56, 64, 108, 124].includes(dib)) return 'bmp';
  }
  return null;
}

/** Bytes a DICOM Part 10 file starts with: a 128-byte preamble, then `DICM`. */
export const DICOM_HEAD_BYTES = 132;

/** True when `head` (the first 132 or more bytes of a file) is the start of a DICOM Part 10 file. */
export function isDicomHead(head: Uint8Array): boolean {
  return startsWith(head, ascii('DICM'), 128);
}

/**
 * True when the regular file at `abs` starts like a DICOM Part 10 file. Reads 132 bytes; a file
 * that cannot be read is not one (the scan never lists it, as it never listed other files).
 */
export function hasDicomPreamble(abs: string): boolean {
  let fd: number | null = null;
  try {
    fd = fs.openSync(abs, 'r');
    const head = Buffer.alloc(DICOM_HEAD_BYTES);
    return fs.readSync(fd, head, 0, DICOM_HEAD_BYTES, 0) === DICOM_HEAD_BYTES && isDicomHead(head);
  } catch {
    return false;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** The kind the file extension claims, for matching an extension to the content. */
export function kindOfExtension(ext: string): ImageKind | null {
  const e = ext.toLowerCase();
  if (e === '.jpg' || e === '.jpeg') return 'jpeg';
  if (e === '.tif' || e === '.tiff') return 'tiff';
  const k = e.slice(1);
  return k === 'png' || k === 'webp' || k === 'gif' || k === 'bmp' ? k : null;
}

/**
 * Why the file at `abs` is not an image Lightbox takes (an image extension and image bytes that
 * agree on being an image), or null when it is one. Reads only the first 32 bytes.
 */
export function imageFileProblem(abs: string): string | null {
  if (!kindOfExtension(path.extname(abs))) return 'not an image file';
  let fd: number | null = null;
  try {
    fd = fs.openSync(abs, 'r');
    const head = Buffer.alloc(32);
    const n = fs.readSync(fd, head, 0, 32, 0);
    if (n === 0) return 'file is empty (0 bytes)';
    return sniffImage(head.subarray(0, n)) ? null : 'not an image: the content is not JPEG, PNG, WebP, GIF, TIFF or BMP';
  } catch {
    return 'cannot be read';
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}
