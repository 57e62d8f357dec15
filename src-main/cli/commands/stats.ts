import { datasetStats } from '../../services/datasetsService.js';
import { type Command, openForCli, parse, requireArg } from '../cliSupport.js';

const usage = 'lightbox stats DATASET [--json]';

export const statsCommand: Command = {
  name: 'stats',
  usage,
  summary: 'counts: images, unreadable files, labeled, per class, per split',
  async run(argv) {
    const { positionals, values } = parse(argv, { json: { type: 'boolean' } }, usage);
    const session = openForCli(requireArg(positionals[0], 'DATASET', usage));
    try {
      const s = datasetStats(session.require().db, session.author());
      if (values.json) {
        console.log(JSON.stringify(s, null, 2));
        return;
      }
      const lines = [
        `images      ${s.images}`,
        `labeled     ${s.labeled}`,
        `unlabeled   ${s.unlabeled}`,
        `status      todo ${s.byStatus.todo}, done ${s.byStatus.done}, skipped ${s.byStatus.skipped}`,
        `split       train ${s.perSplit.train}, val ${s.perSplit.val}, test ${s.perSplit.test}, none ${s.perSplit.none}`,
        `unreadable  ${s.unreadable.length}`,
        ...s.unreadable.map((u) => `  ${u.path}: ${u.reason}`),
        'per class',
        ...s.perClass.map((c) => `  ${c.name.padEnd(20)} ${c.count}`),
      ];
      if (s.missing > 0) lines.push(`missing     ${s.missing} (files gone from disk; their labels are kept)`);
      console.log(lines.join('\n'));
    } finally {
      session.close();
    }
  },
};
