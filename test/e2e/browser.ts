/**
 * Helpers for the browser tests: Debian's Chromium through playwright-core, the board's
 * coordinate mapping, real mouse and finger drags, and reading screenshots as pixels.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type CDPSession, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { PNG } from 'pngjs';
import AxeBuilder from '@axe-core/playwright';
import { BOARD_SIZE, CENTER, INNER_RADIUS, OUTER_RADIUS, areaAngles, type Point } from '../../shared/geometry.ts';
import { BOARD_COLORS, COUNT_RING } from '../../shared/boardStyle.ts';
import type { DrawnPiece } from '../../client/scenes/BoardScene.ts';

/** Where Debian installs Chromium; the tests never download a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags that let headless Chromium run Pixi (software WebGL) in a container without network chatter. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The message shown when Chromium is missing. */
export const CHROMIUM_MISSING = `Chromium not found at ${CHROMIUM_PATH} — install it with: sudo apt-get install -y chromium`;

/** The built client the game server serves. */
export const CLIENT_INDEX = fileURLToPath(new URL('../../dist/client/index.html', import.meta.url));

/** Where screenshots go (git-ignored). */
export const RESULTS_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));

/** Whether the browser suite can run here, and what to say when it cannot. */
export function browserSupport(): { run: true } | { run: false; skip: boolean; reason: string } {
  if (existsSync(CHROMIUM_PATH)) return { run: true };
  // on CI a missing browser is a broken setup, not a reason to pass quietly
  return { run: false, skip: !process.env.CI, reason: CHROMIUM_MISSING };
}

/** Throw a clear error unless the client has been built into dist/client. */
export function requireBuiltClient(): void {
  if (!existsSync(CLIENT_INDEX)) throw new Error(`The built client is missing (${CLIENT_INDEX}): run \`npm run build\` (vite build) before the browser tests.`);
}

/** Launch Debian's Chromium headless. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(CHROMIUM_MISSING);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** The page rectangle (CSS pixels) of the square board inside #board, as it is drawn now. */
export async function boardSquare(page: Page): Promise<{ left: number; top: number; scale: number }> {
  const box = await page.locator('#board').boundingBox();
  if (!box) throw new Error('#board is not visible');
  // the board tells where it draws itself ("scale x y" in its canvas), which a phone's zoom or a spotlight moves
  const view = (await page.locator('#board').getAttribute('data-view'))?.split(' ').map(Number);
  if (view?.length === 3 && view.every(Number.isFinite)) return { left: box.x + view[1]!, top: box.y + view[2]!, scale: view[0]! };
  const scale = Math.min(box.width, box.height) / BOARD_SIZE;
  return { left: box.x + (box.width - BOARD_SIZE * scale) / 2, top: box.y + (box.height - BOARD_SIZE * scale) / 2, scale };
}

/** A board point (0…1000) → page coordinates in CSS pixels. */
export async function boardToPage(page: Page, p: Point): Promise<Point> {
  const sq = await boardSquare(page);
  return { x: sq.left + p.x * sq.scale, y: sq.top + p.y * sq.scale };
}

/** The image pixels (at `dpr`) of a board rectangle: `half` board units either side of board point `p`. */
export async function boardRegion(page: Page, p: Point, half: { x: number; y: number }, dpr = 1): Promise<PixelBox> {
  const sq = await boardSquare(page);
  return {
    x: (sq.left + (p.x - half.x) * sq.scale) * dpr,
    y: (sq.top + (p.y - half.y) * sq.scale) * dpr,
    width: 2 * half.x * sq.scale * dpr,
    height: 2 * half.y * sq.scale * dpr,
  };
}

/** The centre of an element in page coordinates. */
export async function centreOf(page: Page, selector: string): Promise<Point> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Wait until the board has drawn (data-ready="true"). */
export async function waitForBoard(page: Page, timeout = 20_000): Promise<void> {
  await page.locator('#board[data-ready="true"]').waitFor({ state: 'attached', timeout }).catch(async (error: Error) => {
    throw new Error(`${error.message}\n#board now: ${await describeBoard(page)}`);
  });
}

/** Wait until the board's state holds `pieces` pieces (its data-pieces attribute). */
export async function waitForPieces(page: Page, pieces: number, timeout = 10_000): Promise<void> {
  await page.locator(`#board[data-ready="true"][data-pieces="${pieces}"]`).waitFor({ state: 'attached', timeout }).catch(async (error: Error) => {
    throw new Error(`${error.message}\n#board now: ${await describeBoard(page)}`);
  });
}

