import path from 'node:path';
import { unsafeReason, toRelPath, isInside } from '../../dataset/pathSafety.js';
import { dispatch } from '../../services/dispatch.js';
import { findClassByName } from '../../store/classesRepo.js';
import { getImageByPath } from '../../store/imagesRepo.js';
import { type Command, UsageError, openForCli, parse, requireArg } from '../cliSupport.js';

const usage = 'lightbox label DATASET IMAGE_PATH --class NAME';

export const labelCommand: Command = {
  name: 'label',
  usage,
  summary: 'set the image-level label of one image (for scripts)',
  async run(argv) {
    const { positionals, values } = parse(argv, { class: { type: 'string' } }, usage);
    const dataset = requireArg(positionals[0], 'DATASET', usage);
    let ref = requireArg(positionals[1], 'IMAGE_PATH', usage);
    const cls = requireArg(values.class, '--class NAME', usage);
    const session = openForCli(dataset);
    try {
      const { db, root } = session.require();
      if (path.isAbsolute(ref)) {
        const abs = path.resolve(ref);
        if (!isInside(root, abs) && !isInside(path.resolve(dataset), abs)) throw new UsageError(`${ref} is not inside the dataset ${root}.`);
        ref = path.relative(isInside(root, abs) ? root : path.resolve(dataset), abs);
      }
      const reason = unsafeReason(ref);
      if (reason) throw new UsageError(`Refused image path "${ref}": it ${reason}.`);
      const image = getImageByPath(db, toRelPath(ref));
      if (!image) throw new UsageError(`No image "${toRelPath(ref)}" in the dataset. Run \`lightbox scan ${dataset}\` first if it is new.`);
      const c = findClassByName(db, cls);
      if (!c) throw new UsageError(`No class "${cls}". Add it with \`lightbox classes ${dataset} add "${cls}"\`.`);
      await dispatch(session, 'labels.set', { imageId: image.id, classId: c.id });
      console.log(`${image.path}: ${c.name}`);
    } finally {
      session.close();
    }
  },
};
