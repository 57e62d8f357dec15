import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { buildEntries, rankEntries, type Translate } from '../../src-renderer/features/help/paletteEntries.js';
import { en } from '../../src-renderer/i18n/en.js';
import { zhCN } from '../../src-renderer/i18n/zhCN.js';
import { actions, conflicts, toolKeys } from '../../src-renderer/keymap/actions.js';

/** The assists are in the one key table: a key each, a label in both languages, found by the palette. */

const i18n = i18next.createInstance();
await i18n.init({ resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } }, lng: 'en', fallbackLng: false, interpolation: { escapeValue: false } });
const tEn = i18n.getFixedT('en') as unknown as Translate;
const tZh = i18n.getFixedT('zh-CN') as unknown as Translate;
const assistRows = actions.filter((a) => a.tool === 'wand' || a.tool === 'grabcut' || a.tool === 'threshold' || /^region\.(clean|convert|assist)\./.test(a.id));

describe('assist keys', () => {
  it('binds Q, U and T to the wand, GrabCut and threshold, with no key bound twice', () => {
    expect(toolKeys(actions, 'wand')).toEqual(['q']);
    expect(toolKeys(actions, 'grabcut')).toEqual(['u']);
    expect(toolKeys(actions, 'threshold')).toEqual(['t']);
    expect(conflicts(actions)).toEqual([]);
    expect(assistRows.length).toBe(3 + 5 + 2 + 1);
  });

  it('labels every assist action in English and Chinese (no key shown in place of a label)', () => {
    for (const a of assistRows) {
      for (const t of [tEn, tZh]) {
        const label = t(a.label, a.labelArgs ?? {});
        expect(label, a.id).not.toBe(a.label);
        expect(label.length, a.id).toBeGreaterThan(1);
      }
      expect(tZh(a.label, {}), a.id).not.toBe(tEn(a.label, {}));
    }
    for (const tool of ['wand', 'grabcut', 'threshold']) expect(tZh(`region.tool.${tool}`, {})).not.toBe(`region.tool.${tool}`);
  });

  it('the palette finds them by what a person would type', () => {
    const entries = buildEntries(actions, [], [tEn, tZh]);
    const first = (q: string) => rankEntries(entries, q, 'workspace')[0]?.id;
    expect(first('magic wand')).toBe('region.tool.wand');
    expect(first('grabcut')).toBe('region.tool.grabcut');
    expect(first('otsu')).toBe('region.tool.threshold');
    expect(first('fill holes')).toBe('region.clean.fillHoles');
    expect(first('魔棒')).toBe('region.tool.wand');
    expect(first('polygons')).toBe('region.convert.polygon');
  });
});
