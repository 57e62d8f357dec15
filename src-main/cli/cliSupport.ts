import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LightboxError } from '../api/errors.js';
import type { JobInfo } from '../api/jobs.js';
import { printable } from '../api/printable.js';

/** A mistake the person can fix: printed as one line, exit status 1. */
export class UsageError extends Error {}

/** One line: what is wrong, then how the command is written. */
export function usageLine(problem: string, usage: string): string {
  return `${problem.replace(/\.?$/, '.')} Usage: ${usage}`;
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** More lines for `lightbox NAME --help` (the values an option takes). */
  help?: string[];
  run(argv: string[]): Promise<void>;
}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    const first = (e as Error).message.split('\n')[0]!;
    // Node's text for an unknown option goes on about positional arguments; say only what is wrong.
    const unknown = /^Unknown option '([^']+)'/.exec(first);
    throw new UsageError(usageLine(unknown ? `Unknown option ${unknown[1]}` : first, usage));
  }
}

export function requireArg(value: string | undefined, what: string, usage: string): string {
  if (!value) throw new UsageError(usageLine(`Missing ${what}`, usage));
  return value;
}

/**
 * A string from the dataset (a file or class name, a reason quoting one) as the terminal may show
 * it: whole, with every control, bidi and line-breaking character made visible by `printable`.
 */
export function shown(s: string): string {
  return printable(s, Number.POSITIVE_INFINITY);
}

/** A one-line progress display on stderr (redrawn in place on a terminal). */
export function progressPrinter(label: string): { onJob: (info: JobInfo) => void; end: () => void } {
  const tty = process.stderr.isTTY;
  let last = '';
  let lastPct = -1;
  return {
    onJob: (info) => {
      if (info.total <= 0) return;
      const pct = Math.floor((info.done / info.total) * 100);
      const line = `${label}: ${info.done}/${info.total} (${pct}%)`;
      if (tty) {
        process.stderr.write(`\r${line.padEnd(last.length)}`);
      } else if (pct >= lastPct + 10 || (info.done === info.total && pct !== lastPct)) {
        process.stderr.write(`${line}\n`);
        lastPct = pct;
      }
      last = line;
    },
    end: () => {
      if (tty && last) process.stderr.write('\n');
    },
  };
}

export function isUserError(e: unknown): boolean {
  return e instanceof UsageError || (e instanceof LightboxError && e.code !== 'INTERNAL');
}
