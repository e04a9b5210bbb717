/**
 * A workshop's links and the pages they open, in one place: the server builds them for the API's
 * answers, the client for its panels and QR codes and reads them back in its router. Secrets (the
 * facilitator key, a participant's seat token) ride in the fragment, which the browser never sends,
 * so they never reach a server log or a Referer header.
 */

/** The first path segment of each page that has one (the start page is '/'). */
export const PAGES = { join: 'j', screen: 'screen', facilitator: 'f' } as const;

const segment = (value: string) => encodeURIComponent(value);

/** Where participants join: BASE/j/CODE (`base` is PUBLIC_URL or the page's origin; '' for a path). */
export function participantUrl(base: string, code: string): string {
  return `${base}/${PAGES.join}/${segment(code)}`;
}

/** The meeting room's shared screen: BASE/screen/CODE. */
export function screenUrl(base: string, code: string): string {
  return `${base}/${PAGES.screen}/${segment(code)}`;
}

/** The fragment that carries a facilitator key. */
export function keyFragment(key: string): string {
  return `#key=${segment(key)}`;
}

/** The secret facilitator link: BASE/f/WORKSHOP-ID#key=KEY. */
export function facilitatorUrl(base: string, workshopId: string, key: string): string {
  return `${base}/${PAGES.facilitator}/${segment(workshopId)}${keyFragment(key)}`;
}

/** A participant's personal link to continue as the same person on another device: BASE/j/CODE#seat=TOKEN. */
export function seatUrl(base: string, code: string, seatToken: string): string {
  return `${participantUrl(base, code)}#seat=${segment(seatToken)}`;
}

/** The public links of a workshop on `base`, and the facilitator's when its key is given. */
export function workshopLinks(base: string, workshop: { id: string; code: string }): { participantUrl: string; screenUrl: string };
export function workshopLinks(base: string, workshop: { id: string; code: string }, facilitatorKey: string): { participantUrl: string; screenUrl: string; facilitatorUrl: string };
export function workshopLinks(base: string, workshop: { id: string; code: string }, facilitatorKey?: string): { participantUrl: string; screenUrl: string; facilitatorUrl?: string };
export function workshopLinks(base: string, workshop: { id: string; code: string }, facilitatorKey?: string) {
  const links = { participantUrl: participantUrl(base, workshop.code), screenUrl: screenUrl(base, workshop.code) };
  return facilitatorKey ? { ...links, facilitatorUrl: facilitatorUrl(base, workshop.id, facilitatorKey) } : links;
}

/** The page a path opens. */
export type Route = { page: 'start' } | { page: 'join'; code: string } | { page: 'screen'; code: string } | { page: 'facilitator'; workshopId: string };

/** Which page `pathname` opens (anything unknown opens the start page). */
export function routeOf(pathname: string): Route {
  const [, first, param] = pathname.split('/');
  const value = param ? safeDecode(param) : '';
  if (!value) return { page: 'start' };
  if (first === PAGES.join) return { page: 'join', code: value };
  if (first === PAGES.screen) return { page: 'screen', code: value };
  if (first === PAGES.facilitator) return { page: 'facilitator', workshopId: value };
  return { page: 'start' };
}

/** A value a link carries in its fragment (`#key=…`, `#seat=…`), if there. */
export function fragmentValue(hash: string, name: 'key' | 'seat'): string | undefined {
  return new URLSearchParams(hash.replace(/^#/, '')).get(name) ?? undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return '';
  }
}
