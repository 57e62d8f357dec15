import type { ClassifyController } from '../../editor/classify/ClassifyController.js';
import { useApi } from '../shell/ApiContext.js';
import type { Neighbours } from './useNeighbours.js';

/** Thumbnails of the images around the current one; click to jump. */
export function Filmstrip({ controller, index, neighbours }: { controller: ClassifyController; index: number; neighbours: Neighbours }) {
  const api = useApi();
  const { from, rows } = neighbours;
  return (
    <div className="filmstrip" data-testid="filmstrip">
      {rows.map((r, i) =>
        r ? (
          <button
            type="button"
            key={r.id}
            className={`film${from + i === index ? ' current' : ''}${r.tags.length ? ' labeled' : ''}`}
            onClick={() => void controller.goto(from + i)}
            title={r.path}
          >
            {r.error ? <span className="unreadable">⚠</span> : <img src={api.thumbUrl(r.id, r.version)} alt="" draggable={false} />}
          </button>
        ) : null,
      )}
    </div>
  );
}
