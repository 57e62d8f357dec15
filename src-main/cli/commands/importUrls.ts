import fs from 'node:fs';
import type { UrlImportSummary } from '../../api/acquire.js';
import { startUrlImport } from '../../services/acquireService.js';
import { type Command, UsageError, openForCli, parse, requireArg, runJob } from '../cliSupport.js';

const usage = 'lightbox import-urls DATASET FILE [--allow-private-network] [--concurrency N] [--timeout S] [--max-bytes N]';

function positiveNumber(value: string | undefined, flag: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new UsageError(`${flag} must be a number above 0 and at most ${max}.`);
  return n;
}

export const importUrlsCommand: Command = {
  name: 'import-urls',
  usage,
  summary: 'download the images listed in FILE (one URL per line, optional ",label"); resumes an interrupted run',
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
    const concurrency = positiveNumber(values.concurrency, '--concurrency', 32);
    if (concurrency !== undefined && !Number.isInteger(concurrency)) throw new UsageError('--concurrency must be a whole number.');
    const timeoutSeconds = positiveNumber(values.timeout, '--timeout', 3600);
    const maxBytes = positiveNumber(values['max-bytes'], '--max-bytes', 2 * 1024 * 1024 * 1024);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      throw new UsageError(`Cannot read the URL list ${file}. Check the path.`);
    }
    const session = openForCli(dataset);
    try {
      let started: ReturnType<typeof startUrlImport> | undefined;
      const summary = await runJob(session, 'Downloading', () => {
        started = startUrlImport(session, {
          text,
          allowPrivateNetwork: values['allow-private-network'] ?? false,
          concurrency,
          timeoutSeconds,
          maxBytes: maxBytes === undefined ? undefined : Math.floor(maxBytes),
        });
        if (started.resumed) console.error(`Resuming the unfinished import of this list (import ${started.importId}).`);
        return started;
      });
      const s = summary as UrlImportSummary;
      print(s);
      // A pipeline must notice an import that brought nothing in: every URL failed.
      if (s.failed.length > 0 && s.saved + s.duplicates + s.finishedEarlier === 0) {
        throw new UsageError('No image could be downloaded; the reasons are listed above.');
      }
    } finally {
      session.close();
    }
  },
};

function print(s: UrlImportSummary): void {
  const earlier = s.finishedEarlier > 0 ? ` (${s.finishedEarlier} finished by the earlier run)` : '';
  console.log(`${s.total} URLs: ${s.saved} saved, ${s.duplicates} duplicates skipped, ${s.failed.length} failed${earlier}.`);
  if (s.classesCreated.length > 0) console.log(`New classes: ${s.classesCreated.join(', ')}`);
  for (const f of s.failed.slice(0, 100)) console.log(`  line ${f.line} ${f.url.slice(0, 200)}: ${f.reason}`);
  if (s.failed.length > 100) console.log(`  ... and ${s.failed.length - 100} more`);
}


