/**
 * A whole workshop played with the keyboard only: no mouse, no tap, no programmatic focus or click
 * — every step is keys pressed on the page (page.keyboard), and the pages are only read. The
 * facilitator creates the workshop and runs the phases from the panel; a participant joins, places
 * a value in the own area through "Place in …", moves it with the arrow keys, gives it a note and
 * an importance in its details, and votes. Each step is checked in the server's state, and the
 * focus is checked to stay on (or next to) what was acted on, visible, never on the page's body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../server/app.ts';
import { t } from '../../shared/i18n/index.ts';
import { browserSupport, focused, focusVisible, launchChromium, pageKeeper, requireBuiltClient, tabTo, waitForBoard, waitForPhase } from './browser.ts';

const support = browserSupport();
const skip = !support.run && support.skip;
if (!support.run && support.skip) console.warn(support.reason);

const TITLE = 'Tastaturværkstedet';
const PARTIES = ['Kommunen', 'Idrætsforeningen'] as const;
const NOTE = 'Flere frivillige om tirsdagen';

describe.skipIf(skip)(skip ? `keyboard-only workshop (skipped: ${support.run ? '' : support.reason})` : 'a whole workshop with the keyboard only', () => {
  let server: RunningServer;
  let browser: Browser;
  let facilitator: Page;
  let anna: Page;
  let code = '';
  let participantLink = '';
  const { contexts, pageErrors, newContext, newPage } = pageKeeper(() => browser, { viewport: { width: 1280, height: 800 } });
  const workshop = async () => (await server.workshops.byCode(code))!.state;
  const piece = async () => (await workshop()).pieces[0]!;

  /** The focus is on an element matching `selector`, can be seen, and is not on the body. */
  const expectFocusOn = async (page: Page, selector: string) => {
    await expect.poll(() => page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector), { timeout: 5_000, message: `focus on ${selector}, not ${JSON.stringify(await focused(page))}` }).toBe(true);
    expect(await focusVisible(page), `${selector} is focused but hidden`).toBe(true);
  };

  /** Type into the field matching `selector`, reached with Tab. */
  const typeInto = async (page: Page, selector: string, text: string) => {
    await tabTo(page, selector);
    await page.keyboard.type(text);
  };

  /** The facilitator moves the workshop to `phase` with the panel's phase button. */
  const setPhase = async (phase: string) => {
    await tabTo(facilitator, `.phase-steps button[data-phase="${phase}"]`);
    await facilitator.keyboard.press('Enter');
    await expect.poll(async () => (await workshop()).phase, { timeout: 5_000 }).toBe(phase);
    await expectFocusOn(facilitator, `.phase-steps button[data-phase="${phase}"]`);
    await waitForPhase(anna, phase);
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

  it('the facilitator creates the workshop and opens it as facilitator', async () => {
    facilitator = await newPage(await newContext(), 'facilitator');
    await facilitator.goto(`${server.url}/`);
    await typeInto(facilitator, '#setup-title', TITLE);
    for (const [i, name] of PARTIES.entries()) await typeInto(facilitator, `.party-row:nth-child(${i + 1}) input[name=party-name]`, name);
    await tabTo(facilitator, '#create-workshop');
    await facilitator.keyboard.press('Enter');
    await facilitator.locator('#created-code').waitFor({ timeout: 10_000 });
    code = ((await facilitator.locator('#created-code').textContent()) ?? '').replace(/\s/g, '');
    participantLink = (await facilitator.locator('code[data-link=participant]').textContent())?.trim() ?? '';
    // the new card's heading has the focus
    expect(await focused(facilitator)).toMatchObject({ tag: 'h2', text: t('da', 'setup.created.title') });
    expect((await workshop()).parties.map((p) => p.name)).toEqual([...PARTIES]);

    await tabTo(facilitator, '#created-card a[href*="#key="]');
    await facilitator.keyboard.press('Enter');
    await waitForBoard(facilitator);
    await waitForPhase(facilitator, 'lobby');
  });

  it('a participant joins and lands on the board\'s heading', async () => {
    anna = await newPage(await newContext(), 'anna');
    await anna.goto(participantLink);
    await typeInto(anna, '#join-name', 'Anna');
    // the first organisation's radio button: Tab reaches the group, Space chooses it
    await tabTo(anna, '.party-choice input[type=radio]');
    await anna.keyboard.press('Space');
    expect(await anna.evaluate(() => (document.activeElement as HTMLInputElement).checked)).toBe(true);
    await tabTo(anna, '#join-submit');
    await anna.keyboard.press('Enter');
    await waitForBoard(anna);
    await expectFocusOn(anna, 'h1#screen-heading');
    expect((await workshop()).members.find((m) => m.name === 'Anna')?.partyId).toBe((await workshop()).parties[0]!.id);
  });

  it('own value: the value is placed in the own area with "Place in …", the focus stays on it in the tray', async () => {
    await setPhase('own-value');
    await tabTo(anna, '.tray-item[data-kind="residents"]');
    await anna.keyboard.press('Enter');
    await expectFocusOn(anna, '.choice-menu .choice-list button');
    expect((await focused(anna)).text).toBe(t('da', 'place.myArea', { party: PARTIES[0] }));
    await anna.keyboard.press('Enter');
    await expect.poll(async () => (await workshop()).pieces.length, { timeout: 5_000 }).toBe(1);
    const state = await workshop();
    expect(await piece()).toMatchObject({ kindId: 'residents', areaPartyId: state.parties[0]!.id, placedByPartyId: state.parties[0]!.id });
    await expectFocusOn(anna, '.tray-item[data-kind="residents"]');
    expect(await anna.locator('.choice-menu').count()).toBe(0);
    // the focus ring: a 3 px dark outline over a white halo (at least 3:1 on light and dark backgrounds)
    expect(await anna.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow];
    })).toEqual(['solid', '3px', 'rgb(27, 27, 27)', 'rgb(255, 255, 255) 0px 0px 0px 2px']);
  });

  it('the value is picked up and moved to the next free place with the arrow keys, then put down', async () => {
    const before = await piece();
    await tabTo(anna, '.twin-piece .twin-move');
    await anna.keyboard.press('Enter');
    await expectFocusOn(anna, '.choice-menu button[data-choice="arrows"]');
    await anna.keyboard.press('Enter');
    await expectFocusOn(anna, '.twin-move[data-held="true"]');
    await anna.keyboard.press('ArrowDown');
    await expect.poll(async () => { const p = await piece(); return p.x !== before.x || p.y !== before.y; }, { timeout: 5_000 }).toBe(true);
    const moved = await piece();
    expect(moved.areaPartyId).toBe(before.areaPartyId);
    await anna.keyboard.press('ArrowUp');
    await expect.poll(async () => { const p = await piece(); return [p.x, p.y]; }, { timeout: 5_000 }).toEqual([before.x, before.y]);
    await anna.keyboard.press('ArrowDown');
    await expect.poll(async () => { const p = await piece(); return [p.x, p.y]; }, { timeout: 5_000 }).toEqual([moved.x, moved.y]);
    await anna.keyboard.press('Enter');
    await expectFocusOn(anna, '.twin-move:not([data-held])');
    expect(await anna.locator('.choice-menu').count()).toBe(0);
    expect([(await piece()).x, (await piece()).y]).toEqual([moved.x, moved.y]);
  });

  it('a note and an importance are given in the piece\'s details; the dialog gives the focus back', async () => {
    await tabTo(anna, '.twin-piece .twin-value', { back: true });
    await anna.keyboard.press('Enter');
    await expectFocusOn(anna, 'dialog.details[open] .details-title');
    await typeInto(anna, '#piece-note', NOTE);
    await tabTo(anna, 'dialog.details .importance button:nth-child(3)');
    await anna.keyboard.press('Enter');
    await tabTo(anna, '#piece-save');
    await anna.keyboard.press('Enter');
    await expect.poll(async () => { const p = await piece(); return [p.note, p.importance]; }, { timeout: 5_000 }).toEqual([NOTE, 3]);
    await anna.locator('dialog.details').waitFor({ state: 'detached' });
    await expectFocusOn(anna, '.twin-piece .twin-value');
    await expect.poll(() => anna.locator('.twin-piece .twin-desc').textContent()).toContain(NOTE);
  });

  it('the dialogue: the facilitator opens the vote, the participant gives a dot from the details and closes them with Escape', async () => {
    await setPhase('reveal');
    await setPhase('dialogue');
    await tabTo(facilitator, '#voting-toggle');
    await facilitator.keyboard.press('Enter');
    await expect.poll(async () => (await workshop()).voting.open, { timeout: 5_000 }).toBe(true);
    await expectFocusOn(facilitator, '#voting-toggle');

    await anna.locator('#dots-left:not([hidden])').waitFor();
    await tabTo(anna, '.twin-piece .twin-value');
    await anna.keyboard.press('Enter');
    await expectFocusOn(anna, 'dialog.details[open] .details-title');
    await tabTo(anna, '#vote-add');
    await anna.keyboard.press('Enter');
    await expect.poll(async () => (await workshop()).votes.map((v) => v.pieceId), { timeout: 5_000 }).toEqual([(await piece()).id]);
    await expectFocusOn(anna, '#vote-add');
    await anna.keyboard.press('Escape');
    await anna.locator('dialog.details').waitFor({ state: 'detached' });
    await expectFocusOn(anna, '.twin-piece .twin-value');
    const anna_ = (await workshop()).members.find((m) => m.name === 'Anna')!;
    expect((await workshop()).votes).toEqual([expect.objectContaining({ memberId: anna_.id })]);
  });

  it('the facilitator ends with the agreement; nothing threw', async () => {
    await setPhase('agreement');
    expect((await workshop()).phase).toBe('agreement');
    expect(pageErrors).toEqual([]);
  });
});
