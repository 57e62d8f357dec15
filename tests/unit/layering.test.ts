import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The import rules of DESIGN.md, as `npm run lint` applies them to a file at `file`. */
async function refusals(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, '..', '..') });
  const [result] = await eslint.lintText(code, { filePath: file });
  return result!.messages.map((m) => m.message);
}

describe('the layering lint', () => {
  it('lets the renderer import the contract, and nothing else of the main process', async () => {
    expect(await refusals('src-renderer/features/x.ts', "import { methods } from '../../src-main/api/index.js';\nexport const m = methods;\n")).toEqual([]);
    expect((await refusals('src-renderer/features/x.ts', "import { openStore } from '../../src-main/store/openStore.js';\nexport const o = openStore;\n"))[0]).toMatch(
      /only src-main\/api/,
    );
    expect((await refusals('src-renderer/features/x.ts', "import fs from 'node:fs';\nexport const f = fs;\n"))[0]).toMatch(/runs in a browser/);
  });

  it('keeps the contract free of Node, Electron and the other layers', async () => {
    expect((await refusals('src-main/api/x.ts', "import fs from 'node:fs';\nexport const f = fs;\n"))[0]).toMatch(/must not depend on Node/);
    expect((await refusals('src-main/api/x.ts', "import { openStore } from '../store/openStore.js';\nexport const o = openStore;\n"))[0]).toMatch(/imports only itself/);
  });

  it('keeps the CLI a host: the contract and dispatch only, the web host for serve alone', async () => {
    const refusedToCli = async (spec: string) => (await refusals('src-main/cli/commands/x.ts', `import * as m from '${spec}';\nexport const x = m;\n`))[0];
    expect(await refusals('src-main/cli/commands/x.ts', "import { dispatch } from '../../services/dispatch.js';\nimport { methods } from '../../api/contract.js';\nexport const d = [dispatch, methods];\n")).toEqual([]);
    for (const spec of ['../../store/classesRepo.js', '../../dataset/pathSafety.js', '../../formats/cocoImport.js', '../../imaging/probe.js', '../../jobs/JobManager.js']) {
      expect(await refusedToCli(spec), spec).toMatch(/calls the contract through dispatch/);
    }
    expect(await refusedToCli('../../host/web/webHost.js')).toMatch(/Only `lightbox serve`/);
    expect(await refusals('src-main/cli/commands/serve.ts', "import { startWebHost } from '../../host/web/webHost.js';\nexport const s = startWebHost;\n")).toEqual([]);
    expect(await refusals('src-main/cli/commands/serve.ts', "import { addClass } from '../../store/classesRepo.js';\nexport const a = addClass;\n")).not.toEqual([]);
  });

  it('points imports one way: the store does not reach up into services or hosts', async () => {
    expect((await refusals('src-main/store/x.ts', "import { dispatch } from '../services/dispatch.js';\nexport const d = dispatch;\n"))[0]).toMatch(/one way/);
    expect((await refusals('src-main/services/x.ts', "import { startWebHost } from '../host/web/webHost.js';\nexport const s = startWebHost;\n"))[0]).toMatch(/know no transport/);
  });

  it('keeps SQL in the store: a service may not prepare, exec or write a statement, a repository may', async () => {
    const sql = /SQL is written only in src-main\/store/;
    const prepared = "import type { Db } from '../store/openStore.js';\nexport const n = (db: Db) => db.prepare('SELECT COUNT(*) AS n FROM images').get();\n";
    expect((await refusals('src-main/services/x.ts', prepared))[0]).toMatch(sql);
    expect(await refusals('src-main/store/x.ts', prepared)).toEqual([]);
    const pragma = "import type { Db } from '../store/openStore.js';\nexport const v = (db: Db) => db.pragma('user_version');\n";
    expect((await refusals('src-main/services/x.ts', pragma))[0]).toMatch(sql);
    const exec = "import type { Db } from '../store/openStore.js';\nexport const wipe = (ds: { db: Db }) => ds.db.exec(sqlText);\ndeclare const sqlText: string;\n";
    expect((await refusals('src-main/services/x.ts', exec))[0]).toMatch(sql);
    const raw = "import type { Db } from '../store/openStore.js';\nexport const t = (db: Db) => db.transaction(() => 1)();\n";
    expect((await refusals('src-main/services/x.ts', raw))[0]).toMatch(sql);
    // A statement kept in a string for later is refused as well, wherever it is outside the store.
    expect((await refusals('src-main/formats/x.ts', 'export const q = `UPDATE images SET split = ? WHERE id = ?`;\n'))[0]).toMatch(sql);
    expect((await refusals('src-main/dataset/x.ts', "export const q = '  DELETE FROM images';\n"))[0]).toMatch(sql);
    expect(await refusals('src-main/store/x.ts', 'export const q = `UPDATE images SET split = ? WHERE id = ?`;\n')).toEqual([]);
  });

  it('does not mistake other code for SQL: RegExp#exec, a sentence for the user, a function named prepareX', async () => {
    const code = [
      "export const m = /^(\\d+)x(\\d+)$/.exec('224x224');",
      'const re = /a/;',
      "export const n = re.exec('a');",
      "export const msg = 'Select a folder, then update the labels.';",
      'export const t = `Delete it and draw a new one.`;',
      'export function prepareExport(): number { return 1; }',
      'export const p = prepareExport();',
      '',
    ].join('\n');
    expect(await refusals('src-main/services/x.ts', code)).toEqual([]);
  });
});
