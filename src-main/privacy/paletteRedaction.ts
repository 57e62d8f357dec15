/**
 * PALETTE COLOR pixels for redaction (PS3.3 C.7.6.3.1.5): each stored value is an index into
 * three lookup tables. A fill writes the index of a black entry where the palette has one; a
 * palette without one, or a blur (indices cannot be averaged), needs the pixels as RGB. Works on
 * dcmjs elements, as deidentify.ts reads them.
 */

interface Element {
  vr: string;
  Value?: unknown[];
}

export interface DictPalette {
  /** Stored value of entry 0; values below map to entry 0, above the last to the last. */
  firstMapped: number;
  /** Bits per entry (8 or 16). */
  bits: number;
  red: Uint16Array;
  green: Uint16Array;
  blue: Uint16Array;
}

const DESCRIPTORS = ['00281101', '00281102', '00281103'];
const DATA = ['00281201', '00281202', '00281203'];
/** Every palette attribute, removed when the pixels become RGB. */
export const PALETTE_TAGS = [...DESCRIPTORS, ...DATA, '00281104', '00281199', '00281221', '00281222', '00281223'];

/** The palette of a data set, or the reason it cannot be used. */
export function paletteOf(dict: Record<string, Element>, signed: boolean): DictPalette | string {
  if (dict['00281221'] || dict['00281222'] || dict['00281223']) return 'is segmented, which Lightbox does not rewrite';
  const desc = dict[DESCRIPTORS[0]!]?.Value;
  if (!desc || desc.length < 3) return 'has no lookup table descriptor';
  const entries = Number(desc[0]) || 65536;
  const firstRaw = Number(desc[1]) || 0;
  const firstMapped = signed && firstRaw >= 0x8000 ? firstRaw - 0x10000 : firstRaw;
  const bits = Number(desc[2]) || 16;
  const lut = (tag: string): Uint16Array | null => {
    const v = dict[tag]?.Value;
    const buf = v?.[0];
    const out = new Uint16Array(entries);
    if (buf instanceof ArrayBuffer) {
      if (buf.byteLength >= entries * 2) out.set(new Uint16Array(buf, 0, entries));
      else if (buf.byteLength >= entries) out.set(new Uint8Array(buf, 0, entries));
      else return null;
    } else if (v && v.length >= entries && v.every((x) => typeof x === 'number')) {
      out.set(v.slice(0, entries) as number[]);
    } else {
      return null;
    }
    return out;
  };
  const [red, green, blue] = DATA.map(lut);
  if (!red || !green || !blue) return 'is missing or shorter than its descriptor says';
  return { firstMapped, bits, red, green, blue };
}

/** The stored value whose entry is black in all three tables, or null when the palette has none. */
export function blackIndex(p: DictPalette): number | null {
  for (let k = 0; k < p.red.length; k++) if (p.red[k] === 0 && p.green[k] === 0 && p.blue[k] === 0) return p.firstMapped + k;
  return null;
}

/** 8-bit interleaved RGB of `indices` through the palette, reduced to 8 bits as Lightbox's decoder shows it. */
export function paletteToRgb(indices: ArrayLike<number>, p: DictPalette): Uint8Array {
  const n = p.red.length;
  const shift = p.bits > 8 ? p.bits - 8 : 0;
  const eight = (v: number) => (shift > 0 ? v >>> shift : v & 0xff);
  const r8 = Uint8Array.from(p.red, eight);
  const g8 = Uint8Array.from(p.green, eight);
  const b8 = Uint8Array.from(p.blue, eight);
  const out = new Uint8Array(indices.length * 3);
  for (let i = 0; i < indices.length; i++) {
    const k = Math.max(0, Math.min(n - 1, indices[i]! - p.firstMapped));
    out[i * 3] = r8[k]!;
    out[i * 3 + 1] = g8[k]!;
    out[i * 3 + 2] = b8[k]!;
  }
  return out;
}
