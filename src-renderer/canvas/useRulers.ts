import { useCallback, useEffect } from 'react';
import type { Ruler } from '../../src-main/api/index.js';
import type { Editor } from '../editor/Editor.js';
import type { CallApi } from './regionSync.js';

/**
 * The image's rulers: read from the store when the image is shown (and again after undo/redo),
 * and each one the ruler tool draws kept through `measurements.addRuler`. Returns the reload.
 */
export function useRulers(api: CallApi, editor: Editor, imageId: number, onError: (e: unknown) => void): () => Promise<void> {
  const reload = useCallback(async () => {
    const r = await api.call('measurements.rulers', { imageId });
    editor.setRulers(r.rulers.map(lineOf));
  }, [api, editor, imageId]);

  useEffect(() => {
    let live = true;
    editor.setRulers([]);
    api.call('measurements.rulers', { imageId }).then((r) => live && editor.setRulers(r.rulers.map(lineOf)), onError);
    editor.onRuler = (from, to) => {
      api.call('measurements.addRuler', { imageId, from: [from[0], from[1]], to: [to[0], to[1]] }).then(
        () => {
          if (live) void reload().catch(onError);
        },
        (e: unknown) => {
          onError(e);
          if (live) void reload().catch(() => undefined);
        },
      );
    };
    return () => {
      live = false;
      editor.onRuler = null;
    };
  }, [api, editor, imageId, reload, onError]);

  return reload;
}

const lineOf = (r: Ruler) => ({ from: r.from, to: r.to, remoteId: r.id });

