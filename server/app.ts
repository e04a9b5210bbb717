/** Assembles the whole game on one port: the HTTP API, the built client and the Colyseus rooms. */
import { existsSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { Server, matchMaker } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { bindWorkshopRoom } from './rooms/WorkshopRoom.ts';
import { mountApi } from './http.ts';
import { loadDecks } from './decks.ts';
import { Workshops } from './workshops.ts';
import { MemoryStore } from './storage/MemoryStore.ts';
import { sweepExpired } from './retention.ts';
import type { WorkshopStore } from './storage/WorkshopStore.ts';
import type { ServerConfig } from './config.ts';

/** The built client (vite build output). */
export const CLIENT_DIR = fileURLToPath(new URL('../dist/client/', import.meta.url));

/** A running game server. */
export interface RunningServer {
  port: number;
  /** Base URL on this machine, e.g. http://127.0.0.1:2567 */
  url: string;
  workshops: Workshops;
  http: HttpServer;
  close(): Promise<void>;
}

/** Start the game server; `port: 0` picks a free port (tests). */
export async function startServer(config: Partial<Omit<ServerConfig, 'store'>> & { store?: WorkshopStore; serveClient?: boolean } = {}): Promise<RunningServer> {
  const store = config.store ?? new MemoryStore();
  const workshops = new Workshops(store, loadDecks());
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  mountApi(app, workshops, config.publicUrl, {
    async closeRoom(id) {
      // tell everyone in a live room that the workshop is gone before its data is
      await matchMaker.getLocalRoomById(id)?.disconnect(4004);
    },
  });

  if (config.serveClient !== false && existsSync(CLIENT_DIR)) {
    app.use(express.static(CLIENT_DIR, { index: false, maxAge: '1h' }));
    // client-side routes: the start page, /j/CODE, /screen/CODE, /f/ID
    app.get(['/', '/j/:code', '/screen/:code', '/f/:id'], (_req, res) => res.sendFile('index.html', { root: CLIENT_DIR, maxAge: 0 }));
  }

  const http = createServer(app);
  const gameServer = new Server({ transport: new WebSocketTransport({ server: http }), greet: false, gracefullyShutdown: false });
  gameServer.define('workshop', bindWorkshopRoom({ store, reconnectSeconds: config.reconnectSeconds ?? 120, publicUrl: config.publicUrl ?? '' })).filterBy(['workshopId']);
  await gameServer.listen(config.port ?? 0, config.host ?? '127.0.0.1');
  // workshops past their retention are deleted at start and then every hour
  const sweep = () =>
    sweepExpired(store).then(
      (ids) => ids.length && console.log(JSON.stringify({ level: 'info', event: 'retention-deleted', count: ids.length })),
      (error) => console.error(JSON.stringify({ level: 'error', event: 'retention-failed', error: String(error) })),
    );
  void sweep();
  const sweeper = setInterval(sweep, 60 * 60 * 1000);
  sweeper.unref();
  const port = (http.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    workshops,
    http,
    async close() {
      clearInterval(sweeper);
      await matchMaker.gracefullyShutdown().catch(() => undefined);
      http.closeAllConnections?.();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await store.close();
    },
  };
}
