/**
 * TRUST_PROXY=1 behind one reverse proxy of our own: the client address is the one the proxy
 * appended to X-Forwarded-For, never one the client wrote into the header (or into X-Real-IP)
 * itself — for the HTTP API and for Colyseus's matchmaking alike. Before, every hop was trusted,
 * so an attacker could name a new address for every guess.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.ts';
import { DEFAULT_LIMITS } from '../../server/limits.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { createWorkshop } from './harness.ts';

const FAILURES = 5;
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ port: 0, host: '127.0.0.1', serveClient: false, trustProxy: 1, limits: { ...DEFAULT_LIMITS, failedLookups: FAILURES } });
});
afterAll(() => server?.close());

/** A request as our proxy passes it on: whatever the client sent, then the address the proxy saw. */
function viaProxy(path: string, clientSent: string, realClient: string, init: RequestInit = {}) {
  return fetch(`${server.url}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), 'x-forwarded-for': `${clientSent}, ${realClient}`, 'x-real-ip': clientSent } });
}

describe('TRUST_PROXY=1', () => {
  it('counts code guesses against the address the proxy saw, whatever the client writes into the headers', async () => {
    const w = await createWorkshop(server, 2);
    for (let i = 0; i < FAILURES; i++) expect((await viaProxy('/api/workshops/ACDEFGHJ', `6.6.6.${i}`, '198.51.100.7')).status).toBe(404);
    // a new made-up address in front changes nothing
    expect((await viaProxy(`/api/workshops/${w.code}`, '6.6.6.99', '198.51.100.7')).status).toBe(429);
    // the matchmaker counts the same address: the client's X-Real-IP is overwritten
    const join = await viaProxy('/matchmake/joinOrCreate/workshop', '6.6.6.100', '198.51.100.7', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ v: PROTOCOL_VERSION, role: 'participant', workshopId: w.id, code: w.code, name: 'X', partyId: w.partyIds[0] }),
    });
    expect(((await join.json()) as { error: string }).error).toBe('too-many-attempts');
    // someone else behind the same proxy is not affected
    expect((await viaProxy(`/api/workshops/${w.code}`, '6.6.6.99', '198.51.100.8')).status).toBe(200);
  });

  it('counts wrong codes tried through the matchmaker against the proxied address too', async () => {
    const w = await createWorkshop(server, 2);
    const attempt = (clientSent: string) =>
      viaProxy('/matchmake/joinOrCreate/workshop', clientSent, '198.51.100.9', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ v: PROTOCOL_VERSION, role: 'participant', workshopId: w.id, code: 'HJKMNPQR', name: 'X', partyId: w.partyIds[0] }),
      }).then(async (res) => ((await res.json()) as { error: string }).error);
    for (let i = 0; i < FAILURES; i++) expect(await attempt(`7.7.7.${i}`)).toBe('wrong-code');
    expect(await attempt('7.7.7.200')).toBe('too-many-attempts');
    expect((await viaProxy(`/api/workshops/${w.code}`, '7.7.7.201', '198.51.100.9')).status).toBe(429);
  });
});