/** The board host's data attributes, or what the page shows instead, for error messages. */
async function describeBoard(page: Page): Promise<string> {
  return page
    .evaluate(() => {
      const board = document.getElementById('board');
      return board ? JSON.stringify({ ...board.dataset }) : `no #board; page says: ${document.body.innerText.slice(0, 300)}`;
    })
    .catch((error: Error) => `(could not read: ${error.message})`);
}

/** The number of pieces the board's state holds now (0 while data-pieces is not set yet). */
export async function piecesOf(page: Page): Promise<number> {
  return Number(await page.locator('#board').getAttribute('data-pieces'));
}

/**
 * Press the real mouse at `from`, move past the drag threshold, glide to `to` in steps,
 * run `whileHeld` (the drag is live there), then release.
 */
export async function mouseDrag(page: Page, from: Point, to: Point, whileHeld?: () => Promise<void>): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x - 12, from.y - 4, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 15 });
  // a last small wiggle: a real hand never stops dead, and it makes sure the final spot is sent
  await page.mouse.move(to.x + 1, to.y, { steps: 1 });
  await page.mouse.move(to.x, to.y, { steps: 1 });
  try {
    await whileHeld?.();
  } finally {
    await page.mouse.up();
  }
}

/** Drag with one finger from `from` to `to` through CDP touch events (Playwright can only tap). */
export async function fingerDrag(cdp: CDPSession, from: Point, to: Point, steps = 10): Promise<void> {
  const point = (p: Point) => [{ x: Math.round(p.x), y: Math.round(p.y), radiusX: 4, radiusY: 4, force: 1, id: 0 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(from) });
  // past the 6 px threshold quickly, well before the long-press tooltip
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point({ x: from.x + 4, y: from.y - 10 }) });
  for (let i = 1; i <= steps; i++) {
    const t = i / steps;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point({ x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t }) });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(to) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

/** An RGB colour. */
export type Rgb = readonly [number, number, number];

/** '#rrggbb' → [r, g, b]. */
export function rgbOf(hex: string): Rgb {
  const n = Number.parseInt(hex.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Decode a PNG buffer. */
export function decodePng(buffer: Buffer): PNG {
  return PNG.sync.read(buffer);
}

/** How many different colours the image holds (capped at `cap`, counting every 3rd pixel). */
export function distinctColours(png: PNG, cap = 5000): number {
  const seen = new Set<number>();
  for (let i = 0; i < png.data.length && seen.size < cap; i += 12) seen.add((png.data[i]! << 16) | (png.data[i + 1]! << 8) | png.data[i + 2]!);
  return seen.size;
}

/** A rectangle in image pixels. */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Pixels in `box` (the whole image when omitted) whose every channel is within `tolerance` of `colour`. */
export function countColour(png: PNG, colour: Rgb, tolerance: number, box?: PixelBox): number {
  const x0 = Math.max(0, Math.floor(box?.x ?? 0));
  const y0 = Math.max(0, Math.floor(box?.y ?? 0));
  const x1 = Math.min(png.width, Math.ceil(box ? box.x + box.width : png.width));
  const y1 = Math.min(png.height, Math.ceil(box ? box.y + box.height : png.height));
  let count = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * png.width + x) * 4;
      if (Math.abs(png.data[i]! - colour[0]) <= tolerance && Math.abs(png.data[i + 1]! - colour[1]) <= tolerance && Math.abs(png.data[i + 2]! - colour[2]) <= tolerance) count++;
    }
  }
  return count;
}

/** Take a full-page screenshot, save it under test-results/e2e/`name`.png and return it decoded. */
export async function saveScreenshot(page: Page, name: string): Promise<PNG> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const buffer = await page.screenshot({ animations: 'disabled', caret: 'hide' });
  await writeFile(`${RESULTS_DIR}${name}.png`, buffer);
  return decodePng(buffer);
}

/** A screenshot of the CSS-pixel rectangle `clip` only, decoded (cheap enough to poll). */
export async function shotOf(page: Page, clip: PixelBox): Promise<PNG> {
  return decodePng(await page.screenshot({ clip, animations: 'disabled', caret: 'hide' }));
}

/** Let the board draw the latest change (it renders on the next animation frame). */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

/** Wait until the page's phase bar shows `phase` (#phase-name[data-phase]). */
export async function waitForPhase(page: Page, phase: string, timeout = 10_000): Promise<void> {
  await page.locator(`#phase-name[data-phase="${phase}"]`).waitFor({ state: 'attached', timeout }).catch(async (error: Error) => {
    const now = await page.locator('#phase-name').getAttribute('data-phase', { timeout: 1_000 }).catch(() => '(no #phase-name)');
    throw new Error(`${error.message}\n#phase-name now: ${now}`);
  });
}

