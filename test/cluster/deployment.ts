/**
 * A deployment of real server processes for the multi-process tests: `node server/main.ts` as an
 * operator starts it, with REDIS_URL and DATABASE_URL, on a throwaway PostgreSQL database and a
 * Redis database of its own. Plus a front door that stands in for the reverse proxy's HTTP part
 * (any live process answers the API and matchmaking), since WebSockets go straight to each
 * process's PUBLIC_ADDRESS.
 *
 * Without a reachable Redis or PostgreSQL the tests are skipped with a printed reason, except in
 * CI (CI set), where they fail.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createTestDatabase, probePostgres, type TestDatabase } from '../server/storeDatabase.ts';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Node 22 from node_modules (the system's may be older); main.ts runs on its type stripping, as in production. */
export const NODE = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url));

/** The Redis the tests use (a database number of their own is picked per run). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/** Why the test Redis cannot be used, or undefined when it answers. */
export async function probeRedis(): Promise<string | undefined> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, connectTimeout: 3000, retryStrategy: () => null, maxRetriesPerRequest: 1 });
  let redisError = '';
  redis.on('error', (error: Error) => (redisError = error.message));
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    return `Redis at ${TEST_REDIS_URL} is not reachable (${redisError || String(error)})`;
  } finally {
    redis.disconnect();
  }
}

/** Whether the deployment tests can run here, and what to say when they cannot. */
export async function deploymentSupport(): Promise<{ run: true } | { run: false; skip: boolean; reason: string }> {
  const reasons: string[] = [];
  const redis = await probeRedis();
  if (redis) reasons.push(redis);
  const postgres = await probePostgres();
  if (!postgres.ok) reasons.push(postgres.reason);
  if (reasons.length === 0) return { run: true };
  // on CI a missing service is a broken setup, not a reason to pass quietly
  return { run: false, skip: !process.env.CI, reason: `${reasons.join('; ')} — start them (README, "Scale out") to run the multi-process tests` };
}

/** One running `node server/main.ts` of the deployment. */
export interface GameProcess {
  name: string;
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** Colyseus's process id, as in the room listings. */
  processId: string;
  publicAddress: string;
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Everything it printed so far. */
  output(): string;
}

/** A deployment of game processes sharing one Redis and one PostgreSQL. */
export class Deployment {
  readonly database: TestDatabase;
  readonly redisUrl: string;
  /** A connection to the deployment's Redis database, for looking at the room listings. */
  readonly redis: Redis;
  readonly processes: GameProcess[] = [];
  private readonly env: NodeJS.ProcessEnv;

  private constructor(database: TestDatabase, redisUrl: string, env: NodeJS.ProcessEnv) {
    this.database = database;
    this.redisUrl = redisUrl;
    this.redis = new Redis(redisUrl);
    this.env = env;
  }

  /** A fresh database and an empty Redis database for one test file. */
  static async create(env: NodeJS.ProcessEnv = {}): Promise<Deployment> {
    const database = await createTestDatabase();
    // a Redis database of its own (1–15): another run on this machine must not see these listings
    const admin = new Redis(TEST_REDIS_URL);
    let redisUrl = '';
    try {
      for (let tries = 0; tries < 30 && !redisUrl; tries++) {
        const db = 1 + Math.floor(Math.random() * 15);
        // claim the database for this run, so two runs at once do not share it
        const claimed = await admin.eval(`redis.call('SELECT', ARGV[1]) if redis.call('SET', 'vaerdispil:test-run', ARGV[2], 'NX', 'EX', 1800) then return 1 end return 0`, 0, String(db), String(process.pid));
        if (claimed === 1) redisUrl = `${TEST_REDIS_URL.replace(/\/\d*$/, '')}/${db}`;
      }
    } finally {
      admin.disconnect();
    }
    if (!redisUrl) throw new Error('no free Redis database (1–15) for the deployment tests');
    const deployment = new Deployment(database, redisUrl, env);
    await deployment.redis.del('roomcaches', 'roomcount');
    return deployment;
  }

