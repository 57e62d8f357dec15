import { useEffect, useState } from 'react';
import type { ImageRow } from '../../src-main/api/index.js';
import type { Editor } from '../editor/Editor.js';
import { RANGE_8BIT, initialMedicalWindow, medicalPresets, rangeForWindows } from '../editor/windowLevel.js';
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
export function useImageValues(api: CallApi, editor: Editor, image: ImageRow): ValuesState {
  const [v, setV] = useState<ValuesState>({ state: 'none' });
  const medical = hasValues(image) ? image.medical! : null;
  useEffect(() => {
    if (!medical) {
      // Only a medical image changes the range: an 8-bit photo keeps the person's window across images.
      if (editor.windowPresets !== null) editor.setValueRange(RANGE_8BIT);
      setV({ state: 'none' });
      return;
    }
    let live = true;
    setV({ state: 'loading' });
    loadValues(api, image).then(
      (r) => {
        if (!live) return;
        const windows = { fileWindow: medical.window, autoWindow: r.autoWindow, ct: r.units === 'HU' };
        const presets = medicalPresets(windows);
        editor.setMedicalWindows(rangeForWindows({ min: r.image.min, max: r.image.max }, presets), presets, initialMedicalWindow(windows));
        setV({ state: 'ready', image: r.image, units: r.units });
      },
      (e: unknown) => live && setV({ state: 'fallback', reason: (e as Error)?.message ?? String(e) }),
    );
    return () => {
      live = false;
    };
    // The row's medical info is fixed for an image id; its identity changes on every list reload.
  }, [api, editor, image.id, image.version, medical === null]);
  return v;
}
