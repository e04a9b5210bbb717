/**
 * One whole guided workshop in real browsers, phase by phase: a facilitator, the shared screen
 * and three participants in three parties (two laptops and a phone). Lobby → own value (each
 * party places in its own area, hidden from the others) → partner view (each places in another
 * party's area, still hidden) → reveal (everything shows; the shared screen compares the views
 * and warns about the party that got little) → dialogue with a dot-vote → spotlight → agreement
 * (the board locks; one shared value and one next step). Every screen is checked on the way, and
 * the shared screen is photographed at the lobby, during the hidden placement, after the reveal,
 * in the spotlight and at the agreement (test-results/e2e/full-*.png).
 *
 * The placements make one value of each kind for party A (BSV): residents placed by A and by B
 * (shared), knowledge placed by B only (a blind spot), network placed by A only (unseen). Party C
 * (FU) receives only its own single piece, so the balance warning must name it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PNG } from 'pngjs';
import { startServer, type RunningServer } from '../../server/app.ts';
import { areaIndexAt, CENTER, INNER_RADIUS, OUTER_RADIUS, PIECE_SIZE, areaAngles, areaFocus, type Point } from '../../shared/geometry.ts';
import { t } from '../../shared/i18n/index.ts';
import { BOARD_COLORS, VOTE_BADGE as BOARD_VOTE_BADGE } from '../../shared/boardStyle.ts';
import { shownPieces } from '../../shared/layout.ts';
import defaultDeck from '../../assets/decks/default.json';
import {
  area,
  boardRegion,
  boardToPage,
  browserSupport,
  centreOf,
  countColour,
  drawnPieces,
  distinctColours,
  fingerDrag,
  launchChromium,
  mostCommonColourShare,
  mouseDrag,
  panIntoView,
  piecesOf,
  placedStrip,
  requireBuiltClient,
  rgbOf,
  saveScreenshot,
  settle,
  shotOf,
  waitForBoard,
  waitForErrorToast,
  waitForPhase,
  waitForPieces,
  type PixelBox,
  type Rgb,
  pageKeeper,
} from './browser.ts';

const support = browserSupport();
const skip = !support.run && support.skip;
if (!support.run && support.skip) console.warn(support.reason);

/** The parties, in board order (area 0 at the top right, 1 at the bottom, 2 at the left); colours far from every category colour. */
const PARTIES = [
  { name: 'Boligselskabet Vest', short: 'BSV', color: '#d81b60' },
  { name: 'Kommunen', short: 'KOM', color: '#00897b' },
  { name: 'Foreningen Ung', short: 'FU', color: '#f9a825' },
] as const;
const [A, B, C] = [0, 1, 2] as const;
/** A party by its place in PARTIES (and on the board). */
type PartyIndex = typeof A | typeof B | typeof C;

/** Who sits where: two laptops and a phone, one per party. */
const PEOPLE = [
  { name: 'Anna', party: A, device: 'laptop' },
  { name: 'Bo', party: B, device: 'laptop' },
  { name: 'Cleo', party: C, device: 'phone' },
] as const;

type KindId = (typeof defaultDeck.kinds)[number]['id'];

/** The fill a piece of `kind` is drawn with: its category's colour. */
function fillOf(kind: KindId): Rgb {
  const category = defaultDeck.kinds.find((k) => k.id === kind)!.category;
  return rgbOf(defaultDeck.categories.find((c) => c.id === category)!.color);
}

/** One placement of the script: who places which kind where. */
interface Placement {
  by: PartyIndex;
  area: PartyIndex;
  kind: KindId;
  at: Point;
  /** The size the board draws its piece at (the reveal arrangement may shrink pieces to fit). */
  scale?: number;
}

/** Own value: each party in its own area (positions chosen so no two bodies overlap and none covers a count ring). */
const OWN: Placement[] = [
  { by: A, area: A, kind: 'residents', at: { x: 650, y: 215 } },
  { by: A, area: A, kind: 'network', at: { x: 650, y: 292 } },
  { by: B, area: B, kind: 'core-task', at: { x: 380, y: 700 } },
  { by: C, area: C, kind: 'professional-development', at: { x: 252, y: 500 } },
];
/** Partner view: each party in another party's area. */
const PARTNER: Placement[] = [
  { by: B, area: A, kind: 'residents', at: { x: 800, y: 440 } },
  { by: B, area: A, kind: 'knowledge', at: { x: 800, y: 512 } },
  { by: A, area: B, kind: 'core-task', at: { x: 620, y: 700 } },
  { by: C, area: B, kind: 'residents', at: { x: 650, y: 800 } },
];
const ALL = [...OWN, ...PARTNER];

/** What the reveal panel must say per area, in deck order of the kinds. */
const EXPECTED_PERCEPTIONS: Record<PartyIndex, string[]> = {
  [A]: ['shared', 'blind-spot', 'unseen'], // residents (A + B), knowledge (B only), network (A only)
  [B]: ['blind-spot', 'shared'], // residents (C only), core-task (B + A)
  [C]: ['unseen'], // professional development (C only)
};

