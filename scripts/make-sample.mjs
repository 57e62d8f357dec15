// Generates assets/sample-dataset/: 24 small pictures of shapes in 3 classes, drawn here so the
// project owns every pixel, and sample-labels.json with half of them labeled.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const out = path.resolve('assets/sample-dataset');
const classes = [
  { name: 'circle', color: '#1f77b4' },
  { name: 'square', color: '#ff7f0e' },
  { name: 'triangle', color: '#2ca02c' },
];
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const hue = () => `hsl(${Math.floor(rand() * 360)}, 65%, ${40 + Math.floor(rand() * 20)}%)`;

function shape(kind, w, h) {
  const s = 30 + rand() * 40;
  const cx = s + rand() * (w - 2 * s);
  const cy = s + rand() * (h - 2 * s);
  const fill = hue();
  if (kind === 'circle') return `<circle cx="${cx}" cy="${cy}" r="${s}" fill="${fill}"/>`;
  if (kind === 'square') return `<rect x="${cx - s}" y="${cy - s}" width="${2 * s}" height="${2 * s}" fill="${fill}" transform="rotate(${Math.floor(rand() * 40 - 20)} ${cx} ${cy})"/>`;
  return `<polygon points="${cx},${cy - s} ${cx + s},${cy + s * 0.8} ${cx - s},${cy + s * 0.8}" fill="${fill}"/>`;
}

fs.rmSync(out, { recursive: true, force: true });
const labels = {};
for (const c of classes) {
  for (let i = 1; i <= 8; i++) {
    const w = 320;
    const h = 240;
    const bg = `hsl(${Math.floor(rand() * 360)}, 25%, 88%)`;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="${bg}"/>${shape(c.name, w, h)}</svg>`;
    const rel = `${c.name}s/${c.name}-${String(i).padStart(2, '0')}.jpg`;
    fs.mkdirSync(path.join(out, path.dirname(rel)), { recursive: true });
    await sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toFile(path.join(out, rel));
    if (i <= 4) labels[rel] = c.name;
  }
}
fs.writeFileSync(path.join(out, 'sample-labels.json'), JSON.stringify({ classes, labels }, null, 2) + '\n');
console.log(`wrote 24 images and sample-labels.json to ${out}`);
