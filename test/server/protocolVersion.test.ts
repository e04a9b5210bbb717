/**
 * A page that speaks another protocol than the server (an old tab from last week's meeting, after
 * an update) is refused with `protocol-version` — which the client shows as "reload the page" —
 * instead of joining and then silently missing what it no longer understands.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.ts';
import { PROTOCOL_VERSION, joinOptionsRefusal } from '../../shared/protocol.ts';
import { LANGUAGES } from '../../shared/i18n/languages.ts';
import { t } from '../../shared/i18n/index.ts';
import { createWorkshop, join, testServer, type TestWorkshop } from './harness.ts';

let server: RunningServer;
let w: TestWorkshop;

beforeAll(async () => {
  server = await testServer();
  w = await createWorkshop(server, 2);
});

afterAll(() => server?.close());

describe('a page of another protocol version', () => {
  it('is refused with protocol-version, whether older or newer, as participant, screen or facilitator', async () => {
    for (const v of [PROTOCOL_VERSION - 1, PROTOCOL_VERSION + 1, undefined]) {
      await expect(join(server, { role: 'participant', v, workshopId: w.id, code: w.code, name: 'Gammel fane', partyId: w.partyIds[0] }), String(v)).rejects.toThrow(/protocol-version/);
      await expect(join(server, { role: 'screen', v, workshopId: w.id, code: w.code }), String(v)).rejects.toThrow(/protocol-version/);
      await expect(join(server, { role: 'facilitator', v, workshopId: w.id, key: w.key }), String(v)).rejects.toThrow(/protocol-version/);
    }
  });

  it('is not mistaken for one: a malformed join of this version is a bad message, and a good one gets in', async () => {
    await expect(join(server, { role: 'participant', workshopId: w.id, code: w.code, name: '', partyId: w.partyIds[0] })).rejects.toThrow(/bad-message/);
    const ok = await join(server, { role: 'participant', workshopId: w.id, code: w.code, name: 'Ny fane', partyId: w.partyIds[0] });
    expect(ok.welcome.protocol).toBe(PROTOCOL_VERSION);
    await ok.room.leave();
  });

  it('tells the person to reload, in every language', () => {
    expect(joinOptionsRefusal({ v: PROTOCOL_VERSION })).toBe('bad-message');
    for (const options of [{ v: PROTOCOL_VERSION - 1 }, {}, null, 'join']) expect(joinOptionsRefusal(options)).toBe('protocol-version');
    for (const language of LANGUAGES) expect(t(language, 'error.protocol-version'), language).toMatch(/\S/);
  });
});
