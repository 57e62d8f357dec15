import fs from 'node:fs';
import path from 'node:path';
import { LightboxError } from '../api/errors.js';
import { printable } from '../api/printable.js';

/**
 * The one place that decides whether a path taken from outside (a URL, a label file, the
 * renderer) may be opened. Everything that reads or writes inside a dataset goes through here.
 */

/** Layers of percent-encoding peeled off before judging; a reference with more is refused. */
const MAX_DECODE_ROUNDS = 16;

/**
 * A path component Windows would read as `..`: it drops trailing dots and spaces, so ".. ", "..."
 * and ". ." all climb a folder there. No ordinary file is named only with dots and spaces.
 */
const DOTS_ONLY = /^[. ]*\.[. ]*\.[. ]*$/;

/** Why a reference is refused, or null when it is a plain relative path. */
export function unsafeReason(ref: string): string | null {
  if (ref.length === 0) return 'empty path';
  if (ref.includes('\0')) return 'contains a NUL byte';
  let s = ref;
  // Decode until nothing changes, so traversal hidden under any number of layers (%252e%252e...)
  // is seen for what it is. The decoded form is only judged: the file is looked up by `ref` itself.
  for (let i = 0; /%[0-9a-fA-F]{2}/.test(s); i++) {
    if (i === MAX_DECODE_ROUNDS) return 'has too many layers of percent-encoding';
    let next: string;
    try {
      next = decodeURIComponent(s);
    } catch {
      return 'malformed percent-encoding';
    }
    if (next.includes('\0')) return 'contains a NUL byte';
    if (next === s) break;
    s = next;
  }
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(s) || /^(data|file|javascript):/i.test(s)) return 'is a URL';
  if (/^[a-zA-Z]:/.test(s)) return 'has a drive letter';
  if (s.startsWith('\\\\') || s.startsWith('//')) return 'is a network (UNC) path';
  if (s.startsWith('/') || s.startsWith('\\')) return 'is an absolute path';
  const parts = s.split(/[\\/]+/);
  if (parts.some((p) => p === '..' || DOTS_ONLY.test(p))) return 'leaves its folder (..)';
  return null;
}

/** Normalise a safe relative reference to the store's form: `/` separators, no `.` segments. */
export function toRelPath(ref: string): string {
  return ref
    .split(/[\\/]+/)
    .filter((p) => p !== '' && p !== '.')
    .join('/');
}

/**
 * Resolve `ref` (relative to `root`) to a real absolute path inside `root`, following symlinks,
 * or throw UNSAFE_PATH. `mustExist` false allows a path that does not exist yet (its parent must).
 */
export function resolveInside(root: string, ref: string, mustExist = true): string {
  const reason = unsafeReason(ref);
  if (reason) throw new LightboxError('UNSAFE_PATH', `Refused path "${printable(ref)}": it ${reason}.`);
  const realRoot = fs.realpathSync(root);
  const joined = path.join(realRoot, ...toRelPath(ref).split('/'));
  const missing = () => new LightboxError('NOT_FOUND', `There is no file "${printable(ref)}" in the dataset.`);
  let real: string;
  try {
    real = fs.realpathSync(joined);
  } catch {
    if (mustExist) throw missing();
    // Something is there that does not resolve: a dangling link (writing through it would create
    // its target, possibly outside) or a loop. Only a name that is truly free may be written.
    if (fs.lstatSync(joined, { throwIfNoEntry: false })) {
      throw new LightboxError('UNSAFE_PATH', `Refused path "${printable(ref)}": it is a link that leads nowhere.`);
    }
    try {
      real = path.join(fs.realpathSync(path.dirname(joined)), path.basename(joined));
    } catch {
      throw missing();
    }
  }
  if (!isInside(realRoot, real)) {
    throw new LightboxError('UNSAFE_PATH', `Refused path "${printable(ref)}": it resolves outside the dataset folder.`);
  }
  return real;
}

/** True when `child` is `parent` or below it (both absolute, already real). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  // "..cat.jpg" is a name inside; only ".." itself or "../..." climbs out.
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** Dataset-relative `/` path of an absolute path inside root. */
export function relativeTo(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

/** A path as it may be shown in a message (one function for every layer: it lives in the contract). */
export { printable };

/** Device names Windows reserves in every folder, with or without an extension ("nul.txt" is NUL). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/** Leaves room for a uniqueness suffix under the 255-byte name limit of common file systems. */
export const MAX_NAME_BYTES = 200;

/**
 * `name` as [stem, extension]. An extension is kept whole only when short and plain (".jpg",
 * ".tar"); anything else ("photo. final version") is part of the stem.
 */
export function splitExtension(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  if (dot > 0 && name.length - dot <= 16 && /^\.[\p{L}\p{N}_-]+$/u.test(name.slice(dot))) return [name.slice(0, dot), name.slice(dot)];
  return [name, ''];
}

/** `s` cut to at most `maxBytes` of UTF-8, on a code point boundary. */
export function truncateUtf8(s: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const b = Buffer.byteLength(ch, 'utf8');
    if (bytes + b > maxBytes) break;
    out += ch;
    bytes += b;
  }
  return out;
}

/**
 * A single path component made from untrusted text (an image's name, a class name) that is a
 * valid, ordinary file or folder name on Windows, macOS and Linux: no separators or characters
 * Windows refuses, no control or bidi-override characters, no reserved device name (CON, NUL,
 * COM1...), no trailing dot or space, not hidden (no leading dot: loaders skip hidden files), and
 * at most `maxBytes` of UTF-8 with the extension kept. Never empty. Idempotent.
 */
export function safeFileName(name: string, maxBytes = MAX_NAME_BYTES): string {
  let s = name.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069<>:"/\\|?*]/g, '_');
  s = s.replace(/^[\s.]+/, '_').replace(/[\s.]+$/, '');
  if (s === '') s = '_';
  const [base, ext] = splitExtension(s);
  let stem = base;
  // Windows looks at the part before the first dot: "CON.tar.gz" is CON.
  const firstPart = stem.split('.')[0]!;
  if (WINDOWS_RESERVED.test(firstPart.trim())) stem = `${firstPart}_${stem.slice(firstPart.length)}`;
  const budget = Math.max(1, maxBytes - Buffer.byteLength(ext, 'utf8'));
  if (Buffer.byteLength(stem, 'utf8') > budget) stem = truncateUtf8(stem, budget).replace(/[\s.]+$/, '') || '_';
  return stem + ext;
}
