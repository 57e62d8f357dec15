import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ImageRow } from '../../../src-main/api/index.js';
import type { ClassifyController } from '../../editor/classify/ClassifyController.js';
import { useApi } from '../shell/ApiContext.js';

const AROUND = 4;

/** Thumbnails of the images around the current one; click to jump. */
export function Filmstrip({ controller }: { controller: ClassifyController }) {
  const api = useApi();
  const s = useSyncExternalStore(
    (l) => controller.subscribe(l),
    () => controller.state,
  );
  const [rows, setRows] = useState<(ImageRow | null)[]>([]);
  const from = Math.max(0, s.index - AROUND);
  const ids = s.ids.slice(from, s.index + AROUND + 1);
  const key = ids.join(',');
  const imageKey = s.image ? `${s.image.id}:${s.image.tags.join('.')}` : '';
  useEffect(() => {
    let live = true;
    Promise.all(ids.map((id) => api.call('images.get', { id }).catch(() => null))).then((r) => live && setRows(r));
    return () => {
      live = false;
    };
  }, [api, key, imageKey]);
  return (
    <div className="filmstrip" data-testid="filmstrip">
      {rows.map((r, i) =>
        r ? (
          <button
            type="button"
            key={r.id}
            className={`film${from + i === s.index ? ' current' : ''}${r.tags.length ? ' labeled' : ''}`}
            onClick={() => void controller.goto(from + i)}
            title={r.path}
          >
            {r.error ? <span className="unreadable">⚠</span> : <img src={api.thumbUrl(r.id)} alt="" draggable={false} />}
          </button>
        ) : null,
      )}
    </div>
  );
}
