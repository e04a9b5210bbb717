/**
 * Accessibility of every screen and phase, checked by axe-core in Chromium (WCAG 2.0, 2.1 and 2.2
 * at A and AA: no serious or critical violation anywhere): the start page with the create form
 * and "My workshops", the created card, the join page, the lobby, Own value, Partners' view, the
 * reveal, the dialogue with a piece's details open, the agreement, the facilitator's panel and the
 * shared screen. On the way: the accessibility tree in Own value (the placer's tree names its
 * value, another party's says only how many), page titles, the focus after create and join, and
 * reflow at 320 CSS px without sideways scrolling. axe is injected into contexts created with
 * bypassCSP (the app's CSP would block it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../server/app.ts';
import { t } from '../../shared/i18n/index.ts';
import defaultDeck from '../../assets/decks/default.json';
import { areaSlotPoint } from '../../shared/geometry.ts';
import { axeViolations, boardToPage, browserSupport, focused, hiddenFocusStops, launchChromium, pageKeeper, requireBuiltClient, sidewaysOverflow, waitForBoard, waitForPhase, waitForPieces } from './browser.ts';

const support = browserSupport();
const skip = !support.run && support.skip;
if (!support.run && support.skip) console.warn(support.reason);

const TITLE = 'Lektiecafé i Nordvest';
const PARTIES = [
  { name: 'Kommunen', shortName: 'KOM' },
  { name: 'Boligforeningen', shortName: 'BOL' },
  { name: 'Frivilligcentret', shortName: 'FRI' },
];
const label = (kind: string) => defaultDeck.kinds.find((k) => k.id === kind)!.label.da;

describe.skipIf(skip)(skip ? `accessibility (skipped: ${support.run ? '' : support.reason})` : 'accessibility of every screen and phase', () => {
  let server: RunningServer;
  let browser: Browser;
  let facilitator: Page;
  let screen: Page;
  let anna: Page;
  let bo: Page;
  /** A participant on a phone (touch), of the third party. */
  let cleo: Page;
  const links = { participant: '', screen: '', facilitator: '' };
  let code = '';
  const { contexts, pageErrors, newContext, newPage } = pageKeeper(() => browser, { bypassCSP: true, viewport: { width: 1280, height: 800 } });
  const workshop = async () => (await server.workshops.byCode(code))!.state;

  /** Fail with every serious or critical axe violation of `page` now, named by `where`. */
  const expectAccessible = async (page: Page, where: string) => {
    const violations = await axeViolations(page);
    expect(violations, `${where}:\n${violations.join('\n')}`).toEqual([]);
  };

  const setPhase = async (phase: string) => {
    await facilitator.locator(`button[data-phase="${phase}"]`).first().click();
    for (const page of [facilitator, screen, anna, bo, cleo]) await waitForPhase(page, phase);
  };

  /** What the page's one live region has said lately. */
  const said = (page: Page) => page.locator('#announcer').innerText();

  /** Join as a participant of party `party` through the join page (on a phone when `phone`). */
  const join = async (name: string, party: number, phone = false) => {
    const page = await newPage(await newContext(phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}), name);
    await page.goto(links.participant);
    await page.fill('#join-name', name);
    await page.locator('.party-choice label', { hasText: PARTIES[party]!.name }).locator('input[type=radio]').check();
    await page.click('#join-submit');
    await waitForBoard(page);
    return page;
  };

  /** Place `kind` with the tray's "Place in …" menu, choosing the area named `area`. */
  const placeWithMenu = async (page: Page, kind: string, area: string) => {
    await page.locator(`.tray-item[data-kind="${kind}"]`).click();
    await page.locator('.choice-menu .choice-list button', { hasText: area }).click();
  };

  beforeAll(async () => {
    if (!support.run) throw new Error(`${support.reason} (the browser tests must run on CI)`);
    requireBuiltClient();
    server = await startServer({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('start page and create form: accessible; a refused field is marked and described; the new card takes the focus', async () => {
    const page = await newPage(await newContext(), 'facilitator');
    await page.goto(`${server.url}/`);
    expect(await page.title()).toBe(t('da', 'app.name'));
    // pinch-zoom is never blocked
    expect(await page.locator('meta[name=viewport]').getAttribute('content')).not.toMatch(/user-scalable\s*=\s*(no|0)|maximum-scale\s*=\s*1(\.0*)?\b/);
    await expectAccessible(page, 'start page');
    // the rows of the create form are named per organisation
    expect(await page.locator('.party-row').nth(1).locator('input[name=party-name]').getAttribute('aria-label')).toBe(t('da', 'setup.party.field', { n: 2, field: t('da', 'setup.party.name') }));

    await page.fill('#setup-title', TITLE);
    const rows = page.locator('.party-row');
    for (const [i, party] of PARTIES.entries()) {
      await rows.nth(i).locator('input[name=party-name]').fill(party.name);
      await rows.nth(i).locator('input[name=party-short]').fill(i === 2 ? PARTIES[0]!.shortName : party.shortName);
    }
    // two organisations with one short name: the server refuses the third row's short name, and the form says so there
    await page.click('#create-workshop');
    const short = rows.nth(2).locator('input[name=party-short]');
    await expect.poll(() => short.getAttribute('aria-invalid'), { timeout: 5_000 }).toBe('true');
    const describedBy = (await short.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy.split(' ')[0]}"]`).textContent()).toBe(t('da', 'form.error.shortName'));
    expect((await focused(page)).className).toBe('');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('party-short');
    await expectAccessible(page, 'create form with an error');

    await short.fill(PARTIES[2]!.shortName);
    await page.click('#create-workshop');
    code = ((await page.locator('#created-code').textContent({ timeout: 10_000 })) ?? '').replace(/\s/g, '');
    for (const name of ['participant', 'screen', 'facilitator'] as const) links[name] = (await page.locator(`code[data-link=${name}]`).textContent())?.trim() ?? '';
    // the new card's heading has the focus, and the page is titled after it
    expect((await focused(page)).text).toBe(t('da', 'setup.created.title'));
    expect(await page.title()).toBe(`${t('da', 'setup.created.title')} — ${t('da', 'app.name')}`);
    expect(short).toBeDefined();
    await expectAccessible(page, 'created card');

    await page.goto(links.facilitator);
    await waitForBoard(page);
    facilitator = page;
  });

  it('lobby: the facilitator panel, the shared screen, the join page and the participants\' board are accessible', async () => {
    await waitForPhase(facilitator, 'lobby');
    expect(await facilitator.title()).toBe(`${t('da', 'phase.lobby')} — ${TITLE} — ${t('da', 'app.name')}`);
    await expectAccessible(facilitator, 'facilitator in the lobby');

    screen = await newPage(await newContext({ viewport: { width: 1920, height: 1080 } }), 'screen');
    await screen.goto(links.screen);
    await waitForBoard(screen);
    await expectAccessible(screen, 'shared screen in the lobby');

    const joinPage = await newPage(await newContext(), 'join page');
    await joinPage.goto(links.participant);
    await joinPage.locator('#join-name').waitFor();
    await expectAccessible(joinPage, 'join page');
    await joinPage.close();

    anna = await join('Anna', 0);
    // after joining, the focus is on the board screen's heading (the workshop's title)
    expect(await focused(anna)).toMatchObject({ tag: 'h1', text: TITLE });
    bo = await join('Bo', 1);
    cleo = await join('Cleo', 2, true);
    await expectAccessible(anna, 'participant in the lobby');
    await expectAccessible(cleo, 'participant on a phone in the lobby');
    // one live region on the page, and the ticking timer is not in it
    expect(await anna.locator('[aria-live], [role=status], [role=log], [role=alert]').count()).toBe(1);
    expect(await anna.locator('[aria-live] #timer').count()).toBe(0);
  });

  it('My workshops on the start page is accessible', async () => {
    const page = await newPage(facilitator.context(), 'start again');
    await page.goto(`${server.url}/`);
    await page.locator('#my-workshops li[data-workshop]').waitFor();
    await expectAccessible(page, 'My workshops');
    await page.close();
  });

  it('own value: placing through "Place in …"; the placer\'s accessibility tree lists the value, another party\'s only the count in words', async () => {
    await setPhase('own-value');
    await expect.poll(() => said(anna), { timeout: 5_000 }).toContain(t('da', 'phase.changed', { phase: t('da', 'phase.own-value') }));
    expect(await anna.title()).toBe(`${t('da', 'phase.own-value')} — ${TITLE} — ${t('da', 'app.name')}`);
    await placeWithMenu(anna, 'residents', t('da', 'place.myArea', { party: PARTIES[0]!.name }));
    await waitForPieces(anna, 1);
    expect((await workshop()).pieces.map((p) => p.kindId)).toEqual(['residents']);
    await expectAccessible(anna, 'participant in Own value');
    await expectAccessible(facilitator, 'facilitator in Own value');

    const annaTree = await anna.locator('#board-text').ariaSnapshot();
    expect(annaTree).toContain(label('residents'));
    const boTree = await bo.locator('#board-text').ariaSnapshot();
    await expect.poll(() => bo.locator('#board-text').ariaSnapshot(), { timeout: 5_000 }).toContain(t('da', 'twin.hidden.count', { party: PARTIES[0]!.name, count: 1 }));
    expect(boTree).not.toContain(label('residents'));
    // the whole page names the value once: in Bo's own tray, never as a placed piece
    expect((await bo.locator('body').ariaSnapshot()).split(label('residents')).length - 1).toBe(1);
    expect(await bo.locator('.tray').ariaSnapshot()).toContain(label('residents'));
    // every element Tab reaches on the laptop can be seen
    expect(await hiddenFocusStops(anna)).toEqual([]);
  });

  it('tap-to-place on a phone: a tap on a value, then a tap on the own area of the board', async () => {
    const item = cleo.locator('.tray-item[data-kind="network"]');
    await item.scrollIntoViewIfNeeded();
    await item.tap();
    await cleo.locator('.choice-menu .choice-list button').first().waitFor();
    expect(await cleo.locator('.choice-menu .choice-list button').first().textContent()).toBe(t('da', 'place.myArea', { party: PARTIES[2]!.name }));
    await expectAccessible(cleo, 'phone with "Place in …" open');
    const at = await boardToPage(cleo, areaSlotPoint(PARTIES.length, 2, 0));
    await cleo.touchscreen.tap(at.x, at.y);
    await expect.poll(async () => (await workshop()).pieces.filter((p) => p.kindId === 'network').map((p) => p.areaPartyId), { timeout: 5_000 }).toEqual([(await workshop()).parties[2]!.id]);
    await cleo.locator('.choice-menu').waitFor({ state: 'detached' });
    const done = t('da', 'place.done', { value: label('network'), party: PARTIES[2]!.name });
    await expect
      .poll(() => said(cleo), { timeout: 5_000 })
      .toContain(done)
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\nthe live region should say: ${done}\nit says: ${await said(cleo)}`);
      });
    // every element Tab reaches on the phone can be seen: nothing under the drawer, a bar or a toast
    expect(await hiddenFocusStops(cleo)).toEqual([]);
  });

  it('partners\' view, the reveal, the dialogue with a piece\'s details open, and the agreement are accessible', async () => {
    await setPhase('partner-view');
    await placeWithMenu(bo, 'residents', t('da', 'place.area', { party: PARTIES[0]!.name }));
    await waitForPieces(bo, 1);
    // Anna hears that Bo's party placed a value, never which
    await expect.poll(() => said(anna), { timeout: 6_000 }).toContain(t('da', 'announce.placed', { party: PARTIES[1]!.name, count: 1 }));
    expect(await said(anna)).not.toContain(label('residents'));
    await expectAccessible(bo, 'participant in Partners\' view');

    await setPhase('reveal');
    await waitForPieces(anna, 3);
    await expect.poll(() => said(anna), { timeout: 5_000 }).toContain(t('da', 'announce.reveal'));
    // the phase is said once, though the toast shows it too
    expect((await said(anna)).split(t('da', 'phase.changed', { phase: t('da', 'phase.reveal') })).length - 1).toBe(1);
    await expectAccessible(anna, 'participant at the reveal');
    await expectAccessible(screen, 'shared screen at the reveal');

    await setPhase('dialogue');
    await facilitator.locator('#voting-toggle').click();
    await bo.locator('#dots-left').waitFor();
    await bo.locator('.twin-piece .twin-value', { hasText: label('residents') }).first().click();
    await bo.locator('dialog.details[open]').waitFor();
    await expectAccessible(bo, 'dialogue with a piece\'s details open');
    await bo.keyboard.press('Escape');
    await bo.locator('dialog.details').waitFor({ state: 'detached' });
    await expectAccessible(facilitator, 'facilitator in the dialogue');

    await setPhase('agreement');
    await expectAccessible(anna, 'participant at the agreement');
    await expectAccessible(facilitator, 'facilitator at the agreement');
    await expectAccessible(screen, 'shared screen at the agreement');
  });

  it('reflows at 320 CSS px without sideways scrolling (start, join, board, shared screen)', async () => {
    const narrow = await newContext({ viewport: { width: 320, height: 640 } });
    const page = await newPage(narrow, 'narrow');
    for (const [where, url] of [['start page', `${server.url}/`], ['join page', links.participant], ['shared screen', links.screen]] as const) {
      await page.goto(url);
      await page.waitForLoadState('networkidle');
      expect(await sidewaysOverflow(page), where).toBeLessThanOrEqual(0);
    }
    // the board: a participant's page made narrow, then a 1280 × 800 window at 200 % zoom (a 640 × 400 one)
    await anna.setViewportSize({ width: 320, height: 640 });
    await expect.poll(() => sidewaysOverflow(anna), { timeout: 5_000, message: 'board at 320 px' }).toBeLessThanOrEqual(0);
    await anna.setViewportSize({ width: 640, height: 400 });
    await expect.poll(() => sidewaysOverflow(anna), { timeout: 5_000, message: 'board at 200 % zoom' }).toBeLessThanOrEqual(0);
    await anna.setViewportSize({ width: 1280, height: 800 });
  });

  it('no page threw an error', () => {
    expect(pageErrors).toEqual([]);
  });
});
