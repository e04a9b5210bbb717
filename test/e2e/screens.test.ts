/**
 * The screens of issue 8, tried as a new user would: the start page keeps a half-filled form and
 * the card of a created workshop through a language switch and remembers the workshop at once; the
 * facilitator finds the join code on top, reads no participants' "wait" line, and the free board
 * stands apart from the phases; nobody sees "Undo" in the lobby; a drop in another party's area says
 * where the piece goes, in a toast off the instruction line; a phone keeps the tray in a drawer on
 * screen with the board, the phase bar in one line and every target 44 × 44; the old device of a
 * moved seat says so and takes it back; the shared screen reads from across a room at 1920 × 1080,
 * 1280 × 720 and 3840 × 2160 (no scrolling, the board as large as the height allows, the balance and
 * the comparison in view, type sized to the screen), points phones at the server's network address
 * when opened on 127.0.0.1, and shows the dot-vote's top values as a ranked list; the vote pauses on
 * a locked board; the CSV's separator is chosen in the panel, ';' by default for a Danish workshop.
 *
 * The server listens on every address (0.0.0.0) and the pages open it on 127.0.0.1, as a facilitator
 * does on the laptop that runs it; the bulk of the pieces and the votes come from SDK clients.
 */
import { networkInterfaces } from 'node:os';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../server/app.ts';
import { areaSlotPoint } from '../../shared/geometry.ts';
import { formatJoinCode } from '../../shared/joinCode.ts';
import { t } from '../../shared/i18n/index.ts';
import type { PlacedPiece } from '../../shared/types.ts';
import { join as sdkJoin, type TestClient } from '../server/harness.ts';
import { boardToPage, browserSupport, centreOf, launchChromium, mouseDrag, pageKeeper, requireBuiltClient, saveScreenshot, settle, waitForBoard, waitForPhase, waitForPieces } from './browser.ts';

const support = browserSupport();
const skip = !support.run && support.skip;
if (!support.run && support.skip) console.warn(support.reason);

const PARTIES = [
  { name: 'Boligsocialt Hus', short: 'BH' },
  { name: 'Kommunen', short: 'KOM' },
  { name: 'Skolen', short: 'SKO' },
] as const;
/** Values each party places in its own area, and in the next party's area in the partners' view. */
const OWN = [
  ['residents', 'core-task', 'knowledge', 'network', 'resources'],
  ['core-task', 'professional-development', 'knowledge', 'economy', 'reputation'],
  ['residents', 'knowledge', 'network', 'strategy', 'legitimacy'],
] as const;
const PARTNER = [
  ['core-task', 'innovation'],
  ['knowledge', 'residents'],
  ['residents', 'economy'],
] as const;
/** This machine's addresses on its networks, as the server names them. */
const LAN = Object.values(networkInterfaces())
  .flat()
  .filter((a) => a && a.family === 'IPv4' && !a.internal)
  .map((a) => a!.address);

