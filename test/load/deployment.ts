/**
 * `npm run load -- --processes N`: the game as a deployment of N server processes (REDIS_URL and
 * DATABASE_URL on this machine's Redis and PostgreSQL, in a throwaway database and a Redis database
 * of its own), beside one process on its own (SQLite, no Redis) carrying the same workshops.
 *
 * The workshops are created through the processes in turn and their clients ask each workshop's
 * own process for their seats, so matchmaking crosses processes; Colyseus places each room on the
 * process with the fewest. One load generator drives every client, as in `npm run load`; each
 * server process's CPU is metered over the same window. Reported per process: the rooms it hosted,
 * its CPU and event-loop use, and the workshops it would carry on one whole core at that cost
 * (an estimate, from CPU) — so the cost of Redis in the path shows beside the single process.
 *
 * Env as for `npm run load` (LOAD_WORKSHOPS, LOAD_CLIENTS, LOAD_SECONDS, LOAD_RATE, LOAD_WRITE=0);
 * LOAD_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) is where the throwaway
 * database is made, LOAD_REDIS_URL (default redis://127.0.0.1:6379) the Redis.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { Client as PgClient } from 'pg';
import { machineFacts, writeSection, type MachineFacts } from '../../bench/benchmarksFile.ts';
import type { GeneratorReply, GeneratorRequest, Load, LoadResult, LoadTraffic, LoadWorkshop, ServerReply, ServerRequest } from './ipc.ts';
import { waitFor } from './ipc.ts';

const ADMIN_DATABASE_URL = process.env.LOAD_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.LOAD_REDIS_URL || 'redis://127.0.0.1:6379';
const BENCHMARKS_MD = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));
const BEGIN = '<!-- bench:load-deployment -->';
const END = '<!-- /bench:load-deployment -->';

/** The fixed load of one run. */
export interface DeploymentLoadConfig {
  workshops: number;
  clientsPerWorkshop: number;
  seconds: number;
  rate: number;
}

/** One server process's share of a run. */
interface ProcessShare {
  name: string;
  rooms: number;
  load: Load;
  windowMs: number;
}

/** One run: a setup (one process alone, or N of a deployment) at the fixed load. */
interface SetupRun {
  label: string;
  processes: ProcessShare[];
  result: LoadResult;
}

const children = new Set<ChildProcess>();

/** A game server process (test/load/loadServer.ts), alone or of a deployment. */
class GameProcess {
  readonly name: string;
  readonly child: ChildProcess;
  httpUrl = '';
  processId = '';

  constructor(name: string, env: NodeJS.ProcessEnv) {
    this.name = name;
    // fork() passes on this process's execArgv, which under tsx carries its TypeScript loader
    this.child = fork(fileURLToPath(new URL('./loadServer.ts', import.meta.url)), [], {
      execArgv: [...process.execArgv, '--expose-gc'],
      env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', LOAD_SERVER_KIND: 'game', ...env },
      stdio: 'inherit',
    });
    children.add(this.child);
  }

  async ready(): Promise<void> {
    this.httpUrl = (await waitFor<ServerReply, 'ready'>(this.child, this.name, 'ready')).httpUrl;
    const health = (await (await fetch(`${this.httpUrl}/healthz`)).json()) as { process?: { id: string } };
    this.processId = health.process?.id ?? '';
  }

  ask<T extends ServerReply['type']>(request: ServerRequest, reply: T): Promise<Extract<ServerReply, { type: T }>> {
    const answer = waitFor<ServerReply, T>(this.child, this.name, reply);
    this.child.send(request);
    return answer;
  }

  async exit(): Promise<void> {
    if (!this.child.connected) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'exit' } satisfies ServerRequest);
    await exited;
    children.delete(this.child);
  }
}

