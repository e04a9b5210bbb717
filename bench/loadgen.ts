/**
 * The drag benchmark's load generator: a child process (forked by bench/drag.ts) that runs the
 * dragger and every watcher. Keeping all clients in one process gives one clock for "sent" and
 * "arrived" (performance.now(), no clock sync needed) and keeps them off the server's thread —
 * the machine has 2 cores: one for the server, one for this.
 *
 * A drag message cannot carry a timestamp (the protocol's zod schema is strict), so each message
 * carries a sequence number spread over x and y (x = seq % 1000, y = ⌊seq / 1000⌋; both must be in
 * [-1000, 2000]); the send time of each sequence number stays here in `sendTimes`.
 *
 * The room sends what it received in one turn of its event loop as one `drags` batch per watcher,
 * with the dragger's latest position: a position a watcher never got because a newer one came in
 * its place counts as superseded, not lost. The plain relay passes each message on as it is.
 */
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import WebSocket from 'ws';
import { PROTOCOL_VERSION, type JoinOptions, type ServerMessages } from '../shared/protocol.ts';
import { RawColyseusClient, type RoomDataHandler } from './rawColyseusClient.ts';
import { summarize } from './stats.ts';
import type { ChildMessage, Load, ParentMessage, RunResult, Target, Traffic } from './ipc.ts';
import { withTimeout, sleep } from './async.ts';

/** x carries seq mod SEQ_X, y carries ⌊seq / SEQ_X⌋; y may go up to 2000 (the schema's max). */
const SEQ_X = 1000;
const MAX_SEQ = SEQ_X * 2001 - 1;

const JOIN_TIMEOUT_MS = 10_000;
/** Quiet time after everybody joined: the room's state patches for the joins settle first. */
const SETTLE_MS = 500;

type DragMove = ServerMessages['drags']['moves'][number];
/** A watcher saw drag `seq` at `at` (performance.now()). */
type OnDrag = (watcher: number, seq: number, at: number) => void;

interface Closable {
  close(): Promise<void>;
}
interface Dragger extends Closable {
  send(seq: number): void;
  /** Problems the dragger heard about (rejected drags): any makes the run fail. */
  readonly errors: string[];
}
interface Clients {
  dragger: Dragger;
  watchers: Closable[];
  watcherClient: RunResult['watcherClient'];
}

function seqToXY(seq: number): { x: number; y: number } {
  return { x: seq % SEQ_X, y: Math.floor(seq / SEQ_X) };
}

/** The sequence number in a received drag, or -1 when x/y are not one of ours. */
function xyToSeq(x: unknown, y: unknown): number {
  if (!Number.isInteger(x) || !Number.isInteger(y)) return -1;
  const [xi, yi] = [x as number, y as number];
  return xi >= 0 && xi < SEQ_X && yi >= 0 ? yi * SEQ_X + xi : -1;
}

/** The payload as a drag position if it is an object (fields are checked by the caller). */
function asDrag(payload: unknown): DragMove | undefined {
  return typeof payload === 'object' && payload !== null ? (payload as DragMove) : undefined;
}

/** The positions in a `drags` batch, or undefined when it is not one. */
function movesOf(payload: unknown): unknown[] | undefined {
  const moves = (payload as { moves?: unknown } | undefined)?.moves;
  return Array.isArray(moves) ? moves : undefined;
}


// ---- Colyseus room ----------------------------------------------------------------------

/** Join with the raw client and wait for the room's 'welcome' (sent in onJoin), which names our member. */
async function joinRaw(httpUrl: string, options: JoinOptions, onOther: RoomDataHandler): Promise<{ client: RawColyseusClient; memberId: string }> {
  let welcomed!: (memberId: string) => void;
  const welcome = new Promise<string>((resolve) => (welcomed = resolve));
  const client = await RawColyseusClient.joinOrCreate(httpUrl, 'workshop', options, (type, payload) => {
    if (type === 'welcome') welcomed((payload as ServerMessages['welcome']).memberId);
    else onOther(type, payload);
  });
  const memberId = await withTimeout(welcome, JOIN_TIMEOUT_MS, `welcome for ${JSON.stringify(options)}`);
  return { client, memberId };
}

