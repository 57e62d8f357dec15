/**
 * The `metadata_props` of an ONNX file (ModelProto field 14: key/value strings), where Ultralytics
 * exports keep `names`, `imgsz` and `task`. The runtime does not expose them, so the top level of
 * the protobuf is walked here: every other field is skipped by its length, nothing is decoded.
 */

/** More entries, or longer values, than any real export carries: the file is refused rather than read on. */
const MAX_ENTRIES = 1000;
const MAX_VALUE_BYTES = 1024 * 1024;

class Reader {
  pos = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly end = bytes.byteLength,
  ) {}

  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) throw new Error('truncated varint');
      const b = this.bytes[this.pos++]!;
      // Lengths and keys beyond 2^53 mean the file is not what it claims; stop before precision goes.
      if (shift > 49) throw new Error('varint too long');
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.advance(8);
    else if (wireType === 2) this.advance(this.varint());
    else if (wireType === 5) this.advance(4);
    else throw new Error(`unknown wire type ${wireType}`);
  }

  advance(n: number): void {
    if (n > this.end - this.pos) throw new Error('field runs past the end of the file');
    this.pos += n;
  }
}

function readEntry(bytes: Uint8Array, start: number, end: number): [string, string] {
  const r = new Reader(bytes, end);
  r.pos = start;
  let key = '';
  let value = '';
  const text = new TextDecoder('utf-8', { fatal: false });
  while (r.pos < end) {
    const tag = r.varint();
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if ((field === 1 || field === 2) && wire === 2) {
      const len = r.varint();
      if (len > MAX_VALUE_BYTES) throw new Error('a metadata value is larger than 1 MB');
      const at = r.pos;
      r.advance(len);
      const s = text.decode(bytes.subarray(at, at + len));
      if (field === 1) key = s;
      else value = s;
    } else r.skip(wire);
  }
  return [key, value];
}

/**
 * The metadata of an ONNX file as a map. Throws (a plain Error with the reason) on bytes that are
 * not a well-formed protobuf at the top level; the caller turns it into the user's message.
 */
export function onnxMetadata(bytes: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  const r = new Reader(bytes);
  while (r.pos < r.end) {
    const tag = r.varint();
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (field === 0) throw new Error('field number 0');
    if (field === 14 && wire === 2) {
      const len = r.varint();
      const at = r.pos;
      r.advance(len);
      if (out.size >= MAX_ENTRIES) throw new Error(`more than ${MAX_ENTRIES} metadata entries`);
      const [k, v] = readEntry(bytes, at, at + len);
      out.set(k, v);
    } else r.skip(wire);
  }
  return out;
}
