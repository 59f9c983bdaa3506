// Draws the extension icon (images/icon.svg) and rasterises it to images/icon.png (128x128) with headless Chromium
// driven by playwright-core.
// Run `npm run icon` after changing the drawing; both files are committed, so packaging needs no browser.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const size = 128;

// A hull riding on waves, three stacked containers on deck, and a check mark: a Docker host in good order.
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 128 128">
  <defs>
    <linearGradient id="sea" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#1d63ed"/><stop offset="1" stop-color="#0b3fa8"/>
    </linearGradient>
  </defs>
  <rect x="4" y="4" width="120" height="120" rx="26" fill="url(#sea)"/>
  <g fill="#ffffff">
    <rect x="30" y="50" width="18" height="14" rx="2"/>
    <rect x="51" y="50" width="18" height="14" rx="2"/>
    <rect x="72" y="50" width="18" height="14" rx="2"/>
    <rect x="51" y="34" width="18" height="14" rx="2"/>
    <path d="M18 68 H110 L98 92 H30 Z"/>
  </g>
  <path d="M14 102 q8 -6 16 0 t16 0 t16 0 t16 0 t16 0 t16 0" fill="none" stroke="#9cc3ff" stroke-width="5" stroke-linecap="round"/>
  <circle cx="96" cy="32" r="17" fill="#2bb673" stroke="#ffffff" stroke-width="4"/>
  <path d="M88 32 l6 6 l11 -12" fill="none" stroke="#ffffff" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/>
</svg>
`;

writeFileSync(join(root, 'images', 'icon.svg'), svg);
// playwright-core comes with the end-to-end setup (.e2e/, installed by .e2e/install.sh); the browser is Debian's.
const require = createRequire(join(root, '.e2e', 'package.json'));
const { chromium } = require('playwright-core');
const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
if (!executablePath) throw new Error('no Chromium found to rasterise the icon (apt-get install chromium)');
const home = mkdtempSync(join(tmpdir(), 'shipshape-icon-'));
process.env.HOME = home;
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: join(root, 'images', 'icon.png'), omitBackground: true });
  console.log('wrote images/icon.svg and images/icon.png');
} finally {
  await browser.close();
  rmSync(home, { recursive: true, force: true });
}
