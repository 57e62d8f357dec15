import { describe, expect, it } from 'vitest';
import type { Region } from '../../src-main/api/annotations.js';
import { encodeMask } from '../../src-main/api/maskCodec.js';
import type { Command } from './commands.js';
import { regionShapeOf, shapeFromRegion } from './regions.js';
import { TestEditor } from './test/TestEditor.js';
import { DEFAULT_WINDOW_LEVEL, WINDOW_LEVEL_PRESETS, formatWindowLevel, windowLevelTransfer } from './windowLevel.js';

describe('editor', () => {
  it('emits every command for persistence, and undo/redo as their inverse', () => {
    const ed = new TestEditor();
    const seen: [Command['type'], string][] = [];
    ed.onCommand((c, source) => seen.push([c.type, source]));
    ed.press('b').drag([
      [10, 10],
      [50, 50],
    ]);
    ed.press('v').click(10, 30).press('2'); // the box, chosen, re-classed
    ed.undo();
    ed.redo();
    ed.press('delete');
    expect(seen).toEqual([
      ['create', 'do'],
      ['update', 'do'],
      ['update', 'undo'],
      ['update', 'redo'],
      ['delete', 'do'],
    ]);
  });

  it('records the store id of a saved shape, in the document and in its undo history', () => {
    const ed = new TestEditor().press('k').click(5, 5);
    const id = ed.lastShape().id;
    ed.setRemoteId(id, 42);
    expect(ed.lastShape().remoteId).toBe(42);
    ed.press('tab', '2');
    ed.undo();
    ed.undo();
    ed.redo();
    expect(ed.lastShape().remoteId).toBe(42);
  });

  it('reloading the image keeps the selection of shapes still there and drops what a tool was doing', () => {
    const ed = new TestEditor();
    const regions: Region[] = [
      { id: 7, imageId: 1, classId: 11, shape: { kind: 'box', x: 1, y: 2, w: 3, h: 4 }, author: null, createdAt: 0, updatedAt: 0 },
      { id: 8, imageId: 1, classId: 12, shape: { kind: 'mask', x: 0, y: 0, w: 2, h: 1, counts: encodeMask(Uint8Array.from([1, 1])) }, author: null, createdAt: 0, updatedAt: 0 },
    ];
    ed.load(200, 100, regions.map(shapeFromRegion));
    ed.select(['r8']);
    ed.press('p').click(50, 50).click(60, 50);
    ed.load(200, 100, regions.map(shapeFromRegion));
    expect(ed.selectedIds).toEqual(['r8']);
    expect(ed.preview).toBeNull();
    ed.expectToBeIn('polygon.idle');
    // Shapes convert back to exactly what the store holds.
    expect(ed.shapes.map(regionShapeOf)).toEqual(regions.map((r) => r.shape));
  });

  it('right-drag changes window and level; R resets; presets are distinct', () => {
    const ed = new TestEditor();
    ed.viewScale = 2;
    ed.pointerDown(10, 10, {}, 2).pointerMove(30, 0, {}, 2).pointerUp(30, 0, {}, 2);
    // 20 image px right = 40 screen px (wider, but already the whole range); 10 up = 20 screen px, a lower level.
    expect(ed.windowLevel.width).toBe(DEFAULT_WINDOW_LEVEL.width);
    expect(ed.windowLevel.center).toBeCloseTo(DEFAULT_WINDOW_LEVEL.center - (20 * 255) / 800);
    expect(formatWindowLevel(ed.windowLevel)).toBe('W 255 L 121');
    ed.expectShapeCount(0).expectToBeIn('select.idle');
    ed.press('r');
    expect(ed.windowLevel).toEqual(DEFAULT_WINDOW_LEVEL);
    expect(new Set(WINDOW_LEVEL_PRESETS.map((p) => `${p.center}/${p.width}`)).size).toBe(WINDOW_LEVEL_PRESETS.length);
    // The default maps 0 → 0 and 255 → 1.
    const t = windowLevelTransfer(DEFAULT_WINDOW_LEVEL);
    expect(0 * t.slope / 255 + t.intercept).toBeCloseTo(0);
    expect(255 * (t.slope / 255) + t.intercept).toBeCloseTo(1);
  });

  it('a digit with no class bound to it says so and changes nothing', () => {
    const ed = new TestEditor().press('k').click(5, 5).press('9');
    expect(ed.notice).toEqual({ key: 'region.notice.noClassForKey', values: { key: '9' } });
    expect(ed.lastShape().classId).toBe(11);
  });
});
