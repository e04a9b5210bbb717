/**
 * The workshop's links (shared/links.ts): what the server hands out and the client shows is read
 * back by the client's router to the same page and the same secret.
 */
import { describe, expect, it } from 'vitest';
import { facilitatorUrl, fragmentValue, participantUrl, routeOf, screenUrl, seatUrl, workshopLinks } from '../../shared/links.ts';

const BASE = 'https://vaerdispil.example.dk';
const WORKSHOP = { id: 'k3Jd9aLbQ2', code: 'ACDEFG' };

describe('workshop links', () => {
  it('are built on the base, with the facilitator key only when given', () => {
    expect(workshopLinks(BASE, WORKSHOP)).toEqual({ participantUrl: `${BASE}/j/ACDEFG`, screenUrl: `${BASE}/screen/ACDEFG` });
    expect(workshopLinks(BASE, WORKSHOP, 'Zx_9-key')).toEqual({ participantUrl: `${BASE}/j/ACDEFG`, screenUrl: `${BASE}/screen/ACDEFG`, facilitatorUrl: `${BASE}/f/k3Jd9aLbQ2#key=Zx_9-key` });
    // with no base they are paths of this site
    expect(participantUrl('', 'ACDEFG')).toBe('/j/ACDEFG');
  });

  it('open the page they name, and give back the secret in their fragment', () => {
    const open = (url: string) => {
      const { pathname, hash } = new URL(url);
      return { route: routeOf(pathname), key: fragmentValue(hash, 'key'), seat: fragmentValue(hash, 'seat') };
    };
    expect(open(participantUrl(BASE, 'ACDEFG'))).toEqual({ route: { page: 'join', code: 'ACDEFG' }, key: undefined, seat: undefined });
    expect(open(screenUrl(BASE, 'ACDEFG')).route).toEqual({ page: 'screen', code: 'ACDEFG' });
    expect(open(facilitatorUrl(BASE, WORKSHOP.id, 'a+b/c=d'))).toEqual({ route: { page: 'facilitator', workshopId: WORKSHOP.id }, key: 'a+b/c=d', seat: undefined });
    expect(open(seatUrl(BASE, 'ACDEFG', 'seat-token_1'))).toEqual({ route: { page: 'join', code: 'ACDEFG' }, key: undefined, seat: 'seat-token_1' });
  });

  it('send everything else to the start page', () => {
    for (const path of ['/', '/j/', '/x/ACDEFG', '/f', '/j/%E0%A4%A']) expect(routeOf(path), path).toEqual({ page: 'start' });
  });
});
