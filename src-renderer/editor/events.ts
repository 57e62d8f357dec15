import type { CleanOp } from './tools/assist/assistPort.js';

/** Plain event records the editor's states handle (tldraw style): no DOM events, no React. */

export interface Modifiers {
  shift: boolean;
  alt: boolean;
  /** Ctrl on Windows/Linux, Cmd on macOS. */
  mod: boolean;
}

export interface PointerEvent extends Modifiers {
  type: 'pointer_down' | 'pointer_move' | 'pointer_up';
  /** Image pixels (the canvas converts from screen coordinates). */
  x: number;
  y: number;
  /** 0 primary, 1 middle, 2 secondary (right). */
  button: number;
}

/**
 * What a key (or a button) asks the editor to do. The editor knows no keys: the keymap table
 * (src-renderer/keymap/actions.ts) is the one place a key is bound to an intent or a tool id.
 * The active tool state sees an intent first (Enter closes the polygon being drawn), then the
 * editor (Enter with nothing being drawn is not the editor's: the workspace may take it).
 */
export type Intent =
  | 'close'
  | 'back'
  | 'cancel'
  | 'delete'
  | 'selectNext'
  | 'selectPrev'
  | 'toggleHidden'
  | 'resetLevel'
  | 'brushSmaller'
  | 'brushLarger'
  /** The wand: 8- or 4-connected fill. */
  | 'assistConnectivity'
  | { nudge: readonly [number, number] }
  /** A class's hotkey, '1'–'9'. */
  | { classKey: string }
  /** Clean up the selected mask (fill holes, remove islands, smooth, grow, shrink). */
  | { clean: CleanOp }
  /** The selected masks to polygons, or polygons to a mask. */
  | { convert: 'polygon' | 'mask' };

export type EditorEvent = PointerEvent;

export const noModifiers: Modifiers = { shift: false, alt: false, mod: false };
