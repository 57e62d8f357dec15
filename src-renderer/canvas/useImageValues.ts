import { useEffect, useMemo, useState } from 'react';
import type { ImageRow } from '../../src-main/api/index.js';
import type { Editor } from '../editor/Editor.js';
import { RANGE_8BIT, initialMedicalWindow, medicalPresets, rangeForWindows } from '../editor/windowLevel.js';
import { ValueCanvas } from './drawValues.js';
import type { CallApi } from './regionSync.js';
import type { ValueImage } from './valueLut.js';
import { hasValues, loadValues } from './valuesCache.js';

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
  useEffect(() => {
    if (!medical || !image) {
      // Only a medical image changes the range: an 8-bit photo keeps the person's window across images.
      if (editor.windowPresets !== null) editor.setValueRange(RANGE_8BIT);
      setAnswer({ key, v: { state: 'none' } });
      return;
    }
    let live = true;
    setAnswer({ key, v: { state: 'loading' } });
    loadValues(api, image).then(
      (r) => {
        if (!live) return;
        const windows = { fileWindow: medical.window, autoWindow: r.autoWindow, ct: r.units === 'HU' };
        const presets = medicalPresets(windows);
        editor.setMedicalWindows(rangeForWindows({ min: r.image.min, max: r.image.max }, presets), presets, initialMedicalWindow(windows));
        setAnswer({ key, v: { state: 'ready', image: r.image, units: r.units } });
      },
      (e: unknown) => live && setAnswer({ key, v: { state: 'fallback', reason: (e as Error)?.message ?? String(e) } }),
    );
    return () => {
      live = false;
    };
    // The row's medical info is fixed for an image id; its identity changes on every list reload.
  }, [api, editor, key, medical === null]);
  // In the render that switches images the answer is still the image before's: never show its values on this one.
  if (answer.key === key) return answer.v;
  return medical ? { state: 'loading' } : { state: 'none' };
}

/** One drawing of the values per image (it keeps the windowed picture of a small image between frames). */
export function useValueCanvas(values: ValuesState): ValueCanvas | null {
  const image = values.state === 'ready' ? values.image : null;
  return useMemo(() => (image ? new ValueCanvas(image) : null), [image]);
}
