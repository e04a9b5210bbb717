/** Assembles the whole game on one port: the HTTP API, the built client and the Colyseus rooms. */
import { existsSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { Server, matchMaker } from '@colyseus/core';
import { WebSocketTransportWithRota } from './pingRota.ts';
import { CLOSE_CODES } from '../shared/closeCodes.ts';
import { WorkshopRoom, type RoomServices } from './rooms/WorkshopRoom.ts';
import { guardRequests, mountApi } from './http.ts';
import { clientFiles } from './clientFiles.ts';
import { loadDecks } from './decks.ts';
import { Workshops } from './workshops.ts';
import { MemoryStore } from './storage/MemoryStore.ts';
import { scheduleSweeps } from './retention.ts';
import { connectCluster, type ClusterLink } from './cluster.ts';
import helmet from 'helmet';
import { log } from './log.ts';
import { DEFAULT_LIMITS, addressLimits, memoryCounters, redisCounters } from './limits.ts';

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
  /** In a deployment (REDIS_URL): this process's id and the address clients reach it at. */
  cluster?: { processId: string; publicAddress: string };
  close(): Promise<void>;
}

/** What startServer takes: the settings, and the store and Redis link when the caller opened them already. */
export type StartOptions = Partial<Omit<ServerConfig, 'store'>> & {
  store?: WorkshopStore;
  serveClient?: boolean;
  /** The built client to serve (default dist/client). */
  clientDir?: string;
  /** The deployment's Redis, already connected (npm start connects first, to name what failed); else REDIS_URL's is connected here. */
  cluster?: ClusterLink;
};

/** A port that is free now, for a process that must announce its address before it listens. */
async function freePort(host: string): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, host, resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** The WebSocket origins a page may open besides its own: any port of the host in PUBLIC_ADDRESS (every process of a deployment shares it). */
function clusterConnectSources(publicAddress: string): string[] {
  const host = /^(\[[^\]]+\]|[^:/]+)/.exec(publicAddress)?.[1];
  return host ? [`ws://${host}:*`, `wss://${host}:*`, `ws://${host}`, `wss://${host}`] : [];
}