/** A throwaway PostgreSQL database and a Redis database (1–15) of the run's own. */
async function deploymentServices(): Promise<{ databaseUrl: string; redisUrl: string; redis: Redis; drop: () => Promise<void> }> {
  const name = `vaerdispil_load_${randomBytes(5).toString('hex')}`;
  const admin = new PgClient({ connectionString: ADMIN_DATABASE_URL, connectionTimeoutMillis: 5000 });
  await admin.connect().catch((error: unknown) => {
    throw new Error(`--processes needs PostgreSQL at ${ADMIN_DATABASE_URL} (LOAD_DATABASE_URL): ${String(error)}`);
  });
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const databaseUrl = Object.assign(new URL(ADMIN_DATABASE_URL), { pathname: `/${name}` }).toString();
  const probe = new Redis(REDIS_URL, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 1 });
  probe.on('error', () => undefined);
  await probe.connect().catch((error: unknown) => {
    throw new Error(`--processes needs Redis at ${REDIS_URL} (LOAD_REDIS_URL): ${String(error)}`);
  });
  let redisUrl = '';
  for (let tries = 0; tries < 30 && !redisUrl; tries++) {
    const db = 1 + Math.floor(Math.random() * 15);
    const claimed = await probe.eval(`redis.call('SELECT', ARGV[1]) if redis.call('SET', 'vaerdispil:test-run', ARGV[2], 'NX', 'EX', 7200) then return 1 end return 0`, 0, String(db), `load-${process.pid}`);
    if (claimed === 1) redisUrl = `${REDIS_URL.replace(/\/\d*$/, '')}/${db}`;
  }
  probe.disconnect();
  if (!redisUrl) throw new Error('no free Redis database (1–15) for the load run');
  const redis = new Redis(redisUrl);
  await redis.del('roomcaches', 'roomcount');
  return {
    databaseUrl,
    redisUrl,
    redis,
    async drop() {
      await redis.flushdb().catch(() => undefined);
      redis.disconnect();
      const again = new PgClient({ connectionString: ADMIN_DATABASE_URL });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

/** The load generator (test/load/loadgen.ts), shared by the runs. */
function startGenerator(): ChildProcess {
  const child = fork(fileURLToPath(new URL('./loadgen.ts', import.meta.url)), [], { stdio: 'inherit' });
  children.add(child);
  return child;
}

/**
 * One run on `servers`: the workshops created through them in turn, every server metered over
 * the generator's measured window, and (in a deployment) the rooms each hosted, read from Redis.
 */
async function run(label: string, servers: GameProcess[], generator: ChildProcess, config: DeploymentLoadConfig, traffic: LoadTraffic, redis?: Redis): Promise<SetupRun> {
  const shares = servers.map((s, i) => Math.floor(config.workshops / servers.length) + (i < config.workshops % servers.length ? 1 : 0));
  const created = await Promise.all(servers.map((server, i) => server.ask({ type: 'create', workshops: shares[i]! }, 'created')));
  // each workshop's clients ask the process it was created through: matchmaking crosses processes
  const workshops: LoadWorkshop[] = created.flatMap(({ workshops: list }, i) => list.map((w) => ({ ...w, httpUrl: servers[i]!.httpUrl })));
  console.log(`${label}: ${workshops.length} workshops …`);
  const rooms = new Map<string, number>();
  const metered: Promise<Extract<ServerReply, { type: 'metered' }>>[] = [];
  const onMessage = (message: GeneratorReply) => {
    if (message.type === 'progress') console.log(`  ${message.line}`);
    else if (message.type === 'measuring') {
      for (const server of servers) server.child.send({ type: 'meter-start' } satisfies ServerRequest);
      generator.send({ type: 'go' } satisfies GeneratorRequest);
      // every client has joined: where the rooms are now is where they stay
      void redis?.hvals('roomcaches').then((rows) => {
        for (const row of rows) {
          const { processId } = JSON.parse(row) as { processId: string };
          rooms.set(processId, (rooms.get(processId) ?? 0) + 1);
        }
      });
    } else if (message.type === 'measured') {
      for (const server of servers) metered.push(server.ask({ type: 'meter-stop' }, 'metered'));
    } else if (message.type === 'weigh') generator.send({ type: 'weighed' } satisfies GeneratorRequest);
  };
  generator.on('message', onMessage);
  try {
    const result = waitFor<GeneratorReply, 'result'>(generator, 'load generator', 'result');
    generator.send({ type: 'run', target: { httpUrl: servers[0]!.httpUrl, workshops }, traffic, weigh: false } satisfies GeneratorRequest);
    const { result: outcome } = await result;
    const loads = await Promise.all(metered);
    for (const server of servers) await server.ask({ type: 'finish' }, 'finished');
    return {
      label,
      result: outcome,
      processes: servers.map((server, i) => ({ name: server.name, rooms: redis ? (rooms.get(server.processId) ?? 0) : workshops.length, load: loads[i]!.load, windowMs: loads[i]!.windowMs })),
    };
  } finally {
    generator.off('message', onMessage);
  }
}

/** A latency in ms, or – when there was none to measure. */
const ms = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(1) : '–');

/** The section for BENCHMARKS.md (and stdout). */
export function renderDeploymentSection(config: DeploymentLoadConfig, runs: SetupRun[], machine: MachineFacts): string {
  const rows: string[] = [];
  for (const setup of runs) {
    const { result } = setup;
    for (const share of setup.processes) {
      const cpu = share.load.cpuMs / share.windowMs;
      // rooms it would carry at the same cost per room on all of one core
      const capacity = cpu > 0 && share.rooms > 0 ? Math.floor(share.rooms / cpu) : NaN;
      rows.push(
        `| ${setup.label} | ${share.name} | ${share.rooms} | ${(cpu * 100).toFixed(0)} % | ${(share.load.elu * 100).toFixed(0)} % | ${Number.isNaN(capacity) ? '–' : `~${capacity}`} | ` +
          `${(result.joinMs / 1000).toFixed(1)} | ${ms(result.latency.p50)} | ${ms(result.latency.p99)} | ${result.drags.lost} | ${result.actions.acked}/${result.actions.sent} |`,
      );
    }
  }
  return [
    BEGIN,
    '## Several processes of one deployment (`npm run load -- --processes N`)',
    '',
    `${config.workshops} workshops × ${config.clientsPerWorkshop} clients, each dragging at ${config.rate} updates/s for ${config.seconds} s, first on one process alone (SQLite, no Redis), then on a deployment of ${runs.at(-1)?.processes.length ?? '?'} processes (REDIS_URL and DATABASE_URL on this machine's Redis and PostgreSQL). The workshops are created through the processes in turn and their clients ask that process for their seats; Colyseus puts each room on the process with the fewest. One load generator (test/load/loadgen.ts) drives every client; each process's CPU is metered over the same window. Capacity per process is an **estimate** from CPU: the rooms it would carry at the same cost per room on all of one core (a room's drags never touch Redis; joining does, through matchmaking).`,
    '',
    `Machine: ${machine.cores} cores, ${machine.cpuModel}; Node ${machine.node} (${machine.platform}); ${machine.date}; 1-min load average ${machine.loadBefore.toFixed(2)} before, ${machine.loadAfter.toFixed(2)} after. Processes, generator, Redis and PostgreSQL share the machine, so on 2 cores N processes compete for the same CPU: read the per-room cost, not the sum.`,
    '',
    '| Setup | Process | Rooms | CPU | Event loop busy | Capacity on one core (est.) | Join all (s) | p50 (ms) | p99 (ms) | Lost | Acked |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...rows,
    END,
  ].join('\n');
}

/** Run the one-process and the N-process setups; resolves with the exit code. */
export async function runDeploymentLoad(processes: number, config: DeploymentLoadConfig, traffic: LoadTraffic): Promise<number> {
  const loadBefore = loadavg()[0] ?? NaN;
  // whatever hangs, the run ends: two runs of dragging plus a generous allowance for joining and closing
  const bound = 2 * (config.seconds + config.workshops * config.clientsPerWorkshop * 0.1 + 240) * 1000;
  const watchdog = setTimeout(() => {
    console.error(`load test: no result after ${(bound / 1000).toFixed(0)} s, giving up`);
    for (const child of children) child.kill();
    process.exit(3);
  }, bound);
  watchdog.unref();
  const services = await deploymentServices();
  const generator = startGenerator();
  const runs: SetupRun[] = [];
  try {
    await waitFor<GeneratorReply, 'ready'>(generator, 'load generator', 'ready');
    const alone = new GameProcess('alone', { LOAD_STORE: 'sqlite' });
    await alone.ready();
    try {
      runs.push(await run('one process (SQLite)', [alone], generator, config, traffic));
    } finally {
      await alone.exit();
    }
    const deployment = Array.from({ length: processes }, (_, i) => new GameProcess(`P${i + 1}`, { LOAD_REDIS_URL: services.redisUrl, LOAD_DATABASE_URL: services.databaseUrl }));
    try {
      for (const server of deployment) await server.ready();
      runs.push(await run(`${processes} process${processes > 1 ? 'es' : ''} (Redis + PostgreSQL)`, deployment, generator, config, traffic, services.redis));
    } finally {
      for (const server of deployment) await server.exit();
    }
  } finally {
    if (generator.connected) generator.send({ type: 'exit' } satisfies GeneratorRequest);
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill();
    await services.drop();
  }
  const section = renderDeploymentSection(config, runs, machineFacts(loadBefore));
  console.log(`\n${section}`);
  if (process.env.LOAD_WRITE !== '0') {
    writeSection(BENCHMARKS_MD, section, BEGIN, END);
    console.log(`\nwritten to ${BENCHMARKS_MD} (section ${BEGIN})`);
  }
  // losses, refusals and errors fail the run; speed is reported
  const broken = runs.some(({ result }) => result.drags.lost > 0 || result.errors.count > 0 || result.actions.acked !== result.actions.sent);
  return broken ? 1 : 0;
}
