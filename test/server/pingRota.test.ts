/**
 * The spread heartbeat (server/pingRota.ts): every connection is pinged once per interval and
 * closed after the same number of unanswered pings as the transport's own heartbeat, but only a
 * slice of the connections at a time — and over a real socket a silent client is closed, an
 * answering one kept.
 */
import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { PING_SLICES, PingRota, WebSocketTransportWithRota, type Pingable } from '../../server/pingRota.ts';

class FakeConnection implements Pingable {
  pingCount = 0;
  pings = 0;
  terminated = false;
  answers = true;
  ping(): void {
    this.pings++;
    // a live client's pong comes back before the next slice (the transport's heartbeat resets the count)
    if (this.answers) queueMicrotask(() => (this.pingCount = 0));
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe('the ping rota', () => {
  it('pings every connection once per interval, a slice at a time', async () => {
    const rota = new PingRota<FakeConnection>(2);
    const connections = Array.from({ length: 95 }, () => new FakeConnection());
    for (let interval = 0; interval < 3; interval++) {
      for (let slice = 0; slice < PING_SLICES; slice++) {
        const before = connections.reduce((n, c) => n + c.pings, 0);
        rota.tick(connections);
        await Promise.resolve();
        const burst = connections.reduce((n, c) => n + c.pings, 0) - before;
        expect(burst).toBeLessThanOrEqual(Math.ceil(connections.length / PING_SLICES));
      }
      expect(connections.every((c) => c.pings === interval + 1)).toBe(true);
    }
    expect(connections.some((c) => c.terminated)).toBe(false);
  });

  it('closes a connection after as many unanswered pings as the transport would, and only that one', async () => {
    const rota = new PingRota<FakeConnection>(2);
    const connections = Array.from({ length: 12 }, () => new FakeConnection());
    const silent = connections[5]!;
    silent.answers = false;
    let ticks = 0;
    while (!silent.terminated && ticks < 10 * PING_SLICES) {
      rota.tick(connections);
      await Promise.resolve();
      ticks++;
    }
    // two pings unanswered, closed at its third turn: within the third interval, as with one burst every interval
    expect(silent.pings).toBe(2);
    expect(ticks).toBeGreaterThan(2 * PING_SLICES);
    expect(ticks).toBeLessThanOrEqual(3 * PING_SLICES);
    expect(connections.filter((c) => c.terminated)).toEqual([silent]);
  });

  it('a newcomer is dealt a slot on first sight and pinged within one interval', async () => {
    const rota = new PingRota<FakeConnection>(2);
    const connections = [new FakeConnection()];
    rota.tick(connections);
    const late = new FakeConnection();
    connections.push(late);
    for (let i = 0; i < PING_SLICES; i++) rota.tick(connections);
    expect(late.pings).toBe(1);
  });
});

describe('the transport with the rota, on a real socket', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('closes a client that stops answering pings and keeps one that answers', async () => {
    const http = createServer();
    const transport = new WebSocketTransportWithRota({ server: http, pingInterval: 100, pingMaxRetries: 2 });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
    closers.push(async () => {
      transport.shutdown();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    });
    const port = (http.address() as { port: number }).port;
    // a socket without a room: the transport holds it open for a second (its latency check), long enough for three intervals
    const open = (autoPong: boolean) => new WebSocket(`ws://127.0.0.1:${port}/`, { autoPong });
    const answering = open(true);
    const silent = open(false);
    const pinged = { answering: 0, silent: 0 };
    answering.on('ping', () => pinged.answering++);
    silent.on('ping', () => pinged.silent++);
    const silentClosed = new Promise<number>((resolve) => silent.on('close', (code) => resolve(code)));
    await Promise.all([answering, silent].map((ws) => new Promise((resolve) => ws.once('open', resolve))));
    const code = await silentClosed;
    // terminated (no close frame: ws reports an abnormal closure) — not the transport's own close after a second — while the answering one stays
    expect(code).toBe(1006);
    expect(answering.readyState).toBe(WebSocket.OPEN);
    expect(pinged.silent).toBe(2);
    expect(pinged.answering).toBeGreaterThanOrEqual(2);
    answering.close();
  });
});
