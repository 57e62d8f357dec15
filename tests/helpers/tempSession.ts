import fs from 'node:fs';
import path from 'node:path';
import type { ExportOptions, ExportSummary } from '../../src-main/api/index.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { tempDir } from './tempDataset.js';

/**
 * A Session opened on a fresh, empty temporary dataset. Its closing goes to the front of
 * `cleanups` and the folder's removal to the back, so the store is closed before it is deleted.
 */
export function openTempDataset(cleanups: (() => void)[], prefix?: string): { s: Session; dir: string } {
  const { dir, cleanup } = tempDir(prefix);
  cleanups.push(cleanup);
  const s = new Session({}, path.join(dir, '.home'));
  s.open(dir);
  cleanups.unshift(() => s.close());
  return { s, dir };
}

/** The error code and message a call failed with, or OK. */
export async function codeOf(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string };
  }
  return { code: 'OK', message: '' };
}

/**
 * Export folders beside a temporary dataset (removed by `cleanups`), and an export run into one of
 * them: `at` gives the session and folder once beforeAll has opened them.
 */
export function exportRunner(cleanups: (() => void)[], at: () => { s: Session; dir: string }) {
  let n = 0;
  const newOut = (): string => {
    const { dir } = at();
    const out = path.join(dir, '..', `${path.basename(dir)}-out${++n}`);
    cleanups.push(() => fs.rmSync(out, { recursive: true, force: true }));
    return out;
  };
  const run = async (options: Omit<ExportOptions, 'out'>, out = newOut()): Promise<{ out: string; summary: ExportSummary }> => {
    const { s } = at();
    const { jobId } = (await dispatch(s, 'exports.run', { ...options, out })) as { jobId: string };
    return { out, summary: (await s.jobs.wait(jobId)) as ExportSummary };
  };
  return { newOut, run };
}
