/**
 * The board readable everywhere (issue 8) and cheap to draw (issue 10), in Chromium: a phone
 * (390×844, touch) opens zoomed to its own area with readable labels, places a value by dragging
 * it with a finger without scrolling, and pinches the board without zooming the page; the reveal of
 * 3 parties × 5 values dropped on one spot shows no two pieces overlapping on the phone, the
 * laptop and the shared screen, with the marks' legend; while pieces are hidden, who placed how
 * many stands beside the board on the big screen; a shared screen opened while a spotlight is on
 * loads without an error and zooms until the spotlit area fills most of the board.
 * Positions are read from the board itself (its probe: what it draws, in CSS px); the screenshots
 * under test-results/e2e/board-*.png are there to be looked at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../server/app.ts';
import { areaFocus, areaIndexAt, areaSlotPoint, CENTER, OUTER_RADIUS, PIECE_SIZE, type Point } from '../../shared/geometry.ts';
import { facilitatorUrl, participantUrl, screenUrl } from '../../shared/links.ts';
import type { Phase } from '../../shared/types.ts';
import { createWorkshop, join, type TestClient, type TestWorkshop } from '../server/harness.ts';
import { browserSupport, centreOf, fingerDrag, launchChromium, pageKeeper, requireBuiltClient, saveScreenshot, waitForBoard, waitForPhase, waitForPieces } from './browser.ts';
import type { DrawnPiece } from '../../client/scenes/BoardScene.ts';

const support = browserSupport();
const skip = !support.run && support.skip;
if (!support.run && support.skip) console.warn(support.reason);

/** A piece as the board draws it. */
type Drawn = DrawnPiece;
type Rect = { x: number; y: number; width: number; height: number };
interface Probe {
  pieces: Drawn[];
  view: { scale: number; x: number; y: number; fit: number };
  overlay: { placed?: Rect; legend?: Rect };
  canvas: Rect;
}

/** What the board on `page` draws now (its probe), with the canvas's place in the page. */
async function probe(page: Page): Promise<Probe> {
  return page.evaluate(() => {
    const host = document.getElementById('board') as HTMLElement & { boardProbe: { pieces(): Drawn[]; view(): Probe['view']; overlay(): Probe['overlay'] } };
    const box = host.querySelector('canvas')!.getBoundingClientRect();
    return { pieces: host.boardProbe.pieces(), view: host.boardProbe.view(), overlay: host.boardProbe.overlay(), canvas: { x: box.x, y: box.y, width: box.width, height: box.height } };
  });
}

/** A board point → page CSS px, as the board draws it now (zoomed or not). */
async function toPage(page: Page, p: Point): Promise<Point> {
  const { view, canvas } = await probe(page);
  return { x: canvas.x + view.x + p.x * view.scale, y: canvas.y + view.y + p.y * view.scale };
}

/** Pairs of drawn pieces whose rectangles overlap by more than `slack` px each way. */
function overlaps(pieces: readonly Drawn[], slack = 0.5): string[] {
  const out: string[] = [];
  for (let i = 0; i < pieces.length; i++) {
    for (let j = i + 1; j < pieces.length; j++) {
      const a = pieces[i]!;
      const b = pieces[j]!;
      const x = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
      const y = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
      if (x > slack && y > slack) out.push(`${a.id} × ${b.id} (${x.toFixed(1)} × ${y.toFixed(1)} px)`);
    }
  }
  return out;
}

/** Whether the rectangle `r` (canvas px) keeps clear of the board's ring as the board is drawn now. */
function clearOfRing(r: Rect, view: Probe['view']): boolean {
  const centre = { x: view.x + CENTER.x * view.scale, y: view.y + CENTER.y * view.scale };
  // the nearest point of the rectangle to the board's centre is outside the outer circle
  const nx = Math.max(r.x, Math.min(centre.x, r.x + r.width));
  const ny = Math.max(r.y, Math.min(centre.y, r.y + r.height));
  return Math.hypot(nx - centre.x, ny - centre.y) > OUTER_RADIUS * view.scale;
}

