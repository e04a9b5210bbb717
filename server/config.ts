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
  /** Trust X-Forwarded-For / X-Real-IP for the client address (only behind your own reverse proxy). */
  trustProxy: boolean;
  /** Rate limits (RATE_* variables). */
  limits: Limits;
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
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    publicUrl,
    reconnectSeconds: Number(env.RECONNECT_SECONDS ?? 120),
    store: parseStore(env.STORE, databaseUrl),
    dataDir: env.DATA_DIR?.trim() || './data',
    databaseUrl,
    trustProxy: ['1', 'true', 'yes'].includes((env.TRUST_PROXY ?? '').toLowerCase()),
    limits: limitsFromEnv(env),
  };
}

function parseStore(value: string | undefined, databaseUrl: string | undefined): 'sqlite' | 'memory' | 'postgres' {
  if (value === undefined || value === '') return databaseUrl ? 'postgres' : 'sqlite';
  if (value !== 'sqlite' && value !== 'memory' && value !== 'postgres') throw new Error(`STORE must be sqlite, memory or postgres, got ${value}`);
  if (value === 'postgres' && !databaseUrl) throw new Error('STORE=postgres needs DATABASE_URL=postgres://…');
  // two settings that disagree must not leave the operator guessing which store holds the workshops
  if (value !== 'postgres' && databaseUrl) throw new Error(`DATABASE_URL is set but STORE=${value}; unset one of them`);
  return value;
}
