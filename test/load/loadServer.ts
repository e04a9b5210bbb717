/**
 * The load test's server process, alone on its process so that its CPU and heap are its own:
 * the real game server (server/app.ts) with its default limits on (but for the per-address join limits), or (LOAD_SERVER_KIND=bare)
 * the bare Colyseus baseline of test/load/bareRoom.ts. Started by test/load/load.ts with
 * --expose-gc; answers over IPC (see ipc.ts) and samples its heap once a second.
 * The game's store is production's default, SQLite, in a temporary directory (LOAD_STORE=memory
 * for the in-memory one, which keeps every workshop on the heap).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { matchMaker } from '@colyseus/core';
import { startServer } from '../../server/app.ts';
import { openStore } from '../../server/storage/openStore.ts';
import { DEFAULT_LIMITS, type Limits } from '../../server/limits.ts';
import { bareWorkshops, startBareServer } from './bareRoom.ts';
import type { HeapReport, LoadWorkshop, ServerKind, ServerReply, ServerRequest } from './ipc.ts';
import { sleep } from '../../bench/async.ts';

/** How long the rooms may take to close after the last client left. */
const CLOSE_TIMEOUT_MS = 30_000;


function tell(message: ServerReply): void {
  process.send?.(message);
}

/** V8 heap in use after a full collection (a few rounds, so weak caches and finalizers settle). */
async function heapAfterGc(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the load server needs --expose-gc');
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(50);
  }
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  const storeKind = process.env.LOAD_STORE === 'memory' ? 'memory' : 'sqlite';
  if (process.env.LOAD_STORE !== undefined && process.env.LOAD_STORE !== '' && process.env.LOAD_STORE !== storeKind) throw new Error(`LOAD_STORE must be sqlite or memory, got ${process.env.LOAD_STORE}`);
  const kind: ServerKind = process.env.LOAD_SERVER_KIND === 'bare' ? 'bare' : 'game';
  const dataDir = mkdtempSync(join(tmpdir(), 'vaerdispil-load-'));
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  // the game as in production: its default limits on — all of them on the drag path (actions, drags per
  // connection) — except the per-address ones for joining: here one loopback address stands for the
  // hundreds of meeting rooms a real load comes from, and would otherwise be held back as an attack
  const limits: Limits = { ...DEFAULT_LIMITS, joinsPerMinute: Number.POSITIVE_INFINITY, newMembersPerMinute: Number.POSITIVE_INFINITY };
  // `--processes`: one process of a deployment, on the conductor's Redis and PostgreSQL (test/load/deployment.ts)
  const cluster = process.env.LOAD_REDIS_URL ? { redisUrl: process.env.LOAD_REDIS_URL, store: await openStore({ kind: 'postgres', databaseUrl: process.env.LOAD_DATABASE_URL }) } : undefined;
  const game = kind === 'game' ? await startServer({ port: 0, host: '127.0.0.1', serveClient: false, limits, reconnectSeconds: 5, store: cluster?.store ?? (await openStore({ kind: storeKind, dataDir })), ...(cluster ? { redisUrl: cluster.redisUrl } : {}) }) : undefined;
  const bare = kind === 'bare' ? await startBareServer('127.0.0.1') : undefined;
  const server = { url: (game ?? bare)!.url, close: () => (game ?? bare)!.close() };
  let bareCount = 0;
  const heap: HeapReport = { baseline: await heapAfterGc(), start: NaN, peak: 0, roomsOpen: NaN, allJoined: NaN, end: NaN, afterDelete: NaN, roomsClosedSeconds: NaN };
  const sampler = setInterval(() => (heap.peak = Math.max(heap.peak, process.memoryUsage().heapUsed)), 1000);
  let created: LoadWorkshop[] = [];
  let cpu = process.cpuUsage();
  let elu: EventLoopUtilization = performance.eventLoopUtilization();
  let meterStart = performance.now();

  /** Wait until every room has disposed (or the timeout); returns how many are still open. */
  const roomsClosed = async (): Promise<number> => {
    const since = performance.now();
    let rooms = (await matchMaker.query({ name: 'workshop' })).length;
    while (rooms > 0 && performance.now() - since < CLOSE_TIMEOUT_MS) {
      await sleep(100);
      rooms = (await matchMaker.query({ name: 'workshop' })).length;
    }
    return rooms;
  };

  const handle = async (request: ServerRequest): Promise<void> => {
    switch (request.type) {
      case 'create': {
        if (!game) {
          const workshops = bareWorkshops(request.workshops, bareCount);
          bareCount += request.workshops;
          return tell({ type: 'created', workshops });
        }
        const workshops: LoadWorkshop[] = [];
        for (let i = 0; i < request.workshops; i++) {
          const { stored } = await game.workshops.create({ mode: 'free', title: `Load ${i + 1}`, maxParticipants: 200, parties: [{ name: 'Kommunen' }, { name: 'Foreningen' }] });
          const { state } = stored;
          workshops.push({ id: state.id, code: state.code, partyIds: state.parties.map((p) => p.id), kinds: state.kinds.map((k) => ({ id: k.id, blank: k.blank === true })) });
        }
        // kept to be deleted when the run finishes
        created.push(...workshops);
        return tell({ type: 'created', workshops });
      }
      case 'mark-start': {
        await roomsClosed();
        heap.start = await heapAfterGc();
        heap.peak = Math.max(heap.peak, heap.start);
        return tell({ type: 'marked', heapStart: heap.start });
      }
      case 'meter-start':
        cpu = process.cpuUsage();
        elu = performance.eventLoopUtilization();
        meterStart = performance.now();
        return;
      case 'meter-stop': {
        const used = process.cpuUsage(cpu);
        return tell({
          type: 'metered',
          load: { cpuMs: (used.user + used.system) / 1000, elu: performance.eventLoopUtilization(elu).utilization },
          windowMs: performance.now() - meterStart,
        });
      }
      case 'weigh': {
        const weighed = await heapAfterGc();
        if (request.stage === 'rooms-open') heap.roomsOpen = weighed;
        else heap.allJoined = weighed;
        return tell({ type: 'weighed', stage: request.stage, heap: weighed });
      }
      case 'finish': {
        // the last client has left: wait for every room to dispose, then weigh what is left
        const since = performance.now();
        const rooms = await roomsClosed();
        heap.roomsClosedSeconds = (performance.now() - since) / 1000;
        clearInterval(sampler);
        heap.peak = Math.max(heap.peak, process.memoryUsage().heapUsed);
        heap.end = await heapAfterGc();
        if (game) for (const workshop of created) await game.workshops.store.delete(workshop.id);
        created = [];
        heap.afterDelete = await heapAfterGc();
        return tell({ type: 'finished', heap, roomsLeft: rooms });
      }
      case 'exit':
        await server.close();
        process.exit(0);
    }
  };

  process.on('message', (request: ServerRequest) => {
    handle(request).catch((error: unknown) => tell({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
  });
  tell({ type: 'ready', httpUrl: server.url, store: storeKind, kind, limits: game ? 'default limits on, per-address joins and new members lifted (one loopback address stands for every meeting room)' : 'none' });
}

if (!process.send) {
  console.error('test/load/loadServer.ts is started by test/load/load.ts (npm run load), not on its own.');
  process.exit(2);
}
// the load test must never leave a server behind: when the parent goes, so do we
process.on('disconnect', () => process.exit(0));
main().catch((error: unknown) => {
  tell({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