/** Wait for an error toast whose text is exactly `text`; returns how many error toasts are showing then. */
export async function waitForErrorToast(page: Page, text: string, timeout = 5_000): Promise<number> {
  const toast = page.locator('.toast-error').filter({ hasText: text });
  await toast.first().waitFor({ timeout }).catch(async (error: Error) => {
    const shown = await page.locator('.toast').allTextContents().catch(() => []);
    throw new Error(`${error.message}\ntoasts now: ${JSON.stringify(shown)}`);
  });
  expect((await toast.first().textContent())?.trim()).toBe(text);
  return page.locator('.toast-error').count();
}

/** The area of a rectangle, in its own units squared. */
export function area(box: PixelBox): number {
  return box.width * box.height;
}

/** The share of the image's pixels (every 4th sampled) that have its most common colour: near 1 for a blank page. */
export function mostCommonColourShare(png: PNG): number {
  const counts = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < png.data.length; i += 16) {
    const key = (png.data[i]! << 16) | (png.data[i + 1]! << 8) | png.data[i + 2]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    total++;
  }
  return Math.max(...counts.values()) / total;
}

/** The rectangle (page CSS px) of the strip beside the board that says who has placed how many while pieces are hidden (BoardOverlay), or undefined when none is drawn. */
export async function placedStrip(page: Page): Promise<PixelBox | undefined> {
  return page.evaluate(() => {
    const host = document.getElementById('board') as (HTMLElement & { boardProbe?: { overlay(): { placed?: { x: number; y: number; width: number; height: number } } } }) | null;
    const canvas = host?.querySelector('canvas')?.getBoundingClientRect();
    const placed = host?.boardProbe?.overlay().placed;
    return canvas && placed ? { x: canvas.x + placed.x, y: canvas.y + placed.y, width: placed.width, height: placed.height } : undefined;
  });
}

/** Others' drags the board draws now (its probe), empty when no ghost is shown. */
export async function liveDrags(page: Page): Promise<unknown[]> {
  return page.evaluate(() => (document.getElementById('board') as (HTMLElement & { boardProbe?: { drags(): unknown[] } }) | null)?.boardProbe?.drags() ?? []);
}

/** The pieces the board draws now (its probe): ids, who placed them and where, in canvas CSS px. */
export async function drawnPieces(page: Page): Promise<DrawnPiece[]> {
  return page.evaluate(() => (document.getElementById('board') as (HTMLElement & { boardProbe?: { pieces(): never[] } }) | null)?.boardProbe?.pieces() ?? []);
}

/**
 * Pan the board on a touch screen with one finger (pressed where no piece lies) until board point
 * `p` is on the canvas and uncovered, well inside its edges; returns where `p` is then (page CSS px).
 */
export async function panIntoView(page: Page, cdp: CDPSession, p: Point, tries = 6): Promise<Point> {
  for (let i = 0; ; i++) {
    const box = await page.locator('#board').boundingBox();
    if (!box) throw new Error('#board is not visible');
    const at = await boardToPage(page, p);
    const clear = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.classList.contains('board-canvas') ?? false, at);
    const inside = at.x > box.x + box.width * 0.2 && at.x < box.x + box.width * 0.8 && at.y > box.y + box.height * 0.2 && at.y < box.y + box.height * 0.8;
    if (clear && inside) return at;
    if (i >= tries) throw new Error(`board point (${p.x.toFixed(0)}, ${p.y.toFixed(0)}) not brought into view: at (${at.x.toFixed(0)}, ${at.y.toFixed(0)}) in ${JSON.stringify(box)}`);
    // move the board by at most a third of the canvas each time, from its centre towards where p should be
    // pressed where no piece lies (a press on a piece would pick it up), nearest the canvas's centre
    const pieces = await drawnPieces(page);
    const free = (q: Point) => !pieces.some((r) => q.x >= box.x + r.left - 8 && q.x <= box.x + r.left + r.width + 8 && q.y >= box.y + r.top - 8 && q.y <= box.y + r.top + r.height + 8);
    const spots = [0.5, 0.4, 0.6, 0.3, 0.7].flatMap((fy) => [0.5, 0.35, 0.65].map((fx) => ({ x: box.x + box.width * fx, y: box.y + box.height * fy })));
    const centre = spots.find(free) ?? spots[0]!;
    const clampTo = (d: number, size: number) => Math.max(-size / 3, Math.min(size / 3, d));
    const to = { x: centre.x + clampTo(centre.x - at.x, box.width), y: centre.y + clampTo(centre.y - at.y, box.height) };
    const before = await page.locator('#board').getAttribute('data-view');
    await fingerDrag(cdp, centre, to);
    await expect.poll(() => page.locator('#board').getAttribute('data-view'), { timeout: 3_000 }).not.toBe(before);
    await settle(page);
  }
}

