/**
 * The facilitator's panel keeps up while the facilitator types: an agreement line added with
 * Enter shows in the panel at once with the focus still in its field (so the next line can be
 * typed straight away), and the panel's timer keeps counting down all the while. Before the
 * panel was updated in place, it was not redrawn while a field had the focus: the new line
 * stayed missing and the timer stood still until the field lost the focus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../server/app.ts';
import { t } from '../../shared/i18n/index.ts';
import { browserSupport, launchChromium, pageKeeper, requireBuiltClient, saveScreenshot, settle, waitForBoard, waitForPhase } from './browser.ts';

const support = browserSupport();
const skip = !support.run && support.skip;
if (!support.run && support.skip) console.warn(support.reason);

const PARTIES = [
  { name: 'Lektiecaféen', shortName: 'LC', color: '#d81b60' },
  { name: 'Skolen', shortName: 'SKO', color: '#00897b' },
  { name: 'Boligsocialt Hus', shortName: 'BSH', color: '#f9a825' },
];
/** What "at once" allows: a round trip to the server and a state patch, with room for a slow machine. */
const AT_ONCE_MS = 2_000;

describe.skipIf(skip)(skip ? `facilitator panel (skipped: ${support.run ? '' : support.reason})` : 'facilitator panel updated in place', () => {
  let server: RunningServer;
  let browser: Browser;
  let facilitator: Page;
  let code = '';
  const { contexts, pageErrors, newContext, newPage } = pageKeeper(() => browser, { viewport: { width: 1366, height: 900 } });

  /** The id of the element that has the focus now. */
  const focused = () => facilitator.evaluate(() => document.activeElement?.id ?? '');
  /** The lines of one of the panel's agreement lists. */
  const panelLines = (list: 'sharedValues' | 'openQuestions' | 'nextSteps'): Locator =>
    facilitator.locator('.facilitator-panel .agreement-list').filter({ has: facilitator.locator(`#agreement-${list}`) }).locator('li');
  /** The panel's timer heading ("Tid 4:59"). */
  const timerSummary = () => facilitator.locator('.facilitator-panel details > summary', { hasText: t('da', 'timer.title') });
  /** Type `text` into the field that has the focus and press Enter, without ever moving the focus. */
  const typeAndEnter = async (text: string) => {
    await facilitator.keyboard.type(text);
    await facilitator.keyboard.press('Enter');
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

  it('opens a guided workshop at the agreement with the timer running', async () => {
    const res = await fetch(`${server.url}/api/workshops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Aftalen i Vestbyen', language: 'da', parties: PARTIES }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { facilitatorUrl: string; code: string };
    code = created.code;
    facilitator = await newPage(await newContext(), 'facilitator');
    await facilitator.goto(created.facilitatorUrl);
    await waitForBoard(facilitator);

    await timerSummary().click();
    await facilitator.locator('#timer-minutes').fill('5');
    await facilitator.locator('#timer-start').click();
    await facilitator.locator('#timer[data-running="true"]').waitFor({ timeout: 5_000 });

    await facilitator.locator('button[data-phase=agreement]').click();
    await waitForPhase(facilitator, 'agreement');
    await facilitator.locator('#agreement-sharedValues').waitFor({ state: 'visible', timeout: 5_000 });
  });

  it('keeps the panel timer counting down while a field of the panel has the focus', async () => {
    await facilitator.locator('#agreement-sharedValues').click();
    await facilitator.keyboard.type('Alle børn');
    const ticksFrom = (await timerSummary().textContent())?.trim();
    expect(ticksFrom).toMatch(/\d+:\d\d$/);
    await expect.poll(async () => (await timerSummary().textContent())?.trim(), { timeout: 3_000, message: 'the panel timer ticks while a field has the focus' }).not.toBe(ticksFrom);
    expect(await focused()).toBe('agreement-sharedValues');
    // what was typed so far is untouched
    expect(await facilitator.locator('#agreement-sharedValues').inputValue()).toBe('Alle børn');
  });

  it('shows an agreement line added with Enter at once and keeps the focus in the field', async () => {
    expect(await focused()).toBe('agreement-sharedValues');
    await typeAndEnter(' får hjælp til lektierne');
    await expect.poll(() => panelLines('sharedValues').allTextContents(), { timeout: AT_ONCE_MS, message: 'the new line in the panel while its field has the focus' }).toEqual([expect.stringContaining('Alle børn får hjælp til lektierne')]);
    expect(await focused()).toBe('agreement-sharedValues');
    expect(await facilitator.locator('#agreement-sharedValues').inputValue()).toBe('');

    // the next line goes straight in: the field still has the focus
    await typeAndEnter('Forældrene er med');
    await expect.poll(() => panelLines('sharedValues').count(), { timeout: AT_ONCE_MS }).toBe(2);
    expect(await focused()).toBe('agreement-sharedValues');
  });

  it('adds a next step with its owner the same way', async () => {
    await facilitator.locator('#agreement-owner').selectOption({ label: PARTIES[2]!.shortName });
    await facilitator.locator('#agreement-nextSteps').click();
    await typeAndEnter('BSH inviterer til møde');
    await expect.poll(() => panelLines('nextSteps').allTextContents(), { timeout: AT_ONCE_MS }).toEqual([expect.stringContaining('BSH inviterer til møde')]);
    expect(await focused()).toBe('agreement-nextSteps');
    // the owner chosen stays chosen for the next step
    expect(await facilitator.locator('#agreement-owner option:checked').textContent()).toBe(PARTIES[2]!.shortName);
    const stored = (await server.workshops.byCode(code))!.state.agreement;
    expect(stored).toMatchObject({ sharedValues: [{ text: 'Alle børn får hjælp til lektierne' }, { text: 'Forældrene er med' }], openQuestions: [], nextSteps: [{ text: 'BSH inviterer til møde' }] });
    await settle(facilitator);
    await saveScreenshot(facilitator, 'facilitator-panel-agreement');
  });

  it('no page threw an error', () => {
    expect(pageErrors).toEqual([]);
  });
});
