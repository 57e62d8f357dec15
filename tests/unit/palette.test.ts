import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { buildEntries, rankEntries, type Translate } from '../../src-renderer/features/help/paletteEntries.js';
import { en } from '../../src-renderer/i18n/en.js';
import { zhCN } from '../../src-renderer/i18n/zhCN.js';
import { actions } from '../../src-renderer/keymap/actions.js';

const i18n = i18next.createInstance();
await i18n.init({ resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });
const tEn = i18n.getFixedT('en') as unknown as Translate;
const tZh = i18n.getFixedT('zh-CN') as unknown as Translate;
const classes = [
  { name: 'cat', hotkey: '1' },
  { name: 'dog', hotkey: '2' },
  { name: 'bird', hotkey: '3' },
  { name: 'fox', hotkey: null },
];
const entries = buildEntries(actions, classes, [tEn, tZh]);
const labels = (q: string, ctx: Parameters<typeof rankEntries>[2]) => rankEntries(entries, q, ctx).map((e) => e.labels[0]);

describe('command palette entries and ranking', () => {
  it('names classes, one entry per class with a key, none for a key without a class', () => {
    const apply = entries.filter((e) => e.id.startsWith('class.apply.')).map((e) => e.labels[0]);
    expect(apply).toEqual(['Apply class: cat (1)', 'Apply class: dog (2)', 'Apply class: bird (3)']);
    expect(labels('dog', 'workspace')[0]).toBe('Apply class: dog (2)');
    expect(entries.some((e) => e.labels[0]!.includes('{{'))).toBe(false);
  });

  it('puts the current screen’s actions first: no camera command among the first entries on the Label screen', () => {
    const first = rankEntries(entries, '', 'workspace').slice(0, 12);
    expect(first.every((e) => e.when === 'workspace')).toBe(true);
    const onCamera = rankEntries(entries, '', 'capture')[0]!;
    expect(onCamera.when).toBe('capture');
  });

  it('finds actions by synonym: brush, split, chinese', () => {
    expect(labels('brush', 'workspace')).toContain('Brush');
    expect(rankEntries(entries, 'brush', 'workspace')[0]!.id).toBe('region.tool.brush');
    expect(rankEntries(entries, 'mask', 'workspace')[0]!.id).toBe('region.tool.brush');
    expect(rankEntries(entries, 'split', 'library')[0]!.id).toBe('dialog.splits');
    expect(rankEntries(entries, 'train', 'library')[0]!.id).toBe('dialog.splits');
    expect(rankEntries(entries, 'chinese', 'global')[0]!.id).toBe('settings.language.zh-CN');
  });

  it('matches the label in the other language too', () => {
    expect(rankEntries(entries, '中文', 'global')[0]!.id).toBe('settings.language.zh-CN');
    expect(rankEntries(entries, '撤销', 'workspace')[0]!.id).toBe('history.undo');
    expect(rankEntries(entries, '统计', 'library')[0]!.id).toBe('nav.stats');
  });

  it('includes every screen and the settings', () => {
    const ids = new Set(entries.map((e) => e.id));
    for (const id of ['nav.library', 'nav.workspace', 'nav.stats', 'nav.capture', 'settings.language.en', 'settings.language.zh-CN', 'dialog.export', 'dialog.classes', 'dialog.splits'])
      expect(ids.has(id), id).toBe(true);
    // Every keymap action has an entry, except class keys with no class behind them.
    const numbered = /^(class\.apply|region\.class|capture\.hold)\.[4-9]$/;
    expect(actions.filter((a) => !numbered.test(a.id)).every((a) => ids.has(a.id))).toBe(true);
  });

  it('requires every typed word to match, best label match first', () => {
    expect(labels('go stat', 'workspace')).toEqual(['Go to statistics']);
    expect(rankEntries(entries, 'zzzz', 'workspace')).toEqual([]);
  });
});
