// The lint's job here is the layering of DESIGN.md: the renderer reaches the main process only
// through the contract in src-main/api, and the contract itself imports nothing platform-bound.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'stream', 'worker_threads', 'events', 'dns', 'tls', 'zlib'];
const nodeModules = [...nodeBuiltins, ...nodeBuiltins.map((m) => `node:${m}`), 'node:*'];

const sqlMessage = 'SQL is written only in src-main/store/: add a repository function there and call it.';
// Statements start with one of these words in capitals; a message to the user ("Select a folder") does not.
const SQL_START = '/^\\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA|WITH|BEGIN|COMMIT|ROLLBACK|VACUUM|ATTACH)\\s/';
// A better-sqlite3 database is `db`, `…Db` or `x.db`; RegExp#exec and other `.exec` calls are left alone.
const DB = '/^(db|database|[a-z]\\w*Db)$/';
const sqlOutsideStore = [
  { selector: 'CallExpression[callee.property.name=/^(prepare|pragma)$/]', message: sqlMessage },
  { selector: `CallExpression[callee.property.name=/^(exec|transaction)$/][callee.object.name=${DB}]`, message: sqlMessage },
  { selector: `CallExpression[callee.property.name=/^(exec|transaction)$/][callee.object.property.name=${DB}]`, message: sqlMessage },
  { selector: `Literal[value=${SQL_START}]`, message: sqlMessage },
  { selector: `TemplateLiteral[quasis.0.value.raw=${SQL_START}]`, message: sqlMessage },
];

// What the CLI may not import: everything below the contract's door, and the Electron host.
const cliPatterns = [
  {
    group: ['**/store/*', '**/store/**', '**/dataset/*', '**/dataset/**', '**/formats/*', '**/formats/**', '**/imaging/*', '**/imaging/**', '**/jobs/*', '**/jobs/**', '**/vision/*', '**/vision/**'],
    message: 'The CLI is a host: it calls the contract through dispatch (src-main/api, src-main/services), never the store, dataset, formats, imaging or jobs.',
  },
  { group: ['electron', 'better-sqlite3', 'sharp', '**/host/electron/*', '**/host/electron/**'], message: 'The CLI is a host of its own: no Electron, no store or image library of its own.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'test-results/**', 'tests/artifacts/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {},
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src-main/*', '!**/src-main/api', '**/src-main/*/**', '!**/src-main/api/**'],
              message: 'The renderer may import only src-main/api (the contract).',
            },
            { group: ['electron', 'better-sqlite3', 'sharp', 'ws', ...nodeModules], message: 'The renderer runs in a browser: no Node, Electron or native modules.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/api/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../*', '!./*'], message: 'src-main/api is the common layer: it imports only itself and zod.' },
            { group: ['electron', 'better-sqlite3', 'sharp', 'ws', 'react', ...nodeModules], message: 'src-main/api must not depend on Node, Electron or the DOM.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/{store,dataset,imaging,vision,formats,jobs,teams}/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/services/*', '**/host/*', '**/host/**', '**/cli/*', 'electron'], message: 'Imports point one way: host → services → store/dataset/imaging/formats/jobs → api.' }] },
      ],
    },
  },
  // The CLI is a third host: it reaches the dataset only through the contract (api) and dispatch (services).
  {
    files: ['src-main/cli/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: cliPatterns }] },
  },
  // Only `serve` starts a transport, the web host.
  {
    files: ['src-main/cli/**/*.ts'],
    ignores: ['src-main/cli/commands/serve.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [...cliPatterns, { group: ['**/host/*', '**/host/**'], message: 'Only `lightbox serve` may import a host (the web host).' }] },
      ],
    },
  },
  {
    files: ['src-main/services/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/host/*', '**/host/**', '**/cli/*', 'electron'], message: 'Services know no transport: they must not import a host, the CLI or Electron.' }] },
      ],
    },
  },
  {
    // SQL is written only in store/: everything else asks a repository (DESIGN.md, rule 1).
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/store/**'],
    rules: {
      'no-restricted-syntax': ['error', ...sqlOutsideStore],
    },
  },
);
