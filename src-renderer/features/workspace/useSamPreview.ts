import { useEffect, useRef, useState } from 'react';
import { SAM_MODEL_SETTING, type SamModelRef } from '../../../src-main/api/annotations.js';
import { decodeMask } from '../../../src-main/api/maskCodec.js';
import type { Editor } from '../../editor/Editor.js';
import { hasSamPrompt, samState, showSamMask } from '../../editor/tools/sam/samState.js';
import { useApi } from '../shell/ApiContext.js';

/** What the SAM panel shows while the tool is in use. */
export type SamStatus =
  | { state: 'idle' }
  | { state: 'embedding'; done: number; total: number }
  | { state: 'thinking' }
  | { state: 'ready'; area: number; score: number }
  | { state: 'nothing' }
  | { state: 'error'; message: string };

/** The dataset's SAM model pair (setting `sam.model`), or null; `save` stores a new pair. */
export function useSamModel(): { model: SamModelRef | null | undefined; save: (m: SamModelRef) => Promise<void> } {
  const api = useApi();
  const [model, setModel] = useState<SamModelRef | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    api.call('settings.get', { key: SAM_MODEL_SETTING }).then(
      ({ value }) => {
        const v = value as Partial<SamModelRef> | null | undefined;
        if (live) setModel(v && typeof v.encoder === 'string' && typeof v.decoder === 'string' ? { encoder: v.encoder, decoder: v.decoder } : null);
      },
      () => live && setModel(null),
    );
    return () => {
      live = false;
    };
  }, [api]);
  const save = async (m: SamModelRef) => {
    await api.call('settings.set', { key: SAM_MODEL_SETTING, value: m });
    setModel(m);
  };
  return { model, save };
}

/**
 * Ask the main process for a preview each time the SAM prompt changes (one request at a time; a
 * prompt changed meanwhile is asked for when the answer comes), and follow the embedding job.
 */
export function useSamPreview(editor: Editor, imageId: number, model: SamModelRef | null | undefined): SamStatus {
  const api = useApi();
  const [status, setStatus] = useState<SamStatus>({ state: 'idle' });
  const busy = useRef(false);
  const asked = useRef(-1);

  useEffect(() => {
    const off = api.on('job.progress', (info) => {
      if (info.kind !== 'sam.embed') return;
      if (info.state === 'running') setStatus({ state: 'embedding', done: info.done, total: info.total || 3 });
    });
    return off;
  }, [api]);

  useEffect(() => {
    if (!model) return;
    let live = true;
    const ask = () => {
      const s = samState(editor);
      if (busy.current || s.version === asked.current) return;
      asked.current = s.version;
      if (!hasSamPrompt(s)) {
        setStatus({ state: 'idle' });
        return;
      }
      const version = s.version;
      busy.current = true;
      setStatus({ state: 'thinking' });
      api
        .call('annotations.samPreview', { imageId, model, points: s.points, ...(s.box ? { box: s.box } : {}) })
        .then(
          (p) => {
            if (!live) return;
            const mask = p.mask && { x: p.mask.x, y: p.mask.y, w: p.mask.w, h: p.mask.h, bits: decodeMask(p.mask.counts, p.mask.w, p.mask.h) };
            showSamMask(editor, version, mask);
            setStatus(mask ? { state: 'ready', area: p.area, score: p.score } : { state: 'nothing' });
          },
          (e: unknown) => live && setStatus({ state: 'error', message: (e as Error)?.message ?? String(e) }),
        )
        .finally(() => {
          busy.current = false;
          if (live) ask();
        });
    };
    ask();
    const off = editor.subscribe(ask);
    return () => {
      live = false;
      off();
    };
  }, [api, editor, imageId, model]);

  return status;
}
