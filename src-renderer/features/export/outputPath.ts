/**
 * Where the export dialog writes when given `typed`: a full path as it is, a relative one against the
 * folder that holds the dataset (the CLI resolves a relative --out against where it runs; in the app
 * the dataset's parent is the natural place, next to the dataset and outside it). Pure, so it runs in
 * the renderer without Node's path module, for POSIX and Windows paths alike.
 */

const WINDOWS_ABS = /^(?:[a-zA-Z]:[\\/]|\\\\)/;

export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || WINDOWS_ABS.test(p);
}

/** The folder that holds `root` (root itself when it is a drive or filesystem root). */
export function parentFolder(root: string): string {
  const sep = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  const trimmed = root.length > 1 ? root.replace(/[\\/]+$/, '') : root;
  const at = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (at < 0) return trimmed;
  const parent = trimmed.slice(0, at);
  if (parent === '' ) return sep; // "/data" → "/"
  if (/^[a-zA-Z]:$/.test(parent)) return `${parent}${sep}`; // "C:\data" → "C:\"
  return parent;
}

/** `typed` made absolute: trimmed, relative ones joined to the dataset's parent, `.` and `..` segments resolved. */
export function resolveOutputPath(root: string, typed: string): string {
  const t = typed.trim();
  if (t === '' || isAbsolutePath(t)) return t;
  const base = parentFolder(root);
  const sep = base.includes('\\') && !base.includes('/') ? '\\' : '/';
  const head = /^(?:[a-zA-Z]:[\\/]?|[\\/])/.exec(base)?.[0] ?? '';
  const parts = base.slice(head.length).split(/[\\/]+/).filter(Boolean);
  for (const seg of t.split(/[\\/]+/)) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  const root0 = head === '' ? '' : head.replace(/[\\/]$/, '') + sep;
  return `${root0}${parts.join(sep)}`;
}
