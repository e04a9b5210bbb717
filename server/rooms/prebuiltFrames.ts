/**
 * One drag batch goes to every receiver of an audience as the same bytes. Through Colyseus and
 * `ws`, each receiver's send frames it anew (a header buffer, a cork, two writes and an uncork);
 * the fan-out instead frames the batch once per audience and writes that one buffer straight to
 * each receiver's socket — exactly the bytes `ws` would have written, at the moment it would have
 * written them. Whenever `ws` would not write at once (the client not joined yet, the socket not
 * open, its sender busy with a compressed or queued message, or a `ws` whose insides differ from
 * what is checked here), the bytes take the ordinary way, `client.enqueueRaw`.
 *
 * The sockets' internals read here are ws 8's (`_socket`, `_sender._state`, `_sender._queue`,
 * `_sender._firstFragment`); test/server/prebuiltFrames.test.ts holds the frames to ws's own and
 * test/server/dragRoom.test.ts sends drags both ways through real rooms.
 */
import type { Socket } from 'node:net';

/** One encoded message (a Colyseus ROOM_DATA frame's payload) and, once needed, its WebSocket frame. */
export class OutgoingMessage {
  readonly bytes: Uint8Array;
  private framed: Buffer | undefined;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  /** The whole WebSocket frame: FIN, binary, unmasked (server to client), the length, the bytes. */
  get frame(): Buffer {
    return (this.framed ??= binaryFrame(this.bytes));
  }
}

/** A final, unmasked binary WebSocket frame holding `payload` (RFC 6455 §5.2), as ws's Sender.frame makes it. */
export function binaryFrame(payload: Uint8Array): Buffer {
  const length = payload.length;
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x82;
  if (length < 126) frame[1] = length;
  else if (length < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.set(payload, header);
  return frame;
}

/** What the fan-out needs of a connection: Colyseus's Client (frames wait there until the client has joined). */
export interface FrameReceiver {
  enqueueRaw(bytes: Uint8Array): void;
}

/** The parts of a Colyseus client over ws that tell whether ws would write a message at once. */
interface WsClientInsides {
  state?: unknown;
  ref?: {
    readyState?: unknown;
    _socket?: Socket | null;
    _sender?: { _state?: unknown; _queue?: unknown[]; _firstFragment?: unknown } | null;
  };
}

/** Colyseus's ClientState.JOINED; ws's WebSocket.OPEN; ws's Sender DEFAULT state. */
const JOINED = 1;
const OPEN = 1;
const SENDER_IDLE = 0;

/** The socket to write `message`'s frame to right now, if ws would write it at once; otherwise undefined. */
function idleSocket(receiver: FrameReceiver): Socket | undefined {
  const { state, ref } = receiver as WsClientInsides;
  if (state !== JOINED || !ref || ref.readyState !== OPEN) return undefined;
  const sender = ref._sender;
  const socket = ref._socket;
  if (!sender || !socket || sender._state !== SENDER_IDLE || sender._firstFragment !== true || !Array.isArray(sender._queue) || sender._queue.length !== 0) return undefined;
  return socket.writable ? socket : undefined;
}

/** Send `message` to `receiver`: its prebuilt frame straight to the socket where ws would write at once, else through Colyseus. */
export function deliver(receiver: FrameReceiver, message: OutgoingMessage): void {
  const socket = idleSocket(receiver);
  if (socket) socket.write(message.frame);
  else receiver.enqueueRaw(message.bytes);
}
