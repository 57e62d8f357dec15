import type { ClassRow, Suggestion } from '../../../src-main/api/index.js';

interface Props {
  suggestions: Suggestion[];
  /** The suggestion Tab picked (drawn bold, the others faded), or null. */
  picked: number | null;
  classes: ClassRow[];
  /** The upright image size, and where it is drawn (the image view's pan and zoom). */
  width: number;
  height: number;
  view: { x: number; y: number; scale: number };
}

/**
 * A detector's box suggestions over the image: dashed outlines in the class colour with the class
 * and score, so they are never mistaken for labels (solid). Not interactive: keys decide them.
 */
export function SuggestionBoxes({ suggestions, picked, classes, width, height, view }: Props) {
  const byId = new Map(classes.map((c) => [c.id, c]));
  const boxes = suggestions.filter((s) => s.box);
  if (boxes.length === 0) return null;
  const px = 1 / view.scale;
  return (
    <svg
      className="suggestion-boxes"
      data-testid="suggestion-boxes"
      viewBox={`0 0 ${width} ${height}`}
      style={{ width: width * view.scale, height: height * view.scale, transform: `translate(${view.x}px, ${view.y}px)` }}
    >
      {boxes.map((s) => {
        const c = byId.get(s.classId);
        const b = s.box!;
        return (
          <g key={s.id} data-picked={s.id === picked || undefined} opacity={picked !== null && s.id !== picked ? 0.45 : 1}>
            {/* A dark line under the dashes keeps the box visible on an image of its own colour. */}
            <rect x={b.x} y={b.y} width={b.w} height={b.h} fill="none" stroke="#000" strokeOpacity={0.7} strokeWidth={4 * px} />
            <rect className="dashed" x={b.x} y={b.y} width={b.w} height={b.h} fill="none" stroke={c?.color ?? '#ffcc00'} strokeWidth={(s.id === picked ? 4 : 2) * px} strokeDasharray={`${6 * px} ${4 * px}`} />
            <text x={b.x + 3 * px} y={b.y - 4 * px} fontSize={12 * px} fill="#fff" stroke="#000" strokeWidth={3 * px} paintOrder="stroke">
              {`${c?.name ?? '?'} ${Math.round(s.score * 100)}%`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
