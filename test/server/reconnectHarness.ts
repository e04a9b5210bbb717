/**
 * Dropping and bringing back real @colyseus/sdk connections, for the reconnect tests.
 *
 * The SDK reconnects by itself when its socket closes with a "may retry" code (1001, 1005,
 * 1006, 4010) after the room has been up for `reconnection.minUptime`; these helpers make
 * that fast, can hold a reconnection back (to look at the gap), and drop a socket in two ways:
 * - 'close':   the client closes its socket with 4010 (not a consented leave). Everything it
 *              sent before still reaches the server; answers sent after are lost.
 * - 'network': the server side of the socket is destroyed, as when the network goes away.
 *              Whatever the client sent that the server had not read yet is lost.
 */
import { matchMaker } from '@colyseus/core';
import type { Room } from '@colyseus/sdk';
import type { TestClient } from './harness.ts';

/** How a socket is dropped. */
export type DropKind = 'close' | 'network';

/** A joined client whose connection can be dropped and watched coming back. */
export interface Droppable {
  tc: TestClient;
  /** Number of times the SDK has reconnected. */
  reconnects: number;
  /** Resolves at the next SDK reconnect; `then` runs inside the SDK's onReconnect, as the real client's resend does. */
  nextReconnect(then?: () => void, timeoutMs?: number): Promise<void>;
  /** Resolves when the SDK gives the room up (onLeave), with its close code. */
  left(timeoutMs?: number): Promise<number>;
  /** Drop the socket without consent. */
  drop(kind: DropKind): void;
  /** Hold back the SDK's reconnection attempts until `release()`. */
  hold(): void;
  release(): void;
}

/** Make `tc` reconnect quickly (or not at all) and give it drop controls. */
export function droppable(tc: TestClient, options: { reconnect?: boolean; delayMs?: number } = {}): Droppable {
  const room = tc.room;
  const delay = options.delayMs ?? 20;
  room.reconnection.enabled = options.reconnect ?? true;
  room.reconnection.minUptime = 0;
  room.reconnection.delay = delay;
  room.reconnection.minDelay = delay;
  room.reconnection.maxDelay = delay * 4;
  room.reconnection.maxRetries = 20;

  // one handler each; the SDK's signal `.once()` can skip a neighbouring handler when it removes itself
  const reconnectWaiters: (() => void)[] = [];
  const leaveWaiters: ((code: number) => void)[] = [];
  let leftWith: number | undefined;
  const self: Droppable = {
    tc,
    reconnects: 0,
    nextReconnect(then, timeoutMs = 5000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no reconnect within ${timeoutMs} ms`)), timeoutMs);
        reconnectWaiters.push(() => {
          clearTimeout(timer);
          then?.();
          resolve();
        });
      });
    },
    left(timeoutMs = 5000) {
      if (leftWith !== undefined) return Promise.resolve(leftWith);
      return new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`room not left within ${timeoutMs} ms`)), timeoutMs);
        leaveWaiters.push((code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
    },
    drop(kind) {
      if (kind === 'close') {
        socketOf(room).close(4010);
        return;
      }
      const serverRoom = matchMaker.getLocalRoomById(room.roomId);
      const serverClient = serverRoom?.clients.find((c) => c.sessionId === room.sessionId);
      if (!serverClient) throw new Error(`no server-side client ${room.sessionId} in room ${room.roomId}`);
      (serverClient.ref as unknown as { terminate(): void }).terminate();
    },
    hold() {
      held = true;
    },
    release() {
      held = false;
      const call = heldCall;
      heldCall = undefined;
      call?.();
    },
  };
  room.onReconnect(() => {
    self.reconnects++;
    for (const waiter of reconnectWaiters.splice(0)) waiter();
  });
  room.onLeave((code) => {
    leftWith = code;
    for (const waiter of leaveWaiters.splice(0)) waiter(code);
  });

  let held = false;
  let heldCall: (() => void) | undefined;
  const connection = room.connection;
  const reconnect = connection.reconnect.bind(connection);
  connection.reconnect = (params: unknown) => {
    if (held) heldCall = () => reconnect(params as never);
    else reconnect(params as never);
  };
  return self;
}

/** The SDK room's live WebSocket (the transport keeps it as `ws`). */
export function socketOf(room: Room): { close(code?: number, reason?: string): void; readyState: number } {
  return (room.connection.transport as unknown as { ws: { close(code?: number, reason?: string): void; readyState: number } }).ws;
}

/** Let state patches and queued messages settle (the server patches every 50 ms). */
export function settle(ms = 150): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
