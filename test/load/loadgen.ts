/**
 * The load test's clients: many workshops, each with several light raw-WebSocket Colyseus clients
 * (bench/rawColyseusClient.ts). A workshop's clients are all in one process, so that "sent" and
 * "arrived" of its drags share one clock (performance.now()). Each client places one piece, grabs
 * it, drags it at a fixed rate, drops it (move) and leaves; every action must be acknowledged and
 * every drag must reach every other client of its room. test/load/load.ts may split a run's
 * workshops over several of these processes (shards) so that no one event loop's queue is
 * measured as the server's latency.
 *
 * `runLoad` is used in-process by the short test (test/server/loadShort.test.ts); forked by
 * test/load/load.ts this file runs it on request over IPC.
 *
 * A drag message cannot carry a timestamp (the protocol's schema is strict), so each one carries
 * its sequence number in x and y (x = seq % 1000, y = ⌊seq / 1000⌋); the sender is the drag's
 * memberId and the send time of each (sender, seq) stays here.
 *
 * The game server sends drags in `drags` batches with the latest position of each dragger per
 * turn of its event loop, so a position may be superseded by a newer one of the same dragger
 * before it goes out: a receiver that gets seq n of a sender counts the ones it skipped since the
 * last as superseded, not lost. The bare Colyseus baseline (test/load/bareRoom.ts) sends one
 * `drag` message per drag; both are read here.
 */
import { resolve as resolvePath } from 'node:path';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { RawColyseusClient } from '../../bench/rawColyseusClient.ts';
import { summarize, taken } from '../../bench/stats.ts';
import { areaSlotPoint } from '../../shared/geometry.ts';
import { PROTOCOL_VERSION, type JoinOptions, type ServerMessages } from '../../shared/protocol.ts';
import type { GeneratorReply, GeneratorRequest, GeneratorShard, LoadResult, LoadTarget, LoadTraffic, LoadWorkshop, WeighStage } from './ipc.ts';
import { withTimeout, sleep } from '../../bench/async.ts';

/** x carries seq mod SEQ_X, y carries ⌊seq / SEQ_X⌋ (y may go up to 2000, the schema's max). */
const SEQ_X = 1000;
const MAX_SEQ = SEQ_X * 2001 - 1;
const JOIN_TIMEOUT_MS = 15_000;
const ACTIONS_TIMEOUT_MS = 30_000;
/** Quiet time after the grabs: their state patches settle before the measured window. */
const SETTLE_MS = 500;
/** However late drags still arrive, the run stops waiting for them this long after the last send. */
const MAX_STRAGGLE_MS = 120_000;
/** At most this many drags per timer tick, so a late generator still reads its sockets in between. */
const MAX_SENDS_PER_TICK = 200;

/** What a run reports while it goes, and when its measured window starts and ends. */
export interface LoadHooks {
  progress?(line: string): void;
  /** Every client is in and holds its piece; the measured window starts once this resolves. */
  measuring?(): Promise<void> | void;
  measured?(): void;
  /** Resolves once the server has weighed its heap at `stage`. */
  weigh?(stage: WeighStage): Promise<void>;
}

type DragMove = ServerMessages['drags']['moves'][number];

type Answer = { ok: true; pieceId?: string } | { ok: false; code: string };


/** Run `work` over `items`, at most `concurrency` at a time. */
async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** The sequence number in a received drag, or -1 when x/y are not one of ours. */
function xyToSeq(x: unknown, y: unknown): number {
  if (!Number.isInteger(x) || !Number.isInteger(y)) return -1;
  const [xi, yi] = [x as number, y as number];
  return xi >= 0 && xi < SEQ_X && yi >= 0 ? yi * SEQ_X + xi : -1;
}

