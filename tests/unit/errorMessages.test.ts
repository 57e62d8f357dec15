import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import i18next, { type TFunction } from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLightboxError } from '../../src-main/api/errors.js';
import { resolveInside } from '../../src-main/dataset/pathSafety.js';
import { checkOutputFolder } from '../../src-main/formats/exportFolder.js';
import { refuseUrl } from '../../src-main/dataset/safeFetch.js';
import { resolveImageRef } from '../../src-main/formats/importedImages.js';
import { parseXml } from '../../src-main/formats/xmlLite.js';
import { openZip } from '../../src-main/teams/zipRead.js';
import { en } from '../../src-renderer/i18n/en.js';
import { errorTemplatesZhCN, errorWordsZhCN } from '../../src-renderer/i18n/errorMessages.js';
import { errorText, messageZhCN, problemText } from '../../src-renderer/i18n/errorText.js';
import { zhCN } from '../../src-renderer/i18n/zhCN.js';
import { type ScannedMessage, scanErrorMessages } from '../helpers/errorMessageScan.js';

/**
 * Every LightboxError message of src-main, found by reading the source, has a Chinese rendering
 * with no English words left (names of formats, options the user types, units and placeholders
 * aside), so a message added without its translation fails here.
 */

const HOLE = /\{\{(\w+)\}\}/g;
const normalized = (key: string) => key.replace(HOLE, '{}');

/** Words a Chinese message may keep: formats, file and field names the user sees in files, units, option values typed as they are. */
const KEPT = new Set(
  ('JPEG PNG WebP DICOM CSV JSON COCO YOLO XML DOCTYPE CDATA ONNX SAM GrabCut Ultralytics NCHW RGB MB GB px URL UNC NUL UTF RPC ' +
    'Lightbox Studio Markdown Pascal VOC Annotations labelme segment anything imagefolder csv hf zip image_embeddings orig_im_size ' +
    'float32 uint8 names labels JSON-RPC UTF-8 segment-anything resolved annotator all unlabeled labeled class folder keep png none true decoderPath wal shm ' +
    // Keys and values of the label files themselves, as the user finds them in the file.
    'images annotations categories image_id category_id file_name id imagePath shapes filename name bndbox train val test ' +
    'http https IPv4 IPv6 NAT GIF TIFF BMP dicom coco masks yolo voc webdataset parquet ImageFolder NAME').split(' '),
);

/** English words left in a Chinese text once placeholders, `code`, --options and file names are taken out. */
function englishLeft(zh: string): string[] {
  const rest = zh
    .replace(HOLE, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/--[\w-]+/g, ' ')
    .replace(/[\w-]*\.[\w.]+/g, ' ');
  return (rest.match(/[A-Za-z][A-Za-z0-9_-]+/g) ?? []).filter((w) => !KEPT.has(w));
}

/** Where a message is passed on whole (a payload from a thread, a rethrow): it was scanned where it was written. */
const PASSED_ON = [
  ['src-main/api/errors.ts', 'p.message'],
  ['src-main/services/dispatch.ts', 'p.message'],
  ['src-main/cli/cliHost.ts', 'end.error?.message'],
  ['src-main/formats/importRun.ts', 'm.message'],
  ['src-main/jobs/JobManager.ts', 'e.message'],
  ['src-main/models/predictThreads.ts', 'm.message'],
  ['src-main/vision/sam/samThread.ts', 'e.message'],
  ['src-main/vision/sam/samWorker.ts', 'e.message'],
  ['src-main/vision/sam/samWorker.ts', 'String(e)'],
  ['src-main/imaging/dicomThread.ts', 't.message'],
];

/**
 * Texts the scan cannot see whole: a path refusal retold as a reason (importedImages.ts rewrites
 * 'Refused path "x": it …' into 'it …'), and a default parameter's value.
 */
const REACHED_UNSEEN = [
  ...['it {{part}}.', 'it is a link that leads nowhere.', 'it resolves outside the dataset folder.', 'image file not found'],
  // safeFetch.ts networkReason: a download's network failure by its error code.
  ...['the host name was not found', 'the host name could not be resolved (no network?)', 'the server refused the connection', 'the server closed the connection'],
  ...['the connection timed out', 'the host is unreachable', 'the network is unreachable', 'the server certificate has expired'],
  ...['the server certificate is self-signed', 'the server certificate does not match the host name', 'network error: {{lib}}'],
];

