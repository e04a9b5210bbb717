/**
 * What the load test's three processes say to each other: test/load/load.ts in the middle,
 * test/load/loadServer.ts (the game server, alone on its process so its CPU and heap can be
 * measured) and test/load/loadgen.ts (every client, sharing one clock for latencies).
 */
import type { ChildProcess } from 'node:child_process';
import type { Load, Summary } from '../../bench/ipc.ts';

export type { Load, Summary };

/** One workshop the generator's clients join. */
export interface LoadWorkshop {
  id: string;
  code: string;
  partyIds: string[];
  /** The deck's value kinds; each client places a different one (blank kinds with a name of its own). */
  kinds: { id: string; blank: boolean }[];
  /** Where this workshop's clients ask for their seat, when not the target's httpUrl (a process of a deployment: `--processes`). */
  httpUrl?: string;
}

/** Where the clients go. */
export interface LoadTarget {
  /** http://127.0.0.1:PORT: matchmaking and WebSocket on one port. */
  httpUrl: string;
  workshops: LoadWorkshop[];
}

/** The traffic of one run. */
export interface LoadTraffic {
  clientsPerWorkshop: number;
  /** Drag updates per second per client. */
  rate: number;
  /** How long every client drags. */
  seconds: number;
  /** After the last drag, how long without any arrival before the rest count as lost. */
  graceMs: number;
  /** Joins in flight at once (each is an HTTP seat reservation plus a WebSocket). */
  joinConcurrency: number;
}

/** The two servers the load test runs one after the other: the game, and a bare Colyseus room as its baseline. */
export type ServerKind = 'game' | 'bare';

/** Moments at which the server's heap is weighed (after a forced collection) while the clients wait. */
export type WeighStage = 'rooms-open' | 'all-joined';

/** Heap of the server process (bytes of V8 heap in use), each after a forced GC except the peak. */
export interface HeapReport {
  /** Right after start-up. */
  baseline: number;
  /**
   * The target's reference point: with the workshops created and after one warm-up room (its own
   * workshop, a second of the same traffic) opened and closed, so that one-time costs (compiled
   * code, lazily built caches) are in it and what grows after it is what the rooms leave behind.
   */
  start: number;
  /** Highest sample (one a second) while the rooms ran. */
  peak: number;
  /** Every workshop's room open with its first client (NaN when not weighed). */
  roomsOpen: number;
  /** Every client joined and holding its piece, before the drags (NaN when not weighed). */
  allJoined: number;
  /** After every room closed. The workshops stay stored (with their members, pieces and action log; on the heap only with the memory store). */
  end: number;
  /** After the workshops were also deleted from the store: what no workshop explains. */
  afterDelete: number;
  /** Seconds it took the rooms to close after the last client left. */
  roomsClosedSeconds: number;
}

/** What the load generator measured. */
export interface LoadResult {
  workshops: number;
  clients: number;
  /** Wall time to join every client. */
  joinMs: number;
  drags: {
    /** Drags sent (all clients). */
    sent: number;
    /** Every drag at every other client of its room. */
    expected: number;
    received: number;
    /** Positions a receiver never got because a newer one of the same dragger came in the same batch. */
    superseded: number;
    /** Neither received nor superseded. */
    lost: number;
    duplicates: number;
    /** Positions that arrived after a newer one of the same dragger. */
    reordered: number;
    /** Drags that did not decode to one of ours. */
    invalid: number;
    /** Frames that carried drags to the receivers (a batch of several, or one drag each). */
    frames: number;
  };
  /** Place, grab and move of one piece per client: each must be acknowledged. */
  actions: { sent: number; acked: number; refused: number; unanswered: number };
  /** Every 'error' message any client received, by code, with a few examples. */
  errors: { count: number; codes: Record<string, number>; samples: string[] };
  /** Connections that closed without the client leaving. */
  disconnects: number;
  /** Send → arrival at each other client of the same room. */
  latency: Summary;
  /** Send → arrival at the last of the room's other clients (one sample per drag). */
  lastArrival: Summary;
  /** How late the generator sent drags against their schedule (its own lag; not in the latency). */
  sendLag: Summary;
  /** Wall time of the measured window (drags plus the wait for stragglers). */
  windowMs: number;
  /** The generator's CPU over the measured window: summed over its processes, the event loop of the busiest. */
  generator: Load;
  /** How many processes the clients ran in (each holding whole workshops, so a drag's sender and receivers share a clock). */
  generators: number;
  /** The raw samples behind the three summaries (only on request: a generator of several processes merges them). */
  samples?: LoadSamples;
}

/** Every latency and send lag of a run (ms), for merging the shards of a generator before summarising. */
export interface LoadSamples {
  latency: Float64Array;
  lastArrival: Float64Array;
  sendLag: Float64Array;
}

/** One of several generator processes, each with its share of the workshops. */
export interface GeneratorShard {
  index: number;
  of: number;
}

export type ServerRequest =
  | { type: 'create'; workshops: number }
  /** The warm-up room has closed: weigh the heap for `start`. */
  | { type: 'mark-start' }
  | { type: 'meter-start' }
  | { type: 'meter-stop' }
  | { type: 'weigh'; stage: WeighStage }
  | { type: 'finish' }
  | { type: 'exit' };

export type ServerReply =
  | { type: 'ready'; httpUrl: string; store: 'sqlite' | 'memory'; kind: ServerKind; limits: string }
  | { type: 'created'; workshops: LoadWorkshop[] }
  | { type: 'marked'; heapStart: number }
  | { type: 'metered'; load: Load; windowMs: number }
  | { type: 'weighed'; stage: WeighStage; heap: number }
  | { type: 'finished'; heap: HeapReport; roomsLeft: number }
  | { type: 'failed'; error: string };

export type GeneratorRequest =
  /**
   * `weigh`: pause at each WeighStage until the server has weighed its heap. `shard`: this process
   * drives part of the run (its sends are staggered against the other shards', and it sends back its
   * raw samples for merging).
   */
  | { type: 'run'; target: LoadTarget; traffic: LoadTraffic; weigh: boolean; shard?: GeneratorShard }
  | { type: 'weighed' }
  /** Start the measured window (answer to 'measuring'). */
  | { type: 'go' }
  | { type: 'exit' };

export type GeneratorReply =
  | { type: 'ready' }
  /** Everyone joined and holds a piece: the generator waits for 'go' before it drags. */
  | { type: 'measuring' }
  | { type: 'measured' }
  | { type: 'progress'; line: string }
  | { type: 'weigh'; stage: WeighStage }
  | { type: 'result'; result: LoadResult }
  | { type: 'failed'; error: string };

/** Wait for the first message of `type` from `child` (a 'failed' message or an exit rejects). */
export function waitFor<M extends { type: string }, T extends M['type']>(child: ChildProcess, name: string, type: T): Promise<Extract<M, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: M) => {
      if (message.type === type) done(() => resolve(message as Extract<M, { type: T }>));
      else if (message.type === 'failed') done(() => reject(new Error(`${name} failed:\n${(message as unknown as { error: string }).error}`)));
    };
    const onExit = (code: number | null) => done(() => reject(new Error(`${name} exited (${code}) while we waited for '${type}'`)));
    const done = (settle: () => void) => {
      child.off('message', onMessage).off('exit', onExit);
      settle();
    };
    child.on('message', onMessage).on('exit', onExit);
  });
}
