import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MethodName, methodNames, methods } from '../../src-main/api/contract.js';
import { isLightboxError } from '../../src-main/api/errors.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';

/**
 * The renderer is untrusted: every contract method, read from the contract when the test runs (so
 * methods added later are fuzzed too), is called through `dispatch` with generated bad params.
 */

function deepObject(depth: number): unknown {
  let v: Record<string, unknown> = {};
  const top = v;
  for (let i = 0; i < depth; i++) v = v.a = {} as Record<string, unknown>;
  return top;
}
function deepArray(depth: number): unknown {
  const top: unknown[] = [];
  let v = top;
  for (let i = 0; i < depth; i++) {
    const next: unknown[] = [];
    v.push(next);
    v = next;
  }
  return top;
}

const HUGE = 'x'.repeat(5_000_000);
const badValues: [label: string, value: unknown][] = [
  ['null', null],
  ['undefined', undefined],
  ['true', true],
  ['0', 0],
  ['-1', -1],
  ['-0', -0],
  ['1.5', 1.5],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
  ['2^53+2', 2 ** 53 + 2],
  ['-2^31', -(2 ** 31)],
  ['1e308', 1e308],
  ['BigInt', 10n],
  ['empty string', ''],
  ['numeric string', '1'],
  ['5 MB string', HUGE],
  ['NUL in string', 'a\0b'],
  ['traversal', '../../etc/passwd'],
  ['HTML', '<img src=x onerror=alert(1)>'],
  ['bidi override', '\u202egpj.exe'],
  ['lone surrogate', '\ud800'],
  ['empty array', []],
  ['[null]', [null]],
  ['["1"]', ['1']],
  ['300,000 ones', new Array(300_000).fill(1)],
  ['10,000-deep array', deepArray(10_000)],
  ['empty object', {}],
  ['unknown object', { a: 1 }],
  ['10,000-deep object', deepObject(10_000)],
  ['100,000-deep object', deepObject(100_000)],
  ['__proto__ object', JSON.parse('{"__proto__":{"polluted":"yes"}}')],
  ['constructor object', JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}')],
  ['Date', new Date(0)],
];

/** Methods whose accepted params reach outside the dataset by design (a path, the network, a dialog). */
const OUTSIDE = new Set(['datasets.open', 'datasets.openSample', 'datasets.pickFolder', 'exports.run', 'acquire.importLabeled', 'acquire.addFiles', 'acquire.importUrls']);

function shapeKeys(m: MethodName): string[] {
  const schema = methods[m].params as unknown as { shape?: Record<string, unknown> };
  return schema.shape ? Object.keys(schema.shape) : [];
}

type AnySchema = { safeParse(v: unknown): { success: boolean }; options?: unknown; unwrap?: () => AnySchema };

const CANDIDATES: unknown[] = [1, 2, true, false, 'cat', 'a.jpg', '#1f77b4', '1', 'single', 'train', 'jpeg', 'tag', 0.5, [1], ['cat'], [0.8, 0.1, 0.1], {}, null, '0'.repeat(32), 'AAAA'];

/** A value the field accepts, found by trying enum options and common candidates; undefined if none. */
function plausible(field: AnySchema): unknown {
  const tried: unknown[] = [];
  for (let f: AnySchema | undefined = field, i = 0; f && i < 4; i++) {
    const opts = (f as { options?: unknown }).options;
    if (Array.isArray(opts)) tried.push(...opts);
    try {
      f = typeof f.unwrap === 'function' ? f.unwrap() : undefined;
    } catch {
      f = undefined;
    }
  }
  return [...tried, ...CANDIDATES].find((c) => field.safeParse(c).success);
}

/** Params the schema accepts, made of plausible field values, so one bad field can be set among good ones. */
function validBase(m: MethodName): Record<string, unknown> | null {
  const schema = methods[m].params as unknown as AnySchema & { shape?: Record<string, AnySchema> };
  if (!schema.shape) return null;
  const base: Record<string, unknown> = {};
  for (const [k, field] of Object.entries(schema.shape)) {
    const v = plausible(field);
    if (v !== undefined) base[k] = v;
  }
  return schema.safeParse(base).success ? base : null;
}

