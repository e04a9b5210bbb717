import { limitsFromEnv, type Limits } from './limits.ts';

/** Settings from the environment, each with a default that works on a laptop. */
export interface ServerConfig {
  port: number;
  host: string;
  /** Base of the links and QR codes handed out (e.g. https://vaerdispil.example.dk); else the request's host. */
  publicUrl: string | undefined;
  /** Seconds a dropped connection keeps its seat. */
  reconnectSeconds: number;
  /** 'sqlite' (default: durable, in DATA_DIR), 'memory' (gone when the server stops) or 'postgres' (DATABASE_URL). */
  store: 'sqlite' | 'memory' | 'postgres';
  /** Where the SQLite file lives. */
  dataDir: string;
  /** postgres://… of the database that holds the workshops (DATABASE_URL); setting it picks the postgres store. */
  databaseUrl: string | undefined;
  /**
   * How many reverse proxies of your own stand in front (TRUST_PROXY): the client address is read
   * that many hops from the right of X-Forwarded-For, never further; 0 takes the socket's peer.
   */
  trustProxy: number;
  /** Rate limits (RATE_* variables). */
  limits: Limits;
  /**
   * redis://… of the Redis that joins this process to a deployment of several (REDIS_URL):
   * shared matchmaking, room listings, limits and locks. Undefined: one process on its own.
   */
  redisUrl: string | undefined;
  /**
   * Where clients reach this process directly, as host[:port][/path] without a scheme
   * (PUBLIC_ADDRESS): a seat in a room on this process sends the browser there. Only used in a
   * deployment (REDIS_URL); undefined means `127.0.0.1:<port>`, which works on one machine.
   */
  publicAddress: string | undefined;
}

/** Read the configuration from `env`. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 2567);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const publicUrl = env.PUBLIC_URL?.trim().replace(/\/+$/, '') || undefined;
  if (publicUrl && !/^https?:\/\/[^\s/]+/.test(publicUrl)) throw new Error(`PUBLIC_URL must start with http:// or https://, got ${publicUrl}`);
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  // the password stays out of the message
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error(`DATABASE_URL must start with postgres:// or postgresql://, got ${databaseUrl.split(':')[0]}:…`);
  const redisUrl = env.REDIS_URL?.trim() || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new Error(`REDIS_URL must start with redis:// or rediss://, got ${redisUrl.split(':')[0]}:…`);
  const store = parseStore(env.STORE, databaseUrl);
  // processes that share rooms must share the workshops: a room moves to another process when its own dies
  if (redisUrl && store !== 'postgres') throw new Error('REDIS_URL needs DATABASE_URL=postgres://… too: the processes of a deployment must share one database');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    publicUrl,
    reconnectSeconds: Number(env.RECONNECT_SECONDS ?? 120),
    store,
    dataDir: env.DATA_DIR?.trim() || './data',
    databaseUrl,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    limits: limitsFromEnv(env),
    redisUrl,
    publicAddress: parsePublicAddress(env.PUBLIC_ADDRESS),
  };
}

/** PUBLIC_ADDRESS as Colyseus wants it: host[:port][/path], no scheme (the page's own decides ws or wss), no trailing slash. */
function parsePublicAddress(value: string | undefined): string | undefined {
  const address = value?.trim().replace(/\/+$/, '');
  if (!address) return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(address)) throw new Error(`PUBLIC_ADDRESS is host[:port][/path] without a scheme (the page's https picks wss), got ${address}`);
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~-]+)*$/.test(address) && !/^\[[0-9a-fA-F:]+\](:\d{1,5})?(\/[A-Za-z0-9._~-]+)*$/.test(address)) {
    throw new Error(`PUBLIC_ADDRESS must look like vaerdispil.example.dk/p1 or 10.0.0.5:2567, got ${address}`);
  }
  return address;
}

/** TRUST_PROXY as a number of hops; `true`/`yes` (the old switch) mean the one proxy they always meant. */
function parseTrustProxy(value: string | undefined): number {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '' || text === 'false' || text === 'no') return 0;
  if (text === 'true' || text === 'yes') return 1;
  // never "trust every hop": then a client could name its own address in X-Forwarded-For
  if (!/^\d{1,2}$/.test(text)) throw new Error(`TRUST_PROXY must be the number of reverse proxies of yours in front of the server (0, 1, 2 …), got ${value}`);
  return Number(text);
}

function parseStore(value: string | undefined, databaseUrl: string | undefined): 'sqlite' | 'memory' | 'postgres' {
  if (value === undefined || value === '') return databaseUrl ? 'postgres' : 'sqlite';
  if (value !== 'sqlite' && value !== 'memory' && value !== 'postgres') throw new Error(`STORE must be sqlite, memory or postgres, got ${value}`);
  if (value === 'postgres' && !databaseUrl) throw new Error('STORE=postgres needs DATABASE_URL=postgres://…');
  // two settings that disagree must not leave the operator guessing which store holds the workshops
  if (value !== 'postgres' && databaseUrl) throw new Error(`DATABASE_URL is set but STORE=${value}; unset one of them`);
  return value;
}
