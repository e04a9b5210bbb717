import { limitsFromEnv, type Limits } from './limits.ts';

/** Settings from the environment, each with a default that works on a laptop. */
export interface ServerConfig {
  port: number;
  host: string;
  /** Base of the links and QR codes handed out (e.g. https://vaerdispil.example.dk); else the request's host. */
  publicUrl: string | undefined;
  /** Seconds a dropped connection keeps its seat. */
  reconnectSeconds: number;
  /** 'sqlite' (default: durable, in DATA_DIR) or 'memory' (gone when the server stops). */
  store: 'sqlite' | 'memory';
  /** Where the SQLite file lives. */
  dataDir: string;
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
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    publicUrl,
    reconnectSeconds: Number(env.RECONNECT_SECONDS ?? 120),
    store: parseStore(env.STORE),
    dataDir: env.DATA_DIR?.trim() || './data',
    trustProxy: ['1', 'true', 'yes'].includes((env.TRUST_PROXY ?? '').toLowerCase()),
    limits: limitsFromEnv(env),
  };
}

function parseStore(value: string | undefined): 'sqlite' | 'memory' {
  if (value === undefined || value === '' || value === 'sqlite') return 'sqlite';
  if (value === 'memory') return 'memory';
  throw new Error(`STORE must be sqlite or memory, got ${value}`);
}