async function connectColyseus(target: Extract<Target, { kind: 'colyseus' }>, watchers: number, onDrag: OnDrag, onInvalid: () => void): Promise<Clients> {
  const { httpUrl, workshopId, code, partyIds, kindId } = target;
  const errors: string[] = [];

  // The dragger joins first, so it creates the room (joinOrCreate) before the crowd arrives.
  const draggerJoin = await withTimeout(
    joinRaw(httpUrl, { role: 'participant', v: PROTOCOL_VERSION, workshopId, code, name: 'dragger', partyId: partyIds[0] }, (type, payload) => {
      if (type === 'error') errors.push(JSON.stringify(payload));
    }),
    JOIN_TIMEOUT_MS,
    'dragger join',
  );
  const draggerId = draggerJoin.memberId;
  const dragger: Dragger = {
    errors,
    send(seq) {
      draggerJoin.client.send('drag', { v: PROTOCOL_VERSION, kindId, ...seqToXY(seq) });
    },
    close: () => draggerJoin.client.leave(),
  };

  /** Every watcher runs this on every batch it gets: check each position is ours, then record its arrival. */
  const record = (watcher: number, payload: unknown, at: number): void => {
    const moves = movesOf(payload);
    // a batch with no moves carries only drag ends (the dragger leaving at the end of the run)
    if (!moves) return onInvalid();
    for (const move of moves) {
      const message = asDrag(move);
      if (message?.memberId !== draggerId || message.kindId !== kindId) onInvalid();
      else onDrag(watcher, xyToSeq(message.x, message.y), at);
    }
  };
  // watcher 0 is the shared screen, the rest are participants of both parties (all may see drags in the open phase)
  const optionsOf = (i: number): JoinOptions =>
    i === 0
      ? { role: 'screen', v: PROTOCOL_VERSION, workshopId, code }
      : { role: 'participant', v: PROTOCOL_VERSION, workshopId, code, name: `watcher ${i}`, partyId: partyIds[i % 2] ?? partyIds[0] };

  const joins = Array.from({ length: watchers }, async (_, i): Promise<Closable> => {
    if (target.watcherClient === 'sdk') {
      // loaded only in this mode: the default raw run should not pay for the SDK at all
      const { Client } = await import('@colyseus/sdk');
      const room = await new Client(httpUrl).joinOrCreate('workshop', optionsOf(i));
      room.onMessage('drags', (message: unknown) => record(i, message, performance.now()));
      room.onMessage('*', () => undefined); // welcome, state-related messages: not measured
      return { close: async () => void (await room.leave()) };
    }
    const { client } = await joinRaw(httpUrl, optionsOf(i), (type, payload) => {
      // the time is taken after decoding, as for the baseline's JSON.parse: "arrived" = the app has it
      if (type === 'drags') record(i, payload, performance.now());
    });
    return { close: () => client.leave() };
  });
  const watcherClients = await withTimeout(Promise.all(joins), JOIN_TIMEOUT_MS * 2, 'watchers join');
  return { dragger, watchers: watcherClients, watcherClient: target.watcherClient };
}

// ---- plain ws baseline ------------------------------------------------------------------