  /** Start one more process (optionally on a given port and public address); resolves once it serves. */
  async start(name: string, options: { port?: number; publicAddress?: string; env?: NodeJS.ProcessEnv } = {}): Promise<GameProcess> {
    const port = options.port ?? (await freePort());
    const child = spawn(NODE, ['server/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: this.database.url,
        REDIS_URL: this.redisUrl,
        ...(options.publicAddress ? { PUBLIC_ADDRESS: options.publicAddress } : {}),
        // the tests measure the deployment, not the limiter: every client comes from 127.0.0.1
        RATE_ACTIONS_PER_SECOND: '0',
        RATE_FAILED_LOOKUPS_PER_10_MINUTES: '0',
        RATE_JOINS_PER_MINUTE: '0',
        RATE_NEW_MEMBERS_PER_MINUTE: '0',
        RATE_WORKSHOPS_PER_HOUR: '0',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        ...this.env,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal, at: performance.now() })),
    );
    const started = await new Promise<{ processId: string; publicAddress: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`process ${name} did not start within 60 s:\n${output}`)), 60_000);
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`process ${name} exited (${code ?? signal}) before it served:\n${output}`));
      });
      createInterface({ input: child.stdout! }).on('line', (line) => {
        output += `${line}\n`;
        const match = /process (\S+), reached at (\S+)\.$/.exec(line);
        if (!match) return;
        clearTimeout(timer);
        resolve({ processId: match[1]!, publicAddress: match[2]! });
      });
    });
    const game: GameProcess = { name, port, url: `http://127.0.0.1:${port}`, ...started, child, exited, output: () => output };
    this.processes.push(game);
    return game;
  }

  /** The process whose listing holds the room of `workshopId`, if any. */
  async hostOf(workshopId: string): Promise<GameProcess | undefined> {
    const listing = await this.redis.hget('roomcaches', workshopId);
    if (!listing) return undefined;
    const { processId } = JSON.parse(listing) as { processId: string };
    return this.processes.find((p) => p.processId === processId);
  }

  /** Every room listing of the deployment. */
  async listings(): Promise<{ roomId: string; processId: string; clients: number }[]> {
    const all = await this.redis.hgetall('roomcaches');
    return Object.values(all).map((row) => JSON.parse(row) as { roomId: string; processId: string; clients: number });
  }

  /** The processes still running. */
  live(): GameProcess[] {
    return this.processes.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
  }

  /** Stop every process (SIGKILL: the tests are over), drop the database and empty the Redis database. */
  async close(): Promise<void> {
    for (const p of this.live()) p.child.kill('SIGKILL');
    await Promise.all(this.processes.map((p) => p.exited));
    await this.redis.flushdb().catch(() => undefined);
    this.redis.disconnect();
    await this.database.drop();
  }
}

/** A port that is free now. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * The HTTP half of a reverse proxy: each request goes to the next process in turn, and to the one
 * after it when a process does not answer (as nginx's `proxy_next_upstream error`), so the API and
 * matchmaking reach the deployment as long as one process lives.
 */
export interface FrontDoor {
  url: string;
  /** Requests forwarded, per process name. */
  served: Map<string, number>;
  close(): Promise<void>;
}

/** Start a front door over `deployment`'s live processes. */
export async function frontDoor(deployment: Deployment): Promise<FrontDoor> {
  let turn = 0;
  const served = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const candidates = deployment.live();
      const start = turn++;
      const attempt = (i: number) => {
        if (i >= candidates.length) {
          res.writeHead(502).end('no process answers');
          return;
        }
        const target = candidates[(start + i) % candidates.length]!;
        const forward = request(
          { host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${target.port}` } },
          (answer) => {
            served.set(target.name, (served.get(target.name) ?? 0) + 1);
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        // a refused connection never reached the process: the next one may answer
        forward.on('error', () => attempt(i + 1));
        forward.end(body);
      };
      attempt(0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Create a workshop through `base` (a process or the front door). */
export async function createWorkshop(base: string, title: string, parties = 3): Promise<{ id: string; code: string; facilitatorKey: string; partyIds: string[] }> {
  const created = await fetch(`${base}/api/workshops`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode: 'free', title, maxParticipants: 60, parties: ['Boligsocial helhedsplan', 'Kommunen', 'Skolen', 'Jobcentret'].slice(0, parties).map((name) => ({ name })) }),
  });
  if (created.status !== 201) throw new Error(`creating a workshop through ${base}: ${created.status} ${await created.text()}`);
  const body = (await created.json()) as { id: string; code: string; facilitatorKey: string };
  const info = (await (await fetch(`${base}/api/workshops/${body.code}`)).json()) as { parties: { id: string }[] };
  return { ...body, partyIds: info.parties.map((p) => p.id) };
}
