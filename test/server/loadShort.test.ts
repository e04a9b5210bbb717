/**
 * The load test in small, inside `npm test`: a few workshops of raw-WebSocket clients on a real
 * server, each placing, grabbing, dragging at 10 Hz and dropping one piece. It asserts what must
 * hold at any speed — no error, no disconnect, every action acknowledged, every drag delivered
 * once (or superseded by a newer position of its dragger in the same batch) — and never a time. The full run with latency, CPU and heap is `npm run load`.
 * (It lives here because the unit project includes test/server, not test/load.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.ts';
import { DEFAULT_LIMITS } from '../../server/limits.ts';
import { runLoad } from '../load/loadgen.ts';
import type { LoadWorkshop } from '../load/ipc.ts';


describe('many workshops at once (short load run)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    // the limits as in production: honest traffic from one address (a meeting room behind a NAT) must never reach them
    server = await startServer({ port: 0, host: '127.0.0.1', serveClient: false, limits: DEFAULT_LIMITS, reconnectSeconds: 1 });
  });
  afterAll(() => server?.close());

  it('delivers every drag to every other client of its room and answers every action, with no errors', { timeout: 60_000 }, async () => {
    const workshops: LoadWorkshop[] = [];
    for (let i = 0; i < 5; i++) {
      const { stored } = await server.workshops.create({ mode: 'free', title: `Load ${i + 1}`, parties: [{ name: 'Kommunen' }, { name: 'Foreningen' }] });
      const { state } = stored;
      workshops.push({ id: state.id, code: state.code, partyIds: state.parties.map((p) => p.id), kinds: state.kinds.map((k) => ({ id: k.id, blank: k.blank === true })) });
    }
    const result = await runLoad({ httpUrl: server.url, workshops }, { clientsPerWorkshop: 5, rate: 10, seconds: 3, graceMs: 5000, joinConcurrency: 10 });

    expect(result.errors).toEqual({ count: 0, codes: {}, samples: [] });
    expect(result.disconnects).toBe(0);
    expect(result.actions).toEqual({ sent: 75, acked: 75, refused: 0, unanswered: 0 });
    // every drag arrives once, or is superseded by a newer position of the same dragger in the same batch
    const { frames: _frames, ...drags } = result.drags;
    expect({ ...drags, delivered: drags.received + drags.superseded }).toMatchObject({ sent: 5 * 5 * 30, expected: 5 * 5 * 30 * 4, delivered: 5 * 5 * 30 * 4, lost: 0, duplicates: 0, reordered: 0, invalid: 0 });

    // the drops are on the board where they were made, in the stored state of every workshop
    for (const workshop of workshops) {
      const stored = (await server.workshops.store.get(workshop.id))!.state;
      expect(stored.pieces).toHaveLength(5);
      expect(stored.pieces.every((p) => p.heldBy === '')).toBe(true);
    }
  });
});
