import { useEffect, useRef, useState } from 'react';
import { SAM_MODEL_SETTING, type SamModelRef } from '../../../src-main/api/annotations.js';
import { decodeMask } from '../../../src-main/api/maskCodec.js';
import type { RegisteredModel } from '../../../src-main/api/models.js';
import { assistDisplay } from '../../editor/assistDisplay.js';
import type { Editor } from '../../editor/Editor.js';
import { hasSamPrompt, samState, showSamMask } from '../../editor/tools/sam/samState.js';
import { useApi } from '../shell/ApiContext.js';
import { chooseSamPair, MODELS_CHANGED, samPairs } from './samChoice.js';

/** What the SAM panel shows while the tool is in use. */
export type SamStatus =
  | { state: 'idle' }
  | { state: 'embedding'; done: number; total: number }
  | { state: 'thinking' }
  | { state: 'ready'; area: number; score: number }
  | { state: 'nothing' }
  | { state: 'error'; message: string };

/** The registered SAM pairs, the one in use, and how to pick another (remembered in the dataset). */
export interface SamModels {
  /** undefined while loading. */
  pairs: RegisteredModel[] | undefined;
  chosen: RegisteredModel | null;
  /** A dataset's old path setting that could not be registered, in words. */
  problem: string | null;
  choose: (id: string) => Promise<void>;
}

/**
 * The SAM pairs of the per-user registry and the dataset's choice among them (setting
 * `sam.model`, see chooseSamPair): an old `{encoder, decoder}` setting is registered once and
 * rewritten as `{id}`. Read again whenever Settings → Models changes the registry.
 */
export function useSamModels(): SamModels {
  const api = useApi();
  const [pairs, setPairs] = useState<RegisteredModel[] | undefined>(undefined);
  const [chosen, setChosen] = useState<RegisteredModel | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    const message = (e: unknown) => (e as Error)?.message ?? String(e);
    void (async () => {
      try {
        const [models, { value }] = await Promise.all([api.call('models.list', {}), api.call('settings.get', { key: SAM_MODEL_SETTING })]);
        let list = samPairs(models);
        let choice = chooseSamPair(value, list);
        if ('register' in choice) {
          try {
            const added = await api.call('models.add', { path: choice.register.encoder, kind: 'sam', decoderPath: choice.register.decoder });
            await api.call('settings.set', { key: SAM_MODEL_SETTING, value: { id: added.id } });
            list = samPairs(await api.call('models.list', {}));
            choice = { use: list.find((m) => m.id === added.id) ?? added, remember: false };
          } catch (e) {
            if (live) setProblem(message(e));
            choice = { use: list[0] ?? null, remember: false };
          }
        } else if (choice.remember && choice.use) {
          await api.call('settings.set', { key: SAM_MODEL_SETTING, value: { id: choice.use.id } });
        }
        if (!live) return;
        setPairs(list);
        setChosen(choice.use);
      } catch (e) {
        if (!live) return;
        setPairs([]);
        setProblem(message(e));
      }
    })();
    return () => {
      live = false;
    };
  }, [api, round]);
  useEffect(() => {
    const again = () => setRound((r) => r + 1);
    window.addEventListener(MODELS_CHANGED, again);
    return () => window.removeEventListener(MODELS_CHANGED, again);
  }, []);
  const choose = async (id: string) => {
    const pick = pairs?.find((m) => m.id === id) ?? null;
    setChosen(pick);
    if (pick) await api.call('settings.set', { key: SAM_MODEL_SETTING, value: { id: pick.id } });
  };
  return { pairs, chosen, problem, choose };
}

/**
 * Ask the main process for a preview each time the SAM prompt or the on-screen window/level
 * changes (one request at a time; a change meanwhile is asked for when the answer comes), and
 * follow the embedding job.
 */
export function useSamPreview(editor: Editor, imageId: number, model: SamModelRef | null | undefined): SamStatus {
  const api = useApi();
  const [status, setStatus] = useState<SamStatus>({ state: 'idle' });
  const busy = useRef(false);
  const asked = useRef('');

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
      // The encoder sees the picture through the window on screen (an embedding per window).
      const display = assistDisplay(editor);
      const key = `${s.version}|${display ? `${display.slope},${display.intercept}` : ''}`;
      if (busy.current || key === asked.current) return;
      asked.current = key;
      if (!hasSamPrompt(s)) {
        setStatus({ state: 'idle' });
        return;
      }
      const version = s.version;
      busy.current = true;
      setStatus({ state: 'thinking' });
      api
        .call('annotations.samPreview', { imageId, model, points: s.points, ...(s.box ? { box: s.box } : {}), ...(display ? { display } : {}) })
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
