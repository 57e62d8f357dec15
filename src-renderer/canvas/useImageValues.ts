import { useEffect, useState } from 'react';
import type { ImageRow } from '../../src-main/api/index.js';
import type { Editor } from '../editor/Editor.js';
import { RANGE_8BIT, initialMedicalWindow, medicalPresets, rangeForWindows } from '../editor/windowLevel.js';
import type { CallApi } from './regionSync.js';
import { ValueImage, decodeValues } from './valueLut.js';

/** Grey photometric interpretations (a 16-bit PNG/TIFF has none): colour DICOM has no values to window. */
const isGrey = (m: NonNullable<ImageRow['medical']>) => m.photometric === null || m.photometric === 'MONOCHROME1' || m.photometric === 'MONOCHROME2';

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
  const medical = image.medical && isGrey(image.medical) ? image.medical : null;
  useEffect(() => {
    if (!medical) {
      // Only a medical image changes the range: an 8-bit photo keeps the person's window across images.
      if (editor.windowPresets !== null) editor.setValueRange(RANGE_8BIT);
      setV({ state: 'none' });
      return;
    }
    let live = true;
    setV({ state: 'loading' });
    api.call('images.values', { id: image.id }).then(
      (r) => {
        if (!live) return;
        const values = new ValueImage(decodeValues(r), r.width, r.height, r.min, r.max, r.invert);
        const windows = { fileWindow: medical.window, autoWindow: r.autoWindow, ct: r.units === 'HU' };
        const presets = medicalPresets(windows);
        editor.setMedicalWindows(rangeForWindows({ min: r.min, max: r.max }, presets), presets, initialMedicalWindow(windows));
        setV({ state: 'ready', image: values, units: r.units });
      },
      (e: unknown) => live && setV({ state: 'fallback', reason: (e as Error)?.message ?? String(e) }),
    );
    return () => {
      live = false;
    };
    // The row's medical info is fixed for an image id; its identity changes on every list reload.
  }, [api, editor, image.id, medical === null]);
  return v;
}
