/**
 * File names that look like they identify a person: a long run of digits (a patient, record or
 * phone number: 6 or more), or a name from a list the caller gives (DICOM PatientName values,
 * a list of participants). A name matches when every word of it appears among the words of the
 * file name, in any order and case: "SMITH^JOHN" and "John Smith" both match `john_smith_01.jpg`.
 */

/** At least this many digits in a row look like an id. */
export const ID_DIGITS = 6;
export const MAX_NAMES = 10_000;

const words = (s: string): string[] =>
  s
    .normalize('NFKC')
    // camelCase and letter/digit boundaries split words: JohnSmith123 -> John Smith 123
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{L})(\p{N})|(\p{N})(\p{L})/gu, (_m, a, b, c, d) => (a ? `${a} ${b}` : `${c} ${d}`))
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

export class NameCheck {
  private readonly names: { shown: string; words: string[] }[];

  constructor(names: readonly string[] = []) {
    this.names = [];
    this.add(names);
  }

  /** Look for these names too (the PatientName of each exported DICOM file, read at export time). */
  add(names: readonly string[]): void {
    for (const n of names.slice(0, Math.max(0, MAX_NAMES - this.names.length))) {
      const w = [...new Set(words(n))].filter((x) => x.length >= 2);
      if (w.length > 0) this.names.push({ shown: n.trim(), words: w });
    }
  }

  /** Why `fileName` (a file name, not a path) looks identifying, or null. */
  reason(fileName: string): string | null {
    const dot = fileName.lastIndexOf('.');
    const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
    const digits = new RegExp(`\\d{${ID_DIGITS},}`).exec(stem);
    const have = new Set(words(stem));
    const name = this.names.find((n) => n.words.every((w) => have.has(w)));
    if (name) return `contains the name "${name.shown}"`;
    if (digits) return `contains a run of ${digits[0].length} digits (an id?)`;
    return null;
  }
}
