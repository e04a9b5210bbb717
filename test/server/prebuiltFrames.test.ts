/**
 * The fan-out's prebuilt frames (server/rooms/prebuiltFrames.ts): byte for byte what ws's own
 * Sender writes for the same message, arriving in order with ws's own sends on a real socket, and
 * handed to Colyseus whenever ws would not write at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as wsModule from 'ws';
import { WebSocket, WebSocketServer } from 'ws';
import { WebSocketClient } from '@colyseus/ws-transport';
import { ClientState } from '@colyseus/core';
import { binaryFrame, deliver, OutgoingMessage, type FrameReceiver } from '../../server/rooms/prebuiltFrames.ts';
import { mulberry32 } from '../seeded.ts';

/** ws's frame for `payload`, as a server sends it (final, binary, unmasked). */
function wsFrame(payload: Buffer): Buffer {
  // ws exports its Sender at run time, though its type declarations leave it out
  const { Sender } = wsModule as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } };
  const parts = Sender.frame(payload, { fin: true, opcode: 2, mask: false, readOnly: false, rsv1: false });
  return Buffer.concat(parts);
}

/** A Colyseus client's shape around a server-side ws, counting what went the ordinary way. */
class ColyseusLike implements FrameReceiver {
  state = 1;
  readonly ref: WebSocket;
  readonly queued: Uint8Array[] = [];
  constructor(ref: WebSocket) {
    this.ref = ref;
  }
  enqueueRaw(bytes: Uint8Array): void {
    this.queued.push(bytes);
  }
}

describe('a prebuilt frame', () => {
  it('is the frame ws writes, for every length class (short, 16-bit, 64-bit)', () => {
    const random = mulberry32(11);
    for (const length of [0, 1, 125, 126, 127, 1000, 65_535, 65_536, 70_000]) {
      const payload = Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
      expect(binaryFrame(payload).equals(wsFrame(payload)), `length ${length}`).toBe(true);
    }
    const message = new OutgoingMessage(new Uint8Array([1, 2, 3]));
    expect(message.frame).toBe(message.frame);
  });
});

describe('delivering on a real socket', () => {
  let server: WebSocketServer;
  let port = 0;
  beforeAll(async () => {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function pair() {
    const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
    const client = new WebSocket(`ws://127.0.0.1:${port}`);
    const received: Buffer[] = [];
    client.on('message', (data, isBinary) => received.push(isBinary ? (data as Buffer) : Buffer.from(`text:${String(data)}`)));
    await new Promise<void>((resolve) => client.once('open', () => resolve()));
    return { serverSide: new ColyseusLike(await accepted), client, received };
  }

  it('writes straight to the socket, in order with ws\'s own sends, and the same frame to many', async () => {
    const a = await pair();
    const b = await pair();
    const shared = new OutgoingMessage(Buffer.from('batch'));
    a.serverSide.ref.send(Buffer.from('before'));
    deliver(a.serverSide, shared);
    deliver(b.serverSide, shared);
    a.serverSide.ref.send(Buffer.from('after'));
    deliver(a.serverSide, new OutgoingMessage(Buffer.alloc(300, 7)));
    await expect.poll(() => a.received.length).toBe(4);
    await expect.poll(() => b.received.length).toBe(1);
    expect(a.received.map((m) => (m.length > 20 ? `${m.length}×${m[0]}` : m.toString()))).toEqual(['before', 'batch', 'after', '300×7']);
    expect(b.received[0]!.toString()).toBe('batch');
    expect(a.serverSide.queued).toEqual([]);
    a.client.close();
    b.client.close();
  });

  it('writes straight through Colyseus\'s own client over ws once it has joined (the insides this reads are still there)', async () => {
    const { serverSide, client, received } = await pair();
    const colyseus = new WebSocketClient('session', serverSide.ref);
    const ordinary: Uint8Array[] = [];
    colyseus.enqueueRaw = (bytes: Uint8Array) => void ordinary.push(bytes);
    const message = new OutgoingMessage(Buffer.from('drags'));
    deliver(colyseus, message);
    expect(ordinary).toEqual([message.bytes]);
    colyseus.state = ClientState.JOINED;
    deliver(colyseus, message);
    await expect.poll(() => received.length).toBe(1);
    expect(received[0]!.toString()).toBe('drags');
    expect(ordinary).toHaveLength(1);
    client.close();
  });

  it('goes the ordinary way while the client has not joined, or once its socket has closed', async () => {
    const { serverSide, client } = await pair();
    const message = new OutgoingMessage(Buffer.from('x'));
    serverSide.state = 0;
    deliver(serverSide, message);
    expect(serverSide.queued).toEqual([message.bytes]);
    serverSide.state = 1;
    client.close();
    await new Promise<void>((resolve) => serverSide.ref.once('close', () => resolve()));
    deliver(serverSide, message);
    expect(serverSide.queued).toHaveLength(2);
  });

  it('goes the ordinary way to anything that is not a Colyseus client over ws', () => {
    const plain = { queued: [] as Uint8Array[], enqueueRaw(bytes: Uint8Array) { this.queued.push(bytes); } };
    const message = new OutgoingMessage(Buffer.from('y'));
    deliver(plain, message);
    expect(plain.queued).toEqual([message.bytes]);
  });
});
