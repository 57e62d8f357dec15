import fs from 'node:fs';
import path from 'node:path';
import { LightboxError } from '../api/errors.js';

/**
 * The one place that decides whether a path taken from outside (a URL, a label file, the
 * renderer) may be opened. Everything that reads or writes inside a dataset goes through here.
 */

const MAX_DECODE_ROUNDS = 3;

/** Why a reference is refused, or null when it is a plain relative path. */
export function unsafeReason(ref: string): string | null {
  if (ref.length === 0) return 'empty path';
  if (ref.includes('\0')) return 'contains a NUL byte';
  let s = ref;
  // Decode repeatedly so double-encoded traversal (%252e%252e) is seen for what it is.
  for (let i = 0; i < MAX_DECODE_ROUNDS && /%[0-9a-fA-F]{2}/.test(s); i++) {
    try {
      s = decodeURIComponent(s);
    } catch {
      return 'malformed percent-encoding';
    }
    if (s.includes('\0')) return 'contains a NUL byte';
  }
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(s) || /^(data|file|javascript):/i.test(s)) return 'is a URL';
  if (/^[a-zA-Z]:/.test(s)) return 'has a drive letter';
  if (s.startsWith('\\\\') || s.startsWith('//')) return 'is a network (UNC) path';
  if (s.startsWith('/') || s.startsWith('\\')) return 'is an absolute path';
  const parts = s.split(/[\\/]+/);
  if (parts.some((p) => p === '..')) return 'leaves its folder (..)';
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
  let real: string;
  try {
    real = fs.realpathSync(joined);
  } catch {
    if (mustExist) throw new LightboxError('NOT_FOUND', `There is no file "${printable(ref)}" in the dataset.`);
    real = path.join(fs.realpathSync(path.dirname(joined)), path.basename(joined));
  }
  if (!isInside(realRoot, real)) {
    throw new LightboxError('UNSAFE_PATH', `Refused path "${printable(ref)}": it resolves outside the dataset folder.`);
  }
  return real;
}

/** True when `child` is `parent` or below it (both absolute, already real). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Dataset-relative `/` path of an absolute path inside root. */
export function relativeTo(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

/** A path as it may be shown in a message: control and bidi characters made visible. */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).slice(0, 300);
}
