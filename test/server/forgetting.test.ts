/**
 * Members who left without a trace are forgotten after a long absence, on a real server with an
 * injected clock (vitest's fake Date only: the server's timers run as usual): people who join and
 * leave no longer stay in the member list for good, and a forgotten seat joins again as a new member.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../server/app.ts';
import { WORKSHOP_CAPS } from '../../shared/limits.ts';
import { createWorkshop, eventually, join, testServer } from './harness.ts';
import { settle } from './reconnectHarness.ts';

const DAY = 24 * 60 * 60 * 1000;
let server: RunningServer;

beforeAll(async () => {
  server = await testServer();
});
afterAll(() => server?.close());
afterEach(() => {
  vi.useRealTimers();
});

describe('forgetting members who left no trace', () => {
  it(`forgets people who came and went without placing anything after ${WORKSHOP_CAPS.dropAfterDays} days, and their seat then joins as a new member`, async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const w = await createWorkshop(server, 2);
    const facilitator = await join(server, { role: 'facilitator', workshopId: w.id, key: w.key });
    const seats: string[] = [];
    for (let i = 0; i < 5; i++) {
      const visitor = await join(server, { role: 'participant', workshopId: w.id, code: w.code, name: `Gæst ${i}`, partyId: w.partyIds[i % 2] });
      seats.push(visitor.welcome.seatToken!);
      await visitor.room.leave();
    }
    await eventually(() => expect(Object.values(facilitator.json().members).filter((m) => m.role === 'participant')).toHaveLength(5));
    await settle(200);

    // a day short of the limit, nobody is forgotten yet
    vi.setSystemTime(Date.now() + (WORKSHOP_CAPS.dropAfterDays - 1) * DAY);
    const early = await join(server, { role: 'participant', workshopId: w.id, code: w.code, name: 'Tidlig', partyId: w.partyIds[0] });
    await eventually(() => expect(Object.values(facilitator.json().members).filter((m) => m.role === 'participant')).toHaveLength(6));

    vi.setSystemTime(Date.now() + 2 * DAY);
    const late = await join(server, { role: 'participant', workshopId: w.id, code: w.code, name: 'Sen', partyId: w.partyIds[1] });
    await eventually(() => expect(Object.values(facilitator.json().members).filter((m) => m.role === 'participant').map((m) => m.name).sort()).toEqual(['Sen', 'Tidlig']));
    // a forgotten seat is unknown now: its browser joins again with a name, as a new member
    await expect(join(server, { role: 'rejoin', workshopId: w.id, code: w.code, seat: seats[0]! })).rejects.toThrow(/seat-unknown/);
    for (const c of [facilitator, early, late]) await c.room.leave();
  });
});
