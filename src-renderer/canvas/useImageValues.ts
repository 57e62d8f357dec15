import { useLayoutEffect, useMemo, useState } from 'react';
import type { ImageRow } from '../../src-main/api/index.js';
import type { Editor } from '../editor/Editor.js';
import { RANGE_8BIT, initialMedicalWindow, medicalPresets, rangeForWindows } from '../editor/windowLevel.js';
import { ValueCanvas } from './drawValues.js';
import type { CallApi } from './regionSync.js';
import type { ValueImage } from './valueLut.js';
import { type LoadedValues, hasValues, loadValues, peekValues } from './valuesCache.js';

export type ValuesState =
  | { state: 'none' }
  | { state: 'loading' }
  | { state: 'ready'; image: ValueImage; units: string | null }
  /** The values could not be had (too large, unreadable): the windowed preview is shown, with the reason. */
  | { state: 'fallback'; reason: string };

/**
 * For a DICOM or 16-bit grey image: its full-precision values (`images.values`), and the editor's
 * window/level set to work on them — the file's window first, its presets (CT windows for a CT).
 * Any other image: the editor's 8-bit range, as before.
 */
export function useImageValues(api: CallApi, editor: Editor, image: ImageRow | null): ValuesState {
  const [answer, setAnswer] = useState<{ key: string; v: ValuesState }>({ key: '', v: { state: 'none' } });
  const medical = image && hasValues(image) ? image.medical! : null;
  const key = image ? `${image.id}:${image.version ?? ''}` : '';
  // Values prefetched while the image before was shown: drawn in the very render that switches to this image.
  const prefetched = medical && image ? peekValues(api, image) : null;
  // A layout effect: the editor's window is this image's before the first frame of it is drawn
  // (the views draw in their passive effects, which run after this).
  useLayoutEffect(() => {
    if (!medical || !image) {
      // Only a medical image changes the range: an 8-bit photo keeps the person's window across images.
      if (editor.windowPresets !== null) editor.setValueRange(RANGE_8BIT);
      return;
    }
    let live = true;
    const show = (r: LoadedValues) => {
      const windows = { fileWindow: medical.window, autoWindow: r.autoWindow, ct: r.units === 'HU' };
      const presets = medicalPresets(windows);
      editor.setMedicalWindows(rangeForWindows({ min: r.image.min, max: r.image.max }, presets), presets, initialMedicalWindow(windows));
      setAnswer({ key, v: { state: 'ready', image: r.image, units: r.units } });
    };
    const hit = peekValues(api, image);
    if (hit) {
      show(hit);
      return;
    }
    // Until the answer, the render below says 'loading' for this key (no state to set, no extra render).
    loadValues(api, image).then(
      (r) => live && show(r),
      (e: unknown) => live && setAnswer({ key, v: { state: 'fallback', reason: (e as Error)?.message ?? String(e) } }),
    );
    return () => {
      live = false;
    };
    // The row's medical info is fixed for an image id; its identity changes on every list reload.
  }, [api, editor, key, medical === null]);
  // In the render that switches images the answer is still the image before's: never show its values on this one.
  if (answer.key === key) return answer.v;
  if (!medical) return { state: 'none' };
  return prefetched ? { state: 'ready', image: prefetched.image, units: prefetched.units } : { state: 'loading' };
}

/** One drawing of the values per image (it keeps the windowed picture of a small image between frames). */
export function useValueCanvas(values: ValuesState): ValueCanvas | null {
  const image = values.state === 'ready' ? values.image : null;
  return useMemo(() => (image ? new ValueCanvas(image) : null), [image]);
}
