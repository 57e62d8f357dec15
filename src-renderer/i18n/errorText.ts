import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { errorTemplatesZhCN, errorWordsZhCN } from './errorMessages.js';
import { reasonText } from './reasons.js';

/**
 * A main-process error message in the interface's language. The main process writes English (the
 * CLI prints it as it is); in Chinese the message is matched against the templates of
 * errorMessages.ts and retold with its names and numbers carried over. A message with no template
 * is shown as written.
 */

interface Template {
  names: string[];
  re: RegExp;
  /** Characters of fixed text: among templates that match, the most specific one wins. */
  literal: number;
  zh: string;
}

const HOLE = /\{\{(\w+)\}\}/g;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let templates: Template[] | null = null;

function compiled(): Template[] {
  if (templates) return templates;
  templates = Object.entries(errorTemplatesZhCN).map(([key, zh]) => {
    const names: string[] = [];
    let source = '^';
    let literal = 0;
    let last = 0;
    for (const m of key.matchAll(HOLE)) {
      source += escape(key.slice(last, m.index));
      literal += m.index - last;
      source += '([\\s\\S]*?)';
      names.push(m[1]!);
      last = m.index + m[0].length;
    }
    source += `${escape(key.slice(last))}$`;
    literal += key.length - last;
    return { names, re: new RegExp(source), literal, zh };
  });
  templates.sort((a, b) => b.literal - a.literal);
  return templates;
}

/** The Chinese for an English message (or a part of one), or null when no template fits it. */
export function messageZhCN(t: TFunction, message: string, depth = 0): string | null {
  if (message === '') return '';
  for (const tpl of compiled()) {
    const m = tpl.re.exec(message);
    if (!m) continue;
    const values: Record<string, string> = {};
    let fits = true;
    tpl.names.forEach((name, i) => {
      const value = m[i + 1] ?? '';
      if (name.startsWith('lib')) return;
      if (name === 'reason') {
        // An image's reason (reasons.ts), else another reason of ours; a decoder's own words are not passed on.
        const reason = reasonText(t, value);
        const ours = reason === value && depth < 4 ? messageZhCN(t, value, depth + 1) : null;
        values[name] = reason !== value || /^[^A-Za-z]*$/.test(value) ? reason : (ours ?? t('reasons.notDecoded'));
      }
      else if (name.startsWith('part')) {
        // A part that is not one of its closed set means this template was the wrong fit.
        const part = depth < 4 ? messageZhCN(t, value, depth + 1) : null;
        if (part === null) fits = false;
        else values[name] = part;
      } else values[name] = errorWordsZhCN[value] ?? value;
    });
    if (fits) return tpl.zh.replace(HOLE, (_, name: string) => values[name] ?? '');
  }
  return null;
}

/** An error's message in `language`: Chinese where a template fits, else as the main process wrote it. */
export function errorText(t: TFunction, language: string, message: string): string {
  if (!language.startsWith('zh')) return message;
  return messageZhCN(t, message) ?? message;
}

/** The message of anything thrown (a LightboxError from the bridge, a plain Error). */
export function thrownMessage(e: unknown): string {
  return e instanceof Error ? e.message : typeof (e as { message?: unknown })?.message === 'string' ? (e as { message: string }).message : String(e);
}

/** `errorText` bound to the current language, for components. */
export function useErrorText(): (message: string | null | undefined) => string {
  const { t, i18n } = useTranslation();
  return useCallback((message) => (message ? errorText(t, i18n.language, message) : ''), [t, i18n.language]);
}

/**
 * Why a file or an entry was skipped (an import summary, a drop summary): a reason for an unreadable
 * image (reasons.ts), or another reason of the main process, from the same templates as errors.
 */
export function problemText(t: TFunction, language: string, reason: string | null | undefined): string {
  if (!reason) return '';
  const known = reasonText(t, reason);
  if (known !== reason || !language.startsWith('zh')) return known;
  return messageZhCN(t, reason) ?? reason;
}
