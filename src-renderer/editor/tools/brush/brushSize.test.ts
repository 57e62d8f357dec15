import { describe, expect, it } from 'vitest';
import { TestEditor } from '../../test/TestEditor.js';

describe('brush size', () => {
  it('in image pixels by default: zooming leaves it, [ and ] step it', () => {
    const ed = new TestEditor();
    ed.setViewScale(0.13);
    expect(ed.brushRadius).toBe(8);
    ed.press(']');
    expect(ed.brushRadius).toBe(10);
  });

  it('sized on screen: zooming keeps the screen size, [ and ] step the screen size', () => {
    const ed = new TestEditor({ width: 8000, height: 6000 });
    ed.setViewScale(1);
    ed.setBrushOnScreen(true);
    ed.setViewScale(0.125);
    expect(ed.brushRadius * ed.viewScale).toBeCloseTo(8);
    expect(ed.brushRadius).toBe(64);
    ed.press(']');
    expect(ed.brushScreenRadius).toBe(10);
    expect(ed.brushRadius).toBe(80);
    ed.setViewScale(40); // 10 screen px would be a quarter pixel: the brush stays at least half a pixel
    expect(ed.brushRadius).toBe(0.5);
    ed.setBrushOnScreen(false);
    ed.setViewScale(1);
    expect(ed.brushRadius).toBe(0.5);
  });
});
