import { useMemo } from 'react';
import { type MaskShape, type RegionShape, decodeMask } from '../../../src-main/api/index.js';

/**
 * One annotator's regions over the image, in their colour: an SVG in image pixels laid exactly
 * over the picture (same box, same aspect), so it scales with the pane.
 */
export function RegionOverlay({ width, height, regions, color }: { width: number; height: number; regions: { className: string; shape: RegionShape }[]; color: string }) {
  // Strokes stay about 2 screen pixels wide whatever the image size.
  const stroke = Math.max(1, Math.max(width, height) / 300);
  return (
    <svg className="review-overlay" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="xMidYMid meet" aria-hidden="true">
      {regions.map((r, i) => (
        <g key={i} data-testid="review-region" data-kind={r.shape.kind}>
          <title>{r.className}</title>
          <Shape shape={r.shape} color={color} stroke={stroke} />
        </g>
      ))}
    </svg>
  );
}

function Shape({ shape, color, stroke }: { shape: RegionShape; color: string; stroke: number }) {
  const paint = { stroke: color, strokeWidth: stroke, fill: color, fillOpacity: 0.18 };
  switch (shape.kind) {
    case 'box':
      return <rect x={shape.x} y={shape.y} width={shape.w} height={shape.h} {...paint} />;
    case 'polygon': {
      if (!shape.holes?.length) return <polygon points={shape.points.map(([x, y]) => `${x},${y}`).join(' ')} {...paint} />;
      // With holes: one path of every ring, filled even-odd so the holes stay open.
      const d = [shape.points, ...shape.holes].map((ring) => `M${ring.map(([x, y]) => `${x},${y}`).join('L')}Z`).join('');
      return <path d={d} fillRule="evenodd" {...paint} />;
    }
    case 'point':
      return <circle cx={shape.x} cy={shape.y} r={stroke * 3} {...paint} fillOpacity={1} />;
    case 'mask':
      return <MaskPicture shape={shape} color={color} />;
  }
}

/** A mask drawn as a tinted picture of its crop (decoded once per shape). */
function MaskPicture({ shape, color }: { shape: MaskShape; color: string }) {
  const href = useMemo(() => maskDataUrl(shape, color), [shape, color]);
  return href ? <image href={href} x={shape.x} y={shape.y} width={shape.w} height={shape.h} opacity={0.55} style={{ imageRendering: 'pixelated' }} /> : null;
}

function maskDataUrl(shape: MaskShape, color: string): string | null {
  let bits: Uint8Array;
  try {
    bits = decodeMask(shape.counts, shape.w, shape.h);
  } catch {
    return null; // a damaged mask is shown as nothing rather than breaking the review
  }
  const canvas = document.createElement('canvas');
  canvas.width = shape.w;
  canvas.height = shape.h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  const img = ctx.createImageData(shape.w, shape.h);
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
  for (let i = 0; i < bits.length; i++) {
    if (!bits[i]) continue;
    img.data[i * 4] = r!;
    img.data[i * 4 + 1] = g!;
    img.data[i * 4 + 2] = b!;
    img.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return canvas.toDataURL();
}
