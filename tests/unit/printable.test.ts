import { describe, expect, it } from 'vitest';
import { printable, printableJson } from '../../src-main/api/printable.js';

describe('printable: a name from a file or the store, as a terminal may show it', () => {
  it('makes every character a terminal acts on visible, and keeps the rest', () => {
    expect(printable('empty\u001b[2J.png')).toBe('empty\\u001b[2J.png');
    expect(printable('a\nb\rc\td\u0007')).toBe('a\\u000ab\\u000dc\\u0009d\\u0007');
    // DEL, and the C1 controls: U+009B alone starts a control sequence on many terminals.
    expect(printable('x\u007f\u0085\u009b2J')).toBe('x\\u007f\\u0085\\u009b2J');
    // Bidi overrides, isolates and marks would reorder what follows ("gpj.exe" shown as "exe.jpg").
    expect(printable('\u202egpj.exe \u2066a\u2069 \u200e\u200f\u061c')).toBe('\\u202egpj.exe \\u2066a\\u2069 \\u200e\\u200f\\u061c');
    expect(printable('line\u2028para\u2029')).toBe('line\\u2028para\\u2029');
    expect(printable('猫/café 🐱.jpg')).toBe('猫/café 🐱.jpg');
  });

  it('cuts a long string to the length asked (300 by default)', () => {
    expect(printable('n'.repeat(10_000))).toHaveLength(300);
    expect(printable('n'.repeat(10_000), Number.POSITIVE_INFINITY)).toHaveLength(10_000);
  });

  it('printableJson is the same value as JSON, with no raw control or bidi character', () => {
    const value = { name: 'a\u001b\u009b\u202e\u2028b', n: 1, list: ['\n'] };
    const text = printableJson(value);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
