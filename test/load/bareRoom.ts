/**
 * The load test's baseline server: a bare Colyseus 0.18 room that relays each drag to everyone
 * else in its room with `broadcast(…, { except })` and nothing more — plus just enough of the
 * game's protocol for the load generator to drive it: a `welcome` naming the member on join and
 * an `ack` for every other message. No validation, rules, state, storage, views or limits: what
 * the game costs above this is the price of its own work. One room per workshop, as the game.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Room, Server, matchMaker, type Client } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { MAX_MESSAGE_BYTES } from '../../server/app.ts';
import type { LoadWorkshop } from './ipc.ts';

interface Member {
  memberId: string;
  partyId: string;
}

/** Only what the generator sends is read, and only to copy it. */
type Drag = { x?: unknown; y?: unknown; pieceId?: unknown; kindId?: unknown } | undefined;

let pieces = 0;

/** A room that relays drags and acknowledges everything else. */
class BareRoom extends Room {
  override onCreate(): void {
    this.onMessage('drag', (client: Client<{ userData: Member }>, drag: Drag) => {
      const { memberId, partyId } = client.userData!;
      this.broadcast('drag', { memberId, partyId, pieceId: drag?.pieceId, kindId: drag?.kindId, x: drag?.x, y: drag?.y }, { except: client });
    });
    this.onMessage('*', (client, _type, message) => {
      const aid = (message as { aid?: unknown } | undefined)?.aid;
      client.send('ack', { aid, pieceId: `bare-piece-${++pieces}` });
    });
  }

  override onJoin(client: Client<{ userData: Member }>, options: { partyId?: unknown }): void {
    const partyId = typeof options.partyId === 'string' ? options.partyId : '';
    client.userData = { memberId: client.sessionId, partyId };
    client.send('welcome', { memberId: client.sessionId, role: 'participant', partyId, protocol: 0, baseUrl: '', serverTime: Date.now() });
  }
}

/** A running baseline server. */
export interface BareServer {
  url: string;
  http: HttpServer;
  close(): Promise<void>;
}

/** Start the baseline on loopback; `port: 0` picks a free port. */
export async function startBareServer(host = '127.0.0.1', port = 0): Promise<BareServer> {
  const http = createServer();
  // the same transport settings as the game (server/app.ts)
  const gameServer = new Server({ transport: new WebSocketTransport({ server: http, maxPayload: MAX_MESSAGE_BYTES }), greet: false, gracefullyShutdown: false });
  gameServer.define('workshop', BareRoom).filterBy(['workshopId']);
  await gameServer.listen(port, host);
  const address = http.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    http,
    async close() {
      await matchMaker.gracefullyShutdown().catch(() => undefined);
      http.closeAllConnections?.();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** `count` workshops as the generator needs them; the bare room checks none of it. */
export function bareWorkshops(count: number, from = 0): LoadWorkshop[] {
  const kinds = [...Array.from({ length: 24 }, (_, i) => ({ id: `kind-${i}`, blank: false })), { id: 'own', blank: true }];
  return Array.from({ length: count }, (_, i) => ({ id: `bare-${from + i}`, code: 'BARE', partyIds: ['party-a', 'party-b'], kinds }));
}