/** The piece client `slot` of a workshop places: a kind of its own, in its own party's area. */
function pieceFor(workshop: LoadWorkshop, slot: number): { kindId: string; label?: string; area: number; x: number; y: number; dropX: number; dropY: number } {
  const parties = workshop.partyIds.length;
  const area = slot % parties;
  const plain = workshop.kinds.filter((k) => !k.blank);
  const blank = workshop.kinds.find((k) => k.blank);
  const row = Math.floor(slot / parties);
  const at = areaSlotPoint(parties, area, row);
  // the drop: the next spot in the same area (positions may overlap; only values must not)
  const drop = areaSlotPoint(parties, area, row + 1);
  const kind = slot < plain.length ? { kindId: plain[slot]!.id } : blank ? { kindId: blank.id, label: `Værdi ${slot}` } : undefined;
  if (!kind) throw new Error(`the deck has too few kinds for ${slot + 1} clients and no blank kind`);
  return { ...kind, area, x: at.x, y: at.y, dropX: drop.x, dropY: drop.y };
}

/** One client of the run. */
class LoadClient {
  memberId = '';
  pieceId = '';
  /** True once we leave on purpose: a close after that is not a disconnect. */
  leaving = false;
  connection!: RawColyseusClient;
  private readonly answers = new Map<string, (answer: Answer) => void>();

  /** Index over all clients of the run. */
  readonly index: number;
  readonly workshop: LoadWorkshop;
  /** Index within its workshop. */
  readonly slot: number;

  constructor(index: number, workshop: LoadWorkshop, slot: number) {
    this.index = index;
    this.workshop = workshop;
    this.slot = slot;
  }

  answered(aid: string, answer: Answer): void {
    this.answers.get(aid)?.(answer);
    this.answers.delete(aid);
  }

  act(type: string, payload: Record<string, unknown>, aid: string): Promise<Answer> {
    const answer = new Promise<Answer>((resolve) => this.answers.set(aid, resolve));
    this.connection.send(type, { v: PROTOCOL_VERSION, aid, ...payload });
    return answer;
  }

  /** Drop the outstanding waits (after a timeout), counting them as unanswered. */
  forget(): number {
    const left = this.answers.size;
    this.answers.clear();
    return left;
  }
}

