/**
 * Window/level for medical and low-contrast images: the displayed intensity is the image's
 * intensity mapped linearly so that [center - width/2, center + width/2] spans black to white.
 * Centre and width are in the image's own values, which lie in a `ValueRange` (0–255 for 8-bit
 * images; 16-bit and Hounsfield-unit images pass theirs). Pure numbers; the canvas turns them
 * into a filter.
 */
export interface WindowLevel {
  center: number;
  width: number;
}

/** The values an image's pixels can take, inclusive. */
export interface ValueRange {
  min: number;
  max: number;
}

export const RANGE_8BIT: ValueRange = { min: 0, max: 255 };

const span = (r: ValueRange): number => Math.max(1, r.max - r.min);

/** The whole range, black to white. */
export function defaultWindowLevel(range: ValueRange): WindowLevel {
  return { center: (range.min + range.max) / 2, width: span(range) };
}

export const DEFAULT_WINDOW_LEVEL: WindowLevel = defaultWindowLevel(RANGE_8BIT);

export interface WindowLevelPreset extends WindowLevel {
  id: string;
  /** i18n key */
  label: string;
}

/** Presets as parts of the range, so they mean the same on an 8-bit photo and a 16-bit scan. */
export function windowLevelPresets(range: ValueRange): WindowLevelPreset[] {
  const s = span(range);
  const at = (f: number) => range.min + s * f;
  return [
    { id: 'full', label: 'region.wl.full', ...defaultWindowLevel(range) },
    { id: 'contrast', label: 'region.wl.contrast', center: at(0.5), width: s / 2 },
    { id: 'shadows', label: 'region.wl.shadows', center: at(0.25), width: s / 2 },
    { id: 'highlights', label: 'region.wl.highlights', center: at(0.75), width: s / 2 },
  ];
}

export const WINDOW_LEVEL_PRESETS: readonly WindowLevelPreset[] = windowLevelPresets(RANGE_8BIT);

/**
 * Screen pixels of drag that move the width (or the level) by the whole range: a drag across a
 * typical stage changes it by about half, and stays controllable to about one 8-bit step.
 */
export const DRAG_PX_PER_RANGE = 800;

/** Centre inside the range, width from 1 to the range. */
export function clampWindowLevel(wl: WindowLevel, range: ValueRange): WindowLevel {
  return {
    width: Math.min(span(range), Math.max(1, wl.width)),
    center: Math.min(range.max, Math.max(range.min, wl.center)),
  };
}

/**
 * Right-drag: moving right widens the window (less contrast), moving down raises the level
 * (darker). The step per screen pixel is proportional to the value range.
 */
export function dragWindowLevel(start: WindowLevel, dxScreen: number, dyScreen: number, range: ValueRange = RANGE_8BIT): WindowLevel {
  const perPx = span(range) / DRAG_PX_PER_RANGE;
  return clampWindowLevel({ width: start.width + dxScreen * perPx, center: start.center + dyScreen * perPx }, range);
}

/**
 * out = in × slope + intercept, both in 0–1 units of the displayed image (in 0 = range.min,
 * in 1 = range.max), clamped by the display.
 */
export function windowLevelTransfer(wl: WindowLevel, range: ValueRange = RANGE_8BIT): { slope: number; intercept: number } {
  return { slope: span(range) / wl.width, intercept: (range.min - wl.center + wl.width / 2) / wl.width };
}

export function isDefaultWindowLevel(wl: WindowLevel, range: ValueRange = RANGE_8BIT): boolean {
  const d = defaultWindowLevel(range);
  return wl.center === d.center && wl.width === d.width;
}

/** 'W 255 L 128' for the status bar. */
export function formatWindowLevel(wl: WindowLevel): string {
  return `W ${Math.round(wl.width)} L ${Math.round(wl.center)}`;
}

/**
 * The common CT windows, in Hounsfield units (centre/width as radiology departments set them).
 * Bone is 600/2800 here; some sites use 480/2500.
 */
