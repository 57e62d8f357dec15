import fs from 'node:fs';
import path from 'node:path';
import { LightboxError } from '../api/errors.js';
import { imageFileProblem } from '../dataset/imageMagic.js';
import { isInside, printable } from '../dataset/pathSafety.js';
import { visibleEntries } from '../dataset/walk.js';
import { importTarget } from './importedImages.js';
import { labelProblem, type Plan, splitOf } from './labeledImport.js';

/**
 * ImageFolder (torchvision's layout): the class is the name of the folder an image sits in below
 * the import root, e.g. `cat/001.jpg`. A `train`, `val`/`valid`/`validation` or `test` folder at
 * any level is the split, not a class: `train/cat/001.jpg` and `cat/train/001.jpg` both mean
 * class `cat`, split `train`. Deeper folders inside a class folder belong to that class.
 */

const MAX_FILES = 2_000_000;

export async function planImageFolder(from: string): Promise<Plan> {
  let realFrom: string;
  try {
    realFrom = fs.realpathSync(from);
    if (!fs.statSync(realFrom).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new LightboxError('NOT_A_FOLDER', `${from} is not a folder. Choose the folder that holds one subfolder per class.`);
  }
  const plan: Plan = { format: 'imagefolder', images: [], skipped: [] };
  const sourceName = path.basename(realFrom);
  let seen = 0;
  const unreadable = (dir: string) => plan.skipped.push({ ref: path.relative(realFrom, dir), reason: 'folder cannot be read' });
  for (const { abs, entry: e } of visibleEntries(realFrom, unreadable)) {
    const rel = path.relative(realFrom, abs).split(path.sep).join('/');
    if (++seen > MAX_FILES) throw new LightboxError('BAD_FILE', `${from} holds more than ${MAX_FILES} entries; import it in parts.`);
    let real = abs;
    if (e.isSymbolicLink()) {
      try {
        real = fs.realpathSync(abs);
      } catch {
        plan.skipped.push({ ref: rel, reason: 'broken symbolic link' });
        continue;
      }
      if (!isInside(realFrom, real)) {
        plan.skipped.push({ ref: rel, reason: 'symbolic link leads outside the imported folder' });
        continue;
      }
      if (fs.statSync(real).isDirectory()) {
        plan.skipped.push({ ref: rel, reason: 'symbolic link to a folder (not followed)' });
        continue;
      }
    } else if (!e.isFile()) continue;
    const segments = rel.split('/');
    const folders = segments.slice(0, -1);
    const split = folders.map(splitOf).find((s) => s !== null) ?? null;
    const classFolder = folders.find((f) => splitOf(f) === null);
    const reason = imageFileProblem(real);
    if (reason) {
      plan.skipped.push({ ref: printable(rel), reason });
      continue;
    }
    if (!classFolder) {
      plan.skipped.push({ ref: printable(rel), reason: 'not inside a class folder' });
      continue;
    }
    const bad = labelProblem(classFolder);
    if (bad) {
      plan.skipped.push({ ref: printable(rel), reason: bad });
      continue;
    }
    plan.images.push({ ref: rel, abs: real, target: importTarget(sourceName, rel), labels: [classFolder.normalize('NFC')], split });
  }
  plan.images.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  return plan;
}
