import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli } from '../helpers/childProcess.js';
import { startImageServer } from '../helpers/imageServer.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';

/**
 * `lightbox` is a third host of the contract: what a person types is validated as the renderer's
 * calls are, every string from the dataset reaches the terminal neutralised, and every mistake is
 * one line with exit status 1. These run the bundled CLI as a child process, as a script would.
 */

const ESC = '\u001b';

interface Run {
  code: number | string;
  stdout: string;
  stderr: string;
}

let cli: string;
let work: { dir: string; cleanup: () => void };
let ds: string;
let home: string;

function lightbox(args: string[], opts: { onStderr?: (text: string, child: ReturnType<typeof spawn>) => void } = {}): Promise<Run> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LIGHTBOX_HOME: home } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
    opts.onStderr?.(stderr, child);
  });
  return new Promise((resolve) => child.once('close', (code, signal) => resolve({ code: code ?? signal ?? -1, stdout, stderr })));
}

/** Read the store the way a person checking it afterwards would: a separate, read-only connection. */
function storeRows<T>(sql: string): T[] {
  const db = new Database(path.join(ds, '.lightbox', 'labels.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

const classNames = () => storeRows<{ name: string }>('SELECT name FROM classes ORDER BY id').map((r) => r.name);

/** Exit 1, exactly one line on stderr, no stack trace, no raw escape byte anywhere. */
function expectOneLineUserError(r: Run, mentions: RegExp): void {
  expect(r.code, r.stderr).toBe(1);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(mentions);
  expect(r.stderr).not.toMatch(/ZodError|internal error|at .*\.(js|cjs|ts):\d+/);
  expect(r.stdout + r.stderr).not.toContain(ESC);
}

beforeAll(async () => {
  cli = await bundleCli();
  work = tempDir('lightbox-cli-host-');
  ds = path.join(work.dir, 'dataset');
  home = path.join(work.dir, 'home');
  await writeImage(path.join(ds, 'cats', 'a.jpg'));
  await writeImage(path.join(ds, 'cats', 'b.jpg'));
  // A file whose name would clear the screen if printed raw; empty, so it is listed as unreadable.
  fs.writeFileSync(path.join(ds, `empty${ESC}[2J.png`), '');
  const scan = await lightbox(['scan', ds, '--no-thumbnails']);
  expect(scan.code, scan.stderr).toBe(0);
  expect(scan.stdout).toMatch(/3 images: 3 new/);
  expect((await lightbox(['classes', ds, 'add', 'cat'])).code).toBe(0);
}, 60_000);

afterAll(() => {
  if (cli) fs.rmSync(cli, { force: true });
  work?.cleanup();
});

describe('lightbox classes add goes through the contract', () => {
  it('refuses a name with an escape character: exit 1, one line, nothing stored', async () => {
    const r = await lightbox(['classes', ds, 'add', `evil${ESC}[2Jname`]);
    expectOneLineUserError(r, /NAME.*control characters/);
    expect(classNames()).toEqual(['cat']);
  });

  it('refuses a name of 10,000 characters: exit 1, one line, nothing stored', async () => {
    const r = await lightbox(['classes', ds, 'add', 'n'.repeat(10_000)]);
    expectOneLineUserError(r, /NAME.*200/);
    expect(r.stderr.length).toBeLessThan(1000);
    expect(classNames()).toEqual(['cat']);
  });

  it('refuses a bad --key and --color by the contract, naming the option', async () => {
    expectOneLineUserError(await lightbox(['classes', ds, 'add', 'dog', '--key', '0']), /--key/);
    expectOneLineUserError(await lightbox(['classes', ds, 'add', 'dog', '--color', 'red']), /--color/);
    expect(classNames()).toEqual(['cat']);
  });

  it('adds a good class and lists it', async () => {
    const add = await lightbox(['classes', ds, 'add', 'bird', '--key', '5', '--color', '#112233']);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('Added class "bird" (key 5)');
    const list = await lightbox(['classes', ds, 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/5 {2}#112233 {2}bird/);
  });
});

describe('strings from the dataset reach the terminal neutralised', () => {
  beforeAll(() => {
    // A store written by an older version or another tool may hold any name: the CLI must still print it safely.
    const db = new Database(path.join(ds, '.lightbox', 'labels.sqlite'));
    try {
      db.prepare(`INSERT INTO classes (name, color, ord, archived, created_at) VALUES (?, '#ff0000', 99, 0, 0)`).run(`bad${ESC}]0;title\u0007\u009b2J\u202eevil\nline`);
    } finally {
      db.close();
    }
  });

  it('stats prints the file name with ESC made visible, never the raw byte', async () => {
    const r = await lightbox(['stats', ds]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain(ESC);
    expect(r.stdout).not.toMatch(/[\u0080-\u009f\u202a-\u202e]/);
    expect(r.stdout).toContain('empty\\u001b[2J.png');
    // The class name with a newline stays on its line.
    expect(r.stdout.split('\n').filter((l) => l.includes('bad\\u001b'))).toHaveLength(1);
  });

  it('stats --json is still JSON with the same values, and carries no raw control or bidi character', async () => {
    const r = await lightbox(['stats', ds, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    const s = JSON.parse(r.stdout) as { unreadable: { path: string }[]; perClass: { name: string }[] };
    expect(s.unreadable.map((u) => u.path)).toEqual([`empty${ESC}[2J.png`]);
    expect(s.perClass.map((c) => c.name)).toContain(`bad${ESC}]0;title\u0007\u009b2J\u202eevil\nline`);
  });

  it('classes list prints the names neutralised, one class a line', async () => {
    const r = await lightbox(['classes', ds, 'list']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(3);
  });
});

describe('a bad option is one line naming it, exit 1', () => {
  it('export with a 4,200-character --out: one line naming --out, no split assigned, nothing written', async () => {
    const out = path.join(work.dir, 'x'.repeat(4200));
    const r = await lightbox(['export', ds, '--format', 'csv', '--out', out, '--split', '0.8,0.1,0.1']);
    expectOneLineUserError(r, /--out/);
    expect(storeRows<{ n: number }>('SELECT COUNT(*) AS n FROM images WHERE split IS NOT NULL')[0]!.n).toBe(0);
  });

  it('label with an unknown image or class: one line, nothing stored', async () => {
    expectOneLineUserError(await lightbox(['label', ds, 'cats/nope.jpg', '--class', 'cat']), /No image "cats\/nope.jpg"/);
    expectOneLineUserError(await lightbox(['label', ds, 'cats/a.jpg', '--class', 'nope']), /No class "nope"/);
    expectOneLineUserError(await lightbox(['label', ds, '../outside.jpg', '--class', 'cat']), /outside.jpg/);
    expect(storeRows<{ n: number }>('SELECT COUNT(*) AS n FROM annotations')[0]!.n).toBe(0);
  });

  it('label by a dataset-relative and by an absolute path', async () => {
    const rel = await lightbox(['label', ds, 'cats/a.jpg', '--class', 'CAT']);
    expect(rel.code, rel.stderr).toBe(0);
    expect(rel.stdout.trim()).toBe('cats/a.jpg: cat');
    const abs = await lightbox(['label', ds, path.join(ds, 'cats', 'b.jpg'), '--class', 'cat']);
    expect(abs.code, abs.stderr).toBe(0);
    expect(abs.stdout.trim()).toBe('cats/b.jpg: cat');
    expect(storeRows<{ n: number }>('SELECT COUNT(*) AS n FROM annotations WHERE deleted = 0')[0]!.n).toBe(2);
  });

  it('import from a missing path and with an unknown format: one line each', async () => {
    expectOneLineUserError(await lightbox(['import', ds, '--format', 'coco', '--from', path.join(work.dir, 'nothing.json')]), /nothing\.json/);
    expectOneLineUserError(await lightbox(['import', ds, '--format', 'nope', '--from', work.dir]), /nope/);
  });

  it('import-urls with --max-bytes below what the contract allows names the option', async () => {
    const list = path.join(work.dir, 'urls.txt');
    fs.writeFileSync(list, 'http://127.0.0.1:9/a.jpg\n');
    expectOneLineUserError(await lightbox(['import-urls', ds, list, '--max-bytes', '10']), /--max-bytes/);
  });

  it('a dataset path longer than the contract allows is one line naming DATASET', async () => {
    expectOneLineUserError(await lightbox(['stats', path.join(work.dir, 'd'.repeat(4200))]), /DATASET/);
  });
});

describe('every command', () => {
  const commands = ['serve', 'scan', 'classes', 'label', 'import', 'import-urls', 'export', 'stats'];

  it('prints its own usage for --help, with exit 0', async () => {
    for (const c of commands) {
      const r = await lightbox([c, '--help']);
      expect(r.code, `${c}: ${r.stderr}`).toBe(0);
      expect(r.stdout, c).toContain(`lightbox ${c} `);
      expect(r.stdout, c).toMatch(/^Usage: /);
    }
  }, 60_000);

  it('leaves the app\'s list of recent datasets alone', () => {
    const config = path.join(home, 'config.json');
    const recent = fs.existsSync(config) ? (JSON.parse(fs.readFileSync(config, 'utf8')) as { recent: string[] }).recent : [];
    expect(recent).toEqual([]);
  });
});

describe('Ctrl+C during a job', () => {
  it('cancels the job through the contract and exits 1 with one line', async () => {
    const server = await startImageServer({ images: 40, delayMs: 400 });
    try {
      const list = path.join(work.dir, 'slow-urls.txt');
      fs.writeFileSync(list, Array.from({ length: 40 }, (_, i) => `${server.base}/good/${i + 1}.jpg`).join('\n'));
      let sent = false;
      const r = await lightbox(['import-urls', ds, list, '--allow-private-network', '--concurrency', '1'], {
        // Interrupt once the job has reported progress: it is running.
        onStderr: (text, child) => {
          if (!sent && /Downloading: [1-9]/.test(text)) {
            sent = true;
            child.kill('SIGINT');
          }
        },
      });
      expect(sent, r.stderr).toBe(true);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(/cancelled/i);
      const saved = storeRows<{ n: number }>(`SELECT COUNT(*) AS n FROM images WHERE source = 'url'`)[0]!.n;
      expect(saved).toBeLessThan(40);
    } finally {
      await server.close();
    }
  }, 60_000);
});