/** Start the game server; `port: 0` picks a free port (tests). */
export async function startServer(config: StartOptions = {}): Promise<RunningServer> {
  const store = config.store ?? new MemoryStore();
  const cluster = config.cluster ?? (config.redisUrl ? await connectCluster(config.redisUrl) : undefined);
  const host = config.host ?? '127.0.0.1';
  // a deployment announces its address before it listens, so it needs its port first
  const port = cluster && !config.port ? await freePort(host) : (config.port ?? 0);
  const publicAddress = cluster ? (config.publicAddress ?? `${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`) : undefined;
  const workshops = new Workshops(store, loadDecks());
  const limits = config.limits ?? DEFAULT_LIMITS;
  // per address: failed look-ups, workshops created, seat reservations, new members; a deployment
  // counts them in Redis, so an address cannot multiply its allowance by the number of processes
  const perAddress = addressLimits(limits, cluster ? redisCounters(cluster.redis) : memoryCounters);
  const trustedHops = config.trustProxy ?? 0;
  const app = express();
  app.disable('x-powered-by');
  // exactly the configured number of proxy hops, never "every hop" (a client could then name its own address)
  app.set('trust proxy', trustedHops > 0 ? trustedHops : false);
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
          // in a deployment a seat may be on another process, reached at its PUBLIC_ADDRESS
          connectSrc: ["'self'", ...(publicAddress ? clusterConnectSources(publicAddress) : [])],
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
  // a load balancer takes a process out when it cannot reach the database or the deployment's Redis
  app.get('/healthz', async (_req, res) => {
    const [database, redis] = await Promise.all([
      timed(() => store.idForCode('-')),
      cluster ? timed(() => cluster.ping()) : Promise.resolve(undefined),
    ]);
    const ok = database.ok && (redis?.ok ?? true);
    res
      .status(ok ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({
        ok,
        uptimeSeconds: Math.round(process.uptime()),
        database,
        ...(redis ? { redis } : {}),
        ...(cluster ? { process: { id: matchMaker.processId, publicAddress, rooms: matchMaker.stats.local.roomCount, clients: matchMaker.stats.local.ccu } } : {}),
      });
  });
  mountApi(app, workshops, config.publicUrl, perAddress, {
    async closeRoom(id) {
      // tell everyone in a live room that the workshop is gone before its data is; in a deployment the room may live on another process
      const local = matchMaker.getLocalRoomById(id);
      if (local) return void (await local.disconnect(CLOSE_CODES.workshopDeleted));
      if (!cluster || !(await matchMaker.getRoomById(id))) return;
      await matchMaker.remoteRoomCall(id, 'disconnect', [CLOSE_CODES.workshopDeleted]).catch((error: unknown) => log('warn', 'remote-close-failed', { workshop: id, error: String(error) }));
    },
  });

  const clientDir = config.clientDir ?? CLIENT_DIR;
  if (config.serveClient !== false && existsSync(clientDir)) {
    // client-side routes: the start page, /j/CODE, /screen/CODE, /f/ID; hashed assets are cached for good, the rest revalidated
    app.use(clientFiles(clientDir, ['/', '/j/:code', '/screen/:code', '/f/:id']));
  }

  const http = createServer(app);
  // the largest honest message (an edit with a full note) is well under 2 KB
  // the transport's heartbeat (a ping every 3 s, closed after 2 unanswered), spread over the 3 s instead of one burst
  const transport = new WebSocketTransportWithRota({ server: http, maxPayload: MAX_MESSAGE_BYTES });
  const gameServer = new Server({
    transport,
    greet: false,
    gracefullyShutdown: false,
    // in a deployment: matchmaking, room listings and seat reservations across every process
    ...(cluster ? { presence: cluster.presence, driver: cluster.driver, publicAddress, selectProcessIdToCreateRoom: processForNewRoom } : {}),
  });
  const services: RoomServices = { store, reconnectSeconds: config.reconnectSeconds ?? 120, publicUrl: config.publicUrl ?? '', limits, addressLimits: perAddress };
  // the server's options override the client's in onCreate, so a client can never pass its own services
  gameServer.define('workshop', WorkshopRoom, { services }).filterBy(['workshopId']);
  try {
    await gameServer.listen(port, host);
    // at once, before any request can arrive: the address every limit counts, and no oversize body read into memory
    guardRequests(http, trustedHops);
  } catch (error) {
    await cluster?.close();
    throw error;
  }
  // Redis keeps nothing on disk: one that restarted has lost this process's room listings and
  // counts, and without them a join would open a second room for a workshop already open here
  cluster?.onReconnect(() => {
    Promise.resolve()
      .then(() => matchMaker.restoreMissingRoomCaches())
      .then(() => matchMaker.stats.persist(true))
      .then(
        () => log('info', 'room-listings-restored', { rooms: matchMaker.stats.local.roomCount }),
        (error: unknown) => log('warn', 'room-listings-not-restored', { error: String(error) }),
      );
  });
  // workshops past their retention are deleted at start and then every hour, by one process of a deployment
  const stopSweeps = scheduleSweeps(store, cluster ? { claim: (ttlMs) => cluster.claim('retention-sweep', ttlMs) } : {});
  const listening = (http.address() as AddressInfo).port;
  return {
    port: listening,
    url: `http://127.0.0.1:${listening}`,
    workshops,
    http,
    ...(cluster && publicAddress ? { cluster: { processId: matchMaker.processId, publicAddress } } : {}),
    async close() {
      stopSweeps();
      // no new connections while draining: a proxy sends new ones (and rejoining clients) to the other processes
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      const handing = cluster ? await roomsWithPeople(cluster) : [];
      await matchMaker.gracefullyShutdown().catch(() => undefined);
      http.closeAllConnections?.();
      await closed;
      // the people were told to rejoin (4001): exit once their workshops go on in another process
      if (cluster && handing.length > 0 && (await matchMaker.stats.fetchAll().catch(() => [])).some((p) => p.processId !== matchMaker.processId)) {
        const done = await cluster.handedOver(handing, matchMaker.processId, HANDOVER_WAIT_MS);
        log(done ? 'info' : 'warn', done ? 'rooms-handed-over' : 'rooms-not-handed-over', { rooms: handing.length });
        // the last seats are reserved a moment before their people connect (longer on a busy machine)
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      await cluster?.close();
      await store.close();
    },
  };
}

/** How many more rooms than the least busy process this one may carry before a new room goes there instead. */
const ROOM_SPREAD_MARGIN = 3;

/** Rooms this process asked others to open lately, by process: their counts in Redis do not show them yet. */
const recentlySent = new Map<string, number[]>();
/** How long a room sent elsewhere counts against that process here (its count in Redis is at most a second old). */
const SENT_MEMORY_MS = 2_000;

/**
 * Where a new room of a deployment opens: on the process that was asked (no hop between processes,
 * and a proxy that spreads requests spreads rooms), unless another carries clearly fewer. Colyseus's
 * own choice, the least busy by counts in Redis that are up to a second old, sends a whole burst of
 * new rooms to one process; here the rooms this process sent elsewhere lately are added to them.
 */
async function processForNewRoom(): Promise<string> {
  const now = Date.now();
  const sent = (processId: string) => {
    const times = (recentlySent.get(processId) ?? []).filter((t) => now - t < SENT_MEMORY_MS);
    recentlySent.set(processId, times);
    return times.length;
  };
  const processes = (await matchMaker.stats.fetchAll()).map((p) => ({ processId: p.processId, rooms: p.roomCount + (p.processId === matchMaker.processId ? 0 : sent(p.processId)) }));
  const own = processes.find((p) => p.processId === matchMaker.processId);
  const least = processes.sort((a, b) => a.rooms - b.rooms)[0];
  if (!least || least.processId === matchMaker.processId || (own && own.rooms <= least.rooms + ROOM_SPREAD_MARGIN)) return matchMaker.processId;
  recentlySent.set(least.processId, [...(recentlySent.get(least.processId) ?? []), now]);
  return least.processId;
}

/** Longest a draining process of a deployment waits for its rooms to be taken over by another. */
const HANDOVER_WAIT_MS = 10_000;

/** This process's listed rooms that have people in them (before a drain). */
async function roomsWithPeople(cluster: ClusterLink): Promise<{ roomId: string; clients: number }[]> {
  try {
    const listings = await cluster.driver.query({ processId: matchMaker.processId });
    return listings.filter((l) => l.clients > 0).map((l) => ({ roomId: l.roomId, clients: l.clients }));
  } catch {
    return [];
  }
}

/** Run a check and time it: `{ ok, ms }`, with the reason when it failed. */
async function timed(check: () => Promise<unknown>): Promise<{ ok: boolean; ms: number; error?: string }> {
  const started = performance.now();
  try {
    await check();
    return { ok: true, ms: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return { ok: false, ms: Math.round(performance.now() - started), error: error instanceof Error ? error.message : String(error) };
  }
}