export const CT_PRESETS: readonly WindowLevelPreset[] = [
  { id: 'ct.brain', label: 'medical.wl.brain', center: 40, width: 80 },
  { id: 'ct.subdural', label: 'medical.wl.subdural', center: 75, width: 215 },
  { id: 'ct.stroke', label: 'medical.wl.stroke', center: 40, width: 40 },
  { id: 'ct.lung', label: 'medical.wl.lung', center: -600, width: 1500 },
  { id: 'ct.mediastinum', label: 'medical.wl.mediastinum', center: 50, width: 350 },
  { id: 'ct.abdomen', label: 'medical.wl.abdomen', center: 40, width: 400 },
  { id: 'ct.liver', label: 'medical.wl.liver', center: 60, width: 160 },
  { id: 'ct.bone', label: 'medical.wl.bone', center: 600, width: 2800 },
];

/** What a medical image offers to window with: its file's window, its histogram window, and whether it is a CT. */
export interface MedicalWindows {
  fileWindow: WindowLevel | null;
  autoWindow: WindowLevel;
  /** Values in Hounsfield units: the CT presets apply. */
  ct: boolean;
}

/**
 * The windows a medical image offers, in menu order: "file window" (when the file has one),
 * "auto (histogram)", then the CT presets for a CT. Unlike the 8-bit presets these are absolute
 * values, not parts of the range: lung is −600/1500 HU whatever the scan's range.
 */
export function medicalPresets(m: MedicalWindows): WindowLevelPreset[] {
  const out: WindowLevelPreset[] = [];
  if (m.fileWindow) out.push({ id: 'file', label: 'medical.wl.file', ...m.fileWindow });
  out.push({ id: 'auto', label: 'medical.wl.auto', ...m.autoWindow });
  if (m.ct) out.push(...CT_PRESETS);
  return out;
}

/** Where a medical image's window starts (and R returns): the file's window, else the histogram's. */
export function initialMedicalWindow(m: MedicalWindows): WindowLevel {
  return m.fileWindow ?? m.autoWindow;
}

/**
 * A typed window: "40/400", "40,400", "40 400" or "C 40 W 400" (centre first; a width below 1 is
 * refused). Null when the text is not a window.
 */
export function parseWindowText(text: string): WindowLevel | null {
  const m = /^\s*(?:c\s*)?(-?\d+(?:\.\d+)?)\s*(?:[,/]|\s)\s*(?:w\s*)?(\d+(?:\.\d+)?)\s*$/i.exec(text);
  if (!m) return null;
  const center = Number(m[1]);
  const width = Number(m[2]);
  return Number.isFinite(center) && Number.isFinite(width) && width >= 1 ? { center, width } : null;
}

/**
 * A window can reach past the image's values (bone 600/2800 spans −800..2000 HU, more than a small
 * scan holds): the range window/level moves in is the values' range widened to hold every preset
 * whole, so choosing one is never clamped.
 */
export function rangeForWindows(values: ValueRange, presets: readonly WindowLevel[]): ValueRange {
  let { min, max } = values;
  for (const p of presets) {
    min = Math.min(min, p.center - p.width / 2);
    max = Math.max(max, p.center + p.width / 2);
  }
  return { min, max };
}

/**
 * What the assists need to see a medical image as the screen shows it: they read its 8-bit picture,
 * made through `base` (the file's window, else the histogram's), and the screen shows its values
 * through `shown`. Both are linear in the values, so the screen is a linear transfer of the picture
 * (in 0–1 units, as windowLevelTransfer): exact inside the base window, approximate where the
 * picture was already clipped. Null when the two windows are the same.
 */
export function windowOnPicture(base: WindowLevel, shown: WindowLevel): { slope: number; intercept: number } | null {
  if (base.center === shown.center && base.width === shown.width) return null;
  const wb = Math.max(1, base.width) - 1 || 1;
  const ws = Math.max(1, shown.width) - 1 || 1;
  // value(p) = (cb − 0.5) + (p − 0.5)·wb;  screen(value) = (value − (cs − 0.5)) / ws + 0.5
  return { slope: wb / ws, intercept: (base.center - 0.5 - 0.5 * wb - (shown.center - 0.5)) / ws + 0.5 };
}
