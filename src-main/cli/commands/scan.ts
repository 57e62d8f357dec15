import { startScan } from '../../services/datasetsService.js';
import { type Command, openForCli, parse, requireArg, runJob } from '../cliSupport.js';

const usage = 'lightbox scan DATASET [--no-thumbnails]';

export const scanCommand: Command = {
  name: 'scan',
  usage,
  summary: 'index the images of a dataset folder and print counts',
  async run(argv) {
    const { positionals, values } = parse(argv, { 'no-thumbnails': { type: 'boolean' } }, usage);
    const session = openForCli(requireArg(positionals[0], 'DATASET', usage));
    try {
      const s = await runJob(session, 'Scanning', () => startScan(session, !values['no-thumbnails']));
      console.log(
        `${s.total} images: ${s.added} new, ${s.changed} changed, ${s.moved} moved, ${s.removed} removed, ${s.unchanged} unchanged, ${s.unreadable} unreadable`,
      );
    } finally {
      session.close();
    }
  },
};
