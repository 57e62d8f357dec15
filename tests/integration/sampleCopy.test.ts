import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { listFiles, tempDir } from '../helpers/tempDataset.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

it('copies the sample whole into the home folder, clearing a copy a killed run left half made', async () => {
  const { dir, cleanup } = tempDir('lightbox-sample-');
  cleanups.push(cleanup);
  const home = path.join(dir, 'home');
  // What a run killed while copying leaves: a partial folder under the pid of a process now gone.
  const stale = path.join(home, 'sample-dataset.partial-999999999-abc123');
  fs.mkdirSync(stale, { recursive: true });
  fs.writeFileSync(path.join(stale, 'half.jpg'), 'half');
  const s = new Session({}, home);
  cleanups.unshift(() => s.close());
  const info = (await dispatch(s, 'datasets.openSample', {})) as { root: string };
  const source = path.resolve('assets', 'sample-dataset');
  expect(info.root).toBe(path.join(home, 'sample-dataset'));
  expect(listFiles(info.root).filter((f) => !f.startsWith('.lightbox/'))).toEqual(listFiles(source).filter((f) => !f.startsWith('.lightbox/')));
  expect(fs.readdirSync(home).filter((n) => n.startsWith('sample-dataset.'))).toEqual([]);
});
