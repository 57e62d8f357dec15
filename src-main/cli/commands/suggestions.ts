import type { Params } from '../../api/contract.js';
import { openHost } from '../cliHost.js';
import { type Command, UsageError, parse, requireArg, shown, usageLine } from '../cliSupport.js';
import { asciiLower } from './label.js';

const usage = 'lightbox suggestions DATASET list|accept|reject [--min-score S] [--class C] [--json]';

export const suggestionsCommand: Command = {
  name: 'suggestions',
  usage,
  summary: "list, accept or reject a model's pending suggestions (accept and reject are one undoable step each)",
  help: [
    'list: pending suggestions, best score first (--json for one JSON object).',
    'accept: each class suggestion becomes the image label (single-label mode: the best per image), each box a box region.',
    'reject: the suggestions are turned down and not asked again. Without --class or --min-score, accept and reject take every pending suggestion.',
  ],
  async run(argv) {
    const { positionals, values } = parse(argv, { 'min-score': { type: 'string' }, class: { type: 'string' }, json: { type: 'boolean' } }, usage);
    const dataset = requireArg(positionals[0], 'DATASET', usage);
    const action = requireArg(positionals[1], 'list|accept|reject', usage);
    if (!['list', 'accept', 'reject'].includes(action)) throw new UsageError(usageLine(`Unknown action "${shown(action)}"; use list, accept or reject`, usage));
    const minScore = values['min-score'] === undefined ? undefined : Number(values['min-score']);
    if (minScore !== undefined && !(minScore >= 0 && minScore <= 1)) throw new UsageError(usageLine(`--min-score is a number from 0 to 1, not "${shown(values['min-score']!)}"`, usage));
    const { host } = await openHost(dataset);
    try {
      const classes = await host.call('classes.list', { includeArchived: true });
      let classId: number | undefined;
      if (values.class !== undefined) {
        const c = classes.find((k) => k.name === values.class) ?? classes.find((k) => asciiLower(k.name) === asciiLower(values.class!));
        if (!c) throw new UsageError(`No class "${shown(values.class)}". See \`lightbox classes ${shown(dataset)} list\`.`);
        classId = c.id;
      }
      const filter = { ...(classId !== undefined ? { classId } : {}), ...(minScore !== undefined ? { minScore } : {}) };
      const names: Partial<Record<string, string>> = { minScore: '--min-score', classId: '--class' };
      if (action === 'list') {
        const params: Params<'suggestions.list'> = { ...filter, limit: 5000 };
        const { total, items } = await host.call('suggestions.list', params, names);
        const nameOf = new Map(classes.map((c) => [c.id, c.name]));
        const paths = new Map<number, string>();
        for (const id of new Set(items.map((i) => i.imageId))) paths.set(id, (await host.call('images.get', { id })).path);
        if (values.json) {
          console.log(JSON.stringify({ total, items: items.map((i) => ({ ...i, path: paths.get(i.imageId), class: nameOf.get(i.classId) })) }));
          return;
        }
        for (const i of items) {
          const box = i.box ? ` box ${[i.box.x, i.box.y, i.box.w, i.box.h].map((v) => Math.round(v)).join(',')}` : '';
          console.log(`${shown(paths.get(i.imageId) ?? String(i.imageId))}\t${shown(nameOf.get(i.classId) ?? '?')}\t${i.score.toFixed(3)}${box}\t${shown(i.modelName)}`);
        }
        console.log(`${total} pending suggestion${total === 1 ? '' : 's'}${total > items.length ? ` (the first ${items.length} shown)` : ''}`);
        return;
      }
      if (action === 'accept') {
        const r = await host.call('suggestions.accept', { ...filter, all: true }, names);
        console.log(`${r.accepted} accepted on ${r.imageIds.length} images${r.rejected > 0 ? ` (${r.rejected} other classes of those images rejected)` : ''}; undo with Ctrl+Z in the app.`);
      } else {
        const r = await host.call('suggestions.reject', { ...filter, all: true }, names);
        console.log(`${r.rejected} rejected on ${r.imageIds.length} images.`);
      }
    } finally {
      host.close();
    }
  },
};
