/**
 * A process's place in a deployment of several (REDIS_URL): the Redis connections that Colyseus
 * matchmaking, the room listings, the cluster-wide limits and the once-per-deployment jobs share.
 * Without REDIS_URL none of this is loaded and the process runs on its own, as it always did.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { RedisPresence } from '@colyseus/redis-presence';
import { ClusterDriver } from './clusterDriver.ts';
import { log } from './log.ts';

/** Prefix of every key this game writes itself (Colyseus keeps its own names beside them). */
export const KEY_PREFIX = 'vaerdispil:';

/** How long a start waits for Redis before saying it cannot be reached. */
const CONNECT_TIMEOUT_MS = 5_000;

/** `url` without its password, fit for a log line or an error message. */
export function redactedRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.username = parsed.username && '…';
    return parsed.toString();
  } catch {
    return 'the Redis URL (not a valid URL)';
  }
}

/** The connections of one process to the deployment's Redis. */
export interface ClusterLink {
  /** redis://… as configured (with its password: never log it, use `where`). */
  readonly url: string;
  /** The URL without its password, for messages. */
  readonly where: string;
  /** For this game's own commands: locks, the failed-lookup counts, health checks. */
  readonly redis: Redis;
  /** Colyseus's presence (pub/sub and shared counters of matchmaking). */
  readonly presence: RedisPresence;
  /** Colyseus's room listings, one room per workshop across the deployment. */
  readonly driver: ClusterDriver;
  /**
   * Claim `name` for `ttlMs` unless another process holds it: true means this process does the
   * job. Nothing releases it early, so a job claimed for an hour runs once an hour in the deployment.
   */
  claim(name: string, ttlMs: number): Promise<boolean>;
  /**
   * After this process let go of its rooms (a drain): resolves once each of `rooms` is listed on
   * another process with at least as many people as it had here, or after `timeoutMs`, so a
   * process exits only when its workshops go on elsewhere. True when every room was taken over.
   */
  handedOver(rooms: readonly { roomId: string; clients: number }[], ownProcessId: string, timeoutMs: number): Promise<boolean>;
  /** Call `listener` each time the room listings' connection is back after Redis was away (maybe restarted empty). */
  onReconnect(listener: () => void): void;
  /** Round trip to Redis in ms; rejects when Redis does not answer within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<number>;
  /** Close every connection (after the matchmaker has let go of its rooms). */
  close(): Promise<void>;
}

/**
 * Connect to the Redis at `url`. Rejects with one clear line when it cannot be reached, so a
 * process that was told to join a deployment never runs on its own by mistake.
 */
export async function connectCluster(url: string, owner: string = `${process.pid}`): Promise<ClusterLink> {
  const where = redactedRedisUrl(url);
  const redis = await connected(url, where, 'commands');
  let driverRedis: Redis;
  try {
    driverRedis = await connected(url, where, 'room listings');
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  const presence = new RedisPresence(url);
  const driver = new ClusterDriver(driverRedis);
  let closed = false;
  const reconnected = new Set<() => void>();
  // 'ready' after the first connection means the connection came back
  driverRedis.on('ready', () => {
    if (!closed) for (const listener of reconnected) listener();
  });
  return {
    url,
    where,
    redis,
    presence,
    driver,
    async claim(name, ttlMs) {
      const answer = await redis.set(`${KEY_PREFIX}claim:${name}`, owner, 'PX', Math.max(1, Math.round(ttlMs)), 'NX');
      return answer === 'OK';
    },
    async handedOver(rooms, ownProcessId, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let waiting = [...rooms];
      while (waiting.length > 0 && Date.now() < deadline) {
        const rows = await redis.hmget('roomcaches', ...waiting.map((r) => r.roomId)).catch(() => waiting.map(() => null));
        waiting = waiting.filter((room, i) => {
          const listing = rows[i] ? (JSON.parse(rows[i]!) as { processId?: string; clients?: number }) : undefined;
          return !(listing && listing.processId !== ownProcessId && (listing.clients ?? 0) >= room.clients);
        });
        if (waiting.length > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return waiting.length === 0;
    },
    onReconnect(listener) {
      reconnected.add(listener);
    },
    async ping(timeoutMs = 2_000) {
      const started = performance.now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([redis.ping(), timeout]);
      } finally {
        clearTimeout(timer);
      }
      return performance.now() - started;
    },
    async close() {
      if (closed) return;
      closed = true;
      presence.shutdown();
      await Promise.allSettled([driver.shutdown(), redis.quit()]);
    },
  };
}

/** A connected ioredis client; rejects with the reason (not ioredis's "Connection is closed.") when Redis cannot be reached. */
async function connected(url: string, where: string, purpose: string): Promise<Redis> {
  let lastError: Error | undefined;
  const options: RedisOptions = {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // at start: fail at once instead of retrying for ever; once running, ride out a Redis restart
    retryStrategy: () => null,
    maxRetriesPerRequest: 2,
    connectionName: `vaerdispil-${purpose.replace(/\s+/g, '-')}`,
  };
  const redis = new Redis(url, options);
  redis.on('error', (error: Error) => {
    lastError = error;
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    const reason = lastError?.message || (error instanceof Error ? error.message : String(error));
    throw new Error(`Redis at ${where} cannot be reached: ${reason}`);
  }
  redis.options.retryStrategy = (times: number) => Math.min(times * 200, 2_000);
  redis.removeAllListeners('error');
  let warned = false;
  redis.on('error', (error: Error) => {
    // one warning per outage: ioredis repeats the error on every reconnect attempt
    if (warned) return;
    warned = true;
    log('warn', 'redis-connection-lost', { purpose, error: error.message });
  });
  redis.on('ready', () => {
    if (warned) log('info', 'redis-connection-back', { purpose });
    warned = false;
  });
  return redis;
}
