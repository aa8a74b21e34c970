// Generates the app icon: resources/icon.png (1024 px, used for macOS and Windows) and
// resources/icons/<n>x<n>.png (Linux). The PNGs are committed; rerun after changing the drawing:
//   node scripts/make-icons.mjs
// The drawing is an SVG rendered by sharp at each size (not downscaled from 1024), so small sizes stay crisp.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const resources = fileURLToPath(new URL('../resources/', import.meta.url));
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

/** Spokes of the vault door's handle and the bolts round its rim, at 45° steps. */
function around(count, draw) {
  return Array.from({ length: count }, (_, i) => draw((i * 2 * Math.PI) / count)).join('');
}

const cx = 512;
const cy = 512;
const spokes = around(4, (a) => {
  const [dx, dy] = [Math.cos(a), Math.sin(a)];
  return `<line x1="${cx - dx * 92}" y1="${cy - dy * 92}" x2="${cx + dx * 92}" y2="${cy + dy * 92}" />`;
});
const bolts = around(8, (a) => `<circle cx="${cx + Math.cos(a + Math.PI / 8) * 158}" cy="${cy + Math.sin(a + Math.PI / 8) * 158}" r="11" />`);

// A rounded tile (macOS proportions: 824 px body, 10% margin) holding a shield with a vault door on it.
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" viewBox="0 0 1024 1024">
  <defs>
    <linearGradient id="tile" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#24607a"/>
      <stop offset="1" stop-color="#0d2533"/>
    </linearGradient>
    <linearGradient id="shield" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#f6f9fb"/>
      <stop offset="1" stop-color="#c3d2dc"/>
    </linearGradient>
    <linearGradient id="door" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#1b4a5f"/>
      <stop offset="1" stop-color="#0e2a39"/>
    </linearGradient>
  </defs>
  <rect x="100" y="100" width="824" height="824" rx="185" fill="url(#tile)"/>
  <path d="M512 196 C604 246 688 266 764 268 L764 506 C764 660 660 770 512 836 C364 770 260 660 260 506 L260 268 C336 266 420 246 512 196 Z"
        fill="url(#shield)"/>
  <circle cx="${cx}" cy="${cy}" r="196" fill="url(#door)"/>
  <circle cx="${cx}" cy="${cy}" r="196" fill="none" stroke="#0a1f2b" stroke-opacity="0.35" stroke-width="6"/>
  <g fill="#e3ebf0">${bolts}</g>
  <circle cx="${cx}" cy="${cy}" r="124" fill="none" stroke="#e3ebf0" stroke-width="14"/>
  <g stroke="#e3ebf0" stroke-width="22" stroke-linecap="round">${spokes}</g>
  <circle cx="${cx}" cy="${cy}" r="36" fill="#e3ebf0"/>
  <circle cx="${cx}" cy="${cy}" r="14" fill="#1b4a5f"/>
</svg>`;

async function render(size, file) {
  await sharp(Buffer.from(svg), { density: (72 * size) / 1024 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toFile(file);
}

mkdirSync(path.join(resources, 'icons'), { recursive: true });
await render(1024, path.join(resources, 'icon.png'));
for (const size of LINUX_SIZES) await render(size, path.join(resources, 'icons', `${size}x${size}.png`));
console.log(`wrote resources/icon.png and ${LINUX_SIZES.length} sizes in resources/icons/`);
