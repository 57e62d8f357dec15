/**
 * Key combos are written as lowercase strings: modifiers first in the order mod, alt, shift, then
 * the key ('mod+shift+z', 'arrowright', '?', 'space'). `mod` is Cmd on macOS and Ctrl elsewhere.
 */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export function isMac(platform: string = (globalThis as { navigator?: { platform?: string } }).navigator?.platform ?? ''): boolean {
  return /mac|iphone|ipad/i.test(platform);
}

export function comboOf(e: KeyLike, mac = isMac()): string {
  let key = e.key === ' ' ? 'space' : e.key.toLowerCase();
  if (key === 'esc') key = 'escape';
  const parts: string[] = [];
  if (mac ? e.metaKey : e.ctrlKey) parts.push('mod');
  if (e.altKey) parts.push('alt');
  // Shift is part of a symbol's identity ('?' is shift+/), so only letters and named keys carry it.
  if (e.shiftKey && (key.length > 1 || /[a-z]/.test(key))) parts.push('shift');
  parts.push(key);
  return parts.join('+');
}

/** How a combo is shown in the cheat sheet. */
export function displayCombo(combo: string, mac = isMac()): string {
  const names: Record<string, string> = {
    mod: mac ? '⌘' : 'Ctrl',
    shift: mac ? '⇧' : 'Shift',
    alt: mac ? '⌥' : 'Alt',
    arrowright: '→',
    arrowleft: '←',
    arrowup: '↑',
    arrowdown: '↓',
    enter: 'Enter',
    escape: 'Esc',
    space: 'Space',
    backspace: 'Backspace',
    delete: 'Del',
    tab: 'Tab',
  };
  return combo
    .split('+')
    .map((p) => names[p] ?? p.toUpperCase())
    .join(mac ? '' : '+');
}
