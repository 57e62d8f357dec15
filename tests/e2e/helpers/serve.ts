import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Served {
  url: string;
  /** The LIGHTBOX_HOME of this server (where the sample dataset is copied). */
  home: string;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '..', '..', '..');

/** Start `lightbox serve` (the built CLI) on a free port, with its own home folder. */
export async function serve(dataset?: string): Promise<Served> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-home-'));
  const args = [path.join(root, 'bin', 'lightbox.cjs'), 'serve', ...(dataset ? [dataset] : []), '--port', '0'];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, LIGHTBOX_HOME: home, LIGHTBOX_EXIT_WITH_PARENT: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    home,
    stop: async () => {
      if (child.exitCode === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await done;
      }
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Where screenshots go: kept as test artifacts. */
export function artifact(name: string): string {
  const dir = path.join(root, 'tests', 'artifacts');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
