import fs from 'node:fs';
import path from 'node:path';
import { LightboxError } from '../api/errors.js';
import { IMAGE_TYPES } from './imageTypes.js';
import { isInside, relativeTo } from './pathSafety.js';

export interface FoundFile {
  rel: string;
  abs: string;
  bytes: number;
  mtime: number;
}

/**
 * Every image file under `root`, skipping `.lightbox/` and hidden files and folders. Symlinked
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
  const stack = [realRoot];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: nothing of it can be labeled
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) {
        stack.push(abs);
        continue;
      }
      if (!(path.extname(e.name).toLowerCase() in IMAGE_TYPES)) continue;
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
        // vanished between readdir and stat
      }
    }
  }
  out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return out;
}