type Box = { x: number; y: number; width: number; height: number };
const intersects = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe.skipIf(skip)(skip ? `screens (skipped: ${support.run ? '' : support.reason})` : 'screens for the meeting room, the phone and the facilitator', () => {
  let server: RunningServer;
  let browser: Browser;
  let facilitator: Page;
  let screen: Page;
  let laptop: Page;
  let phone: Page;
  let phoneContext: BrowserContext;
  let created = { id: '', code: '', facilitatorUrl: '', participantUrl: '' };
  let partyIds: string[] = [];
  /** One SDK member per party, who places that party's values. */
  const members: TestClient[] = [];
  const { contexts, pageErrors, newContext, newPage } = pageKeeper(() => browser, { viewport: { width: 1366, height: 900 } });
  const workshop = async () => (await server.workshops.byCode(created.code))!.state;
  const ownArea = (party: number) => areaSlotPoint(PARTIES.length, party, 0);

  /** The facilitator moves the workshop on; every page follows. */
  const setPhase = async (phase: string) => {
    await facilitator.locator(`.phase-steps button[data-phase="${phase}"]`).click();
    for (const page of [facilitator, screen, laptop, phone]) await waitForPhase(page, phase);
  };
  /** The page scrolls neither down nor sideways. */
  const noScrolling = (page: Page) => page.evaluate(() => ({ down: document.scrollingElement!.scrollHeight - innerHeight, sideways: document.scrollingElement!.scrollWidth - innerWidth }));
  /** The font size of the first element matching `selector`, in CSS px. */
  const fontPx = (page: Page, selector: string) => page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  /** The element's box lies wholly inside the viewport. */
  const inViewport = async (page: Page, locator: Locator) => {
    const box = (await locator.boundingBox())!;
    const size = page.viewportSize()!;
    return box !== null && box.x >= -1 && box.y >= -1 && box.x + box.width <= size.width + 1 && box.y + box.height <= size.height + 1;
  };

  beforeAll(async () => {
    if (!support.run) throw new Error(`${support.reason} (the browser tests must run on CI)`);
    requireBuiltClient();
    server = await startServer({ port: 0, host: '0.0.0.0' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const member of members) await member.room.leave().catch(() => undefined);
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('keeps a half-filled form and the created workshop through language switches, and remembers the workshop at once', async () => {
    const context = await newContext();
    const page = await newPage(context, 'start');
    await page.goto(`${server.url}/`);
    await page.fill('#setup-title', 'Lektiecaféen i Vestbyen');
    await page.fill('#setup-focus', 'Hvad skaber lektiecaféen for hver af os?');
    const rows = page.locator('.party-row');
    for (const [i, party] of PARTIES.entries()) {
      await rows.nth(i).locator('input[name=party-name]').fill(party.name);
      if (i < 2) await rows.nth(i).locator('input[name=party-short]').fill(party.short);
    }
    // half-filled: the third short name is still empty when the language changes
    await page.locator('.lang-switch button[lang=en]').click();
    await expect.poll(() => page.locator('h2', { hasText: t('en', 'start.create.title') }).count(), { timeout: 5_000 }).toBe(1);
    expect(await page.inputValue('#setup-title')).toBe('Lektiecaféen i Vestbyen');
    expect(await page.inputValue('#setup-focus')).toBe('Hvad skaber lektiecaféen for hver af os?');
    expect(await rows.nth(1).locator('input[name=party-short]').inputValue()).toBe('KOM');
    expect(await rows.nth(2).locator('input[name=party-name]').inputValue()).toBe('Skolen');
    await rows.nth(2).locator('input[name=party-short]').fill('SKO');
    await page.locator('.lang-switch button[lang=da]').click();
    await page.selectOption('#setup-language', 'da');
    await page.click('#create-workshop');

    const code = page.locator('#created-code');
    await code.waitFor({ timeout: 10_000 });
    created.code = (await code.textContent())!.trim();
    created.facilitatorUrl = (await page.locator('code[data-link=facilitator]').textContent())!.trim();
    created.id = new URL(created.facilitatorUrl).pathname.split('/')[2]!;
    // remembered at once, before the facilitator link was ever opened
    const remembered = await page.evaluate(() => JSON.parse(localStorage.getItem('vaerdispil.myWorkshops') ?? '[]') as { id: string; code: string; key: string }[]);
    expect(remembered.map((w) => [w.id, w.code])).toEqual([[created.id, created.code]]);
    expect(created.facilitatorUrl).toContain(`#key=${remembered[0]!.key}`);

    // switching language right after creating keeps the card, its code and the secret link
    for (const lang of ['en', 'nb', 'sv', 'da'] as const) {
      await page.locator(`.lang-switch button[lang=${lang}]`).click();
      await expect.poll(() => page.locator('#created-card h2').textContent(), { timeout: 5_000 }).toBe(t(lang, 'setup.created.title'));
      expect((await code.textContent())!.trim()).toBe(created.code);
      expect((await page.locator('code[data-link=facilitator]').textContent())!.trim()).toBe(created.facilitatorUrl);
    }
    // the phones' link points at the server's network address, not at 127.0.0.1
    created.participantUrl = (await page.locator('code[data-link=participant]').textContent())!.trim();
    if (LAN.length > 0) {
      expect(created.participantUrl).toMatch(new RegExp(`^http://(${LAN.join('|').replace(/\./g, '\\.')}):${server.port}/j/${created.code}$`));
      expect(await page.locator('#created-lan').isVisible()).toBe(true);
    }
    await saveScreenshot(page, 'screens-created-da');

    const start = await newPage(context, 'start-again');
    await start.goto(`${server.url}/`);
    await start.locator(`#my-workshops li[data-workshop="${created.id}"]`).waitFor();
    await start.close();
    await page.close();
    partyIds = (await workshop()).parties.map((p) => p.id);
    expect((await workshop()).parties.map((p) => p.shortName)).toEqual(PARTIES.map((p) => p.short));
  });

  it('shows the facilitator the join code on top, no "wait" line, no undo in the lobby, and the free board apart from the phases', async () => {
    facilitator = await newPage(await newContext({ viewport: { width: 1440, height: 900 } }), 'facilitator');
    await facilitator.goto(created.facilitatorUrl.replace(/^http:\/\/[^/]+/, server.url));
    await waitForBoard(facilitator);
    const facCode = facilitator.locator('#fac-code');
    await expect.poll(() => facCode.textContent(), { timeout: 5_000 }).toBe(created.code);
    expect(await facCode.isVisible()).toBe(true);
    expect(await inViewport(facilitator, facCode)).toBe(true);
    expect(await facCode.evaluate((el) => el.closest('details') === null)).toBe(true);
    // the facilitator is told where the participants join, not to wait for the workshop to start
    const doNow = (await facilitator.locator('#phase-do').textContent())!;
    expect(doNow).not.toBe(t('da', 'phase.do.lobby'));
    expect(doNow).toContain(formatJoinCode(created.code));
    if (LAN.length > 0) expect(await facilitator.locator('#fac-participant-link').getAttribute('href')).not.toContain('127.0.0.1');
    expect(await facilitator.locator('#undo').isVisible()).toBe(false);
    // "Fri tavle" is not among the phase buttons, nor between previous and next: it comes after the run sheet
    const free = facilitator.locator('.facilitator-panel button[data-phase=open]');
    expect(await free.count()).toBe(1);
    expect(await free.evaluate((el) => el.closest('.phase-steps') === null && !el.parentElement!.querySelector('#phase-next'))).toBe(true);
    expect(await free.evaluate((el) => Boolean(el.closest('details')!.querySelector('.guide')!.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING))).toBe(true);
    await saveScreenshot(facilitator, 'screens-facilitator-lobby-1440');
  });

  it('shows the join code huge with the QR code in the lobby, and points phones at the network address when opened on 127.0.0.1', async () => {
    screen = await newPage(await newContext({ viewport: { width: 1920, height: 1080 } }), 'screen');
    await screen.goto(`${server.url}/screen/${created.code}`);
    await waitForBoard(screen);
    await settle(screen);
    expect((await screen.locator('#screen-code').textContent())!.trim()).toBe(created.code);
    expect(await fontPx(screen, '#screen-code')).toBeGreaterThanOrEqual(80);
    expect((await screen.locator('.qr svg').boundingBox())!.width).toBeGreaterThanOrEqual(250);
    expect(await inViewport(screen, screen.locator('.qr svg'))).toBe(true);
    expect(await inViewport(screen, screen.locator('#screen-code'))).toBe(true);
    const warning = screen.locator('#lan-warning');
    expect(await warning.isVisible()).toBe(true);
    expect(await warning.textContent()).toContain(`127.0.0.1:${server.port}`);
    const joinUrl = (await screen.locator('#join-url').textContent())!;
    expect(joinUrl).toContain(`/j/${created.code}`);
    if (LAN.length > 0) {
      expect(joinUrl).not.toContain('127.0.0.1');
      expect(LAN.some((address) => joinUrl.startsWith(`${address}:${server.port}/`))).toBe(true);
      expect(await warning.textContent()).toContain(joinUrl.split('/')[0]);
    } else expect(await warning.textContent()).toBe(t('da', 'screen.lan.none', { address: `127.0.0.1:${server.port}` }));
    expect(await noScrolling(screen)).toEqual({ down: 0, sideways: 0 });
    await saveScreenshot(screen, 'screens-shared-lobby-1920');
  });

  it('lets participants join on a laptop and a phone, with no undo in the lobby', async () => {
    laptop = await newPage(await newContext(), 'laptop');
    await laptop.goto(`${server.url}/j/${created.code}`);
    await laptop.fill('#join-name', 'Anna');
    await laptop.locator('.party-choice label', { hasText: PARTIES[0].name }).locator('input[type=radio]').check();
    // a language switch on the join page keeps the name typed and the party picked
    await laptop.locator('.lang-switch button[lang=en]').click();
    await expect.poll(() => laptop.locator('label[for=join-name]').textContent(), { timeout: 5_000 }).toBe(t('en', 'join.name'));
    expect(await laptop.inputValue('#join-name')).toBe('Anna');
    expect(await laptop.locator('.party-choice label', { hasText: PARTIES[0].name }).locator('input[type=radio]').isChecked()).toBe(true);
    await laptop.locator('.lang-switch button[lang=da]').click();
    await laptop.click('#join-submit');
    await waitForBoard(laptop);
    phoneContext = await newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
    phone = await newPage(phoneContext, 'phone');
    await phone.goto(`${server.url}/j/${created.code}`);
    await phone.fill('#join-name', 'Bo');
    await phone.locator('.party-choice label', { hasText: PARTIES[1].name }).tap();
    await phone.click('#join-submit');
    await waitForBoard(phone);
    for (const page of [laptop, phone]) expect(await page.locator('#undo').isVisible(), 'undo in the lobby').toBe(false);
    for (const [i, party] of PARTIES.entries()) members.push(await sdkJoin(server, { role: 'participant', workshopId: created.id, code: created.code, name: `Seed ${party.short}`, partyId: partyIds[i] }));
  });

  it("tells a participant who drops in another party's area during Own value to use its own area, in a toast off the instruction line", async () => {
    await setPhase('own-value');
    expect(await laptop.locator('#undo').isVisible()).toBe(true);
    await laptop.locator('.tray-item[data-kind=knowledge]').waitFor({ state: 'visible' });
    await mouseDrag(laptop, await centreOf(laptop, '.tray-item[data-kind=knowledge]'), await boardToPage(laptop, ownArea(1)));
    const toast = laptop.locator('.toast-error').first();
    await toast.waitFor({ timeout: 5_000 });
    expect((await toast.textContent())!.trim()).toBe(t('da', 'board.placeOwnArea', { party: PARTIES[0].short }));
    expect(intersects((await toast.boundingBox())!, (await laptop.locator('#phase-do').boundingBox())!), 'the toast covers "what to do now"').toBe(false);
    expect(intersects((await toast.boundingBox())!, (await laptop.locator('.phase-bar').boundingBox())!), 'the toast covers the phase bar').toBe(false);
    await saveScreenshot(laptop, 'screens-laptop-refused');
    expect((await workshop()).pieces).toEqual([]);
    // the seed members place their own values
    for (const [i, member] of members.entries()) for (const kindId of OWN[i]!) expect((await member.act('place', { kindId, areaPartyId: partyIds[i] })).type).toBe('ack');
  });

  it('keeps the tray of a phone in a drawer on screen with the board, the phase bar in one line, and every target at least 44 × 44', async () => {
    await waitForPieces(phone, OWN[1].length);
    await settle(phone);
    expect(await noScrolling(phone)).toEqual({ down: 0, sideways: 0 });
    const board = (await phone.locator('#board').boundingBox())!;
    const drawer = (await phone.locator('.side').boundingBox())!;
    expect(board.height, 'the board keeps most of the screen').toBeGreaterThanOrEqual(400);
    expect(drawer.y, 'the drawer sits under the board').toBeGreaterThanOrEqual(board.y + board.height - 1);
    expect(drawer.y + drawer.height).toBeLessThanOrEqual(844 + 1);
    const firstValue = phone.locator('.tray-item').first();
    expect(await firstValue.isVisible()).toBe(true);
    expect(await inViewport(phone, firstValue), 'a value of the tray is on screen with the board').toBe(true);
    // the phase bar: one line, with "what to do now" in it; a tap shows all of it
    const bar = (await phone.locator('.phase-bar').boundingBox())!;
    expect(bar.height).toBeLessThanOrEqual(52);
    const doNow = phone.locator('#phase-do');
    expect(await doNow.isVisible()).toBe(true);
    expect((await doNow.textContent())!.trim()).toBe(t('da', 'phase.do.own-value'));
    await doNow.tap();
    expect(await doNow.evaluate((el) => el.classList.contains('expanded'))).toBe(true);
    await doNow.tap();
    // every target the phone shows, in the bars and the drawer
    const small = await phone.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.topbar button, .phase-bar button, .side button, .side select, .side summary, .side input:not([type=checkbox]):not([type=radio]), .side a[href]')]
        .filter((el) => el.offsetParent !== null && !el.closest('.visually-hidden'))
        .map((el) => ({ what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.className} "${el.textContent?.trim().slice(0, 20)}"`, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width < 44 - 0.5 || box.height < 44 - 0.5)
        .map(({ what, box }) => `${what} ${Math.round(box.width)}×${Math.round(box.height)}`),
    );
    expect(small).toEqual([]);
    await saveScreenshot(phone, 'screens-phone-own-value');
    // the handle opens the rest of the side panel over the lower board, and closes it again
    await phone.locator('.drawer-handle').tap();
    await expect.poll(() => phone.locator('.side.drawer-open').count(), { timeout: 5_000 }).toBe(1);
    expect(await phone.locator('.drawer-handle').getAttribute('aria-expanded')).toBe('true');
    expect(await phone.locator('#you').isVisible()).toBe(true);
    await saveScreenshot(phone, 'screens-phone-drawer-open');
    await phone.locator('.drawer-handle').tap();
    await expect.poll(() => phone.locator('.side.drawer-open').count(), { timeout: 5_000 }).toBe(0);
  });

  it('tells the old device that its seat moved to another device, and takes it back there', async () => {
    const seatUrl = (await laptop.locator('#other-device .seat-link').textContent())!.trim();
    expect(seatUrl).toContain('#seat=');
    const other = await newPage(await newContext(), 'other-device');
    await other.goto(seatUrl);
    await waitForBoard(other);
    const moved = laptop.locator('#seat-moved');
    await moved.waitFor({ timeout: 10_000 });
    expect(await moved.textContent()).toContain(t('da', 'board.seatMoved.title'));
    expect(await moved.textContent()).toContain(t('da', 'board.seatMoved.text'));
    // no banner telling it to reload, and no clipped toast
    expect(await laptop.locator('.status[data-status=closed]').count()).toBe(0);
    expect(await laptop.locator('.toast-error').filter({ hasText: t('da', 'error.seat-taken') }).count()).toBe(0);
    await saveScreenshot(laptop, 'screens-seat-moved');
    await laptop.locator('#take-seat-back').click();
    await waitForBoard(laptop);
    await waitForPhase(laptop, 'own-value');
    await other.locator('#seat-moved').waitFor({ timeout: 10_000 });
    // the same person as before: no second member of party A
    expect((await workshop()).members.filter((m) => m.role === 'participant' && m.name === 'Anna')).toHaveLength(1);
    await other.close();
  });

  it('reads from across the room at 1920 × 1080, 1280 × 720 and 3840 × 2160: no scrolling, the board as large as the height allows, the balance and the comparison in view', async () => {
    await setPhase('partner-view');
    for (const [i, member] of members.entries()) {
      for (const kindId of PARTNER[i]!) expect((await member.act('place', { kindId, areaPartyId: partyIds[(i + 1) % PARTIES.length] })).type).toBe('ack');
    }
    // a timer running, as in a real workshop
    const lead = await sdkJoin(server, { role: 'facilitator', workshopId: created.id, key: new URL(created.facilitatorUrl).hash.replace('#key=', '') });
    members.push(lead);
    expect((await lead.act('timer', { op: 'reset', seconds: 600 })).type).toBe('ack');
    expect((await lead.act('timer', { op: 'start' })).type).toBe('ack');
    await setPhase('reveal');
    const all = (await workshop()).pieces.length;
    await waitForPieces(screen, all);
    for (const [width, height] of [[1920, 1080], [1280, 720], [3840, 2160]] as const) {
      await screen.setViewportSize({ width, height });
      await settle(screen);
      await screen.waitForTimeout(300);
      const where = `${width}×${height}`;
      expect(await noScrolling(screen), where).toEqual({ down: 0, sideways: 0 });
      const balance = screen.locator('#balance-panel');
      expect(await balance.isVisible(), where).toBe(true);
      expect(await inViewport(screen, balance), `${where}: the balance in view`).toBe(true);
      expect(await inViewport(screen, screen.locator('#reveal-panel')), `${where}: the comparison in view`).toBe(true);
      expect(await screen.locator('#balance-panel .balance-row').count()).toBe(PARTIES.length);
      // the board as large as the height under the bars allows, and square
      const board = (await screen.locator('#board').boundingBox())!;
      const bars = (await screen.locator('.phase-bar').boundingBox())!;
      expect(board.width, where).toBeGreaterThanOrEqual(height - (bars.y + bars.height) - 2);
      expect(Math.abs(board.width - board.height), where).toBeLessThanOrEqual(2);
      // type sized to the screen: at 1080 px the focus question at least 24 px, the timer at least 48 px
      const scale = height / 1080;
      expect(await fontPx(screen, '.topbar .title .focus'), `${where}: focus question`).toBeGreaterThanOrEqual(Math.min(24, 24 * scale));
      expect(await fontPx(screen, '#timer'), `${where}: timer`).toBeGreaterThanOrEqual(Math.min(48, 48 * scale) - 0.5);
      expect(await screen.locator('#timer').isVisible()).toBe(true);
      await saveScreenshot(screen, `screens-shared-reveal-${width}x${height}`);
    }
    await screen.setViewportSize({ width: 1920, height: 1080 });
    // the balance counts each party's own view and its partners' view
    const ownCounts = await screen.locator('#balance-panel .balance-row').evaluateAll((rows) => rows.map((r) => [(r as HTMLElement).dataset.own, (r as HTMLElement).dataset.partners]));
    expect(ownCounts).toEqual(PARTIES.map((_, i) => [String(OWN[i]!.length), String(PARTNER[(i + PARTIES.length - 1) % PARTIES.length]!.length)]));
  });

  it('pauses the dot-vote while the board is locked, and shows its result on the shared screen as a ranked list', async () => {
    await setPhase('dialogue');
    const lead = members.at(-1)!;
    expect((await lead.act('voting', { open: true, dots: 3 })).type).toBe('ack');
    const pieces = (await workshop()).pieces;
    const inArea = (party: number, kind: string): PlacedPiece => pieces.find((p) => p.areaPartyId === partyIds[party] && p.kindId === kind && p.placedByPartyId === partyIds[party])!;
    const first = inArea(0, 'residents');
    const second = inArea(1, 'economy');
    const third = inArea(2, 'strategy');
    // three dots on the first, two on the second, one on the third
    for (const member of members.slice(0, 3)) expect((await member.act('vote', { pieceId: first.id })).type).toBe('ack');
    for (const member of members.slice(0, 2)) expect((await member.act('vote', { pieceId: second.id })).type).toBe('ack');
    expect((await members[2]!.act('vote', { pieceId: third.id })).type).toBe('ack');
    await expect.poll(() => phone.locator('#dots-left').isVisible(), { timeout: 5_000 }).toBe(true);

    // a lock pauses the vote: no dots to spend, the panel says why, and the vote does not open while locked
    await facilitator.locator('#lock-toggle').click();
    await phone.locator('#locked').waitFor({ timeout: 5_000 });
    await expect.poll(() => phone.locator('#dots-left').isVisible(), { timeout: 5_000 }).toBe(false);
    await expect.poll(() => facilitator.locator('#voting-paused').isVisible(), { timeout: 5_000 }).toBe(true);
    expect(await facilitator.locator('#voting-paused').textContent()).toBe(t('da', 'voting.paused'));
    expect((await members[0]!.act('vote', { pieceId: third.id })).payload.code).toBe('board-locked');
    expect((await lead.act('voting', { open: false })).type).toBe('ack');
    await expect.poll(() => facilitator.locator('#voting-toggle').isDisabled(), { timeout: 5_000 }).toBe(true);
    expect((await lead.act('voting', { open: true })).payload.code).toBe('board-locked');
    await facilitator.locator('#lock-toggle').click();
    await expect.poll(() => facilitator.locator('#voting-toggle').isDisabled(), { timeout: 5_000 }).toBe(false);

    expect((await lead.act('voting', { shown: true })).type).toBe('ack');
    const ranking = screen.locator('#vote-ranking li');
    await expect.poll(() => ranking.count(), { timeout: 5_000 }).toBe(3);
    expect(await ranking.evaluateAll((items) => items.map((li) => [(li as HTMLElement).dataset.piece, (li as HTMLElement).dataset.dots]))).toEqual([
      [first.id, '3'],
      [second.id, '2'],
      [third.id, '1'],
    ]);
    expect(await ranking.first().textContent()).toContain(t('da', 'vote.count', { count: 3 }));
    await settle(screen);
    expect(await noScrolling(screen)).toEqual({ down: 0, sideways: 0 });
    expect(await inViewport(screen, screen.locator('#vote-ranking'))).toBe(true);
    expect(await inViewport(screen, screen.locator('#balance-panel'))).toBe(true);
    await saveScreenshot(screen, 'screens-shared-dialogue-1920');
  });

  it("exports the CSV with ';' for a Danish workshop by default, and with ',' when the facilitator chooses it", async () => {
    const section = facilitator.locator('.facilitator-panel details').filter({ has: facilitator.locator('[data-export=csv]') });
    if (!(await section.evaluate((el) => (el as HTMLDetailsElement).open))) await section.locator('summary').click();
    expect(await facilitator.locator('#csv-sep').inputValue()).toBe(';');
    const header = async () => {
      const [download] = await Promise.all([facilitator.waitForEvent('download'), facilitator.locator('[data-export=csv]').click()]);
      const text = (await readFile((await download.path())!)).toString('utf8');
      return text.replace(/^\ufeff/, '').split('\r\n')[0]!;
    };
    expect((await header()).split(';')).toHaveLength(9);
    await facilitator.selectOption('#csv-sep', ',');
    expect((await header()).split(',')).toHaveLength(9);
    expect(pageErrors).toEqual([]);
  });
});
