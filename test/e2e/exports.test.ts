/**
 * Exports, a restart and an import in real browsers, on the SQLite store: a participant places a
 * piece and writes a note with æøå on a free board; the facilitator downloads the PDF, PNG, CSV and
 * JSON from the panel's "Eksport" section; the server stops and starts again on the same port and
 * data directory, and the board, the note and "Mine workshops" are all still there; finally the
 * downloaded JSON is imported on the start page as a template for a new workshop.
 * Steps share one data directory, one browser and its pages, and run in order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../server/app.ts';
import { openStore } from '../../server/storage/openStore.ts';
import { exportFileName, POSTER_WIDTH } from '../../server/export/index.ts';
import { WORKSHOP_FILE_FORMAT } from '../../shared/workshopFile.ts';
import { subZoneSizes } from '../../shared/layout.ts';
import { t } from '../../shared/i18n/index.ts';
import {
  boardToPage,
  browserSupport,
  centreOf,
  decodePng,
  launchChromium,
  mouseDrag,
  requireBuiltClient,
  RESULTS_DIR,
  saveScreenshot,
  settle,
  waitForBoard,
  waitForPieces,
  pageKeeper,
} from './browser.ts';

const support = browserSupport();
const skip = !support.run && support.skip;
if (!support.run && support.skip) console.warn(support.reason);

const TITLE = 'Lektiecaféen på Ærøvej';
/** The stem exportFileName makes of TITLE: æ → ae, ø → oe, å → aa, é → e. */
const STEM = 'lektiecafeen-paa-aeroevej';
const NOTE = 'Lektiehjælp for søskende på Ærøvej – især i 5.–7. klasse';
const PARTIES = [
  { name: 'Lektiecaféen', shortName: 'LC', color: '#d81b60' },
  { name: 'Skolen på Ærøvej', shortName: 'SKO', color: '#00897b' },
  { name: 'Boligsocialt Hus', shortName: 'BSH', color: '#f9a825' },
];
/**
 * Where the participant (first party) drops its piece: the centre of the first slot of its own
 * sub-zone, so the piece the server lays into the free slot nearest the drop lands right there.
 */
const DROP = subZoneSizes(PARTIES.length, 0, 0)[0]!.slots[0]!;
const FORMATS = ['pdf', 'png', 'csv', 'json'] as const;
const DOWNLOADS_DIR = join(RESULTS_DIR, 'downloads');

