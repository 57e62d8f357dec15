import type { Shape } from './types.js';

/** The regions of one image, in drawing order (later shapes are drawn on top). */
export class ImageDocument {
  private list: Shape[];

  constructor(
    /** Upright image size in pixels: the space every shape lives in. */
    readonly width: number,
    readonly height: number,
    shapes: readonly Shape[] = [],
  ) {
    this.list = [...shapes];
  }

  get shapes(): readonly Shape[] {
    return this.list;
  }

  get(id: string): Shape | undefined {
    return this.list.find((s) => s.id === id);
  }

  indexOf(id: string): number {
    return this.list.findIndex((s) => s.id === id);
  }

  /** Insert at `index` (default: on top). */
  add(shape: Shape, index = this.list.length): void {
    if (this.get(shape.id)) throw new Error(`shape ${shape.id} is already in the document`);
    this.list.splice(Math.min(index, this.list.length), 0, shape);
  }

  /** Put a new value in place of the shape with the same id. */
  replace(shape: Shape): void {
    const i = this.indexOf(shape.id);
    if (i < 0) throw new Error(`shape ${shape.id} is not in the document`);
    this.list[i] = shape;
  }

  remove(id: string): number {
    const i = this.indexOf(id);
    if (i >= 0) this.list.splice(i, 1);
    return i;
  }
}
