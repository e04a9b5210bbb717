/**
 * The deployment in real browsers through the README's nginx configuration (deploy/nginx.conf,
 * run unprivileged over plain HTTP on a loopback port): one origin, two processes. Two people
 * join by the participant link, one drags a piece onto the board with the real mouse and the other
 * sees it; pages and API calls are spread over both processes, each WebSocket goes through its
 * process's /p/<port>/ path. Then the process hosting the room is killed, and both pages come back by
 * themselves through the other process, the piece still there, and play on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { areaSlotPoint } from '../../shared/geometry.ts';
import { boardToPage, browserSupport, centreOf, launchChromium, mouseDrag, pageKeeper, piecesOf, requireBuiltClient, saveScreenshot, waitForBoard, waitForPieces } from '../e2e/browser.ts';
import { createWorkshop, Deployment, deploymentSupport, freePort, type GameProcess } from './deployment.ts';
import { nginxBinary, startNginx, type RunningNginx } from './nginx.ts';

const services = await deploymentSupport();
const browserHere = browserSupport();
const missing = [
  ...(services.run ? [] : [services.reason]),
  ...(browserHere.run ? [] : [browserHere.reason]),
  ...(nginxBinary() ? [] : ['nginx is not installed (apt-get install -y nginx)']),
];
// on CI a missing service, browser or nginx is a broken setup, not a reason to pass quietly
const skip = missing.length > 0 && !process.env.CI;
if (skip) console.warn(`Skipping the browser test through nginx: ${missing.join('; ')}`);

/** The page's connection status, as its top bar keeps it ('connected', 'reconnecting', …). */
const statusOf = (page: Page) => page.locator('.status').first().getAttribute('data-status');

describe.skipIf(skip)(skip ? `a deployment through nginx in the browser (skipped: ${missing.join('; ')})` : 'a deployment through nginx in the browser', () => {
  let deployment: Deployment;
  let nginx: RunningNginx;
  let browser: Browser;
  const processes: GameProcess[] = [];
  const { contexts, pageErrors, newContext, newPage } = pageKeeper(() => browser);
  let anna: Page;
  let bo: Page;
  let workshop: Awaited<ReturnType<typeof createWorkshop>>;

  beforeAll(async () => {
    if (missing.length > 0) throw new Error(`${missing.join('; ')} (the browser test through nginx must run on CI)`);
    requireBuiltClient();
    deployment = await Deployment.create({ TRUST_PROXY: '1' });
    const [listen, portA, portB] = [await freePort(), await freePort(), await freePort()];
    // as the README says: each process announces <public host>/p/<its port in the configuration>
    processes.push(
      ...(await Promise.all([
        deployment.start('A', { port: portA, publicAddress: `127.0.0.1:${listen}/p/2567` }),
        deployment.start('B', { port: portB, publicAddress: `127.0.0.1:${listen}/p/2568` }),
      ])),
    );
    nginx = await startNginx(listen, [portA, portB]);
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await nginx?.close();
    await deployment?.close();
  });

  it('serves the game on one origin from both processes, and the page joins and plays', async () => {
    workshop = await createWorkshop(nginx.url, 'Én adresse, to processer', 3);
    const join = async (name: string, party: string) => {
      const page = await newPage(await newContext({ viewport: { width: 1280, height: 800 } }), name);
      await page.goto(`${nginx.url}/j/${workshop.code}`);
      await page.fill('#join-name', name);
      await page.locator('.party-choice label', { hasText: party }).locator('input[type=radio]').check();
      await page.click('#join-submit');
      await waitForBoard(page);
      return page;
    };
    anna = await join('Anna', 'Boligsocial helhedsplan');
    bo = await join('Bo', 'Kommunen');

    // Anna drags a piece into her area with the real mouse; Bo sees it
    const from = await centreOf(anna, '.tray-item[data-kind=residents]');
    await mouseDrag(anna, from, await boardToPage(anna, areaSlotPoint(3, 0, 0)));
    await waitForPieces(anna, 1);
    await waitForPieces(bo, 1);
    await saveScreenshot(bo, 'nginx-bo-sees-anna');

    // one origin: the pages, API and matchmaking were answered by both processes behind it
    const upstreams = new Set([...nginx.accessLog().matchAll(/^\d{3} (127\.0\.0\.1:\d+)/gm)].map((m) => m[1]));
    expect(upstreams).toEqual(new Set(processes.map((p) => `127.0.0.1:${p.port}`)));
    expect(pageErrors).toEqual([]);
  });

  it('brings both pages back through the other process when the one hosting the room is killed', async () => {
    const host = (await deployment.hostOf(workshop.id))!;
    expect(host).toBeDefined();
    host.child.kill('SIGKILL');
    const pages = [anna, bo];
    await Promise.all(pages.map((page) => expect.poll(() => statusOf(page), { timeout: 10_000, interval: 100 }).not.toBe('connected')));
    await Promise.all(pages.map((page) => expect.poll(() => statusOf(page), { timeout: 60_000, interval: 250 }).toBe('connected')));
    for (const page of pages) expect(await piecesOf(page)).toBe(1);
    expect((await deployment.hostOf(workshop.id))?.name).not.toBe(host.name);

    // and they play on: Bo places one, Anna sees it
    const from = await centreOf(bo, '.tray-item[data-kind=network]');
    await mouseDrag(bo, from, await boardToPage(bo, areaSlotPoint(3, 1, 0)));
    await waitForPieces(bo, 2);
    await waitForPieces(anna, 2);
  });
});
