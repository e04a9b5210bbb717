/**
 * Kill the server process hard (SIGKILL) in the middle of a burst of accepted actions, start it
 * again on the same data directory, and check that every action a client was told was accepted
 * is in the action log and on the board. The kill point is random; the seed is printed, and
 * CRASH_SEED=<seed> replays a run. The rounds share one data directory: each round's restarted
 * server is the next round's victim, which also checks that older workshops survive later crashes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { Client, type Room } from '@colyseus/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SQLITE_FILE_NAME } from '../../server/storage/openStore.ts';
import { readStoredStateJson } from '../../shared/storedState.ts';
import { areaIndexAt, areaSlotPoint, type Point } from '../../shared/geometry.ts';
import { subZoneCapacity } from '../../shared/layout.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { loadDecks } from '../../server/decks.ts';
import type { PlacedPiece, WorkshopState } from '../../shared/types.ts';
import { mulberry32 } from '../seeded.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ROUNDS = 4;
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`crash test seed ${SEED} (replay with CRASH_SEED=${SEED})`);

/** A seeded generator, so a failing kill point can be replayed. */
const random = mulberry32;

/** A crash-test server process and where to reach it. */
interface ServerProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
  /** What it wrote to stderr, for the failure message. */
  stderr(): string;
}

const running = new Set<ChildProcess>();
const rooms: Room[] = [];

/** Disconnect this round's clients (after a kill their sockets are dead already). */
function closeRooms(): void {
  for (const room of rooms.splice(0)) room.connection.close();
}

/** Start test/server/crashServer.ts on the SQLite store in `dataDir`; resolves once it listens. */
function startServer(dataDir: string): Promise<ServerProcess> {
  // node --import tsx runs the server in this one process (the tsx CLI would fork a child that a
  // SIGKILL of the parent leaves running)
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/server/crashServer.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => (running.delete(child), resolve())));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`crash server did not start within 15 s:\n${stderr}`)), 15_000);
    void exited.then(() => reject(new Error(`crash server exited before listening:\n${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const { port } = JSON.parse(line) as { port?: number };
      if (typeof port !== 'number') return;
      clearTimeout(timer);
      resolve({ child, url: `http://127.0.0.1:${port}`, exited, stderr: () => stderr });
    });
  });
}

/** Join as `options` with a real SDK client that does not try to reconnect to a killed server. */
async function joinRoom(url: string, options: Record<string, unknown>): Promise<Room> {
  const room = await new Client(url).joinOrCreate('workshop', { v: PROTOCOL_VERSION, ...options });
  room.reconnection.enabled = false;
  // the welcome and state-change messages are not this test's business; a catch-all keeps the SDK quiet
  room.onMessage('*', () => undefined);
  rooms.push(room);
  return room;
}

/** One place action the burst sends, and what the board must show once it was acknowledged. */
interface Placement {
  aid: string;
  room: Room;
  partyId: string;
  /** The area it is dropped in, and where: the server lays it out near there. */
  areaPartyId: string;
  near: Point;
  kindId: string;
}

/**
 * Every (party, area, kind) once, dropped at distinct points: the rules allow one piece per kind per
 * area per placing party, and no more in a partner's area than the party's sub-zone there holds.
 */
function burstPlan(parties: { id: string; room: Room }[], kinds: string[], next: () => number): Placement[] {
  const plan: Placement[] = [];
  const slotsInArea = [0, 0];
  for (const [p, party] of parties.entries()) {
    for (const area of [0, 1]) {
      for (const kindId of kinds.slice(0, subZoneCapacity(2, area, p === area ? 0 : 1))) {
        const slot = slotsInArea[area]!++;
        // areaSlotPoint has 12 slots in a half-board area; nudge repeats apart so every point is distinct
        const base = areaSlotPoint(2, area, slot % 12);
        const nudge = Math.floor(slot / 12) * 9;
        const point = { x: base.x + nudge, y: base.y + nudge };
        if (areaIndexAt(2, point) !== area) throw new Error(`spot ${slot} left area ${area}`);
        plan.push({ aid: `p${p}a${area}-${kindId}`, room: party.room, partyId: party.id, areaPartyId: parties[area]!.id, near: point, kindId });
      }
    }
  }
  // a seeded shuffle, so the two clients' actions interleave differently each round
  for (let i = plan.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [plan[i], plan[j]] = [plan[j]!, plan[i]!];
  }
  return plan;
}

