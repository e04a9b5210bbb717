/**
 * What the benchmark's two processes say to each other. The server side (bench/drag.ts) runs the
 * servers; the load generator (bench/loadgen.ts) runs every client, so that dragger and watchers
 * share one clock (`performance.now()`) and the server never competes with them for its thread.
 */

/** Where the load generator points its clients. */
export type Target =
  | {
      kind: 'colyseus';
      /** http://127.0.0.1:PORT of the game server (matchmaking and WebSocket on one port). */
      httpUrl: string;
      workshopId: string;
      code: string;
      /** The two parties: dragger and half the watchers in the first, the other half in the second. */
      partyIds: [string, string];
      /** A value kind from the deck: the dragger drags it from the tray. */
      kindId: string;
      /** Watcher client: light raw `ws` (default) or the real @colyseus/sdk, to see what the SDK costs. */
      watcherClient: 'raw' | 'sdk';
    }
  | {
      kind: 'baseline';
      /** ws://127.0.0.1:PORT of the plain relay. */
      wsUrl: string;
      kindId: string;
    };

/** The traffic of one run. */
export interface Traffic {
  watchers: number;
  /** Drag updates per second. */
  hz: number;
  /** Measured seconds (after the warm-up). */
  seconds: number;
  /** Seconds of identical traffic before measuring, so both runs start with warm JIT and sockets. */
  warmupSeconds: number;
  /** How long to wait after the last send for stragglers before counting the rest as lost. */
  graceMs: number;
}

export type ParentMessage =
  | { type: 'run'; label: string; target: Target; traffic: Traffic }
  /** The server side has collected its garbage (see 'settle'). */
  | { type: 'settled' }
  | { type: 'exit' };

/** p50/p95/p99/max/mean of a set of latencies, in ms. */
export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Busy-ness of one process over the measured window. */
export interface Load {
  /** CPU time (user + system) in ms. */
  cpuMs: number;
  /** Event-loop utilisation, 0..1: the share of wall time the loop was running JavaScript/callbacks. */
  elu: number;
}

export interface RunResult {
  label: string;
  /** Client the watchers used (informational). */
  watcherClient: 'raw' | 'sdk' | 'ws';
  watchers: number;
  /** Measured drag messages the dragger sent. */
  sent: number;
  /** sent × watchers: every watcher must get every message. */
  expected: number;
  /** Distinct measured messages that arrived, over all watchers. */
  received: number;
  /** Measured positions a watcher never got because a newer one of the dragger came in their place (the room's batching). */
  superseded: number;
  /** Neither received nor superseded. */
  lost: number;
  duplicates: number;
  /** Positions that arrived after a newer one. */
  reordered: number;
  /** Drag messages that did not decode to a sequence number we sent, or came from someone else. */
  invalid: number;
  /** Send → arrival at each watcher: one sample per (message, watcher). */
  latency: Summary;
  /** Send → arrival at the *last* watcher: one sample per message (the fan-out's tail). */
  lastWatcher: Summary;
  /** Duration of the dragger's send call (encode + socket write), already inside every latency above. */
  sendCall: Summary;
  /** Wall time of the measured window, ms. */
  windowMs: number;
  generator: Load;
}

export type ChildMessage =
  | { type: 'ready' }
  /** Everyone joined: the server side collects its garbage now (with --expose-gc), so no start-up garbage is collected inside the measured window. */
  | { type: 'settle' }
  /** The measured window starts (after connecting and warming up): the server side starts its load meters. */
  | { type: 'measuring' }
  /** The measured window ended (all messages in, or the grace period is over). */
  | { type: 'measured' }
  | { type: 'result'; result: RunResult }
  | { type: 'failed'; error: string };
