import { describe, expect, it } from 'vitest';
import { ValueImage, decodeValues, windowGrey } from '../../src-renderer/canvas/valueLut.js';
import { applyWindow } from '../../src-main/imaging/window.js';

/** The grey byte of an RGBA pixel written as Uint32 (R = G = B, A = 255). */
const grey = (px: number) => {
  const b = new Uint8Array(new Uint32Array([px]).buffer);
  // Not an opaque grey: NaN, which no expected byte equals.
  return b[1] === b[0] && b[2] === b[0] && b[3] === 255 ? b[0]! : Number.NaN;
};

describe('the renderer window/level lookup table', () => {
  // Every HU from −1100 to 3100 through windows that put edges on, between and off integers.
  const hu = Int16Array.from({ length: 4201 }, (_, i) => i - 1100);
  const windows: [number, number][] = [
    [40, 400],
    [-600, 1500],
    [40, 80],
    [40, 40],
    [600, 2800],
    [0.5, 1],
    [100, 1],
    [10.25, 7.5],
    [-1024, 3],
  ];

  it('gives every value the byte PS3.3 C.11.2.1.2 gives, exactly as exports and thumbnails do (imaging/window.ts)', () => {
    const img = new ValueImage(hu, hu.length, 1, hu[0]!, hu[hu.length - 1]!);
    const out = new Uint32Array(hu.length);
    for (const [c, w] of windows) {
      img.render({ center: c, width: w }, out);
      const expected = applyWindow({ data: hu }, c, w);
      expect(Array.from(out, grey), `window ${c}/${w}`).toEqual(Array.from(expected));
    }
  });

  it('follows the formula at the window edges (40/400: −160.5 and below black, above 239.5 white)', () => {
    expect([windowGrey(-161, 40, 400), windowGrey(-160, 40, 400), windowGrey(239, 40, 400), windowGrey(240, 40, 400)]).toEqual([0, 0, 255, 255]);
    // Middle: ((x − (c − 0.5)) / (w − 1) + 0.5) × 255 at x = 40: (0.5 / 399 + 0.5) × 255 → 128.
    expect(windowGrey(40, 40, 400)).toBe(Math.round((0.5 / 399 + 0.5) * 255));
  });

  it('matches LINEAR_EXACT and SIGMOID as the file may ask, and inverts MONOCHROME1', () => {
    const img = new ValueImage(hu, hu.length, 1, hu[0]!, hu[hu.length - 1]!, true);
    const out = new Uint32Array(hu.length);
    for (const fn of ['LINEAR_EXACT', 'SIGMOID'] as const) {
      img.render({ center: 50, width: 350, fn }, out);
      expect(Array.from(out, grey), fn).toEqual(Array.from(applyWindow({ data: hu, invert: true }, 50, 350, fn)));
    }
  });

  it('windows fractional values one by one, exactly', () => {
    const f = Float32Array.from({ length: 1000 }, (_, i) => -10 + i * 0.37);
    const img = new ValueImage(f, 1000, 1, f[0]!, f[999]!);
    const out = new Uint32Array(1000);
    img.render({ center: 100, width: 120.5 }, out);
    expect(Array.from(out, grey)).toEqual(Array.from(applyWindow({ data: f }, 100, 120.5)));
  });

  it('windows only the screen: each device pixel takes the value of the image pixel under its centre', () => {
    // 4 × 2 image, values 0..7; at scale 2, offset (1, 0), a 10 × 4 screen.
    const v = Uint16Array.from({ length: 8 }, (_, i) => i * 100);
    const img = new ValueImage(v, 4, 2, 0, 700);
    const out = new Uint32Array(10 * 4);
    img.renderView({ center: 350.5, width: 701 }, out, 10, 4, { x: 1, y: 0, scale: 2 });
    // Column 0 is left of the image (transparent); columns 1–2 show x = 0, 3–4 x = 1, ...; column 9 is off the right.
    const row0 = Array.from(out.slice(0, 10), (p) => (p === 0 ? null : grey(p)));
    const g = (x: number) => windowGrey(x, 350.5, 701);
    expect(row0).toEqual([null, g(0), g(0), g(100), g(100), g(200), g(200), g(300), g(300), null]);
    expect(grey(out[3 * 10 + 1]!)).toBe(g(400));
  });

  it('shows every view as the formula gives it, pixel for pixel: zoomed in and out, panned off the image, on a high-density screen, window after window', () => {
    const W = 37;
    const H = 23;
    const ints = Int16Array.from({ length: W * H }, (_, i) => ((i * 97) % 4200) - 1100);
    const floats = Float32Array.from(ints, (x) => x / 4);
    const u16 = Uint16Array.from({ length: W * H }, (_, i) => (i * 1009) % 65536);
    const cases = [
      { img: new ValueImage(ints, W, H, -1100, 3099), values: ints },
      { img: new ValueImage(floats, W, H, -275, 774.75), values: floats },
      { img: new ValueImage(u16, W, H, 0, 65535, true), values: u16, invert: true },
    ];
    const views = [
      { x: 0, y: 0, scale: 1 },
      { x: -13.5, y: -40, scale: 5.5 },
      { x: 20, y: 7, scale: 0.37 },
      { x: 3, y: -2, scale: 2 },
    ];
    for (const { img, values, invert } of cases) {
      for (const [c, w] of [[40, 400], [-600, 1500], [30000, 9000]] as [number, number][]) {
        for (const view of views) {
          for (const dpr of [1, 2]) {
            const cols = 41;
            const rows = 29;
            const out = new Uint32Array(cols * rows).fill(0xdeadbeef);
            img.renderView({ center: c, width: w }, out, cols, rows, view, dpr);
            // Off the image: transparent (null); on it, the grey of the value under the pixel's centre.
            const want: (number | null)[] = [];
            for (let j = 0; j < rows; j++) {
              for (let i = 0; i < cols; i++) {
                const x = Math.floor(((i + 0.5) / dpr - view.x) / view.scale);
                const y = Math.floor(((j + 0.5) / dpr - view.y) / view.scale);
                const g = x < 0 || y < 0 || x >= W || y >= H ? null : windowGrey(values[y * W + x]!, c, w);
                want.push(g === null ? null : invert ? 255 - g : g);
              }
            }
            expect(Array.from(out, (px) => (px === 0 ? null : grey(px))), `${c}/${w}, view ${JSON.stringify(view)}, dpr ${dpr}`).toEqual(want);
          }
        }
      }
    }
  });

  it('reads the value under the cursor, and nothing off the image', () => {
    const img = new ValueImage(Int16Array.from([-1000, 40, 700, 3000]), 2, 2, -1000, 3000);
    expect([img.valueAt(0.2, 0.9), img.valueAt(1.99, 0), img.valueAt(1, 1.5), img.valueAt(2, 0), img.valueAt(-0.1, 0)]).toEqual([-1000, 40, 3000, null, null]);
  });

  it('reads the values of an images.values answer (little-endian bytes), aligned or not', () => {
    const hu16 = Int16Array.from([-1024, -600, 0, 40, 3071]);
    const data = new Uint8Array(hu16.buffer);
    expect(Array.from(decodeValues({ type: 'int16', data, width: 5, height: 1 }))).toEqual([-1024, -600, 0, 40, 3071]);
    expect(() => decodeValues({ type: 'int16', data, width: 6, height: 1 })).toThrow(/10 bytes for 6×1/);
    // The same bytes at an odd offset of a larger buffer (a frame's part): read the same.
    const odd = new Uint8Array(13);
    odd.set(data, 3);
    expect(Array.from(decodeValues({ type: 'int16', data: odd.subarray(3, 13), width: 5, height: 1 }))).toEqual([-1024, -600, 0, 40, 3071]);
  });
});
