/**
 * The baseline for the drag benchmark: the least a relay can do. A plain `ws` server that sends
 * every message it receives, untouched, to every other connected client — no matchmaking, no
 * parsing, no validation, no framing of its own. Whatever the Colyseus room costs on top of this
 * is the price of the framework and the game rules.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';

export interface BaselineServer {
  port: number;
  close(): Promise<void>;
}

/** Start the relay on loopback; `port: 0` picks a free port. */
export async function startBaselineServer(host = '127.0.0.1', port = 0): Promise<BaselineServer> {
  // perMessageDeflate off, as in @colyseus/ws-transport, so both servers frame bytes the same way
  const wss = new WebSocketServer({ host, port, perMessageDeflate: false });
  wss.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => {
      for (const other of wss.clients) {
        if (other !== socket && other.readyState === WebSocket.OPEN) other.send(data, { binary: isBinary });
      }
    });
  });
  await new Promise<void>((resolve, reject) => wss.once('listening', resolve).once('error', reject));
  return {
    port: (wss.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      for (const client of wss.clients) client.terminate();
      wss.close(() => resolve());
    }),
  };
}
