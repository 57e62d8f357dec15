import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Debian's Python with Pillow (python3-pil): the baseline the budgets in DESIGN.md are measured against. */
export const PYTHON = '/usr/bin/python3';

export function pillowAvailable(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import PIL'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Run a Python snippet over `files` (passed as argv); it prints the seconds it took on its last line. */
export function runPillow(script: string, files: string[], outDir: string): number {
  fs.mkdirSync(outDir, { recursive: true });
  const listFile = `${outDir}.list`;
  fs.writeFileSync(listFile, files.join('\n'));
  const out = execFileSync(PYTHON, ['-c', script, listFile, outDir], { encoding: 'utf8', maxBuffer: 1 << 24 });
  fs.rmSync(listFile, { force: true });
  return Number(out.trim().split('\n').pop());
}
