import { printableJson } from '../../api/printable.js';
import { openHost } from '../cliHost.js';
import { type Command, parse, requireArg, shown } from '../cliSupport.js';

const usage = 'lightbox stats DATASET [--json]';

export const statsCommand: Command = {
  name: 'stats',
  usage,
  summary: 'counts: images, unreadable files, labeled, per class, per split',
  async run(argv) {
    const { positionals, values } = parse(argv, { json: { type: 'boolean' } }, usage);
    const { host } = await openHost(requireArg(positionals[0], 'DATASET', usage));
    try {
      const s = await host.call('datasets.stats', {});
      if (values.json) {
        console.log(printableJson(s));
        return;
      }
      const lines = [
        `images      ${s.images} (${s.readable} readable)`,
        `labeled     ${s.labeled} of ${s.readable} readable`,
        `unlabeled   ${s.unlabeled}`,
        `status      todo ${s.byStatus.todo}, done ${s.byStatus.done}, skipped ${s.byStatus.skipped}`,
        `split       train ${s.perSplit.train}, val ${s.perSplit.val}, test ${s.perSplit.test}, none ${s.perSplit.none}`,
        `unreadable  ${s.unreadable.length}`,
        ...s.unreadable.map((u) => `  ${shown(u.path)}: ${shown(u.reason)}`),
        'per class   images with the class, regions',
        ...s.perClass.map((c) => `  ${shown(c.name).padEnd(20)} ${c.images} image${c.images === 1 ? '' : 's'}, ${c.regions} region${c.regions === 1 ? '' : 's'}`),
      ];
      if (s.missing > 0) lines.push(`missing     ${s.missing} (files gone from disk; their labels are kept)`);
      console.log(lines.join('\n'));
    } finally {
      host.close();
    }
  },
};
