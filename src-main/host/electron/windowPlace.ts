import { type BrowserWindow, screen } from 'electron';

/** Where the main window was when it was last moved, sized or closed (kept in the app config). */
export interface WindowPlace {
  x: number;
  y: number;
  width: number;
  height: number;
  maximized: boolean;
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** At least this much of the title bar must be on a screen for the saved place to be used. */
const VISIBLE_W = 120;
const VISIBLE_H = 40;
const MIN = { width: 720, height: 480 };

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The saved place, if it is one and it is still on a screen: a monitor unplugged since, or a
 * hand-edited config, gives the default place instead of a window nobody can reach.
 */
export function usablePlace(saved: unknown, workAreas: readonly Rect[]): WindowPlace | null {
  if (!saved || typeof saved !== 'object') return null;
  const p = saved as Record<string, unknown>;
  if (![p.x, p.y, p.width, p.height].every(finite)) return null;
  const place: WindowPlace = {
    x: Math.round(p.x as number),
    y: Math.round(p.y as number),
    width: Math.max(MIN.width, Math.round(p.width as number)),
    height: Math.max(MIN.height, Math.round(p.height as number)),
    maximized: p.maximized === true,
  };
  // The title bar: the top strip of the window.
  const onScreen = workAreas.some((a) => {
    const w = Math.min(place.x + place.width, a.x + a.width) - Math.max(place.x, a.x);
    const h = Math.min(place.y + VISIBLE_H, a.y + a.height) - Math.max(place.y, a.y);
    return w >= VISIBLE_W && h >= VISIBLE_H / 2;
  });
  if (!onScreen) return null;
  // Never larger than the largest screen.
  const widest = Math.max(...workAreas.map((a) => a.width));
  const tallest = Math.max(...workAreas.map((a) => a.height));
  return { ...place, width: Math.min(place.width, widest), height: Math.min(place.height, tallest) };
}

/** The saved place on the screens there are now. */
export function restorePlace(saved: unknown): WindowPlace | null {
  return usablePlace(
    saved,
    screen.getAllDisplays().map((d) => d.workArea),
  );
}

/**
 * Save the window's place whenever it settles after a move or resize, and when it closes. The
 * normal (unmaximized) bounds are kept, so un-maximizing next time returns to them.
 */
export function rememberPlace(win: BrowserWindow, save: (place: WindowPlace) => void): void {
  let timer: NodeJS.Timeout | null = null;
  const now = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (win.isDestroyed()) return;
    const b = win.getNormalBounds();
    save({ x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
  };
  const soon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(now, 500);
    timer.unref?.();
  };
  for (const e of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(e as 'resize', soon);
  win.on('close', now);
}
