import { describe, expect, it } from 'vitest';
import { segmentLength } from '../../../src-main/api/index.js';
import { CT_PRESETS, initialMedicalWindow, medicalPresets, parseWindowText, rangeForWindows, windowOnPicture } from '../windowLevel.js';
import { TestEditor } from './TestEditor.js';

/** A CT of −1024..3071 HU whose file says 40/400. */
function ctEditor(): TestEditor {
  const ed = new TestEditor();
  const windows = { fileWindow: { center: 40, width: 400 }, autoWindow: { center: 500, width: 3000 }, ct: true };
  const presets = medicalPresets(windows);
  ed.setMedicalWindows(rangeForWindows({ min: -1024, max: 3071 }, presets), presets, initialMedicalWindow(windows));
  return ed;
}

describe('window presets of a medical image', () => {
  it('offers the CT windows in HU, the file window first and the histogram window', () => {
    const byId = Object.fromEntries(CT_PRESETS.map((p) => [p.id, [p.center, p.width]]));
    expect(byId).toEqual({
      'ct.brain': [40, 80],
      'ct.subdural': [75, 215],
      'ct.stroke': [40, 40],
      'ct.lung': [-600, 1500],
      'ct.mediastinum': [50, 350],
      'ct.abdomen': [40, 400],
      'ct.liver': [60, 160],
      'ct.bone': [600, 2800],
    });
    const ids = medicalPresets({ fileWindow: { center: 1, width: 2 }, autoWindow: { center: 3, width: 4 }, ct: true }).map((p) => p.id);
    expect(ids.slice(0, 2)).toEqual(['file', 'auto']);
    // An MR (or a 16-bit PNG) without a file window: the histogram window only.
    expect(medicalPresets({ fileWindow: null, autoWindow: { center: 3, width: 4 }, ct: false }).map((p) => p.id)).toEqual(['auto']);
  });

  it('starts at the file window, takes presets by key unclamped, and R goes back to the file window', () => {
    const ed = ctEditor();
    expect(ed.windowLevel).toEqual({ center: 40, width: 400 });
    ed.press('alt+4');
    expect(ed.windowLevel).toEqual({ center: -600, width: 1500 });
    ed.press('alt+8');
    expect(ed.windowLevel).toEqual({ center: 600, width: 2800 });
    ed.press('alt+9');
    expect(ed.windowLevel).toEqual({ center: 500, width: 3000 });
    ed.press('r');
    expect(ed.windowLevel).toEqual({ center: 40, width: 400 });
  });

  it('keeps a bone window whole on a scan whose values span less than it', () => {
    const presets = medicalPresets({ fileWindow: null, autoWindow: { center: 0, width: 100 }, ct: true });
    const ed = new TestEditor();
    ed.setMedicalWindows(rangeForWindows({ min: -100, max: 100 }, presets), presets, { center: 0, width: 100 });
    ed.press('alt+8');
    expect(ed.windowLevel).toEqual({ center: 600, width: 2800 });
  });

  it('reads a typed centre/width', () => {
    expect(parseWindowText('40/400')).toEqual({ center: 40, width: 400 });
    expect(parseWindowText(' -600, 1500 ')).toEqual({ center: -600, width: 1500 });
    expect(parseWindowText('C 50 W 350')).toEqual({ center: 50, width: 350 });
    expect(parseWindowText('40.5 79.5')).toEqual({ center: 40.5, width: 79.5 });
    expect([parseWindowText('40/0'), parseWindowText('lung'), parseWindowText('40/-5'), parseWindowText('')]).toEqual([null, null, null, null]);
  });
});

describe('the ruler tool (L)', () => {
  it('a drag keeps a ruler from press to release, inside the image; a click keeps none', () => {
    const ed = new TestEditor({ width: 200, height: 100 });
    const kept: [number, number][][] = [];
    ed.onRuler = (from, to) => kept.push([[...from], [...to]]);
    ed.press('l');
    expect(ed.toolId).toBe('ruler');
    ed.pointerDown(10, 20).pointerMove(40, 40);
    expect(ed.preview).toEqual({ kind: 'ruler', from: [10, 20], to: [40, 40] });
    ed.pointerMove(250, 60).pointerUp(250, 60);
    expect(kept).toEqual([[[10, 20], [200, 60]]]);
    expect(ed.rulers.map((r) => [r.from, r.to])).toEqual([[[10, 20], [200, 60]]]);
    expect(ed.preview).toBeNull();
    ed.click(5, 5);
    expect(kept.length).toBe(1);
  });

  it('Esc abandons a ruler being drawn', () => {
    const ed = new TestEditor();
    let n = 0;
    ed.onRuler = () => n++;
    ed.press('l');
    ed.pointerDown(10, 10).pointerMove(50, 50);
    ed.press('escape');
    ed.pointerUp(50, 50);
    expect([n, ed.preview, ed.path]).toEqual([0, null, 'ruler.idle']);
  });

  it('measures in mm from the pixel spacing (columns across, rows down), in px without one', () => {
    expect(segmentLength([0, 0], [30, 40], { row: 0.5, col: 0.5 })).toEqual({ px: 50, mm: 25 });
    expect(segmentLength([0, 0], [40, 30], { row: 0.5, col: 0.25 }).mm).toBeCloseTo(Math.hypot(10, 15), 12);
    expect(segmentLength([0, 0], [3, 4], null)).toEqual({ px: 5, mm: null });
  });
});

describe('a medical window seen on the 8-bit picture (what the assists read)', () => {
  it('maps the picture made through the file window to the grey the screen shows, inside the file window', () => {
    const base = { center: 40, width: 400 };
    const shown = { center: -600, width: 1500 };
    const t = windowOnPicture(base, shown)!;
    // A value inside both windows: its picture grey through the transfer is its screen grey.
    for (const hu of [-150, 0, 40, 120, 230]) {
      const p = ((hu - (base.center - 0.5)) / (base.width - 1) + 0.5); // picture, 0–1
      const screen = (hu - (shown.center - 0.5)) / (shown.width - 1) + 0.5;
      expect(p * t.slope + t.intercept).toBeCloseTo(screen, 12);
    }
    expect(windowOnPicture(base, { ...base })).toBeNull();
  });
});