/** A port nobody listens on now: let the system pick one, then free it again. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

describe.skipIf(skip)(skip ? `browser exports (skipped: ${support.run ? '' : support.reason})` : 'browser exports, restart and import', () => {
  let dataDir = '';
  let port = 0;
  let server: RunningServer | undefined;
  let browser: Browser;

  let participant: Page;
  let participantContext: BrowserContext;
  let facilitator: Page;
  let facilitatorContext: BrowserContext;
  const created = { id: '', code: '', participantUrl: '', facilitatorUrl: '' };
  const saved: Partial<Record<(typeof FORMATS)[number], string>> = {};

  /** A server on the fixed port and the SQLite file in dataDir. */
  const start = async () => startServer({ port, host: '127.0.0.1', store: await openStore({ kind: 'sqlite', dataDir }) });
  const url = () => `http://127.0.0.1:${port}`;

  const { contexts, pageErrors, newContext, newPage } = pageKeeper(() => browser, { viewport: { width: 1366, height: 900 } });
  /** Click the piece until its details open (the board may still be settling); returns the note shown. */
  const openPiece = async (page: Page) => {
    const at = await boardToPage(page, DROP);
    const note = page.locator('#piece-note');
    await expect
      .poll(async () => {
        if (!(await note.isVisible())) await page.mouse.click(at.x + 20, at.y);
        return note.isVisible();
      }, { timeout: 10_000, interval: 250 })
      .toBe(true);
    return note.inputValue();
  };
  const closePiece = async (page: Page) => {
    await page.locator('.details button', { hasText: t('da', 'board.piece.close') }).click();
    await page.locator('.details').waitFor({ state: 'detached', timeout: 5_000 });
  };
  /** Join on the participant page (the form remembers name and party after the first time). */
  const joinAsParticipant = async () => {
    await participant.goto(created.participantUrl);
    await participant.fill('#join-name', 'Søren');
    await participant.locator('.party-choice label', { hasText: PARTIES[0]!.name }).locator('input[type=radio]').check();
    await participant.click('#join-submit');
    await waitForBoard(participant);
  };
  const exportSummary = (page: Page) => page.locator('.facilitator-panel details > summary', { hasText: t('da', 'export.title') });

  beforeAll(async () => {
    if (!support.run) throw new Error(`${support.reason} (the browser tests must run on CI)`);
    requireBuiltClient();
    dataDir = mkdtempSync(join(tmpdir(), 'vaerdispil-e2e-exports-'));
    port = await freePort();
    server = await start();
    expect(server.port).toBe(port);
    await mkdir(DOWNLOADS_DIR, { recursive: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a free workshop over HTTP; a participant drags a piece in with the mouse and notes æøå on it', async () => {
    const res = await fetch(`${url()}/api/workshops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'free', title: TITLE, language: 'da', parties: PARTIES }),
    });
    expect(res.status).toBe(201);
    Object.assign(created, await res.json());
    expect(created.code).toMatch(/^[A-Z0-9]{8}$/);

    participantContext = await newContext({});
    participant = await newPage(participantContext, 'participant');
    await joinAsParticipant();
    // a free board: the tray is there from the start
    const item = participant.locator('.tray-item[data-kind=residents]');
    await item.waitFor();
    await waitForPieces(participant, 0);
    await mouseDrag(participant, await centreOf(participant, '.tray-item[data-kind=residents]'), await boardToPage(participant, DROP));
    await waitForPieces(participant, 1);

    expect(await openPiece(participant)).not.toBe(NOTE);
    await participant.locator('#piece-note').fill(NOTE);
    await participant.locator('#piece-save').click();
    await participant.locator('.details').waitFor({ state: 'detached', timeout: 5_000 });
    await expect.poll(async () => (await server!.workshops.byCode(created.code))?.state.pieces.map((p) => p.note)).toEqual([NOTE]);
  });

  it('downloads the PDF, PNG, CSV and JSON from the facilitator panel\'s "Eksport" section', async () => {
    facilitatorContext = await newContext({ acceptDownloads: true });
    facilitator = await newPage(facilitatorContext, 'facilitator');
    await facilitator.goto(created.facilitatorUrl);
    await waitForBoard(facilitator);
    await waitForPieces(facilitator, 1);

    const summary = exportSummary(facilitator);
    expect((await summary.textContent())?.trim()).toBe('Eksport');
    await summary.click();
    const buttons = facilitator.locator('button[data-export]');
    await buttons.first().waitFor({ state: 'visible' });
    expect(await buttons.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.export))).toEqual([...FORMATS]);

    for (const format of FORMATS) {
      const started = Date.now();
      const [download] = await Promise.all([
        facilitator.waitForEvent('download', { timeout: 30_000 }) as Promise<Download>,
        facilitator.locator(`button[data-export=${format}]`).click(),
      ]);
      expect(download.suggestedFilename(), format).toBe(`${STEM}.${format}`);
      expect(exportFileName(TITLE, format)).toBe(`${STEM}.${format}`);
      const path = join(DOWNLOADS_DIR, download.suggestedFilename());
      await download.saveAs(path);
      expect(await download.failure()).toBeNull();
      saved[format] = path;
      console.log(`export ${format}: ${Date.now() - started} ms`);
    }

    const pdf = await readFile(saved.pdf!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(2_000);

    const png = decodePng(await readFile(saved.png!));
    expect(png.width).toBeGreaterThanOrEqual(3000);
    expect(png.width).toBe(POSTER_WIDTH);

    const csv = await readFile(saved.csv!);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csvText = csv.toString('utf8');
    expect(csvText).toContain(NOTE);
    expect(csvText).toContain(PARTIES[0]!.name);

    const file = JSON.parse(await readFile(saved.json!, 'utf8')) as { format: string; title?: string; pieces?: { note?: string }[] };
    expect(file.format).toBe(WORKSHOP_FILE_FORMAT);
    expect(file.format).toBe('vaerdispil/1');
    expect(JSON.stringify(file)).toContain(NOTE);
    expect(JSON.stringify(file)).toContain(TITLE);

    // the picture to look at: the panel scrolled to the open export section
    await exportSummary(facilitator).scrollIntoViewIfNeeded();
    await settle(facilitator);
    expect(await facilitator.locator('button[data-export=pdf]').isVisible()).toBe(true);
    await saveScreenshot(facilitator, 'facilitator-export');
  });

  it('keeps the board and the note through a restart on the same port and data directory', async () => {
    const before = Date.now();
    await server!.close();
    server = undefined;
    // nothing answers while it is down
    await expect(fetch(`${url()}/api/workshops/${created.code}`)).rejects.toThrow();
    server = await start();
    expect(server.port).toBe(port);
    console.log(`restart: ${Date.now() - before} ms`);

    await facilitator.reload();
    await waitForBoard(facilitator);
    await waitForPieces(facilitator, 1);
    expect(await openPiece(facilitator)).toBe(NOTE);
    await closePiece(facilitator);

    // the participant's page comes back: as the same person by its remembered seat when the client
    // keeps one, else through the join form with name and party filled in
    const seat = await participant.evaluate((id) => localStorage.getItem(`vaerdispil.seat.${id}`), created.id);
    await participant.reload();
    if (seat) {
      await waitForBoard(participant);
      expect(await participant.locator('#join-name').count(), 'a remembered seat should skip the join form').toBe(0);
      const participants = (await server!.workshops.byCode(created.code))?.state.members.filter((m) => m.role === 'participant') ?? [];
      expect(participants.map((m) => m.name), 'the same member came back, no second one').toEqual(['Søren']);
    } else {
      expect(await participant.locator('#join-name').inputValue()).toBe('Søren');
      await participant.click('#join-submit');
      await waitForBoard(participant);
    }
    console.log(`participant back after the restart ${seat ? 'by its seat' : 'through the join form'}`);
    await waitForPieces(participant, 1);
    expect(await openPiece(participant)).toBe(NOTE);
    await closePiece(participant);
  });

  it('lists the workshop under "Mine workshops" on the facilitator browser\'s start page', async () => {
    const start = await newPage(facilitatorContext, 'start');
    await start.goto(`${url()}/`);
    const item = start.locator(`#my-workshops li[data-workshop="${created.id}"]`);
    await item.waitFor();
    expect((await item.locator('a').textContent())?.trim()).toBe(TITLE);
    expect(await item.locator('a').getAttribute('href')).toBe(new URL(created.facilitatorUrl).pathname + new URL(created.facilitatorUrl).hash);
    expect((await item.locator('code').textContent())?.trim()).toBe(created.code);
    // the summary call with the remembered key works against the restarted server
    await expect.poll(() => item.locator('span.muted').textContent()).toMatch(/\d/);
    expect(await item.locator('span.muted').textContent()).not.toBe(t('da', 'mine.gone'));
    await start.close();
  });

  it('imports the downloaded JSON as a template: a new workshop with a new code, the same parties and an empty board', async () => {
    expect(saved.json, 'the JSON downloaded in the export step').toBeDefined();
    const start = await newPage(facilitatorContext, 'import');
    await start.goto(`${url()}/`);
    await start.locator('#import-file').setInputFiles(saved.json!);
    await start.selectOption('#import-as', 'template');
    await start.click('#import-submit');
    const code = (await start.locator('#created-code').textContent({ timeout: 10_000 }))?.trim() ?? '';
    expect(code).toMatch(/^[A-Z0-9]{8}$/);
    expect(code).not.toBe(created.code);
    expect(await start.locator('code[data-link=participant]').textContent()).toBe(`${url()}/j/${code}`);

    const info = (await (await fetch(`${url()}/api/workshops/${code}`)).json()) as { id: string; title: string; parties: { name: string }[] };
    expect(info.id).not.toBe(created.id);
    expect(info.parties.map((p) => p.name)).toEqual(PARTIES.map((p) => p.name));
    const imported = await server!.workshops.byCode(code);
    expect(imported?.state.pieces).toEqual([]);
    // the original is untouched
    expect((await server!.workshops.byCode(created.code))?.state.pieces.map((p) => p.note)).toEqual([NOTE]);
    await start.close();
  });

  it('no page threw an error', () => {
    expect(pageErrors).toEqual([]);
  });
});
