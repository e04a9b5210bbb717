/** Assembles the whole game on one port: the HTTP API, the built client and the Colyseus rooms. */
import { existsSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { Server, matchMaker } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { CLOSE_CODES } from '../shared/closeCodes.ts';
import { WorkshopRoom, type RoomServices } from './rooms/WorkshopRoom.ts';
import { mountApi } from './http.ts';
import { loadDecks } from './decks.ts';
import { Workshops } from './workshops.ts';
import { MemoryStore } from './storage/MemoryStore.ts';
import { sweepExpired } from './retention.ts';
import helmet from 'helmet';
import { log } from './log.ts';
import { DEFAULT_LIMITS, FailureLimiter } from './limits.ts';

/** Largest WebSocket message accepted; larger ones close the connection. */
export const MAX_MESSAGE_BYTES = 4 * 1024;
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
  const limits = config.limits ?? DEFAULT_LIMITS;
  const lookupLimiter = new FailureLimiter(limits.failedLookupsPerMinute);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy ?? false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // inline style attributes carry party and category colours; no inline script anywhere
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'"],
          workerSrc: ["'self'", 'blob:'],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ ok: true, uptimeSeconds: Math.round(process.uptime()) });
  });
  mountApi(app, workshops, config.publicUrl, lookupLimiter, {
    async closeRoom(id) {
      // tell everyone in a live room that the workshop is gone before its data is
      await matchMaker.getLocalRoomById(id)?.disconnect(CLOSE_CODES.workshopDeleted);
    },
  });

  if (config.serveClient !== false && existsSync(CLIENT_DIR)) {
    app.use(express.static(CLIENT_DIR, { index: false, maxAge: '1h' }));
    // client-side routes: the start page, /j/CODE, /screen/CODE, /f/ID
    app.get(['/', '/j/:code', '/screen/:code', '/f/:id'], (_req, res) => res.sendFile('index.html', { root: CLIENT_DIR, maxAge: 0 }));
  }

  const http = createServer(app);
  // the largest honest message (an edit with a full note) is well under 2 KB
  const transport = new WebSocketTransport({ server: http, maxPayload: MAX_MESSAGE_BYTES });
  const gameServer = new Server({ transport, greet: false, gracefullyShutdown: false });
  const services: RoomServices = { store, reconnectSeconds: config.reconnectSeconds ?? 120, publicUrl: config.publicUrl ?? '', limits, lookupLimiter, trustProxy: config.trustProxy ?? false };
  // the server's options override the client's in onCreate, so a client can never pass its own services
  gameServer.define('workshop', WorkshopRoom, { services }).filterBy(['workshopId']);
  await gameServer.listen(config.port ?? 0, config.host ?? '127.0.0.1');
  // workshops past their retention are deleted at start and then every hour
  const sweep = () =>
    sweepExpired(store).then(
      (ids) => ids.length && log('info', 'retention-deleted', { count: ids.length }),
      (error) => log('error', 'retention-failed', { error: String(error) }),
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