/** The inside of a piece's body, clear of its edge and its badges (board units either side of the centre). */
const BODY_HALF = { x: PIECE_SIZE.width / 2 - 30, y: PIECE_SIZE.height / 2 - 8 };
/** The dot-vote badge at a piece's lower right corner (a circle of VOTE_BADGE.radius, 15, drawn inset from the corner). */
const VOTE_BADGE = { dx: PIECE_SIZE.width / 2 - BOARD_VOTE_BADGE.inset, dy: PIECE_SIZE.height / 2 - BOARD_VOTE_BADGE.inset, half: { x: 10, y: 10 } };
const VOTE_BADGE_FILL = rgbOf(BOARD_COLORS.navy);
const SPOTLIGHT_ORANGE = rgbOf(BOARD_COLORS.spotlight);

describe.skipIf(skip)(skip ? `full guided workshop (skipped: ${support.run ? '' : support.reason})` : 'full guided workshop', () => {
  let server: RunningServer;
  let browser: Browser;

  let facilitator: Page;
  let screen: Page;
  /** The participants' pages, by party index. */
  const participants: Page[] = [];
  let phoneContext: BrowserContext;
  let code = '';
  let ids: string[] = [];
  /** Findings kept for the known-bug checks. */
  let lobbyErrorToasts = 0;
  let staleVoteButtons: boolean | undefined;
  let staleAgreementList: boolean | undefined;
  const links = { participant: '', screen: '', facilitator: '' };

  const { contexts, pageErrors, newContext, newPage } = pageKeeper(() => browser);
  const allPages = () => [facilitator, screen, ...participants];
  const workshop = async () => (await server.workshops.byCode(code))!.state;
  const stored = async () => (await workshop()).pieces.map((p) => ({ kind: p.kindId, area: ids.indexOf(p.areaPartyId), by: ids.indexOf(p.placedByPartyId), x: p.x, y: p.y }));

  /** Drag `kind` from the tray to board point `to`: the mouse on a laptop, a finger on the phone. */
  const trayDrag = async (page: Page, kind: KindId, to: Point, whileHeld?: () => Promise<void>) => {
    const item = page.locator(`.tray-item[data-kind="${kind}"]`);
    await item.scrollIntoViewIfNeeded();
    const from = await centreOf(page, `.tray-item[data-kind="${kind}"]`);
    const target = await boardToPage(page, to);
    if (page === participants[C]) {
      const cdp = await phoneContext.newCDPSession(page);
      await fingerDrag(cdp, from, target);
      await cdp.detach();
    } else {
      await mouseDrag(page, from, target, whileHeld);
    }
  };

  /**
   * Place every piece of `script` through the participants' trays, checking each lands in the area
   * aimed at; the server lays it into the free slot nearest the aim, and the script looks for it there.
   */
  const place = async (script: Placement[]) => {
    for (const placement of script) {
      const page = participants[placement.by]!;
      const before = (await stored()).length;
      await trayDrag(page, placement.kind, placement.at);
      await expect.poll(async () => (await stored()).length, { timeout: 8_000, message: `${PARTIES[placement.by].short} placing ${placement.kind}` }).toBe(before + 1);
      const piece = (await stored()).at(-1)!;
      expect(piece, `${PARTIES[placement.by].short}'s ${placement.kind}`).toMatchObject({ kind: placement.kind, area: placement.area, by: placement.by });
      expect(areaIndexAt(PARTIES.length, piece), `${placement.kind} laid out at (${piece.x}, ${piece.y}), aimed at (${placement.at.x}, ${placement.at.y})`).toBe(placement.area);
      placement.at = { x: piece.x, y: piece.y };
    }
  };

  /** Point each placement of the script at where the board draws its piece now: from the reveal on, the reveal arrangement. */
  const followBoard = async () => {
    const shown = shownPieces(await workshop());
    for (const p of ALL) {
      const piece = shown.find((q) => q.kindId === p.kind && q.areaPartyId === ids[p.area] && q.placedByPartyId === ids[p.by]);
      if (!piece) throw new Error(`${PARTIES[p.by].short}'s ${p.kind} is not on the board`);
      p.at = { x: piece.x, y: piece.y };
      p.scale = piece.scale;
    }
  };

  /** The share of `box` that has colour `colour` on a screenshot of `page` now. */
  const shareOf = async (page: Page, box: PixelBox, colour: Rgb, tolerance: number) => countColour(await shotOf(page, box), colour, tolerance) / area(box);

  /** Open the details of the piece at board point `at` (a click, or a tap on the phone). */
  const openPiece = async (page: Page, at: Point) => {
    const p = await boardToPage(page, at);
    if (page === participants[C]) await page.touchscreen.tap(p.x + 20, p.y);
    else await page.mouse.click(p.x + 20, p.y);
    await page.locator('.details').waitFor({ timeout: 5_000 });
  };
  const closePiece = async (page: Page) => {
    const close = page.locator('.details button', { hasText: t('da', 'board.piece.close') });
    if (page === participants[C]) await close.tap();
    else await close.click();
    await page.locator('.details').waitFor({ state: 'detached', timeout: 5_000 });
  };

  /** Checks every screenshot must pass: the right size, not blank, the board with all three party colours. */
  const checkNotBlank = async (png: PNG, page: Page, name: string) => {
    expect.soft(png.width, name).toBe(page.viewportSize()!.width);
    expect.soft(distinctColours(png), `${name}: distinct colours`).toBeGreaterThan(200);
    expect.soft(mostCommonColourShare(png), `${name}: share of the most common colour`).toBeLessThan(0.85);
    const board = await boardRegion(page, CENTER, { x: 500, y: 500 });
    for (const party of PARTIES) expect.soft(countColour(png, rgbOf(party.color), 10, board), `${name}: colour of ${party.short}`).toBeGreaterThan(area(board) * 0.002);
  };

  beforeAll(async () => {
    if (!support.run) throw new Error(`${support.reason} (the browser tests must run on CI)`);
    requireBuiltClient();
    // the script's positions must lie in the areas it means, and the bodies must not overlap
    for (const p of ALL) expect(areaIndexAt(PARTIES.length, p.at), `${p.kind} at (${p.at.x}, ${p.at.y})`).toBe(p.area);
    for (const [i, p] of ALL.entries()) {
      for (const q of ALL.slice(i + 1)) expect(Math.abs(p.at.x - q.at.x) > 2 * BODY_HALF.x || Math.abs(p.at.y - q.at.y) > 2 * BODY_HALF.y, `${p.kind}/${q.kind} overlap`).toBe(true);
    }
    server = await startServer({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('the facilitator sets up a guided workshop on the start page; it opens in the lobby', async () => {
    const context = await newContext({ viewport: { width: 1366, height: 768 } });
    const page = await newPage(context, 'facilitator');
    await page.goto(`${server.url}/`);
    await page.fill('#setup-title', 'Værdier i Nordhavn-samarbejdet');
    await page.fill('#setup-focus', 'Hvad får hver af os ud af samarbejdet?');
    await page.fill('#setup-collaboration', 'Nordhavn Sammen');
    await page.selectOption('#setup-language', 'da');
    await page.selectOption('#setup-deck', 'default');
    expect(await page.locator('#setup-partner-view').isChecked()).toBe(true);
    await page.fill('#setup-max', '12');
    const rows = page.locator('.party-row');
    await expect.poll(() => rows.count(), { timeout: 5_000 }).toBe(3);
    for (const [i, party] of PARTIES.entries()) {
      await rows.nth(i).locator('input[name=party-name]').fill(party.name);
      await rows.nth(i).locator('input[name=party-short]').fill(party.short);
      await rows.nth(i).locator('input[name=party-color]').fill(party.color);
    }
    await page.click('#create-workshop');
    code = (await page.locator('#created-code').textContent({ timeout: 10_000 }))?.trim() ?? '';
    expect(code).toMatch(/^[A-Z0-9]{8}$/);
    for (const name of ['participant', 'screen', 'facilitator'] as const) links[name] = (await page.locator(`code[data-link=${name}]`).textContent())?.trim() ?? '';
    const state = await workshop();
    expect(state).toMatchObject({ phase: 'lobby', partnerView: true, maxParticipants: 12, deckId: 'default', locked: false });
    ids = state.parties.map((p) => p.id);
    expect(state.parties.map((p) => p.shortName)).toEqual(PARTIES.map((p) => p.short));

    await page.goto(links.facilitator);
    await waitForBoard(page);
    await waitForPhase(page, 'lobby');
    facilitator = page;
    // the guided phases, in order, with the lobby pressed and no way back from it
    expect(await page.locator('button[data-phase]').evaluateAll((buttons) => buttons.map((b) => (b as HTMLElement).dataset.phase))).toEqual(['lobby', 'own-value', 'partner-view', 'reveal', 'dialogue', 'agreement', 'open']);
    expect(await page.locator('button[data-phase=lobby]').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('#phase-prev').isDisabled()).toBe(true);
  });

  it('the shared screen and three participants join; in the lobby nobody gets a tray', async () => {
    screen = await newPage(await newContext({ viewport: { width: 1920, height: 1080 } }), 'screen');
    await screen.goto(links.screen);
    await waitForBoard(screen);
    await waitForPhase(screen, 'lobby');
    expect((await screen.locator('#screen-code').textContent())?.trim()).toBe(code);

    for (const person of PEOPLE) {
      const phone = person.device === 'phone';
      const context = await newContext(phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : { viewport: { width: 1280, height: 800 } });
      if (phone) phoneContext = context;
      const page = await newPage(context, person.name);
      await page.goto(links.participant);
      await page.fill('#join-name', person.name);
      const choice = page.locator('.party-choice label', { hasText: PARTIES[person.party].name });
      if (phone) await choice.tap();
      else await choice.locator('input[type=radio]').check();
      await (phone ? page.locator('#join-submit').tap() : page.click('#join-submit'));
      await waitForBoard(page);
      await waitForPhase(page, 'lobby');
      participants[person.party] = page;
      await screen.locator('.presence-party', { hasText: PARTIES[person.party].name }).filter({ hasText: person.name }).waitFor({ timeout: 10_000 });
    }
    for (const page of participants) {
      expect(await page.locator('#tray-heading').isVisible()).toBe(false);
      expect(await page.locator('.tray-item').first().isVisible()).toBe(false);
    }
    // the facilitator may always place, so keeps the tray
    expect(await facilitator.locator('#tray-heading').isVisible()).toBe(true);

    await settle(screen);
    const png = await saveScreenshot(screen, 'full-1-lobby');
    await checkNotBlank(png, screen, 'lobby');
    // no counts and no pieces in the lobby; the QR code to join is there
    expect.soft(await placedStrip(screen), 'lobby: count strip').toBeUndefined();
    const qr = (await screen.locator('.qr svg').boundingBox())!;
    expect(countColour(png, [0, 0, 0], 30, qr)).toBeGreaterThan(area(qr) * 0.2);
  });

  it('a participant who tries to place in the lobby anyway is refused with a toast', async () => {
    const anna = participants[A]!;
    // the lobby gives no tray; show the hidden one, as a stale page would, and try
    await anna.evaluate(() => document.querySelectorAll<HTMLElement>('.tray-block').forEach((el) => (el.hidden = false)));
    await trayDrag(anna, 'residents', OWN[0]!.at, async () => {
      // still held: the server has already refused the drag itself, so even the facilitator, who sees every drag, gets no ghost
      await waitForErrorToast(anna, t('da', 'error.phase-closed'));
      await settle(facilitator);
      expect(await shareOf(facilitator, await boardRegion(facilitator, OWN[0]!.at, BODY_HALF), fillOf('residents'), 16), 'ghost on the facilitator\'s board').toBeLessThan(0.01);
    });
    // the drop is refused as well, and said in the same words
    await expect.poll(() => anna.locator('.toast-error').count(), { timeout: 5_000 }).toBeGreaterThan(0);
    lobbyErrorToasts = await waitForErrorToast(anna, t('da', 'error.phase-closed'));
    await settle(anna);
    expect(await piecesOf(anna)).toBe(0);
    expect(await stored()).toEqual([]);
  });

  // Known client bug: every refused drag message (sent ~30 times a second) raises its own error
  // toast, so one refused drop shows a stack of identical toasts. Drop `.fails` once fixed.
  it('one refused drop is reported by one toast, not one per drag message', () => {
    expect(lobbyErrorToasts).toBe(1);
  });

  it('own value: each party places in its own area; only the placer and the facilitator see the pieces', async () => {
    await facilitator.locator('button[data-phase=own-value]').click();
    for (const page of allPages()) await waitForPhase(page, 'own-value');
    for (const page of participants) await page.locator('#tray-heading').waitFor({ timeout: 5_000 });
    await place(OWN);
    const own = (party: PartyIndex) => OWN.filter((p) => p.by === party).length;
    for (const party of [A, B, C]) await waitForPieces(participants[party]!, own(party));
    await waitForPieces(facilitator, OWN.length);
    await settle(screen);
    expect(await piecesOf(screen), 'pieces on the shared screen while hidden').toBe(0);
    // and no other party's piece reached a participant: each counts exactly its own
    for (const party of [A, B, C]) expect(await piecesOf(participants[party]!), `${PARTIES[party].short} sees`).toBe(own(party));
  });

  it('partner view: each party places in another party\'s area, still hidden from the others', async () => {
    await facilitator.locator('#phase-next').click();
    for (const page of allPages()) await waitForPhase(page, 'partner-view');
    // placing in one's own area is now refused
    await trayDrag(participants[A]!, 'economy', { x: 820, y: 360 });
    // the refusal says where the piece goes instead (issue 8): a partner's area, not one's own
    await waitForErrorToast(participants[A]!, t('da', 'board.placePartnerArea', { party: PARTIES[A].short }));
    expect(await stored()).toHaveLength(OWN.length);

    await place(PARTNER);
    const mine = (party: PartyIndex) => ALL.filter((p) => p.by === party).length;
    for (const party of [A, B, C]) await waitForPieces(participants[party]!, mine(party));
    await waitForPieces(facilitator, ALL.length);
    await settle(screen);
    expect(await piecesOf(screen)).toBe(0);
    for (const party of [A, B, C]) expect(await piecesOf(participants[party]!), `${PARTIES[party].short} sees`).toBe(mine(party));

    // Anna's own area holds B's two pieces now, but her page draws neither of them
    const anna = participants[A]!;
    for (const hidden of PARTNER.filter((p) => p.area === A)) {
      expect.soft(await shareOf(anna, await boardRegion(anna, hidden.at, BODY_HALF), fillOf(hidden.kind), 16), `B's hidden ${hidden.kind} on Anna's page`).toBeLessThan(0.01);
    }
  });

  it('the shared screen shows a count per party during the hidden placement, and no piece', async () => {
    await settle(screen);
    const png = await saveScreenshot(screen, 'full-2-hidden');
    await checkNotBlank(png, screen, 'hidden');
    // who has placed how many stands in a strip beside the board: a chip in each party's colour with its count
    const strip = await placedStrip(screen);
    expect(strip, 'hidden: the count strip on the shared screen').toBeDefined();
    for (const party of [A, B, C]) expect.soft(countColour(png, rgbOf(PARTIES[party].color), 30, strip), `hidden: ${PARTIES[party].short}'s chip in the count strip`).toBeGreaterThan(40);
    for (const p of ALL) {
      const body = await boardRegion(screen, p.at, BODY_HALF);
      expect.soft(countColour(png, fillOf(p.kind), 16, body), `hidden: fill of ${PARTIES[p.by].short}'s ${p.kind} in ${PARTIES[p.area].short}'s area`).toBeLessThan(area(body) * 0.01);
    }

    // Cleo's phone draws her own two pieces and nobody else's, and the others' counts instead
    const cleo = participants[C]!;
    await cleo.evaluate(() => {
      window.scrollTo(0, 0);
      document.querySelectorAll('.board-main').forEach((el) => (el.scrollTop = 0));
    });
    await settle(cleo);
    const dpr = 2;
    const phonePng = await saveScreenshot(cleo, 'full-2-hidden-phone');
    // the board draws exactly Cleo's own pieces
    expect((await drawnPieces(cleo)).map((d) => ids.indexOf(d.placedByPartyId))).toEqual(ALL.filter((p) => p.by === C).map(() => C));
    for (const p of ALL.filter((q) => q.by !== C)) {
      const body = await boardRegion(cleo, p.at, BODY_HALF, dpr);
      expect.soft(countColour(phonePng, fillOf(p.kind), 16, body) / area(body), `phone: ${PARTIES[p.by].short}'s hidden ${p.kind}`).toBeLessThan(0.01);
    }
    // the phone opens zoomed on one area: a finger brings each of Cleo's pieces into view, drawn there
    const cdp = await phoneContext.newCDPSession(cleo);
    for (const p of ALL.filter((q) => q.by === C)) {
      await panIntoView(cleo, cdp, p.at);
      expect.soft(await shareOf(cleo, await boardRegion(cleo, p.at, BODY_HALF), fillOf(p.kind), 16), `phone: Cleo's own ${p.kind}`).toBeGreaterThan(0.3);
    }
    await cdp.detach();
    // and the others' counts: in the strip (their chips) and in words in the text twin
    const phoneStrip = await placedStrip(cleo);
    expect(phoneStrip, 'phone: the count strip').toBeDefined();
    for (const party of [A, B]) {
      expect.soft(countColour(await shotOf(cleo, phoneStrip!), rgbOf(PARTIES[party].color), 30), `phone: ${PARTIES[party].short}'s chip in the count strip`).toBeGreaterThan(20);
      const placed = ALL.filter((p) => p.by === party).length;
      expect.soft(await cleo.locator('#board-text').textContent(), `phone: ${PARTIES[party].short}'s count in words`).toContain(t('da', 'twin.hidden.count', { party: PARTIES[party].name, count: placed }));
    }
  });

  it('reveal: every page gets all pieces; the shared screen compares the views and warns about the party that got little', async () => {
    await facilitator.locator('button[data-phase=reveal]').click();
    for (const page of allPages()) await waitForPhase(page, 'reveal');
    for (const page of allPages()) await waitForPieces(page, ALL.length);
    // the reveal arranges every area by how its values are seen: the script follows the pieces there
    await followBoard();
    // nobody places in the reveal
    for (const page of participants) expect(await page.locator('#tray-heading').isVisible()).toBe(false);

    const panel = screen.locator('#reveal-panel');
    await panel.waitFor({ timeout: 5_000 });
    for (const party of [A, B, C]) {
      const rows = panel.locator(`article[data-party="${ids[party]}"] tr[data-perception]`);
      expect(await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.perception)), `perceptions of ${PARTIES[party].short}`).toEqual(EXPECTED_PERCEPTIONS[party]);
    }
    // the shared value is listed on both sides, with the partner who saw it
    const shared = panel.locator(`article[data-party="${ids[A]}"] tr[data-perception=shared]`);
    expect(await shared.textContent()).toContain(defaultDeck.kinds.find((k) => k.id === 'residents')!.label.da);
    expect(await shared.textContent()).toContain(`(${PARTIES[B].short})`);
    expect((await screen.locator('#balance-warning').textContent())?.trim()).toBe(t('da', 'balance.warning', { parties: PARTIES[C].name }));
    expect(await screen.locator('#balance-panel .balance-row.low').count()).toBe(1);

    // the pieces grow in: wait until every one is drawn at full size on the shared screen
    for (const p of ALL) {
      await expect.poll(async () => shareOf(screen, await boardRegion(screen, p.at, BODY_HALF), fillOf(p.kind), 16), { timeout: 5_000, interval: 100, message: `${p.kind} in ${PARTIES[p.area].short}` }).toBeGreaterThan(0.3);
    }
    const png = await saveScreenshot(screen, 'full-3-reveal');
    await checkNotBlank(png, screen, 'reveal');
    for (const p of ALL) {
      const body = await boardRegion(screen, p.at, BODY_HALF);
      expect.soft(countColour(png, fillOf(p.kind), 16, body), `reveal: fill of ${p.kind} in ${PARTIES[p.area].short}'s area`).toBeGreaterThan(area(body) * 0.3);
    }
    expect.soft(await placedStrip(screen), 'reveal: the count strip gone').toBeUndefined();
  });

  it('dialogue: a dot-vote, hidden until the facilitator shows the result', async () => {
    await facilitator.locator('#phase-next').click();
    for (const page of allPages()) await waitForPhase(page, 'dialogue');
    await facilitator.locator('#voting-dots').fill('2');
    await facilitator.locator('#voting-toggle').click();
    for (const page of participants) await expect.poll(() => page.locator('#dots-left').textContent(), { timeout: 5_000 }).toBe(t('da', 'vote.left', { count: 2 }));
    const sharedResidents = OWN[0]!.at;
    // the dots shown sit as a navy pill in the right half of the piece's bottom row (PieceView), left of the placer's tag
    const scaleAt = (at: Point) => ALL.find((p) => p.at === at)?.scale ?? 1;
    const badgeOn = (page: Page, at: Point) => {
      const k = scaleAt(at);
      return boardRegion(page, { x: at.x + (PIECE_SIZE.width / 4) * k, y: at.y + VOTE_BADGE.dy * k }, { x: (PIECE_SIZE.width / 4) * k, y: VOTE_BADGE.half.y * k });
    };
    /** Well under the share of that box a one-digit badge takes (a pill at least the row's height across, 13 + 2 units: PieceView). */
    const badgeShare = (0.3 * Math.PI * 7.5 ** 2) / ((PIECE_SIZE.width / 2) * 2 * VOTE_BADGE.half.y);

    // Anna gives both her dots to the shared value
    const anna = participants[A]!;
    await openPiece(anna, sharedResidents);
    await anna.locator('#vote-add').click();
    await expect.poll(() => anna.locator('#dots-left').textContent(), { timeout: 5_000 }).toBe(t('da', 'vote.left', { count: 1 }));
    // the open panel should now offer to take the dot back (see the known-bug check below)
    await settle(anna);
    staleVoteButtons = await anna.locator('#vote-remove').isDisabled();
    // reopening draws the panel afresh
    await closePiece(anna);
    await openPiece(anna, sharedResidents);
    expect(await anna.locator('#vote-remove').isEnabled()).toBe(true);
    expect((await anna.locator('.details .votes').textContent())).toContain(t('da', 'vote.count', { count: 1 }));
    await anna.locator('#vote-add').click();
    await expect.poll(() => anna.locator('#dots-left').textContent(), { timeout: 5_000 }).toBe(t('da', 'vote.left', { count: 0 }));
    await closePiece(anna);
    await openPiece(anna, sharedResidents);
    expect(await anna.locator('#vote-add').isDisabled(), '#vote-add with no dots left').toBe(true);
    expect((await anna.locator('.details .votes').textContent())).toContain(t('da', 'vote.count', { count: 2 }));
    await closePiece(anna);

    // Bo gives one, takes it back, and gives it again
    const bo = participants[B]!;
    await openPiece(bo, sharedResidents);
    await bo.locator('#vote-add').click();
    await expect.poll(() => bo.locator('#dots-left').textContent(), { timeout: 5_000 }).toBe(t('da', 'vote.left', { count: 1 }));
    await closePiece(bo);
    await openPiece(bo, sharedResidents);
    // Bo sees his own dot, not Anna's two: the result is not shown yet
    expect((await bo.locator('.details .votes').textContent())).toContain(t('da', 'vote.count', { count: 1 }));
    await bo.locator('#vote-remove').click();
    await expect.poll(() => bo.locator('#dots-left').textContent(), { timeout: 5_000 }).toBe(t('da', 'vote.left', { count: 2 }));
    await bo.locator('#vote-add').click();
    await expect.poll(() => bo.locator('#dots-left').textContent(), { timeout: 5_000 }).toBe(t('da', 'vote.left', { count: 1 }));
    await closePiece(bo);

    // Cleo, on the phone, gives one to the value her party saw for the municipality
    const cleo = participants[C]!;
    const cleosPiece = PARTNER.find((p) => p.by === C)!.at;
    await openPiece(cleo, cleosPiece);
    await cleo.locator('#vote-add').tap();
    await expect.poll(() => cleo.locator('#dots-left').textContent(), { timeout: 5_000 }).toBe(t('da', 'vote.left', { count: 1 }));
    await closePiece(cleo);

    await expect.poll(async () => (await workshop()).votes.length, { timeout: 5_000 }).toBe(4);
    // not shown yet: the shared screen draws no dots
    await settle(screen);
    expect(await shareOf(screen, await badgeOn(screen, sharedResidents), VOTE_BADGE_FILL, 12)).toBeLessThan(badgeShare / 5);

    await facilitator.locator('#voting-show').click();
    for (const at of [sharedResidents, cleosPiece]) {
      await expect.poll(async () => shareOf(screen, await badgeOn(screen, at), VOTE_BADGE_FILL, 12), { timeout: 5_000, interval: 100, message: `vote badge at (${at.x}, ${at.y})` }).toBeGreaterThan(badgeShare);
    }
    // a piece nobody voted for has no badge
    expect(await shareOf(screen, await badgeOn(screen, OWN[1]!.at), VOTE_BADGE_FILL, 12)).toBeLessThan(badgeShare / 5);
  });

  // Known client bug: the piece panel is not redrawn while the focus is inside it (meant for the
  // note field), so after a click on #vote-add its buttons keep their old state: #vote-remove
  // stays disabled after the first dot, #vote-add enabled after the last. Drop `.fails` once fixed.
  it('the open piece panel follows one\'s own votes', () => {
    expect(staleVoteButtons).toBe(false);
  });

  it('spotlight: the shared screen zooms to the party that got least, and back', async () => {
    const wholeScale = Number((await screen.locator('#board').getAttribute('data-view'))?.split(' ')[0]);
    const button = facilitator.locator(`button[data-spotlight-party="${ids[C]}"]`);
    await button.click();
    await expect.poll(() => button.getAttribute('aria-pressed'), { timeout: 5_000 }).toBe('true');
    // where C's own piece lands once the screen has zoomed to C's area (BoardScene.applyZoom)
    const cPiece = OWN.find((p) => p.by === C)!;
    // the board says where it draws itself (data-view): zoomed in past the whole board (on this wide canvas the area fills its height at about 1.2×), C's area in the middle
    const viewScale = async () => Number((await screen.locator('#board').getAttribute('data-view'))?.split(' ')[0]);
    await expect.poll(viewScale, { timeout: 5_000, message: 'the shared screen zooms' }).toBeGreaterThan(wholeScale * 1.1);
    const box = (await screen.locator('#board').boundingBox())!;
    const focus = areaFocus(PARTIES.length, C);
    const centre = await boardToPage(screen, focus);
    expect(Math.abs(centre.x - (box.x + box.width / 2)), 'C\'s area in the middle').toBeLessThan(box.width * 0.2);
    expect(Math.abs(centre.y - (box.y + box.height / 2))).toBeLessThan(box.height * 0.2);
    const zoomedBody = () => boardRegion(screen, cPiece.at, { x: BODY_HALF.x * (cPiece.scale ?? 1), y: BODY_HALF.y * (cPiece.scale ?? 1) });
    await expect.poll(async () => shareOf(screen, await zoomedBody(), fillOf(cPiece.kind), 16), { timeout: 5_000, interval: 150, message: 'C\'s piece, zoomed' }).toBeGreaterThan(0.3);
    const png = await saveScreenshot(screen, 'full-4-spotlight');
    expect(countColour(png, SPOTLIGHT_ORANGE, 20), 'spotlight outline').toBeGreaterThan(2000);
    // the participants' boards only outline the area, they do not zoom
    const cleo = participants[C]!;
    await expect.poll(async () => countColour(await shotOf(cleo, await boardRegion(cleo, CENTER, { x: 500, y: 500 })), SPOTLIGHT_ORANGE, 20), { timeout: 5_000 }).toBeGreaterThan(200);
    expect(await shareOf(cleo, await boardRegion(cleo, cPiece.at, BODY_HALF), fillOf(cPiece.kind), 16)).toBeGreaterThan(0.3);

    await facilitator.locator('#spotlight-none').click();
    await expect.poll(async () => shareOf(screen, await boardRegion(screen, cPiece.at, BODY_HALF), fillOf(cPiece.kind), 16), { timeout: 5_000, interval: 150, message: 'back to the whole board' }).toBeGreaterThan(0.3);
    await expect.poll(async () => countColour(await shotOf(screen, await boardRegion(screen, CENTER, { x: 500, y: 500 })), SPOTLIGHT_ORANGE, 20), { timeout: 5_000 }).toBeLessThan(50);
  });

  it('agreement: the board locks, a participant\'s move is refused, the facilitator writes one shared value and one next step', async () => {
    await facilitator.locator('#phase-next').click();
    for (const page of allPages()) {
      await waitForPhase(page, 'agreement');
      await page.locator('#locked').waitFor({ timeout: 5_000 });
    }
    expect((await workshop()).locked).toBe(true);
    expect(await facilitator.locator('#phase-next').isDisabled()).toBe(true);

    // Anna tries to move her own piece: refused, and it stays where it was
    const anna = participants[A]!;
    const piece = OWN[1]!;
    const where = async () => (await stored()).find((p) => p.kind === piece.kind && p.by === A)!;
    const before = await where();
    await mouseDrag(anna, await boardToPage(anna, piece.at), await boardToPage(anna, { x: piece.at.x + 60, y: piece.at.y + 40 }));
    await waitForErrorToast(anna, t('da', 'error.board-locked'));
    expect(await where()).toEqual(before);
    await expect.poll(async () => shareOf(anna, await boardRegion(anna, piece.at, BODY_HALF), fillOf(piece.kind), 16), { timeout: 3_000, message: 'the piece flew back' }).toBeGreaterThan(0.3);

    const sharedValue = 'Flere beboere tager del i fællesskabet';
    const nextStep = 'FU inviterer til beboermøde i marts';
    await facilitator.locator('#agreement-sharedValues').fill(sharedValue);
    await facilitator.locator('#agreement-sharedValues').press('Enter');
    await expect.poll(() => facilitator.locator('#agreement-sharedValues').inputValue(), { timeout: 5_000 }).toBe('');
    await facilitator.locator('#agreement-owner').selectOption(ids[C]!);
    await facilitator.locator('#agreement-nextSteps').fill(nextStep);
    await facilitator.locator('#agreement-nextSteps').press('Enter');
    await expect.poll(() => facilitator.locator('#agreement-nextSteps').inputValue(), { timeout: 5_000 }).toBe('');
    await expect.poll(async () => (await workshop()).agreement, { timeout: 5_000 }).toMatchObject({ sharedValues: [{ text: sharedValue }], nextSteps: [{ text: nextStep, ownerPartyId: ids[C] }], openQuestions: [] });

    // the phone keeps the side panel in a drawer under the board: open it
    const cleo = participants[C]!;
    if ((await cleo.locator('.drawer-handle').getAttribute('aria-expanded')) !== 'true') await cleo.locator('.drawer-handle').tap();
    for (const page of [screen, ...participants]) {
      const agreement = page.locator('#agreement-panel');
      await agreement.locator('li', { hasText: sharedValue }).waitFor({ timeout: 5_000 });
      const step = agreement.locator('li', { hasText: nextStep });
      await step.waitFor({ timeout: 5_000 });
      expect((await step.locator('.chip').textContent())?.trim()).toBe(PARTIES[C].short);
    }
    // the lines the facilitator typed should show in the facilitator's own panel once the typing stops (see the known-bug check below)
    await facilitator.locator('#phase-name').click();
    const panelLines = facilitator.locator('.facilitator-panel .agreement-list li');
    staleAgreementList = await expect
      .poll(() => panelLines.count(), { timeout: 2_000 })
      .toBe(2)
      .then(() => false, () => true);
    // the read-only agreement beside the panel has both lines at once
    expect(await facilitator.locator('#agreement-panel li').allTextContents()).toEqual([expect.stringContaining(sharedValue), expect.stringContaining(nextStep)]);

    await settle(screen);
    await screen.evaluate(() => document.querySelectorAll('.side').forEach((el) => (el.scrollTop = 0)));
    const png = await saveScreenshot(screen, 'full-5-agreement');
    await checkNotBlank(png, screen, 'agreement');
    for (const p of ALL) {
      const body = await boardRegion(screen, p.at, BODY_HALF);
      expect.soft(countColour(png, fillOf(p.kind), 16, body), `agreement: fill of ${p.kind} in ${PARTIES[p.area].short}'s area`).toBeGreaterThan(area(body) * 0.3);
    }
    const panel = (await screen.locator('#agreement-panel').boundingBox())!;
    expect(panel.y + 20, 'the agreement is in view on the shared screen').toBeLessThan(screen.viewportSize()!.height);
  });

  // Known client bug: the facilitator panel is not redrawn while an input in it has the focus, and
  // nothing redraws it after the focus leaves, so the lines just added stay missing from the
  // panel's own lists until some other change arrives. Drop `.fails` once fixed.
  it('the facilitator panel lists the agreement lines it has just added', () => {
    expect(staleAgreementList).toBe(false);
  });

  it('no page threw an error', () => {
    expect(pageErrors).toEqual([]);
  });
});
