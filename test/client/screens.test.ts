/**
 * The pure parts of the screens (issue 8): a refused drop says where the piece goes instead, "Undo"
 * shows only where it can mean something, and a page opened on a loopback address knows it must
 * hand phones another address (private network addresses first).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dropRefusal, undoShown } from '../../client/screens/workshopViews.ts';
import { isLoopback, reachableBase } from '../../client/screens/reachable.ts';
import type { ActionAnswer } from '../../client/net/WorkshopConnection.ts';
import { t } from '../../shared/i18n/index.ts';
import { PHASES, type Phase } from '../../shared/types.ts';
import { makeWorkshop } from '../shared/fixtures.ts';

const state = (phase: Phase) => ({ ...makeWorkshop(['Boligsocialt Hus', 'Kommunen', 'Skolen']), phase });
const [A, B] = ['party-1', 'party-2'] as const;
const anna = { role: 'participant', partyId: A };
const closed: ActionAnswer = { ok: false, code: 'phase-closed', message: t('da', 'error.phase-closed') };

describe('dropRefusal', () => {
  it("tells a participant in Own value to use its own area, by its short name", () => {
    const s = state('own-value');
    const own = s.parties[0]!.shortName;
    expect(dropRefusal(s, anna, B, closed)).toEqual({ ...closed, message: t('da', 'board.placeOwnArea', { party: own }) });
  });

  it("tells a participant in Partners' view to use a partner's area, not its own", () => {
    const s = state('partner-view');
    expect(dropRefusal(s, anna, A, closed)).toMatchObject({ code: 'phase-closed', message: t('da', 'board.placePartnerArea', { party: s.parties[0]!.shortName }) });
  });

  it.each([
    ['a phase without placing', 'lobby', B, anna, closed],
    ['the reveal', 'reveal', A, anna, closed],
    ['an accepted drop', 'own-value', B, anna, { ok: true } as ActionAnswer],
    ['another refusal', 'own-value', B, anna, { ok: false, code: 'area-full', message: 'fuld' } as ActionAnswer],
    ['the facilitator', 'own-value', B, { role: 'facilitator', partyId: '' }, closed],
    ['a drop where the phase allows it (refused for another reason)', 'own-value', A, anna, closed],
  ] as const)('leaves %s as it is', (_name, phase, area, me, answer) => {
    expect(dropRefusal(state(phase), me, area, answer)).toBe(answer);
  });
});

describe('undoShown', () => {
  it('hides "Undo" from participants where nothing can change: the lobby, the reveal, the agreement and a locked board', () => {
    const shown = PHASES.filter((phase) => undoShown(state(phase), 'participant'));
    expect(shown).toEqual(['own-value', 'partner-view', 'dialogue', 'open']);
    expect(undoShown({ ...state('dialogue'), locked: true }, 'participant')).toBe(false);
  });

  it('shows it to the facilitator except in a lobby without pieces', () => {
    expect(undoShown(state('lobby'), 'facilitator')).toBe(false);
    expect(undoShown({ ...state('lobby'), pieces: [{} as never] }, 'facilitator')).toBe(true);
    for (const phase of PHASES.filter((p) => p !== 'lobby')) expect(undoShown({ ...state(phase), locked: true }, 'facilitator'), phase).toBe(true);
    expect(undoShown(state('dialogue'), 'screen')).toBe(false);
  });
});

describe('reachableBase', () => {
  afterEach(() => vi.unstubAllGlobals());
  const page = (origin: string) => ({ origin, hostname: new URL(origin).hostname, host: new URL(origin).host });

  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['app.localhost', true],
    ['[::1]', true],
    ['192.168.1.20', false],
    ['vaerdispil.example.dk', false],
    ['127.example.dk', false],
  ])('%s is loopback: %s', (host, loopback) => {
    expect(isLoopback(host)).toBe(loopback);
  });

  it('uses PUBLIC_URL, or a page address phones can reach, without asking the server', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    expect(await reachableBase('https://vaerdispil.example.dk', page('http://127.0.0.1:2567'))).toEqual({ base: 'https://vaerdispil.example.dk' });
    expect(await reachableBase('', page('http://192.168.1.20:2567'))).toEqual({ base: 'http://192.168.1.20:2567' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it("asks the server from a loopback page and picks a private network address first (asked once per page)", async () => {
    vi.resetModules();
    const fresh = await import('../../client/screens/reachable.ts');
    const fetch = vi.fn(async () => new Response(JSON.stringify({ publicUrl: null, lanUrls: ['http://203.0.113.7:2567', 'http://10.0.0.5:2567', 'javascript:alert(1)'] })));
    vi.stubGlobal('fetch', fetch);
    expect(await fresh.reachableBase('', page('http://127.0.0.1:2567'))).toEqual({ base: 'http://10.0.0.5:2567', loopback: '127.0.0.1:2567' });
    expect(await fresh.reachableBase('', page('http://127.0.0.1:2567'))).toEqual({ base: 'http://10.0.0.5:2567', loopback: '127.0.0.1:2567' });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('says so when the server knows no address phones can reach, or cannot be asked', async () => {
    for (const answer of [async () => new Response(JSON.stringify({ publicUrl: null, lanUrls: [] })), async () => Promise.reject(new Error('offline'))]) {
      vi.resetModules();
      const fresh = await import('../../client/screens/reachable.ts');
      vi.stubGlobal('fetch', vi.fn(answer));
      expect(await fresh.reachableBase('', page('http://localhost:2567'))).toEqual({ base: 'http://localhost:2567', loopback: 'localhost:2567', unreachable: true });
    }
  });
});