/** Pinch with two fingers through CDP: from `span` px apart to `span * factor`, about `at`. */
async function pinch(cdp: CDPSession, at: Point, span: number, factor: number, steps = 8): Promise<void> {
  const fingers = (s: number) => [
    { x: Math.round(at.x - s / 2), y: Math.round(at.y), radiusX: 4, radiusY: 4, force: 1, id: 0 },
    { x: Math.round(at.x + s / 2), y: Math.round(at.y), radiusX: 4, radiusY: 4, force: 1, id: 1 },
  ];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(span) });
  for (let i = 1; i <= steps; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers(span * (1 + ((factor - 1) * i) / steps)) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } as const;
/** The five values each party drops in its own area (the phone's party placed 'residents' already). */
const OWN_KINDS = [
  ['core-task', 'knowledge', 'network', 'economy', 'strategy'],
  ['residents', 'core-task', 'knowledge', 'network', 'economy'],
  ['residents', 'core-task', 'knowledge', 'network', 'economy'],
] as const;
/** The values each partner drops in the first party's area in the partners' view. */
const PARTNER_KINDS = ['residents', 'core-task', 'knowledge', 'network', 'economy'] as const;

describe.skipIf(skip)(skip ? `browser board (skipped: ${support.run ? '' : support.reason})` : 'the board on a phone, a laptop and the shared screen', () => {
  let server: RunningServer;
  let browser: Browser;
  const { contexts, pageErrors, newContext, newPage } = pageKeeper(() => browser);
  let workshop: TestWorkshop;
  let facilitator: TestClient;
  const people: TestClient[] = [];
  let phone: Page;
  let screen: Page;
  let laptop: Page;

  const setPhase = async (phase: Phase) => {
    expect((await facilitator.act('set-phase', { phase })).type).toBe('ack');
    for (const page of [phone, screen, laptop]) {
      if (!page) continue;
      await waitForPhase(page, phase, 20_000).catch(async (error: Error) => {
        throw new Error(`${error.message}\npage ${page.url()} says: ${(await page.locator('body').innerText().catch(() => '(nothing)')).slice(0, 400)}`);
      });
    }
  };

  beforeAll(async () => {
    if (!support.run) throw new Error(`${support.reason} (the browser tests must run on CI)`);
    requireBuiltClient();
    server = await startServer({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    workshop = await createWorkshop(server, 3, 'guided');
    facilitator = await join(server, { role: 'facilitator', workshopId: workshop.id, key: workshop.key });
    for (const [i, partyId] of workshop.partyIds.entries()) people.push(await join(server, { role: 'participant', workshopId: workshop.id, code: workshop.code, name: `Deltager ${i + 1}`, partyId }));
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    for (const client of [facilitator, ...people]) await client?.room.leave(true).catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('opens on a phone zoomed to its own area, and places a value there by dragging it with a finger, without scrolling', async () => {
    await facilitator.act('set-phase', { phase: 'own-value' });
    phone = await newPage(await newContext(PHONE), 'phone');
    phone.on('crash', () => pageErrors.push('phone: the page crashed'));
    await phone.goto(participantUrl(server.url, workshop.code));
    await phone.fill('#join-name', 'Mette');
    await phone.locator('.party-choice input[type=radio]').first().check();
    await phone.locator('#join-submit').tap();
    await waitForBoard(phone);
    await waitForPhase(phone, 'own-value');
    await phone.waitForTimeout(500);

    // zoomed in past the whole board, onto the own area
    const { view, canvas } = await probe(phone);
    expect(view.scale, 'the phone opens zoomed in').toBeGreaterThan(view.fit * 1.3);
    const ownArea = areaFocus(3, 0);
    const ownCentre = { x: canvas.x + view.x + ownArea.x * view.scale, y: canvas.y + view.y + ownArea.y * view.scale };
    expect(ownCentre.x).toBeGreaterThan(canvas.x - 60);
    expect(ownCentre.x).toBeLessThan(canvas.x + canvas.width + 60);

    // the value in the tray and a spot in the own area are both on the screen as it opened
    const scrolled = await phone.evaluate(() => window.scrollY);
    const from = await centreOf(phone, '.tray-item[data-kind=residents]');
    const target = await toPage(phone, areaSlotPoint(3, 0, 1));
    expect(from.y, 'the tray value is on the screen').toBeLessThan(844);
    expect(target.y, 'the drop spot is on the screen').toBeGreaterThan(canvas.y);
    expect(target.y).toBeLessThan(Math.min(844, canvas.y + canvas.height));
    const cdp = await phone.context().newCDPSession(phone);
    await fingerDrag(cdp, from, target);
    await waitForPieces(phone, 1);
    expect(await phone.evaluate(() => window.scrollY), 'the drag did not scroll the page').toBe(scrolled);
    expect(scrolled, 'nothing had to be scrolled to reach the tray').toBe(0);
    const [piece] = (await probe(phone)).pieces;
    expect(piece!.areaPartyId).toBe(workshop.partyIds[0]);
    await saveScreenshot(phone, 'board-phone-own-value');
  });

  it('pinches and pans the board with two fingers on the phone, while the page itself stays unzoomed', async () => {
    const cdp = await phone.context().newCDPSession(phone);
    const before = await probe(phone);
    const centre = { x: before.canvas.x + before.canvas.width / 2, y: before.canvas.y + before.canvas.height / 2 };
    await pinch(cdp, centre, 80, 1.8);
    await expect.poll(async () => (await probe(phone)).view.scale, { timeout: 3_000 }).toBeGreaterThan(before.view.scale * 1.3);
    expect(await phone.evaluate(() => window.visualViewport?.scale ?? 1), 'the page is not zoomed').toBe(1);
    await pinch(cdp, centre, 200, 0.2);
    await expect.poll(async () => (await probe(phone)).view.scale, { timeout: 3_000 }).toBeLessThan(before.view.scale);
    // never smaller than the whole board
    expect((await probe(phone)).view.scale).toBeGreaterThanOrEqual((await probe(phone)).view.fit - 1e-6);
  });

  it('shows who has placed how many beside the board on the big screen, never inside an area', async () => {
    screen = await newPage(await newContext({ viewport: { width: 1920, height: 1080 } }), 'screen');
    await screen.goto(screenUrl(server.url, workshop.code));
    await waitForBoard(screen);
    await waitForPhase(screen, 'own-value');
    const shown = await probe(screen);
    expect(shown.overlay.placed, 'the counts are shown while pieces are hidden').toBeDefined();
    expect(clearOfRing(shown.overlay.placed!, shown.view), `the counts ${JSON.stringify(shown.overlay.placed)} lie beside the board`).toBe(true);
    // the phone, too narrow for a margin, shows them along its top edge
    expect((await probe(phone)).overlay.placed).toBeDefined();
    await saveScreenshot(screen, 'board-screen-own-value');
  });

  it('lays the reveal of 3 parties × 5 values dropped on one spot out without any overlap, with readable labels and the marks\' legend', async () => {
    const spot = (area: number) => areaSlotPoint(3, area, 2);
    // own view: every party drops its five values on one spot of its own area
    for (const [p, person] of people.entries()) {
      for (const kindId of OWN_KINDS[p]!) expect((await person.act('place', { kindId, areaPartyId: workshop.partyIds[p], near: spot(p) })).payload, `party ${p} places ${kindId}`).not.toHaveProperty('code');
    }
    await setPhase('partner-view');
    // the phone now opens on a partner's area (the one its party has placed least in): most of what it shows is that area
    await expect
      .poll(async () => {
        const { view, canvas } = await probe(phone);
        const seen = [0, 0, 0];
        for (let i = 0; i < 10; i++) {
          for (let j = 0; j < 10; j++) {
            const area = areaIndexAt(3, { x: (((i + 0.5) * canvas.width) / 10 - view.x) / view.scale, y: (((j + 0.5) * canvas.height) / 10 - view.y) / view.scale });
            if (area >= 0) seen[area]!++;
          }
        }
        return seen.indexOf(Math.max(...seen));
      }, { timeout: 10_000, message: 'the phone shows a partner\'s area in the partners\' view' })
      .toBeGreaterThan(0);
    // partners' view: the two partners each drop five values on one spot of the first party's area
    for (const p of [1, 2]) {
      for (const kindId of PARTNER_KINDS.slice(p - 1)) {
        const answer = await people[p]!.act('place', { kindId, areaPartyId: workshop.partyIds[0], near: spot(0) });
        expect(answer.payload, `partner ${p} places ${kindId}`).not.toHaveProperty('code');
      }
    }
    laptop = await newPage(await newContext({ viewport: { width: 1440, height: 900 } }), 'laptop');
    await laptop.goto(facilitatorUrl(server.url, workshop.id, workshop.key));
    await waitForBoard(laptop);
    await setPhase('reveal');
    const total = 1 + 15 + 5 + 4;
    for (const page of [phone, screen, laptop]) await waitForPieces(page, total);
    await phone.waitForTimeout(1200);

    for (const [name, page] of [['phone', phone], ['screen', screen], ['laptop', laptop]] as const) {
      const drawn = await probe(page);
      expect(drawn.pieces, name).toHaveLength(total);
      expect(overlaps(drawn.pieces), `${name}: no two pieces overlap`).toEqual([]);
      expect(drawn.overlay.legend, `${name}: the marks' legend`).toBeDefined();
    }
    const big = await probe(screen);
    const full = big.pieces.filter((p) => p.width >= PIECE_SIZE.width * big.view.scale - 0.5);
    expect(full.length, 'some pieces are at full size on the big screen').toBeGreaterThan(0);
    console.log(`labels on the 1920×1080 screen (px): ${big.pieces.map((p) => p.labelPx.toFixed(1)).join(' ')}; board scale ${big.view.scale.toFixed(3)}`);
    for (const piece of full) expect(piece.labelPx, `label of ${piece.id} on the 1920×1080 screen`).toBeGreaterThanOrEqual(18);
    expect(clearOfRing(big.overlay.legend!, big.view), 'the legend lies beside the board on the big screen').toBe(true);
    // the phone shows its own area with labels of at least 12 px there
    const small = await probe(phone);
    const own = small.pieces.filter((p) => p.areaPartyId === workshop.partyIds[0]);
    expect(own.length).toBeGreaterThan(0);
    for (const piece of own) expect(piece.labelPx, `label of ${piece.id} on the phone`).toBeGreaterThanOrEqual(12);
    await saveScreenshot(phone, 'board-phone-reveal');
    await saveScreenshot(laptop, 'board-laptop-reveal');
    await saveScreenshot(screen, 'board-screen-reveal');
  });

  it('opens a shared screen while a spotlight is on without an error, zoomed until the spotlit area fills most of the board', async () => {
    // the phone and the laptop are done: fewer pages drawing on 2 cores
    await phone.context().close();
    await laptop.context().close();
    expect((await facilitator.act('spotlight', { kind: 'party', id: workshop.partyIds[0] })).type).toBe('ack');
    const errorsBefore = pageErrors.length;
    const second = await newPage(await newContext({ viewport: { width: 1920, height: 1080 } }), 'spotlit screen');
    await second.goto(screenUrl(server.url, workshop.code));
    await waitForBoard(second);
    await second.waitForTimeout(800);
    expect(pageErrors.slice(errorsBefore), 'no page error while loading with a spotlight on').toEqual([]);
    const area = areaFocus(3, 0);
    const side = Math.min((await probe(second)).canvas.width, (await probe(second)).canvas.height);
    await expect.poll(async () => (area.size * (await probe(second)).view.scale) / side, { timeout: 10_000 }).toBeGreaterThan(0.85);
    await saveScreenshot(second, 'board-screen-spotlight-area');

    // a piece in the spotlight takes most of the board's width
    const piece = (await probe(second)).pieces.find((p) => p.areaPartyId === workshop.partyIds[1])!;
    expect((await facilitator.act('spotlight', { kind: 'piece', id: piece.id })).type).toBe('ack');
    await expect.poll(async () => {
      const now = await probe(second);
      const drawn = now.pieces.find((p) => p.id === piece.id)!;
      return drawn.width / Math.min(now.canvas.width, now.canvas.height);
    }, { timeout: 10_000, message: 'the spotlit piece takes most of the board' }).toBeGreaterThan(0.6);
    await saveScreenshot(second, 'board-screen-spotlight-piece');

    // and back to the whole board
    expect((await facilitator.act('spotlight', { kind: 'none', id: '' })).type).toBe('ack');
    await expect.poll(async () => {
      const now = await probe(second);
      return now.view.scale / now.view.fit;
    }, { timeout: 10_000 }).toBeCloseTo(1, 3);
    expect(pageErrors).toEqual([]);
  });
});