interface LogRow {
  seq: number;
  party_id: string;
  type: string;
  action: string;
}

/** Read the log and state straight from the file the killed server left (read-only, no recovery by our code). */
function readFile(dataDir: string, workshopId: string): { log: LogRow[]; state: WorkshopState } {
  const db = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true, fileMustExist: true });
  try {
    const log = db.prepare<[string], LogRow>('SELECT seq, party_id, type, action FROM actions WHERE workshop_id = ? ORDER BY seq').all(workshopId);
    const row = db.prepare<[string], { state: string }>('SELECT state FROM workshops WHERE id = ?').get(workshopId);
    if (!row) throw new Error(`workshop ${workshopId} is not in the file`);
    return { log, state: readStoredStateJson(row.state) };
  } finally {
    db.close();
  }
}

const kinds = loadDecks()
  .get('default')!
  .kinds.filter((k) => !k.blank)
  .map((k) => k.id);

/** What a finished round left in the file, re-checked after every later crash. */
interface Survivor {
  workshopId: string;
  logLength: number;
  pieceIds: string[];
}

describe('crash safety of the SQLite store (SIGKILL during a burst of actions)', () => {
  // one data directory for all rounds; each round's restarted server is the next round's victim,
  // so every crash also re-checks the workshops of the rounds before it
  let dataDir = '';
  let server: ServerProcess | undefined;
  const survivors: Survivor[] = [];

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'vaerdispil-crash-'));
  });

  afterEach(closeRooms);

  afterAll(async () => {
    closeRooms();
    for (const child of running) child.kill('SIGKILL');
    await server?.exited;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  for (let round = 0; round < ROUNDS; round++) {
    it(`round ${round + 1}: every acknowledged action survives a SIGKILL`, { timeout: 45_000 }, async () => {
      const next = random(SEED + round * 7919);

      // ---- this life: create a workshop, two parties place pieces, kill mid-burst ----
      if (!server || server.child.exitCode !== null || server.child.signalCode !== null) server = await startServer(dataDir);
      const first = server;
      server = undefined;
      const res = await fetch(`${first.url}/api/workshops`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mode: 'free', title: `Crash ${round + 1}`, parties: [{ name: 'A' }, { name: 'B' }] }),
      });
      expect(res.status).toBe(201);
      const workshop = (await res.json()) as { id: string; code: string; facilitatorKey: string };
      const info = (await (await fetch(`${first.url}/api/workshops/${workshop.code}`)).json()) as { parties: { id: string }[] };
      const partyIds = info.parties.map((p) => p.id);
      const parties = await Promise.all(
        partyIds.map(async (partyId, i) => ({
          id: partyId,
          room: await joinRoom(first.url, { role: 'participant', workshopId: workshop.id, code: workshop.code, name: `Deltager ${i + 1}`, partyId }),
        })),
      );

      const plan = burstPlan(parties, kinds, next);
      const killAfterAcks = 1 + Math.floor(next() * plan.length);
      const acked = new Map<string, { placement: Placement; pieceId: string }>();
      const refused: unknown[] = [];
      const byAid = new Map(plan.map((p) => [p.aid, p]));
      let killed = false;
      for (const party of parties) {
        party.room.onMessage('*', (type, payload) => {
          const message = payload as { aid?: string; pieceId?: string };
          if (type === 'error') refused.push(payload);
          if (type !== 'ack' || !message.aid || !byAid.has(message.aid)) return;
          acked.set(message.aid, { placement: byAid.get(message.aid)!, pieceId: message.pieceId! });
          // kill in the same tick the ack arrives: the server is still accepting and writing the rest
          if (!killed && acked.size >= killAfterAcks) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        });
      }
      for (const p of plan) p.room.send('place', { v: PROTOCOL_VERSION, aid: p.aid, kindId: p.kindId, areaPartyId: p.areaPartyId, near: p.near });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        first.exited,
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`only ${acked.size} acks, never reached ${killAfterAcks}`)), 15_000))),
      ]).finally(() => clearTimeout(timer));
      expect(first.child.signalCode, first.stderr()).toBe('SIGKILL');
      expect(refused).toEqual([]);
      expect(acked.size).toBeGreaterThanOrEqual(killAfterAcks);
      closeRooms();

      // ---- the file as the killed process left it ----
      const { log, state } = readFile(dataDir, workshop.id);
      const places = log.filter((e) => e.type === 'place');
      console.log(`round ${round + 1}: ${plan.length} actions sent, SIGKILL at ack ${killAfterAcks}; ${acked.size} acknowledged, ${places.length} in the log`);
      for (const { placement } of acked.values()) {
        const found = places.some((e) => {
          const action = JSON.parse(e.action) as { kindId: string; areaPartyId: string; near?: Point };
          return (
            e.party_id === placement.partyId &&
            action.kindId === placement.kindId &&
            action.areaPartyId === placement.areaPartyId &&
            action.near?.x === placement.near.x &&
            action.near.y === placement.near.y
          );
        });
        expect(found, `log entry for acknowledged ${placement.aid}`).toBe(true);
      }
      // the log has no gaps, and log and state were written together: one piece per logged place
      expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
      expect(state.pieces).toHaveLength(places.length);
      for (const { placement, pieceId } of acked.values()) {
        expect(state.pieces.find((p) => p.id === pieceId), `stored piece for ${placement.aid}`).toMatchObject({
          kindId: placement.kindId,
          areaPartyId: placement.areaPartyId,
          placedByPartyId: placement.partyId,
        });
      }
      // the workshops of earlier rounds came through this crash untouched
      for (const earlier of survivors) {
        const found = readFile(dataDir, earlier.workshopId);
        expect(found.log).toHaveLength(earlier.logLength);
        expect(found.state.pieces.map((p) => p.id).sort()).toEqual([...earlier.pieceIds].sort());
      }

      // ---- next life: the room loads the workshop from the file ----
      const second = await startServer(dataDir);
      server = second;
      const facilitator = await joinRoom(second.url, { role: 'facilitator', workshopId: workshop.id, key: workshop.facilitatorKey });
      const board = () => (facilitator.state as { toJSON(): { pieces?: Record<string, PlacedPiece> } }).toJSON().pieces ?? {};
      const deadline = Date.now() + 5000;
      while (Object.keys(board()).length < places.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const pieces = board();
      expect(Object.keys(pieces)).toHaveLength(places.length);
      for (const { placement, pieceId } of acked.values()) {
        // where the layout stored it, laid out by the killed process
        const stored = state.pieces.find((p) => p.id === pieceId)!;
        expect(pieces[pieceId], `piece for acknowledged ${placement.aid} after restart`).toMatchObject({
          kindId: placement.kindId,
          areaPartyId: placement.areaPartyId,
          x: stored.x,
          y: stored.y,
          scale: stored.scale,
          placedByPartyId: placement.partyId,
        });
      }

      // the log goes on after the crash: a new action is accepted and logged with the next seq
      const participant = await joinRoom(second.url, { role: 'participant', workshopId: workshop.id, code: workshop.code, name: 'Efter nedbruddet', partyId: partyIds[0] });
      const answer = new Promise<{ type: string; payload: { aid?: string; pieceId?: string; code?: string } }>((resolve) =>
        participant.onMessage('*', (type, payload: { aid?: string }) => {
          if ((type === 'ack' || type === 'error') && payload.aid === 'after') resolve({ type: String(type), payload });
        }),
      );
      const spot = areaSlotPoint(2, 0, 5);
      participant.send('place', { v: PROTOCOL_VERSION, aid: 'after', kindId: 'own-value', label: 'Tillid 🤝', areaPartyId: partyIds[0], near: spot });
      expect(await answer).toMatchObject({ type: 'ack' });
      // read while the server runs: WAL lets a reader in beside the writer
      const after = readFile(dataDir, workshop.id);
      expect(after.log.map((e) => e.seq)).toEqual([...log.map((e) => e.seq), log.length + 1]);
      expect(after.state.pieces.some((p) => p.label === 'Tillid 🤝')).toBe(true);
      survivors.push({ workshopId: workshop.id, logLength: after.log.length, pieceIds: after.state.pieces.map((p) => p.id) });
    });
  }
});