/** Join every client, place/grab, drag for `traffic.seconds`, drop, leave; measure it all. */
export async function runLoad(target: LoadTarget, traffic: LoadTraffic, hooks: LoadHooks = {}, shard?: GeneratorShard): Promise<LoadResult> {
  const C = traffic.clientsPerWorkshop;
  const N = target.workshops.length * C;
  const perClient = Math.round(traffic.seconds * traffic.rate);
  if (perClient < 1) throw new Error('nothing to send: seconds × rate < 1');
  if (perClient - 1 > MAX_SEQ) throw new Error(`too many drags per client (${perClient}) to encode in x/y`);
  const progress = hooks.progress ?? (() => undefined);

  /** performance.now() of each client's drags: [client × perClient + seq]; NaN = not sent. */
  const sendTimes = new Float64Array(N * perClient).fill(NaN);
  /** Latency of each drag at each client of its room: [(receiver × C + sender's slot) × perClient + seq]. */
  const samples = new Float64Array(N * C * perClient).fill(NaN);
  /** Latency of each drag at the last of its receivers. */
  const lastArrival = new Float64Array(N * perClient).fill(NaN);
  const sendLag = new Float64Array(N * perClient).fill(NaN);
  const memberIndex = new Map<string, number>();
  /** The newest seq each receiver got from each sender of its room: [receiver × C + sender's slot]; -1 = none yet. */
  const newest = new Int32Array(N * C).fill(-1);
  let received = 0;
  let superseded = 0;
  let reordered = 0;
  /** Frames that carried drags (a batch or a single drag). */
  let frames = 0;
  let lastArrivalAt = 0;
  let duplicates = 0;
  let invalid = 0;
  let disconnects = 0;
  const errors = { count: 0, codes: {} as Record<string, number>, samples: [] as string[] };
  const actions = { sent: 0, acked: 0, refused: 0, unanswered: 0 };

  /** The hot path: every drag position at every receiver, only typed-array bookkeeping. */
  const onDrag = (receiver: LoadClient, move: Partial<DragMove> | undefined, at: number): void => {
    const sender = move?.memberId === undefined ? undefined : memberIndex.get(move.memberId);
    // the game's batch may carry the receiver's own position beside others' (protocol 3): a client skips it
    if (sender === receiver.index) return;
    const seq = xyToSeq(move?.x, move?.y);
    if (sender === undefined || Math.floor(sender / C) !== Math.floor(receiver.index / C) || seq < 0 || seq >= perClient) return void invalid++;
    const sent = sendTimes[sender * perClient + seq] ?? NaN;
    if (Number.isNaN(sent)) return void invalid++;
    const slot = (receiver.index * C + (sender % C)) * perClient + seq;
    if (!Number.isNaN(samples[slot] ?? NaN)) return void duplicates++;
    const pair = receiver.index * C + (sender % C);
    const before = newest[pair] ?? -1;
    // older than one already shown: out of order (it was counted as superseded then)
    if (seq < before) return void reordered++;
    superseded += seq - before - 1;
    newest[pair] = seq;
    const latency = at - sent;
    samples[slot] = latency;
    received++;
    const last = sender * perClient + seq;
    if (!((lastArrival[last] ?? NaN) >= latency)) lastArrival[last] = latency;
  };
  /** While the window runs: sends every drag that fell due (called by a timer, and between the frames of a burst). */
  let sendDue: (() => void) | undefined;
  /** When the next drag falls due. */
  let nextDue = Number.POSITIVE_INFINITY;

  /** A frame with drags: a batch from the game server, a single drag from the bare baseline. */
  const onDrags = (receiver: LoadClient, type: string | number, payload: unknown): void => {
    const at = performance.now();
    lastArrivalAt = at;
    // a burst of frames must not hold the schedule up until it is all read
    if (at >= nextDue) sendDue?.();
    frames++;
    if (type === 'drag') return onDrag(receiver, payload as Partial<DragMove> | undefined, at);
    const moves = (payload as Partial<ServerMessages['drags']> | undefined)?.moves;
    if (!Array.isArray(moves)) return void invalid++;
    for (const move of moves) onDrag(receiver, move as Partial<DragMove>, at);
  };

  const onError = (client: LoadClient, payload: unknown): void => {
    const error = payload as Partial<ServerMessages['error']> | undefined;
    const code = String(error?.code ?? 'unknown');
    errors.count++;
    errors.codes[code] = (errors.codes[code] ?? 0) + 1;
    if (errors.samples.length < 5) errors.samples.push(`client ${client.index}: ${JSON.stringify(payload)}`);
    if (typeof error?.aid === 'string') client.answered(error.aid, { ok: false, code });
  };

  const clients = target.workshops.flatMap((workshop, w) => Array.from({ length: C }, (_, slot) => new LoadClient(w * C + slot, workshop, slot)));

  const join = async (client: LoadClient): Promise<void> => {
    const { workshop, slot } = client;
    const options: JoinOptions = { role: 'participant', v: PROTOCOL_VERSION, workshopId: workshop.id, code: workshop.code, name: `Load ${client.index}`, partyId: workshop.partyIds[slot % workshop.partyIds.length]! };
    let welcomed!: () => void;
    const welcome = new Promise<void>((resolve) => (welcomed = resolve));
    client.connection = await withTimeout(
      RawColyseusClient.joinOrCreate(workshop.httpUrl ?? target.httpUrl, 'workshop', options, (type, payload) => {
        if (type === 'drags' || type === 'drag') return onDrags(client, type, payload);
        if (type === 'ack') {
          const ack = payload as ServerMessages['ack'];
          return client.answered(ack.aid, { ok: true, pieceId: ack.pieceId });
        }
        if (type === 'error') return onError(client, payload);
        if (type === 'welcome') {
          client.memberId = (payload as ServerMessages['welcome']).memberId;
          memberIndex.set(client.memberId, client.index);
          welcomed();
        }
      }),
      JOIN_TIMEOUT_MS,
      `join of client ${client.index}`,
    );
    // RawColyseusClient keeps its socket to itself; a close we did not ask for is a disconnect
    const socket = (client.connection as unknown as { socket?: unknown }).socket;
    if (!(socket instanceof WebSocket)) throw new Error('RawColyseusClient no longer keeps its WebSocket in `socket`: update test/load/loadgen.ts');
    socket.on('close', () => {
      if (!client.leaving) disconnects++;
    });
    await withTimeout(welcome, JOIN_TIMEOUT_MS, `welcome of client ${client.index}`);
  };

  /** One action per client, all at once; waits for every answer (or the timeout). */
  const actAll = async (name: string, build: (client: LoadClient) => { type: string; payload: Record<string, unknown> }, onAck: (client: LoadClient, answer: Answer) => void = () => undefined) => {
    const started = performance.now();
    const answers = clients.map((client) => {
      const { type, payload } = build(client);
      actions.sent++;
      return client.act(type, payload, `${name}-${client.index}`).then((answer) => {
        if (answer.ok) actions.acked++;
        else actions.refused++;
        onAck(client, answer);
      });
    });
    await withTimeout(Promise.all(answers), ACTIONS_TIMEOUT_MS, `answers to ${name}`).catch(() => undefined);
    for (const client of clients) actions.unanswered += client.forget();
    progress(`${name}: ${clients.length} sent, answered in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  };

  // ---- join: the first client of each workshop opens its room, then the rest come in ----
  const joinStart = performance.now();
  const firsts = clients.filter((c) => c.slot === 0);
  await pool(firsts, traffic.joinConcurrency, join);
  let weighMs = 0;
  if (hooks.weigh) {
    // every room open with one client: what an open workshop costs the server
    const weighStart = performance.now();
    await hooks.weigh('rooms-open');
    weighMs = performance.now() - weighStart;
  }
  await pool(clients.filter((c) => c.slot !== 0), traffic.joinConcurrency, join);
  const joinMs = performance.now() - joinStart - weighMs;
  progress(`joined ${N} clients in ${target.workshops.length} workshops in ${(joinMs / 1000).toFixed(1)} s`);

  // ---- one piece each: place it, take hold of it ----
  await actAll('place', (client) => {
    const piece = pieceFor(client.workshop, client.slot);
    // since protocol 2: the area and a drop point near which the server lays the piece out
    const payload: Record<string, unknown> = { kindId: piece.kindId, areaPartyId: client.workshop.partyIds[piece.area], near: { x: piece.x, y: piece.y } };
    if (piece.label) payload.label = piece.label;
    return { type: 'place', payload };
  }, (client, answer) => {
    if (answer.ok && answer.pieceId) client.pieceId = answer.pieceId;
  });
  await actAll('grab', (client) => ({ type: 'grab', payload: { pieceId: client.pieceId || 'not-placed' } }));
  await sleep(SETTLE_MS);
  // every client in, each holding its piece: what the clients cost on top of their rooms
  await hooks.weigh?.('all-joined');

  // ---- the measured window: every client drags at `rate`, evenly interleaved ----
  const period = 1000 / traffic.rate;
  const total = N * perClient;
  const step = period / N;
  await hooks.measuring?.();
  const cpuStart = process.cpuUsage();
  const eluStart: EventLoopUtilization = performance.eventLoopUtilization();
  const windowStart = performance.now();
  // the shards of a generator interleave their sends (each sends every `step`, shard k of K k/K of a step later)
  const t0 = windowStart + 5 + (shard ? (shard.index / shard.of) * step : 0);
  await new Promise<void>((resolve) => {
    let g = 0;
    sendDue = (): void => {
      const now = performance.now();
      for (let burst = 0; g < total && burst < MAX_SENDS_PER_TICK; burst++) {
        const due = t0 + g * step;
        if (due > now) break;
        const client = clients[g % N]!;
        const seq = Math.floor(g / N);
        const at = performance.now();
        sendTimes[client.index * perClient + seq] = at;
        sendLag[g] = at - due;
        client.connection.send('drag', { v: PROTOCOL_VERSION, pieceId: client.pieceId, x: seq % SEQ_X, y: Math.floor(seq / SEQ_X) });
        g++;
      }
      nextDue = g < total ? t0 + g * step : Number.POSITIVE_INFINITY;
    };
    const tick = (): void => {
      sendDue?.();
      if (g >= total) {
        sendDue = undefined;
        return resolve();
      }
      // timers fire at ~1 ms granularity: each tick sends what fell due since the last (spinning on
      // setImmediate instead would burn the core the server needs); frames read in between send too
      setTimeout(tick, Math.max(1, nextDue - performance.now()));
    };
    tick();
  });
  const expected = total * (C - 1);
  const lastSend = performance.now();
  // stragglers: wait while they still come (an overloaded server delivers late, not never), up to a bound
  const stillComing = () => performance.now() - Math.max(lastSend, lastArrivalAt) < traffic.graceMs;
  while (received + superseded < expected && stillComing() && performance.now() - lastSend < MAX_STRAGGLE_MS) await sleep(10);
  const windowMs = performance.now() - windowStart;
  const cpu = process.cpuUsage(cpuStart);
  const generator = { cpuMs: (cpu.user + cpu.system) / 1000, elu: performance.eventLoopUtilization(eluStart).utilization };
  hooks.measured?.();
  progress(`dragged for ${(windowMs / 1000).toFixed(1)} s: ${received} of ${expected} drags arrived`);

  // ---- drop the piece, then leave ----
  await actAll('move', (client) => {
    const piece = pieceFor(client.workshop, client.slot);
    return { type: 'move', payload: { pieceId: client.pieceId || 'not-placed', areaPartyId: client.workshop.partyIds[piece.area], near: { x: piece.dropX, y: piece.dropY } } };
  });
  await pool(clients, 50, async (client) => {
    client.leaving = true;
    await client.connection.leave(5000);
  });
  progress('every client left');

  return {
    workshops: target.workshops.length,
    clients: N,
    joinMs,
    drags: { sent: total, expected, received, superseded, lost: expected - received - superseded, duplicates, reordered, invalid, frames },
    actions,
    errors,
    disconnects,
    latency: summarize(samples),
    lastArrival: summarize(lastArrival),
    sendLag: summarize(sendLag),
    windowMs,
    generator,
    generators: 1,
    ...(shard ? { samples: { latency: taken(samples), lastArrival: taken(lastArrival), sendLag: taken(sendLag) } } : {}),
  };
}

// ---- run on request, when forked by test/load/load.ts ---------------------------------------------

function tell(message: GeneratorReply): void {
  process.send?.(message);
}

const isMain = process.argv[1] !== undefined && resolvePath(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  if (!process.send) {
    console.error('test/load/loadgen.ts is started by test/load/load.ts (npm run load), not on its own.');
    process.exit(2);
  }
  // if the parent goes away, so do we: the load test never leaves a process behind
  process.on('disconnect', () => process.exit(0));
  /** The server has weighed its heap at a stage: the run goes on. */
  let weighed: (() => void) | undefined;
  const weigh = (stage: WeighStage) =>
    new Promise<void>((resolve) => {
      weighed = resolve;
      tell({ type: 'weigh', stage });
    });
  /** The conductor said go: the measured window starts. */
  let go: (() => void) | undefined;
  const measuring = () =>
    new Promise<void>((resolve) => {
      go = resolve;
      tell({ type: 'measuring' });
    });
  process.on('message', (request: GeneratorRequest) => {
    if (request.type === 'exit') return void (process.connected && process.disconnect());
    if (request.type === 'weighed') return weighed?.();
    if (request.type === 'go') return go?.();
    runLoad(request.target, request.traffic, {
      progress: (line) => tell({ type: 'progress', line }),
      measuring,
      measured: () => tell({ type: 'measured' }),
      ...(request.weigh ? { weigh } : {}),
    }, request.shard).then(
      (result) => tell({ type: 'result', result }),
      (error: unknown) => tell({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
  tell({ type: 'ready' });
}
