/**
 * Where the phones in the meeting room reach the server. Links and QR codes start with the
 * server's PUBLIC_URL when it has one, else with this page's address — which is useless to a phone
 * when the page was opened on a loopback address (127.0.0.1, localhost) on the laptop that runs
 * the server. Then the server is asked for its addresses on the local network (GET /api/server-info)
 * and the links use one of those, with a warning that says so.
 */

/** The base of the links to hand out, and what to warn about. */
export interface Reach {
  /** What links start with (no trailing slash). */
  base: string;
  /** The loopback address this page was opened on, when the links had to move off it (or could not). */
  loopback?: string;
  /** True when no address phones can reach is known (the server listens on loopback only). */
  unreachable?: boolean;
}

/** Whether `hostname` is this machine only (phones on the network cannot reach it). */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Private network addresses first (what a meeting room's Wi-Fi hands out), then the rest in the server's order. */
function preferPrivate(urls: readonly string[]): string[] {
  const rank = (url: string) => (/^http:\/\/(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(url) ? 0 : 1);
  return [...urls].sort((a, b) => rank(a) - rank(b));
}

let asked: Promise<Reach> | undefined;

/**
 * The base of the links phones can use: `serverBase` (PUBLIC_URL) when set, this page's origin when
 * it is not a loopback address, else the server's first address on the local network. Asked once per page.
 */
export function reachableBase(serverBase: string, page: Pick<Location, 'origin' | 'hostname' | 'host'> = location): Promise<Reach> {
  if (serverBase) return Promise.resolve({ base: serverBase });
  if (!isLoopback(page.hostname)) return Promise.resolve({ base: page.origin });
  asked ??= fetch('/api/server-info', { cache: 'no-store' })
    .then(async (res) => {
      const info = (await res.json()) as { publicUrl?: string | null; lanUrls?: unknown };
      if (typeof info.publicUrl === 'string' && info.publicUrl) return { base: info.publicUrl };
      const lan = Array.isArray(info.lanUrls) ? preferPrivate(info.lanUrls.filter((u): u is string => typeof u === 'string' && /^https?:\/\//.test(u))) : [];
      return lan[0] ? { base: lan[0], loopback: page.host } : { base: page.origin, loopback: page.host, unreachable: true };
    })
    .catch(() => ({ base: page.origin, loopback: page.host, unreachable: true }));
  return asked;
}
