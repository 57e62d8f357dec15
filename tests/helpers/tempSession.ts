import path from 'node:path';
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
