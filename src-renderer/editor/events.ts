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

export interface KeyEvent extends Modifiers {
  type: 'key_down' | 'key_up';
  /** Lower-case key name as in the keymap: 'b', '1', '[', 'enter', 'escape', 'backspace', 'delete', 'tab', 'arrowleft'... */
  key: string;
}

export type EditorEvent = PointerEvent | KeyEvent;

export const noModifiers: Modifiers = { shift: false, alt: false, mod: false };
