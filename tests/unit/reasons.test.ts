import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import i18next from 'i18next';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeDicom } from '../../src-main/imaging/dicomFile.js';
import { probeImage } from '../../src-main/imaging/probe.js';
import { en } from '../../src-renderer/i18n/en.js';
import { reasonText } from '../../src-renderer/i18n/reasons.js';
import { zhCN } from '../../src-renderer/i18n/zhCN.js';
import { pngDeclaring } from '../helpers/craftedImages.js';
import { BASIC_TEXT_SR, makeDicom } from '../helpers/makeDicom.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-reasons-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const zh = i18next.createInstance();
beforeAll(async () => {
  await zh.init({ resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } }, lng: 'zh-CN', fallbackLng: 'en', interpolation: { escapeValue: false } });
});

/** The reasons the main process really gives for broken files, each made here. */
async function realReasons(): Promise<Record<string, string>> {
  const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#884422' } }).jpeg().toBuffer();
  const tiff = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#884422' } }).tiff().toBuffer();
  // A TIFF whose SamplesPerPixel says 9: libvips says "tiff2vips: samples out of range" or the like.
  const badTiff = Buffer.from(tiff);
  for (let i = 8; i + 12 <= badTiff.length; i += 2) if (badTiff.readUInt16LE(i) === 277 && badTiff.readUInt16LE(i + 2) === 3) badTiff.writeUInt16LE(9, i + 8);
  const files: Record<string, Buffer> = {
    'truncated.jpg': jpeg.subarray(0, jpeg.length / 3),
    'empty.png': Buffer.alloc(0),
    'text.png': Buffer.from('these are not pixels'),
    'huge.png': pngDeclaring(60_000, 60_000),
    'odd.tif': badTiff,
  };
  const out: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(files)) {
    const r = await probeImage(bytes);
    if (!r.ok) out[name] = r.reason;
  }
  const dicoms: Record<string, Buffer> = {
    'report.dcm': makeDicom({ rows: 8, columns: 8, noPixelData: true, sopClassUid: BASIC_TEXT_SR, modality: 'SR' }),
    'short.dcm': makeDicom({ rows: 64, columns: 64, declare: { frames: 1000 } }),
    'wavelet.dcm': makeDicom({ rows: 8, columns: 8, transferSyntax: '1.2.840.10008.1.2.4.100' }),
  };
  for (const [name, bytes] of Object.entries(dicoms)) {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, bytes);
    const r = await probeDicom(file);
    if (!r.ok) out[name] = r.reason;
  }
  return out;
}

/** English words of four letters or more left in a Chinese text, names of formats aside. */
function englishLeft(text: string): string[] {
  return (text.match(/[A-Za-z]{4,}/g) ?? []).filter((w) => !/^(DICOM|DICM|JPEG|MPEG|Lightbox|TIFF)$/.test(w));
}

describe('reasons for unreadable files', () => {
  it('are all translated in the Chinese interface, with the numbers they carry', async () => {
    const reasons = await realReasons();
    expect(Object.keys(reasons).sort()).toEqual(['empty.png', 'huge.png', 'odd.tif', 'report.dcm', 'short.dcm', 'text.png', 'truncated.jpg', 'wavelet.dcm']);
    for (const [file, reason] of Object.entries(reasons)) {
      const text = reasonText(zh.t, reason);
      expect(text, `${file}: ${reason}`).toMatch(/[\u4e00-\u9fff]/);
      // The kind of DICOM object and the codec's name stay as the standard names them.
      if (file !== 'report.dcm' && file !== 'wavelet.dcm') expect(englishLeft(text), `${file}: ${reason} → ${text}`).toEqual([]);
    }
    expect(reasonText(zh.t, reasons['short.dcm'])).toContain('1000 帧 64×64');
  });

  it('never pass a decoder library\'s own words to the person', async () => {
    const reasons = await realReasons();
    for (const reason of Object.values(reasons)) expect(reason).not.toMatch(/vips|tiff2|jpeg2vips|png2vips|libpng|Input (file|buffer)|corrupt header:/i);
  });

  it('read in English exactly as the main process wrote them', () => {
    const t = i18next.createInstance();
    void t.init({ resources: { en: { translation: en } }, lng: 'en', interpolation: { escapeValue: false } });
    for (const r of ['file is truncated or damaged (it could not be decoded)', 'has no frame 3 (it has 2)', 'compressed with JPEG 2000 Part 2, which Lightbox cannot decode', 'something new'])
      expect(reasonText(t.t, r)).toBe(r);
  });
});
