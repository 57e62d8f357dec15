import fs from 'node:fs';
import path from 'node:path';
import { LightboxError } from '../api/errors.js';
import { hasDicomPreamble } from './imageMagic.js';
import { IMAGE_TYPES, isDicomExtension } from './imageTypes.js';
import { removeStalePart } from './fileNames.js';
import { isInside, relativeTo } from './pathSafety.js';

export interface FoundFile {
  rel: string;
  abs: string;
  bytes: number;
  mtime: number;
  /** The name on disk is not valid UTF-8 (a zip made on a system with another encoding): it cannot be opened by this path. */
  badName?: true;
}

export interface VisibleEntry {
  abs: string;
  entry: fs.Dirent;
}

/**
 * Every entry below `dir` whose name does not start with a dot (so `.lightbox/`, `.DS_Store` and
 * editors' files are passed over), depth first, each folder's entries in name order. Folders are
 * yielded and then entered; symbolic links are yielded, never followed. A folder that cannot be
 * read is reported to `onUnreadable` and passed over.
 */
export function* visibleEntries(
  dir: string,
  onUnreadable: (dir: string) => void = () => undefined,
  onHidden: (abs: string, entry: fs.Dirent) => void = () => undefined,
): Generator<VisibleEntry> {
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      onUnreadable(current);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const folders: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.')) {
        onHidden(path.join(current, entry.name), entry);
        continue;
      }
      const abs = path.join(current, entry.name);
      yield { abs, entry };
      if (entry.isDirectory()) folders.push(abs);
    }
    // Reversed onto the stack, so folders are entered in name order too.
    for (let i = folders.length - 1; i >= 0; i--) stack.push(folders[i]!);
  }
}

/**
 * Every image file under `root` (DICOM files found by their content, whatever their name), skipping `.lightbox/` and hidden files and folders. Symlinked
 * folders are not followed; a symlinked file is taken only when it resolves inside the root.
 */
export function walkImages(root: string): FoundFile[] {
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    throw new LightboxError('NOT_FOUND', `The dataset folder ${root} is not there any more (moved or deleted). Open it again from where it is now.`);
  }
  const out: FoundFile[] = [];
  // Hidden `.NAME.PID.TIME.part` files are copies an import or a download left when it was killed.
  const clean = (abs: string, e: fs.Dirent) => e.isFile() && removeStalePart(abs);
  for (const { abs, entry: e } of visibleEntries(realRoot, undefined, clean)) {
    if (e.isDirectory()) continue;
    const ext = path.extname(e.name).toLowerCase();
    // Any other regular file may be a DICOM a scanner named `IM0001` or by its UID: 132 bytes tell.
    if (!(ext in IMAGE_TYPES) && !isDicomExtension(ext) && !(e.isFile() && hasDicomPreamble(abs))) continue;
    if (e.isSymbolicLink()) {
      try {
        const real = fs.realpathSync(abs);
        if (!isInside(realRoot, real) || !fs.statSync(real).isFile()) continue;
      } catch {
        continue;
      }
    } else if (!e.isFile()) continue;
    try {
      const st = fs.statSync(abs);
      out.push({ rel: relativeTo(realRoot, abs), abs, bytes: st.size, mtime: Math.round(st.mtimeMs) });
    } catch {
      // Vanished between readdir and stat, or a name that is not UTF-8 (read back with U+FFFD in it):
      // the second is listed, so the library can say why it cannot be opened.
      if (abs.includes('\uFFFD')) out.push({ rel: relativeTo(realRoot, abs), abs, bytes: 0, mtime: 0, badName: true });
    }
  }
  out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return out;
}
