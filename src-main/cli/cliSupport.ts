import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LightboxError } from '../api/errors.js';
import type { JobInfo } from '../api/jobs.js';
import { Session } from '../services/Session.js';

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

/** Open DATASET for a command; the CLI does not touch the app's recent list. */
export function openForCli(dataset: string): Session {
  const session = new Session();
  session.open(path.resolve(dataset), true);
  return session;
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

/** Run a job to its end with progress on stderr, returning its result. */
export async function runJob<T>(session: Session, label: string, start: () => { id: string; promise: Promise<T> }): Promise<T> {
  const p = progressPrinter(label);
  const off = session.onEvent((name, payload) => {
    if (name === 'job.progress') p.onJob(payload as JobInfo);
  });
  const onSigint = () => {
    for (const j of session.jobs.list()) if (j.state === 'running') session.jobs.cancel(j.id);
  };
  process.once('SIGINT', onSigint);
  try {
    return await start().promise;
  } finally {
    process.off('SIGINT', onSigint);
    off();
    p.end();
  }
}

export function isUserError(e: unknown): boolean {
  return e instanceof UsageError || (e instanceof LightboxError && e.code !== 'INTERNAL');
}