const { messages: scanned, reasons } = scanErrorMessages();
const wholeHoles = (m: ScannedMessage) => /^(\{\})*$/.test(m.template);
const keysByShape = new Map<string, string[]>();
for (const key of Object.keys(errorTemplatesZhCN)) keysByShape.set(normalized(key), [...(keysByShape.get(normalized(key)) ?? []), key]);

let t: TFunction;
let tEn: TFunction;
beforeAll(async () => {
  const zh = i18next.createInstance();
  await zh.init({ resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } }, lng: 'zh-CN', fallbackLng: 'en', interpolation: { escapeValue: false } });
  t = zh.t;
  const english = i18next.createInstance();
  await english.init({ resources: { en: { translation: en } }, lng: 'en', interpolation: { escapeValue: false } });
  tEn = english.t;
});

describe('every LightboxError message of src-main has Chinese', () => {
  it('finds the messages by reading the source', () => {
    // The scan reaches messages built by wrappers (a zip refusal, a model config problem) and closed sets of parts.
    expect(scanned.length).toBeGreaterThan(250);
    expect(scanned.some((m) => m.template === 'Refused path "{}": it {}.' && m.holes[1]!.part)).toBe(true);
    expect(scanned.some((m) => m.part && m.template === 'leaves its folder (..)')).toBe(true);
    expect(scanned.some((m) => m.part && m.template === 'it has no manifest.json (is it a Lightbox task package?)')).toBe(true);
  });

  it('has a template for each message, named by what fills its holes', () => {
    const missing: string[] = [];
    const misnamed: string[] = [];
    for (const m of scanned) {
      if (wholeHoles(m)) continue;
      const keys = keysByShape.get(m.template);
      if (!keys) {
        missing.push(`${m.file}:${m.line}  ${m.template}`);
        continue;
      }
      expect(keys, `one template for ${m.template}`).toHaveLength(1);
      const names = [...keys[0]!.matchAll(HOLE)].map((x) => x[1]!);
      m.holes.forEach((h, i) => {
        const name = names[i]!;
        const lib = /message|String\(e|Reason\(e\)/.test(h.source) && !/decodeFailureReason/.test(h.source);
        const reason = /decodeFailureReason|\.error\b(?!\.issues)/.test(h.source);
        // A part must be translated as one; an error's own words are dropped (or, from a decoder, told as a reason).
        const want = h.part ? name.startsWith('part') : reason ? name === 'reason' : lib ? /^(lib|reason|part)/.test(name) : true;
        if (!want) misnamed.push(`${m.file}:${m.line}  {{${name}}} is filled by ${h.source}${h.part ? ' (a part)' : ''}`);
      });
    }
    expect(missing, 'messages with no Chinese template in src-renderer/i18n/errorMessages.ts').toEqual([]);
    expect(misnamed).toEqual([]);
  });

  it('leaves no message passed on whole outside the known rethrows', () => {
    const passed = scanned.filter((m) => wholeHoles(m) && !m.part && m.template !== '');
    for (const m of passed) expect(PASSED_ON.some(([file, source]) => m.file === file && m.holes.every((h) => h.source.includes(source!))), `${m.file}:${m.line} ${m.holes.map((h) => h.source).join()}`).toBe(true);
  });

  it('keeps no template that no message uses any more', () => {
    const shapes = new Set([...scanned, ...reasons].map((m) => m.template));
    expect(Object.keys(errorTemplatesZhCN).filter((k) => !shapes.has(normalized(k)) && !REACHED_UNSEEN.includes(k))).toEqual([]);
  });

  it('writes each template in Chinese, with its names and numbers and without English or library words', () => {
    const problems: string[] = [];
    for (const [key, zh] of Object.entries(errorTemplatesZhCN)) {
      const names = new Set([...key.matchAll(HOLE)].map((x) => x[1]!));
      const used = [...zh.matchAll(HOLE)].map((x) => x[1]!);
      for (const n of used) if (!names.has(n) || n.startsWith('lib')) problems.push(`${key}: shows {{${n}}}`);
      for (const n of names) if (!n.startsWith('lib') && !used.includes(n)) problems.push(`${key}: drops {{${n}}}`);
      const left = englishLeft(zh);
      if (left.length > 0) problems.push(`${key}: English left: ${left.join(', ')}`);
    }
    for (const [word, zh] of Object.entries(errorWordsZhCN)) if (englishLeft(zh).length > 0) problems.push(`${word}: ${zh}`);
    expect(problems).toEqual([]);
  });

  it('turns each message, its holes filled, into that Chinese', () => {
    for (const m of scanned) {
      // A part's own entries are checked above; a message with one is checked by the real refusals below.
      if (wholeHoles(m) || /\{\{part/.test(keysByShape.get(m.template)![0]!)) continue;
      let i = 0;
      const message = m.template.replace(/\{\}/g, () => `${++i * 7}`);
      const zh = messageZhCN(t, message);
      expect(zh, message).not.toBeNull();
      expect(englishLeft(zh!), message).toEqual([]);
    }
  });
});

describe('every reason an import or a drop gives for a skipped item has Chinese', () => {
  it('finds the reasons in the source', () => {
    expect(reasons.some((r) => r.template === 'not inside a class folder')).toBe(true);
    expect(reasons.some((r) => r.template === 'the box lies outside the image or has no area')).toBe(true);
  });

  it('turns each, its holes filled, into Chinese with no English left', () => {
    const problems: string[] = [];
    for (const r of reasons) {
      const key = keysByShape.get(r.template)?.[0];
      // One filled from a closed set is checked through its parts' own entries (and the real refusals below).
      if (wholeHoles(r) || (key && /\{\{part/.test(key))) continue;
      let i = 0;
      const reason = r.template.replace(/\{\}/g, () => `${++i * 7}`);
      const zh = problemText(t, 'zh-CN', reason);
      if (zh === reason || englishLeft(zh).length > 0) problems.push(`${r.file}:${r.line}  ${reason}  →  ${zh}`);
      expect(problemText(tEn, 'en', reason)).toBe(reason);
    }
    expect(problems).toEqual([]);
  });
});

describe('real refusals read in Chinese', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-errzh-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  async function messageOf(run: () => unknown): Promise<string> {
    try {
      await run();
    } catch (e) {
      if (isLightboxError(e)) return e.message;
      throw e;
    }
    throw new Error('expected a refusal');
  }

  it('a path that leaves the dataset, a relative export folder, broken XML and a zip that is not one', async () => {
    fs.writeFileSync(path.join(tmp, 'not.lbx'), 'these are not zip bytes');
    const cases: [string, string][] = [
      [await messageOf(() => resolveInside(tmp, '../../etc/passwd')), '已拒绝路径 "../../etc/passwd"：跳出了所在文件夹（..）。'],
      [await messageOf(() => checkOutputFolder(tmp, 'exports/out', false)), '导出文件夹必须是完整路径；"exports/out" 是相对路径。'],
      [await messageOf(() => parseXml('<a><b></a>', 'cat.xml')), 'cat.xml 不是格式正确的 XML：</a> 与 <b> 不匹配。'],
      [await messageOf(() => openZip(path.join(tmp, 'not.lbx'), 'task package')), '此任务包未能打开：不是可读取的 zip 文件。请索取该文件的新副本。'],
    ];
    for (const [english, chinese] of cases) {
      expect(errorText(t, 'zh-CN', english)).toBe(chinese);
      // The English interface and the CLI keep the main process's words.
      expect(errorText(t, 'en', english)).toBe(english);
    }
  });

  it('an import reference that leaves its folder, or a link out of the dataset, in the problem list', () => {
    fs.mkdirSync(path.join(tmp, 'ds'), { recursive: true });
    fs.mkdirSync(path.join(tmp, 'outside'));
    fs.writeFileSync(path.join(tmp, 'outside', 'cat.jpg'), 'x');
    fs.symlinkSync(path.join(tmp, 'outside'), path.join(tmp, 'ds', 'out'));
    const refused = (ref: string) => {
      const r = resolveImageRef(ref, [], path.join(tmp, 'ds'), new Map());
      if (r.ok) throw new Error(`${ref} was taken`);
      return r.reason;
    };
    expect(problemText(t, 'zh-CN', refused('../cat.jpg'))).toBe('已拒绝：该路径跳出了所在文件夹（..）');
    expect(problemText(t, 'zh-CN', refused('out/cat.jpg'))).toBe('已拒绝：它指向数据集文件夹之外。');
    expect(problemText(t, 'zh-CN', refused('missing.jpg'))).toBe('找不到图像文件');
  });

  it('a URL of an import refused before any download', () => {
    expect(problemText(t, 'zh-CN', refuseUrl(new URL('ftp://example.com/a.jpg'), false))).toBe('只导入 http 和 https 网址，不导入 ftp');
    expect(problemText(t, 'zh-CN', refuseUrl(new URL('http://127.0.0.1/a.jpg'), false))).toBe('127.0.0.1，它是回环地址（本机）；如果这是有意的，请为此次导入允许访问私有网络');
  });

  it('shows a message it has no template for as written', () => {
    expect(errorText(t, 'zh-CN', 'A message nobody wrote a template for')).toBe('A message nobody wrote a template for');
  });
});
