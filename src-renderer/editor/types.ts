/**
 * The editor's model of one image's regions. Coordinates are pixels of the upright image (origin
 * top-left, y down; pixel (i, j) covers [i, i+1) × [j, j+1)). Shapes are immutable values: an edit
 * replaces a shape with a new one, which keeps undo a matter of swapping values.
 */

export type Vec = readonly [number, number];

interface ShapeBase {
  /** The editor's id: `r<id>` for a region loaded from the store, `n<k>` for one drawn here. */
  id: string;
  classId: number;
  /** The store's row id once the region is saved; null until then. */
  remoteId: number | null;
  /** The person's note on the region (saved apart from edits, through annotations.setNote). */
  note?: string | null;
}

export interface BoxShape extends ShapeBase {
  kind: 'box';
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A closed polygon; the last vertex joins the first. `holes`: rings inside it that are not part of it (filled even-odd). */
export interface PolygonShape extends ShapeBase {
  kind: 'polygon';
  points: readonly Vec[];
  holes?: readonly (readonly Vec[])[];
}

export interface PointShape extends ShapeBase {
  kind: 'point';
  x: number;
  y: number;
}

/** A brush mask: its bounding box in whole pixels and its bits, row by row over the box (1 = inside). */
export interface MaskShape extends ShapeBase {
  kind: 'mask';
  x: number;
  y: number;
  w: number;
  h: number;
  bits: Uint8Array;
}

export type Shape = BoxShape | PolygonShape | PointShape | MaskShape;
export type ShapeKind = Shape['kind'];

export interface ClassInfo {
  id: number;
  name: string;
  /** '#rrggbb' */
  color: string;
  /** '1'–'9' or null. */
  hotkey: string | null;
  /** A redaction class: its regions are drawn as blacked-out areas, and exports hide their pixels. */
  redact?: boolean;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Something the status line should tell the person; `key` is an i18n key. */
export interface Notice {
  key: string;
  values?: Record<string, string | number>;
}
