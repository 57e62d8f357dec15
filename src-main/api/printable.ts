/**
 * Characters a terminal or a log viewer acts on instead of showing: C0 controls (ESC, newline,
 * carriage return, bell…), DEL and the C1 controls (U+009B is a CSI on its own), the bidi
 * embeddings, overrides, isolates and marks that reorder what follows, and the Unicode line and
 * paragraph separators.
 */
export const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `c` as a `\uXXXX` escape: visible in a message, and a valid escape inside a JSON string. */
function escaped(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * A string from a file or the store as it may be shown in a message or on a terminal: every
 * character of UNPRINTABLE made visible as `\uXXXX`, so a file name cannot clear the screen, change
 * the window title, break a line in two or reverse the text after it. Cut to `max` characters.
 */
export function printable(s: string, max = 300): string {
  return s.replace(UNPRINTABLE, escaped).slice(0, max);
}

/** What JSON.stringify leaves raw inside strings: UNPRINTABLE without the C0 controls it escapes itself. */
const RAW_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON for a terminal: the same value, with the characters JSON leaves raw (DEL, C1, bidi, line
 * separators) escaped too. They only occur inside strings, where `\uXXXX` is the same character.
 */
export function printableJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(RAW_IN_JSON, escaped);
}
