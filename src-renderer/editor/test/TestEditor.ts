import { expect } from 'vitest';
import { type Action, type AppCommands, actions, dispatchKey } from '../../keymap/actions.js';
import { Editor } from '../Editor.js';
import type { ClassInfo, Shape } from '../types.js';

export const TEST_CLASSES: ClassInfo[] = [
  { id: 11, name: 'lesion', color: '#d62728', hotkey: '1' },
  { id: 12, name: 'organ', color: '#1f77b4', hotkey: '2' },
  { id: 13, name: 'tool', color: '#2ca02c', hotkey: '3' },
];

/**
 * Drives the editor in Node the way a person would with mouse and keys, in image pixels, and
 * checks where it ended up (tldraw's TestEditor): every method returns the editor for chaining.
 */
export class TestEditor extends Editor {
  constructor(opts: { width?: number; height?: number; shapes?: readonly Shape[]; classes?: ClassInfo[] } = {}) {
    super({ width: opts.width ?? 200, height: opts.height ?? 100, shapes: opts.shapes, classes: opts.classes ?? TEST_CLASSES });
  }

  /** Press and release without moving. */
  click(x: number, y: number, mods: { shift?: boolean; alt?: boolean } = {}): this {
    return this.pointerDown(x, y, mods).pointerUp(x, y, mods);
  }

  /** Press at the first point, move through the others, release at the last. */
  drag(points: [number, number][], mods: { shift?: boolean; alt?: boolean } = {}): this {
    const [first, ...rest] = points;
    this.pointerDown(first![0], first![1], mods);
    for (const [x, y] of rest) this.pointerMove(x, y, mods);
    const last = points[points.length - 1]!;
    return this.pointerUp(last[0], last[1], mods);
  }

  /**
   * Press key combos ('b', 'shift+tab', 'escape') in region mode: each goes through the app's one
   * keymap table, as in the browser, and reaches the editor as a tool id or an intent.
   */
  press(...combos: string[]): this {
    for (const c of combos) this.pressKey(c);
    return this;
  }

  /** The action that used the combo, or null (the workspace's own binding would have had it). */
  pressKey(combo: string): Action | null {
    return dispatchKey(actions, combo, 'workspace.region', this.app);
  }

  /** The app as the region keys see it: the tool and region commands reach this editor; the rest is not here. */
  private readonly app: AppCommands = new Proxy({} as AppCommands, {
    get: (_t, name) => {
      if (name === 'tool') return (id: Parameters<AppCommands['tool']>[0]) => this.perform({ tool: id });
      // Region mode: window/level keys reach the editor like the region ones.
      if (name === 'region' || name === 'windowLevel') return (i: Parameters<AppCommands['region']>[0]) => this.perform(i);
      return () => false; // a workspace action: the key was not the editor's
    },
  });

  expectToBeIn(path: string): this {
    expect(this.path).toBe(path);
    return this;
  }

  expectShapeCount(n: number): this {
    expect(this.shapes.length).toBe(n);
    return this;
  }

  /** The only shape, or the last one drawn. */
  lastShape(): Shape {
    const s = this.shapes[this.shapes.length - 1];
    if (!s) throw new Error('the document is empty');
    return s;
  }

  selected(): Shape {
    const s = this.selectedShapes;
    if (s.length !== 1) throw new Error(`expected one selected shape, found ${s.length}`);
    return s[0]!;
  }
}
