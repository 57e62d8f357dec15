/**
 * The URL list format: one address per line, optionally followed by `,label` (or a tab and the
 * label). Blank lines and lines starting with `#` are ignored. A comma inside the address itself
 * (`.../w_100,h_100/a.jpg`) stays part of it: only a last comma followed by a plain word is a label.
 */

export interface UrlListEntry {
  /** 1-based line number in the list, for messages and for resuming. */
  line: number;
  url: string;
  label: string | null;
}

export const MAX_URL_LENGTH = 8192;
export const MAX_LABEL_LENGTH = 200;

export function parseUrlList(text: string): { entries: UrlListEntry[]; invalid: { line: number; text: string; reason: string }[] } {
  const entries: UrlListEntry[] = [];
  const invalid: { line: number; text: string; reason: string }[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((rawLine, i) => {
    const line = i + 1;
    const s = rawLine.trim();
    if (s === '' || s.startsWith('#')) return;
    let url = s;
    let label: string | null = null;
    const tab = s.indexOf('\t');
    if (tab >= 0) {
      url = s.slice(0, tab).trim();
      label = s.slice(tab + 1).trim() || null;
    } else {
      const comma = s.lastIndexOf(',');
      const tail = comma >= 0 ? s.slice(comma + 1).trim() : '';
      if (comma >= 0 && !/[/?=&]/.test(tail)) {
        url = s.slice(0, comma).trim();
        label = tail || null;
      }
    }
    if (label !== null) label = label.replace(/^"(.*)"$/, '$1').trim() || null;
    if (url.length > MAX_URL_LENGTH) return invalid.push({ line, text: s.slice(0, 200), reason: 'the address is too long' });
    if (label && (label.length > MAX_LABEL_LENGTH || /[\u0000-\u001f]/.test(label))) {
      return invalid.push({ line, text: s.slice(0, 200), reason: 'the label is too long or has control characters' });
    }
    entries.push({ line, url, label });
  });
  return { entries, invalid };
}
