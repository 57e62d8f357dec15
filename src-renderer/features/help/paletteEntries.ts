import { type Action, type KeyContext, contextChain } from '../../keymap/actions.js';
import { keywordsOf } from './paletteKeywords.js';

/** A translator for one language: i18n key and values → text. */
export type Translate = (key: string, values?: Record<string, unknown>) => string;

export interface PaletteEntry {
  id: string;
  /** The label in each language; the first is the interface's language and is the one shown. */
  labels: string[];
  keywords: string[];
  keys: string[];
  when: KeyContext;
  action: Action;
}

/** The numbered actions that stand for the class with that hotkey, and the label an entry for a class gets. */
const CLASS_ACTIONS: { prefix: string; label: string }[] = [
  { prefix: 'class.apply.', label: 'palette.applyClass' },
  { prefix: 'region.class.', label: 'palette.regionClass' },
  { prefix: 'capture.hold.', label: 'palette.captureHold' },
];

/**
 * One entry per action of the keymap, except that a class key (1–9) becomes an entry named after
 * the class it applies ("Apply class: cat (1)"), and a key without a class has no entry.
 * `translators`: the interface's language first, then the others (both are searched).
 */
export function buildEntries(table: readonly Action[], classes: readonly { name: string; hotkey: string | null }[], translators: readonly Translate[]): PaletteEntry[] {
  const out: PaletteEntry[] = [];
  for (const a of table) {
    const numbered = CLASS_ACTIONS.find((c) => a.id.startsWith(c.prefix) && /^\d$/.test(a.id.slice(c.prefix.length)));
    const base = { id: a.id, keys: a.keys, when: a.when, action: a };
    if (numbered) {
      const n = a.id.slice(numbered.prefix.length);
      const cls = classes.find((c) => c.hotkey === n);
      if (!cls) continue;
      out.push({ ...base, labels: translators.map((t) => t(numbered.label, { name: cls.name, n })), keywords: [cls.name, ...keywordsOf(a.id)] });
    } else {
      out.push({ ...base, labels: translators.map((t) => t(a.label, a.labelArgs ?? {})), keywords: [a.id, ...keywordsOf(a.id)] });
    }
  }
  return out;
}

/**
 * How near an entry's context is to the current one: the context itself 0, the contexts it falls
 * back to next, then the contexts inside it (region mode inside the workspace), then the others.
 */
export function contextRank(when: KeyContext, context: KeyContext): number {
  const chain = contextChain(context);
  const i = chain.indexOf(when);
  if (i >= 0) return i;
  if (context !== 'global' && contextChain(when).includes(context)) return chain.length;
  return chain.length + 1;
}

/** The entry can run where the user is (it is in the current context's chain). */
export function runsHere(e: PaletteEntry, context: KeyContext): boolean {
  return contextChain(context).includes(e.when);
}

/** How well one typed word matches an entry; 0 when it does not. */
function wordScore(e: PaletteEntry, w: string): number {
  let best = 0;
  e.labels.forEach((label, i) => {
    const l = label.toLowerCase();
    const weight = i === 0 ? 1 : 0.9;
    let s = 0;
    if (l.startsWith(w)) s = 4;
    else if (new RegExp(`(^|[\\s·:：(（/-])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(l)) s = 3;
    else if (l.includes(w)) s = 2;
    best = Math.max(best, s * weight);
  });
  for (const k of e.keywords) {
    const kw = k.toLowerCase();
    if (kw.startsWith(w)) best = Math.max(best, 1.5);
    else if (kw.includes(w)) best = Math.max(best, 1);
  }
  return best;
}

/**
 * The entries that match every word of the query, best first; ties (and an empty query) go to
 * the current context's actions first, then in table order.
 */
export function rankEntries(entries: readonly PaletteEntry[], query: string, context: KeyContext): PaletteEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const scored: { e: PaletteEntry; score: number; rank: number; i: number }[] = [];
  entries.forEach((e, i) => {
    let score = 0;
    for (const w of words) {
      const s = wordScore(e, w);
      if (s === 0) return;
      score += s;
    }
    scored.push({ e, score, rank: contextRank(e.when, context), i });
  });
  scored.sort((a, b) => b.score - a.score || a.rank - b.rank || a.i - b.i);
  return scored.map((s) => s.e);
}
