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
});
