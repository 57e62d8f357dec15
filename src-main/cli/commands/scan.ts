import type { ScanSummary } from '../../api/datasets.js';
import { openHost } from '../cliHost.js';
import { type Command, parse, requireArg } from '../cliSupport.js';

const usage = 'lightbox scan DATASET [--no-thumbnails]';

export const scanCommand: Command = {
  name: 'scan',
  usage,
  summary: 'index the images of a dataset folder and print counts',
  async run(argv) {
    const { positionals, values } = parse(argv, { 'no-thumbnails': { type: 'boolean' } }, usage);
    const { host } = await openHost(requireArg(positionals[0], 'DATASET', usage));
    try {
      const s = await host.runJob<ScanSummary>('Scanning', () => host.call('datasets.scan', { thumbnails: !values['no-thumbnails'] }));
      console.log(
        `${s.total} images: ${s.added} new, ${s.changed} changed, ${s.moved} moved, ${s.removed} removed, ${s.unchanged} unchanged, ${s.unreadable} unreadable`,
      );
    } finally {
      host.close();
    }
  },
};
