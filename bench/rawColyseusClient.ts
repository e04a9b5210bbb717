/**
 * A minimal Colyseus 0.18 client over a bare `ws` socket, for load generation: 40 full SDK
 * clients in one process would spend their time decoding state and dispatching events, and the
 * benchmark would measure the SDK rather than the server. This speaks just enough of the protocol
 * (the same steps as @colyseus/sdk's Client/Room, see node_modules/@colyseus/sdk/build/Room.mjs):
 *
 *   1. POST /matchmake/joinOrCreate/<room> with the join options as JSON → a seat reservation;
 *   2. WebSocket to ws://host:port/<processId>/<roomId>?sessionId=<sessionId>;
 *   3. the server sends JOIN_ROOM [10][token][serializer id][handshake]; the client answers with a
 *      single JOIN_ROOM byte — only then is it JOINED and gets the full state and its queued messages;
 *   4. ROOM_DATA frames are [13][type as schema string][msgpack payload], both ways.
 *
 * State (ROOM_STATE / ROOM_STATE_PATCH) is ignored: the drag relay does not touch it.
 */
import WebSocket from 'ws';
import { Packr, unpack } from 'msgpackr';
import { decode, encode, type Iterator } from '@colyseus/schema';
import { CloseCode, PROTOCOL_CODE_MASK, Protocol, ProtocolModifier, type ISeatReservation } from '@colyseus/shared-types';

/** Called for every ROOM_DATA message, with the decoded msgpack payload. */
export type RoomDataHandler = (type: string | number, payload: unknown) => void;

// The same settings as the server's encoder (@colyseus/core Protocol.ts): plain msgpack maps.
const packr = new Packr({ useRecords: false });

/** The fixed [ROOM_DATA][type] prefix of a message type, built once per type. */
function roomDataHeader(type: string): Buffer {
  const bytes = Buffer.alloc(1 + 9 + Buffer.byteLength(type));
  const it: Iterator = { offset: 1 };
  bytes[0] = Protocol.ROOM_DATA;
  encode.string(bytes, type, it);
  return bytes.subarray(0, it.offset);
}

export class RawColyseusClient {
  private readonly headers = new Map<string, Buffer>();
  /** Number of ROOM_STATE / ROOM_STATE_PATCH frames seen (ignored, but counted for the curious). */
  stateFrames = 0;

  private readonly socket: WebSocket;
  readonly sessionId: string;

  private constructor(socket: WebSocket, sessionId: string) {
    this.socket = socket;
    this.sessionId = sessionId;
  }

  /**
   * Reserve a seat and connect. Resolves once the JOIN_ROOM handshake is answered; messages the
   * room sends in onJoin (e.g. 'welcome') arrive right after, through `onData`.
   */
  static async joinOrCreate(httpUrl: string, roomName: string, options: object, onData: RoomDataHandler): Promise<RawColyseusClient> {
    const response = await fetch(`${httpUrl}/matchmake/joinOrCreate/${encodeURIComponent(roomName)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(options),
    });
    if (!response.ok) throw new Error(`matchmaking failed: HTTP ${response.status} ${await response.text()}`);
    const seat = (await response.json()) as ISeatReservation;
    if (!seat.processId) throw new Error('seat reservation without processId');

    // the SDK uses publicAddress when the server announces one; on loopback it does not
    const base = seat.publicAddress ? `ws://${seat.publicAddress}` : httpUrl.replace(/^http/, 'ws');
    const url = `${base}/${seat.processId}/${seat.roomId}?sessionId=${encodeURIComponent(seat.sessionId)}`;
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.binaryType = 'nodebuffer'; // (the default) every frame arrives as one Buffer
    const client = new RawColyseusClient(socket, seat.sessionId);

    return new Promise<RawColyseusClient>((resolve, reject) => {
      let joined = false;
      socket.on('message', (data: Buffer) => {
        const code = client.receive(data, onData);
        if (code === Protocol.JOIN_ROOM && !joined) {
          joined = true;
          resolve(client);
        } else if (code === Protocol.ERROR && !joined) {
          reject(new Error(`join refused: ${describeError(data)}`));
        }
      });
      socket.once('error', (error) => {
        if (!joined) reject(error);
      });
      socket.once('close', (closeCode, reason) => {
        if (!joined) reject(new Error(`socket closed while joining (${closeCode}) ${reason.toString()}`));
      });
    });
  }

  /** Decode one frame; returns its protocol code. */
  private receive(data: Buffer, onData: RoomDataHandler): number {
    const raw = data[0] ?? 0;
    const code = raw & PROTOCOL_CODE_MASK;
    const it: Iterator = { offset: 1 };
    // TIMED frames carry [uint32 serverNow][uint32 inputSeq] first (only rooms with defineInput())
    if (raw & ProtocolModifier.TIMED) it.offset += 8;

    switch (code) {
      case Protocol.ROOM_DATA: {
        const type = decode.stringCheck(data, it) ? decode.string(data, it) : decode.number(data, it);
        const payload: unknown = data.byteLength > it.offset ? unpack(data.subarray(it.offset)) : undefined;
        onData(type, payload);
        break;
      }
      case Protocol.JOIN_ROOM:
        // Acknowledge, as the SDK does: the server keeps a client JOINING (and queues what it
        // sends) until this byte arrives. The handshake itself (state reflection) is not needed.
        this.socket.send(Uint8Array.of(Protocol.JOIN_ROOM));
        break;
      case Protocol.ROOM_STATE:
      case Protocol.ROOM_STATE_PATCH:
        this.stateFrames++;
        break;
      case Protocol.LEAVE_ROOM:
        this.socket.close();
        break;
      case Protocol.ERROR:
        console.error(`[raw client ${this.sessionId}] server error: ${describeError(data)}`);
        break;
      default:
        break; // PING replies, ROOM_DATA_BYTES etc.: not used here
    }
    return code;
  }

  /** Send a ROOM_DATA message, encoded as `room.send(type, payload)` would. */
  send(type: string, payload: unknown): void {
    let header = this.headers.get(type);
    if (!header) this.headers.set(type, (header = roomDataHeader(type)));
    this.socket.send(Buffer.concat([header, packr.pack(payload)]));
  }

  /** Leave with consent (LEAVE_ROOM), so the room does not hold a reconnection seat; resolves on close. */
  leave(timeoutMs = 2000): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.socket.terminate();
        resolve();
      }, timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      if (this.socket.readyState === WebSocket.OPEN) this.socket.send(Uint8Array.of(Protocol.LEAVE_ROOM));
      else this.socket.close(CloseCode.CONSENTED);
    });
  }
}

/** "code: message" of an ERROR frame [11][code][message]. */
function describeError(data: Buffer): string {
  try {
    const it: Iterator = { offset: 1 };
    const code = decode.number(data, it);
    return `${code}: ${decode.string(data, it)}`;
  } catch {
    return '(undecodable error frame)';
  }
}