/** The grey track of the count rings drawn in the areas while pieces are hidden (BoardScene.drawCounts). */
export const COUNT_RING_GREY = rgbOf(BOARD_COLORS.rule);

/** Where the board draws the hidden-piece count of area `index` of `count` (BoardScene.drawCounts). */
export function countRingCentre(count: number, index: number): Point {
  const { start, end } = areaAngles(count, index);
  const mid = (start + end) / 2;
  const r = (INNER_RADIUS + OUTER_RADIUS) / 2 - COUNT_RING.inset;
  return { x: CENTER.x + r * Math.cos(mid), y: CENTER.y + r * Math.sin(mid) };
}

/** The box (board units either side) of a count ring: its radius plus half its track, and a unit to spare. */
export const COUNT_RING_HALF = { x: COUNT_RING.radius + COUNT_RING.track / 2 + 1, y: COUNT_RING.radius + COUNT_RING.track / 2 + 1 } as const;

/** The WCAG tags every axe run checks: 2.0, 2.1 and 2.2 at levels A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

/**
 * Run axe-core on the page as it is now and return its serious and critical violations, each as
 * "rule (impact): what · where" (empty when there are none). The page's context must have been
 * created with `bypassCSP: true`: the app's CSP blocks the injected axe otherwise.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags([...AXE_TAGS]).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} · ${n.target.join(' ')} · ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`));
}

/** How far (CSS px) the page is wider than its window: 0 when it reflows without sideways scrolling. */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - document.documentElement.clientWidth);
}

/** What the keyboard focus is on: its tag, id, classes and accessible text, for assertions and messages. */
export async function focused(page: Page): Promise<{ tag: string; id: string; className: string; text: string; name: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      id: el?.id ?? '',
      className: typeof el?.className === 'string' ? el.className : '',
      text: (el?.textContent ?? '').trim().slice(0, 120),
      name: el?.getAttribute('aria-label') ?? '',
    };
  });
}

/** Whether the focused element can be seen: at least part of it in the window and not covered by anything drawn above it (WCAG 2.4.11). */
export async function focusVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return false;
    const rect = el.getBoundingClientRect();
    const xs = [rect.left + 2, rect.left + rect.width / 2, rect.right - 2];
    const ys = [rect.top + 2, rect.top + rect.height / 2, rect.bottom - 2];
    for (const x of xs) {
      for (const y of ys) {
        if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
        const top = document.elementFromPoint(x, y);
        if (top && (el === top || el.contains(top))) return true;
      }
    }
    return false;
  });
}

/**
 * Tab through the whole page once (from wherever the focus is, past the page's end and round to
 * the end again, or `max` presses) and return every stop whose focused element could not be seen
 * (WCAG 2.4.11); the page's end itself (the focus on the body) is not a stop.
 */
export async function hiddenFocusStops(page: Page, max = 200): Promise<string[]> {
  const hidden: string[] = [];
  let ends = 0;
  for (let i = 0; i < max && ends < 2; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now.tag === 'body') ends++;
    else if (!(await focusVisible(page))) hidden.push(JSON.stringify(now));
  }
  return hidden;
}

/** Press Tab (Shift+Tab when `back`) until the focus is on an element matching `selector`; fails after `limit` presses. Keyboard only: no click, no programmatic focus. */
export async function tabTo(page: Page, selector: string, { back = false, limit = 150 } = {}): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${selector}; the focus is on ${JSON.stringify(await focused(page))}`);
}

/**
 * Contexts and pages for one test file: every context is kept (to close them all afterwards),
 * is Danish unless told otherwise, fails a missing element in seconds rather than eating the
 * whole budget, and every page error is collected under the page's name.
 */
export function pageKeeper(browser: () => Browser, defaults: BrowserContextOptions = {}) {
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  return {
    contexts,
    pageErrors,
    async newContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
      const context = await browser().newContext({ locale: 'da-DK', ...defaults, ...options });
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      return context;
    },
    async newPage(context: BrowserContext, name: string): Promise<Page> {
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${name}: ${error.message}`));
      return page;
    },
  };
}
