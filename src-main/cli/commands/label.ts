import path from 'node:path';
import { openHost } from '../cliHost.js';
import { type Command, UsageError, parse, requireArg, shown } from '../cliSupport.js';

const usage = 'lightbox label DATASET IMAGE_PATH --class NAME';

/** IMAGE_PATH as the dataset names it: an absolute path inside the folder (as typed, or as its real path) becomes relative. */
export function datasetRelative(ref: string, typedRoot: string, realRoot: string): string {
  if (!path.isAbsolute(ref)) return ref;
  for (const root of [realRoot, typedRoot]) {
    const rel = path.relative(root, path.resolve(ref));
    if (rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  }
  throw new UsageError(`${shown(ref)} is not inside the dataset ${shown(realRoot)}.`);
}

/** Case folded as the store compares class names (SQLite's NOCASE: A–Z only). */
export const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

export const labelCommand: Command = {
  name: 'label',
  usage,
  summary: 'set the image-level label of one image (for scripts)',
  help: ['IMAGE_PATH: relative to DATASET (an absolute path inside it works too). NAME: an existing class (case does not matter).'],
  async run(argv) {
    const { positionals, values } = parse(argv, { class: { type: 'string' } }, usage);
    const dataset = requireArg(positionals[0], 'DATASET', usage);
    const ref = requireArg(positionals[1], 'IMAGE_PATH', usage);
    const cls = requireArg(values.class, '--class NAME', usage);
    const { host, dataset: info } = await openHost(dataset);
    try {
      const rel = datasetRelative(ref, path.resolve(dataset), info.root);
      const image = await host.call('images.byPath', { path: rel }, { path: 'IMAGE_PATH' });
      if (!image) {
        // A multi-frame DICOM is one image per frame, addressed FILE#N.
        const first = await host.call('images.byPath', { path: `${rel}#1` }, { path: 'IMAGE_PATH' });
        if (first?.frame === 1) {
          const n = first.medical?.frames ?? 1;
          throw new UsageError(`"${shown(rel)}" holds ${n} frames, each an image: label one of them, "${shown(rel)}#1" to "${shown(rel)}#${n}".`);
        }
        throw new UsageError(`No image "${shown(rel)}" in the dataset. Run \`lightbox scan ${shown(dataset)}\` first if it is new.`);
      }
      const classes = await host.call('classes.list', { includeArchived: true });
      const c = classes.find((k) => k.name === cls) ?? classes.find((k) => asciiLower(k.name) === asciiLower(cls));
      if (!c) throw new UsageError(`No class "${shown(cls)}". Add it with \`lightbox classes ${shown(dataset)} add "${shown(cls)}"\`.`);
      await host.call('labels.set', { imageId: image.id, classId: c.id });
      console.log(`${shown(image.path)}: ${shown(c.name)}`);
    } finally {
      host.close();
    }
  },
};