/** Generated params for `m`: bad values whole, in each field (alone and among good ones), in all fields, plus unknown fields. */
function* generated(m: MethodName): Generator<[string, unknown]> {
  for (const [label, v] of badValues) yield [`params = ${label}`, v];
  const keys = shapeKeys(m);
  const base = validBase(m);
  for (const k of keys) for (const [label, v] of badValues) yield [`${k} = ${label}`, { [k]: v }];
  if (base) {
    for (const k of keys) for (const [label, v] of badValues) yield [`${k} = ${label} among good fields`, { ...base, [k]: v }];
    yield ['unknown field among good ones', { ...base, zzz: 1 }];
  }
  for (const [label, v] of badValues) yield [`every field = ${label}`, Object.fromEntries(keys.map((k) => [k, v]))];
  yield ['unknown field', { zzz: 1 }];
  yield ['unknown field __proto__', JSON.parse('{"__proto__":{"polluted":"yes"}}')];
  yield ['unknown field constructor', { constructor: { prototype: { polluted: 'yes' } } }];
  yield ['array of params', [{}]];
}

interface Outcome {
  method: string;
  input: string;
  accepted: boolean;
  code: string;
}

describe('hostile renderer: every contract method under fuzzed params', () => {
  let dir: string;
  let real: string;
  let cleanup: () => void;
  let s: Session;
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('lightbox-fuzz-'));
    await writeImage(path.join(dir, 'a.jpg'));
    await writeImage(path.join(dir, 'b.png'));
    s = new Session({}, path.join(dir, '.home'));
    await dispatch(s, 'datasets.open', { path: dir });
    real = fs.realpathSync(dir);
    const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
    await s.jobs.wait(jobId);
    await dispatch(s, 'classes.add', { name: 'cat' });
  });
  afterAll(async () => {
    await s?.jobs.cancelAll();
    s?.close();
    cleanup?.();
    const byCode = new Map<string, number>();
    for (const o of outcomes) byCode.set(`${o.accepted ? 'accepted' : 'refused'}:${o.code}`, (byCode.get(`${o.accepted ? 'accepted' : 'refused'}:${o.code}`) ?? 0) + 1);
    console.log(`[fuzz] ${outcomes.length} calls over ${methodNames.length} methods: ${[...byCode].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  });

  it('reads the methods from the contract, and finds good params for most to hide bad fields among', () => {
    expect(methodNames.length).toBeGreaterThan(20);
    for (const m of methodNames) expect(methods[m].params, m).toBeDefined();
    const withBase = methodNames.filter((m) => validBase(m) !== null);
    expect(withBase.length).toBeGreaterThan(methodNames.length / 2);
  });

  for (const m of methodNames) {
    it(`${m}: refuses bad params with BAD_PARAMS, never INTERNAL, never a crash`, async () => {
      const wrong: string[] = [];
      for (const [input, params] of generated(m)) {
        // Keep our dataset open: a fuzzed datasets.close or openSample may have changed it.
        if (s.dataset?.root !== real) s.open(dir);
        let accepted: boolean;
        try {
          accepted = methods[m].params.safeParse(params ?? {}).success;
        } catch (e) {
          throw new Error(`${m} (${input}): the schema itself threw ${String(e)}`);
        }
        if (accepted && OUTSIDE.has(m)) continue; // would really open a folder or fetch: not a fuzz target
        let code = 'OK';
        try {
          await Promise.race([
            dispatch(s, m, params),
            new Promise((_, reject) => setTimeout(() => reject(new Error(`${m} (${input}) did not answer in 20 s`)), 20_000)),
          ]);
        } catch (e) {
          code = isLightboxError(e) ? e.code : `not a LightboxError: ${String(e).slice(0, 200)}`;
          if ((e as Error).message?.length >= 1000) wrong.push(`${input}: a message of ${(e as Error).message.length} characters`);
        }
        outcomes.push({ method: m, input, accepted, code });
        if (accepted ? code === 'INTERNAL' : code !== 'BAD_PARAMS') wrong.push(`${input} (${accepted ? 'accepted by the schema' : 'refused by the schema'}) → ${code}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it('is still answering, with the store whole and nothing polluted', async () => {
    if (s.dataset?.root !== real) s.open(dir);
    expect(await dispatch(s, 'datasets.current', {})).toMatchObject({ root: real });
    expect(s.require().db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(outcomes.filter((o) => o.code === 'INTERNAL')).toEqual([]);
  });
});
