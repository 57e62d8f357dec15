import fs from 'node:fs';
import type { UrlImportSummary } from '../../api/acquire.js';
import { openHost } from '../cliHost.js';
import { type Command, UsageError, parse, requireArg, shown } from '../cliSupport.js';

const usage = 'lightbox import-urls DATASET FILE [--allow-private-network] [--concurrency N] [--timeout S] [--max-bytes N]';

/** The contract's limit on a URL list (characters); checked on the file's size before it is read. */
const MAX_LIST_BYTES = 20 * 1024 * 1024;

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag} ${shown(value)} is not a number.`);
  return n;
}

export const importUrlsCommand: Command = {
  name: 'import-urls',
  usage,
  summary: 'download the images listed in FILE (one URL per line, optional ",label"); resumes an interrupted run',
  help: ['--concurrency: 1 to 32 downloads at once. --timeout: seconds per download, 1 to 3600. --max-bytes: largest file, 1024 to 2147483648.'],
  async run(argv) {
    const { positionals, values } = parse(
      argv,
      {
        'allow-private-network': { type: 'boolean' },
        concurrency: { type: 'string' },
        timeout: { type: 'string' },
        'max-bytes': { type: 'string' },
      },
      usage,
    );
    const dataset = requireArg(positionals[0], 'DATASET', usage);
    const file = requireArg(positionals[1], 'FILE', usage);
    const params = {
      allowPrivateNetwork: values['allow-private-network'] ?? false,
      concurrency: number(values.concurrency, '--concurrency'),
      timeoutSeconds: number(values.timeout, '--timeout'),
      maxBytes: number(values['max-bytes'], '--max-bytes'),
    };
    let text: string;
    try {
      const st = fs.statSync(file);
      if (!st.isFile()) throw new UsageError(`${shown(file)} is a folder: give the text file that lists the URLs.`);
      if (st.size > MAX_LIST_BYTES) throw new UsageError(`${shown(file)} is larger than 20 MB: split the list into smaller files.`);
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`Cannot read the URL list ${shown(file)}. Check the path.`);
    }
    if (text.trim() === '') throw new UsageError(`${shown(file)} is empty: list one URL per line.`);
    const { host } = await openHost(dataset);
    try {
      const s = await host.runJob<UrlImportSummary>('Downloading', async () => {
        const started = await host.call(
          'acquire.importUrls',
          { text, ...params },
          { text: 'FILE', concurrency: '--concurrency', timeoutSeconds: '--timeout', maxBytes: '--max-bytes' },
        );
        if (started.resumed) console.error(`Resuming the unfinished import of this list (import ${started.importId}).`);
        return started;
      });
      print(s);
      // A pipeline must notice an import that brought nothing in: every URL failed.
      if (s.failed.length > 0 && s.saved + s.duplicates + s.finishedEarlier === 0) {
        throw new UsageError('No image could be downloaded; the reasons are listed above.');
      }
    } finally {
      host.close();
    }
  },
};

function print(s: UrlImportSummary): void {
  const earlier = s.finishedEarlier > 0 ? ` (${s.finishedEarlier} finished by the earlier run)` : '';
  console.log(`${s.total} URLs: ${s.saved} saved, ${s.duplicates} duplicates skipped, ${s.failed.length} failed${earlier}.`);
  if (s.classesCreated.length > 0) console.log(`New classes: ${s.classesCreated.map(shown).join(', ')}`);
  for (const f of s.failed.slice(0, 100)) console.log(`  line ${f.line} ${shown(f.url.slice(0, 200))}: ${shown(f.reason)}`);
  if (s.failed.length > 100) console.log(`  ... and ${s.failed.length - 100} more`);
}
