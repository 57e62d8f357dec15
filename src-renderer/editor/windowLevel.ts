/**
 * Window/level for medical and low-contrast images: the displayed intensity is the image's
 * intensity mapped linearly so that [center - width/2, center + width/2] spans black to white
 * (0–255 scale). Pure numbers; the canvas turns them into a filter.
 */
export interface WindowLevel {
  center: number;
  width: number;
}

export const DEFAULT_WINDOW_LEVEL: WindowLevel = { center: 127.5, width: 255 };

export interface WindowLevelPreset extends WindowLevel {
  id: string;
  /** i18n key */
  label: string;
}

export const WINDOW_LEVEL_PRESETS: readonly WindowLevelPreset[] = [
  { id: 'full', label: 'region.wl.full', ...DEFAULT_WINDOW_LEVEL },
  { id: 'contrast', label: 'region.wl.contrast', center: 127.5, width: 128 },
  { id: 'shadows', label: 'region.wl.shadows', center: 64, width: 128 },
  { id: 'highlights', label: 'region.wl.highlights', center: 192, width: 128 },
  { id: 'soft', label: 'region.wl.soft', center: 127.5, width: 400 },
];

const MIN_WIDTH = 1;
const MAX_WIDTH = 1024;

/**
 * Right-drag: moving right widens the window (less contrast), moving down raises the level
 * (darker), one intensity step per screen pixel, as in DICOM viewers.
 */
export function dragWindowLevel(start: WindowLevel, dxScreen: number, dyScreen: number): WindowLevel {
  return {
    width: Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, start.width + dxScreen)),
    center: Math.min(383, Math.max(-128, start.center + dyScreen)),
  };
}

/** out = in × slope + intercept, both in 0–1 units, clamped by the display. */
export function windowLevelTransfer(wl: WindowLevel): { slope: number; intercept: number } {
  const slope = 255 / wl.width;
  return { slope, intercept: -(wl.center - wl.width / 2) / wl.width };
}

export function isDefaultWindowLevel(wl: WindowLevel): boolean {
  return wl.center === DEFAULT_WINDOW_LEVEL.center && wl.width === DEFAULT_WINDOW_LEVEL.width;
}

/** 'W 255 L 128' for the status bar. */
export function formatWindowLevel(wl: WindowLevel): string {
  return `W ${Math.round(wl.width)} L ${Math.round(wl.center)}`;
}