function openSocket(url: string): Promise<WebSocket> {
  return new Promise<WebSocket>((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function closeSocket(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
    socket.close();
  });
}

async function connectBaseline(target: Extract<Target, { kind: 'baseline' }>, watchers: number, onDrag: OnDrag, onInvalid: () => void): Promise<Clients> {
  // The same fields as the room's relayed drag, with ids as long as the server's (16 characters).
  const draggerId = 'draggerMember000';
  const template = { memberId: draggerId, partyId: 'partyOfDragger00', kindId: target.kindId };
  const watcherSockets = await withTimeout(
    Promise.all(
      Array.from({ length: watchers }, async (_, i) => {
        const socket = await openSocket(target.wsUrl);
        socket.on('message', (data: WebSocket.RawData) => {
          const message = asDrag(JSON.parse(data.toString()));
          const at = performance.now();
          if (message?.memberId !== draggerId || message.kindId !== target.kindId) return onInvalid();
          onDrag(i, xyToSeq(message.x, message.y), at);
        });
        return socket;
      }),
    ),
    JOIN_TIMEOUT_MS * 2,
    'baseline watchers connect',
  );
  const draggerSocket = await withTimeout(openSocket(target.wsUrl), JOIN_TIMEOUT_MS, 'baseline dragger connect');
  return {
    dragger: {
      errors: [],
      send(seq) {
        draggerSocket.send(JSON.stringify({ ...template, ...seqToXY(seq) }));
      },
      close: () => closeSocket(draggerSocket),
    },
    watchers: watcherSockets.map((socket) => ({ close: () => closeSocket(socket) })),
    watcherClient: 'ws',
  };
}

// ---- one run ----------------------------------------------------------------------------

function tell(message: ChildMessage): void {
  process.send?.(message);
}

async function run(label: string, target: Target, traffic: Traffic): Promise<RunResult> {
  const { watchers, hz } = traffic;
  const warmup = Math.round(traffic.warmupSeconds * hz);
  const measured = Math.round(traffic.seconds * hz);
  const total = warmup + measured;
  if (measured < 1) throw new Error('nothing to measure: BENCH_SECONDS × 30 Hz < 1');
  if (total - 1 > MAX_SEQ) throw new Error(`too many messages (${total}) to encode in x/y`);

  /** performance.now() at the send of each sequence number; NaN = not sent yet. */
  const sendTimes = new Float64Array(total).fill(NaN);
  /** Latency of measured message m at watcher w, at [w * measured + m]; NaN = not arrived. */
  const latencies = new Float64Array(watchers * measured).fill(NaN);
  /** Latency of message m at the last watcher to get it. */
  const lastArrival = new Float64Array(measured).fill(NaN);
  /** How long the dragger's send call itself took (encode + the socket write syscall). */
  const sendCalls = new Float64Array(measured).fill(NaN);
  /** The newest seq each watcher got; a jump past others means those were superseded. */
  const newest = new Int32Array(watchers).fill(-1);
  let received = 0;
  let superseded = 0;
  let reordered = 0;
  let duplicates = 0;
  let invalid = 0;

  // The hot path: runs 39 × 30 times a second, only typed-array bookkeeping.
  const onDrag: OnDrag = (watcher, seq, at) => {
    const sentAt = seq >= 0 && seq < total ? (sendTimes[seq] ?? NaN) : NaN;
    if (Number.isNaN(sentAt)) return void invalid++;
    const before = newest[watcher] ?? -1;
    const slot = watcher * measured + (seq - warmup);
    if (seq <= before) {
      // not newer than what this watcher already has: a repeat, or one that overtook a newer one
      if (seq >= warmup) void (Number.isNaN(latencies[slot] ?? NaN) ? reordered++ : duplicates++);
      return;
    }
    // the measured positions skipped since the last one this watcher got were superseded
    superseded += Math.max(0, seq - Math.max(before + 1, warmup));
    newest[watcher] = seq;
    if (seq < warmup) return;
    const m = seq - warmup;
    const latency = at - sentAt;
    latencies[slot] = latency;
    received++;
    if (!((lastArrival[m] ?? NaN) >= latency)) lastArrival[m] = latency;
  };
  const onInvalid = () => void invalid++;

  const clients =
    target.kind === 'colyseus'
      ? await connectColyseus(target, watchers, onDrag, onInvalid)
      : await connectBaseline(target, watchers, onDrag, onInvalid);
  await sleep(SETTLE_MS);
  // start-up garbage (joins, JIT) is collected now in both processes, not in the middle of a measured run
  await new Promise<void>((resolve) => {
    settled = resolve;
    tell({ type: 'settle' });
  });
  collectGarbage();

  // Send at a fixed rate against absolute target times, so timer drift does not change the count.
  const period = 1000 / hz;
  let measureStart = 0;
  let cpuStart = process.cpuUsage();
  let eluStart: EventLoopUtilization = performance.eventLoopUtilization();
  await new Promise<void>((resolve) => {
    const start = performance.now();
    let seq = 0;
    const tick = (): void => {
      if (seq === warmup) {
        tell({ type: 'measuring' });
        measureStart = performance.now();
        cpuStart = process.cpuUsage();
        eluStart = performance.eventLoopUtilization();
      }
      const sentAt = performance.now();
      sendTimes[seq] = sentAt;
      clients.dragger.send(seq);
      if (seq >= warmup) sendCalls[seq - warmup] = performance.now() - sentAt;
      seq++;
      if (seq === total) return resolve();
      setTimeout(tick, Math.max(0, start + seq * period - performance.now()));
    };
    tick();
  });

  // Everything normally arrives within milliseconds; after the grace period the rest counts as lost.
  const expected = watchers * measured;
  const lastSend = performance.now();
  while (received + superseded < expected && performance.now() - lastSend < traffic.graceMs) await sleep(10);
  const windowMs = performance.now() - measureStart;
  const cpu = process.cpuUsage(cpuStart);
  const generator: Load = { cpuMs: (cpu.user + cpu.system) / 1000, elu: performance.eventLoopUtilization(eluStart).utilization };
  tell({ type: 'measured' });

  await Promise.all([clients.dragger.close(), ...clients.watchers.map((w) => w.close())]);
  if (clients.dragger.errors.length > 0) throw new Error(`the room rejected drags: ${clients.dragger.errors.slice(0, 3).join('; ')}`);

  return {
    label,
    watcherClient: clients.watcherClient,
    watchers,
    sent: measured,
    expected,
    received,
    superseded,
    lost: expected - received - superseded,
    duplicates,
    reordered,
    invalid,
    latency: summarize(latencies),
    lastWatcher: summarize(lastArrival),
    sendCall: summarize(sendCalls),
    windowMs,
    generator,
  };
}

// ---- IPC ----------------------------------------------------------------------------------

/** Resolves the wait for the server side's garbage collection. */
let settled: (() => void) | undefined;

/** A full collection when the process runs with --expose-gc (npm run bench does); otherwise nothing. */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
}

if (!process.send) {
  console.error('bench/loadgen.ts is started by bench/drag.ts (npm run bench), not on its own.');
  process.exit(2);
}
// if the server side goes away, so do we: the benchmark must never leave a process behind
process.on('disconnect', () => process.exit(0));
process.on('message', (message: ParentMessage) => {
  if (message.type === 'exit') return process.disconnect();
  if (message.type === 'settled') return settled?.();
  run(message.label, message.target, message.traffic).then(
    (result) => tell({ type: 'result', result }),
    (error: unknown) => tell({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
tell({ type: 'ready' });
