/**
 * The heartbeat that finds connections whose device vanished (a phone whose Wi-Fi dropped sends no
 * close): every connection is pinged once per interval and closed after `maxRetries` pings in a
 * row went unanswered — as @colyseus/ws-transport does, but spread over the interval. The
 * transport pings every connection of the process in one burst every 3 s; on a busy process that
 * is one socket write per connection at once (and as many pongs to read right after), and every
 * live drag that arrives meanwhile waits behind it (in `npm run bench`, one run with the pings off
 * had its worst drag at 6.6 ms instead of 9–10). Here the connections are dealt into SLICES slots
 * and one slot is pinged per 1/SLICES of the interval: the same pings, the same time to find a
 * dead connection (within one slice), a tenth of the burst.
 */
import { WebSocketTransport } from '@colyseus/ws-transport';

/** Into how many slots the connections are dealt over one ping interval. */
export const PING_SLICES = 10;

/** What the rota needs of a connection: ws's WebSocket with the transport's unanswered-ping count (reset by each pong). */
export interface Pingable {
  pingCount: number;
  ping(data?: unknown, mask?: boolean, cb?: (error?: Error) => void): void;
  terminate(): void;
}

const noop = () => undefined;

/** Which slot pings whom: connections are dealt round-robin as first seen; each tick pings one slot. */
export class PingRota<C extends Pingable> {
  private readonly slices: number;
  private readonly maxRetries: number;
  private readonly slotOf = new WeakMap<C, number>();
  private dealt = 0;
  private tickCount = 0;

  constructor(maxRetries: number, slices = PING_SLICES) {
    this.slices = slices;
    this.maxRetries = maxRetries;
  }

  /** One slice of the interval: ping this slot's connections, close those that left `maxRetries` pings unanswered. */
  tick(connections: Iterable<C>): void {
    const slot = this.tickCount++ % this.slices;
    for (const connection of connections) {
      let own = this.slotOf.get(connection);
      if (own === undefined) {
        own = this.dealt++ % this.slices;
        this.slotOf.set(connection, own);
      }
      if (own !== slot) continue;
      if (connection.pingCount >= this.maxRetries) {
        connection.terminate();
        continue;
      }
      connection.pingCount++;
      connection.ping(undefined, undefined, noop);
    }
  }
}

/** @colyseus/ws-transport with its heartbeat spread over the interval (PingRota). */
export class WebSocketTransportWithRota extends WebSocketTransport {
  protected override autoTerminateUnresponsiveClients(pingInterval: number, pingMaxRetries: number): void {
    const rota = new PingRota<Pingable>(pingMaxRetries);
    // kept where the transport keeps its own timer, so its shutdown clears this one
    this.pingInterval = setInterval(() => rota.tick(this.wss.clients as unknown as Set<Pingable>), pingInterval / PING_SLICES);
  }
}
