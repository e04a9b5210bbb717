/**
 * `npm run load` (tsx test/load/load.ts) — many workshops at once on one server process, for the
 * game and, in the same run, for a bare Colyseus room as its baseline.
 *
 * Processes: this one only conducts; test/load/loadServer.ts runs one server (with --expose-gc, so
 * its heap can be weighed after a collection), started fresh for each server; test/load/loadgen.ts
 * runs the clients (LOAD_GENERATORS processes, each with whole workshops). By default 100
 * workshops × 10 clients, each dragging at 10 updates/s for 60 s. Results go to stdout and to
 * their own section of BENCHMARKS.md.
 *
 * `npm run load -- --search` instead searches each server's capacity: the largest number of
 * workshops (LOAD_CLIENTS clients at LOAD_RATE) it carries with p99 < 50 ms and nothing lost,
 * LOAD_SEARCH_SECONDS (20) per trial, starting at LOAD_SEARCH_START (25) workshops, up to
 * LOAD_SEARCH_MAX (800).
 *
 * Env: LOAD_WORKSHOPS (default 100), LOAD_CLIENTS per workshop (10), LOAD_SECONDS of dragging (60),
 * LOAD_RATE drag updates per second per client (10); LOAD_WRITE=0 leaves BENCHMARKS.md alone;
 * LOAD_STORE=memory runs the game on the in-memory store instead of production's SQLite (in a temporary directory);
 * LOAD_SERVERS=game (or bare) runs only one server (no comparison is then written);
 * LOAD_GENERATORS processes of clients (2), each with whole workshops;
 * LOAD_SERVER_FLAGS adds node flags to the server process (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"),
 * LOAD_GENERATOR_FLAGS to the generator's.
 * Loopback only; it stops by itself.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { machineFacts } from '../../bench/benchmarksFile.ts';
import { fileURLToPath } from 'node:url';
import {
  cpuEstimate,
  generatorOnTime,
  renderBody,
  renderSearchSection,
  renderSection,
  trialPasses,
  verdicts,
  writeSearchSection,
  writeSection,
  SERVER_NAMES,
  type LoadConfig,
  type Search,
  type SearchReport,
  type ServerRun,
  type Trial,
} from './report.ts';
import type { GeneratorReply, GeneratorRequest, LoadResult, LoadTraffic, LoadWorkshop, ServerKind, ServerReply, ServerRequest, WeighStage } from './ipc.ts';
import { mergeResults, splitWorkshops } from './shards.ts';
import { waitFor } from './ipc.ts';
import { runDeploymentLoad } from './deployment.ts';

const BENCHMARKS_MD = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));
const SEARCH = process.argv.includes('--search');
/** `--processes N`: the game as a deployment of N processes (Redis + PostgreSQL) beside one process alone (test/load/deployment.ts). */
const PROCESSES = ((at: number) => {
  if (at < 0) return undefined;
  const n = Number(process.argv[at + 1]);
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new Error(`--processes needs a whole number from 1 to 16, got "${process.argv[at + 1] ?? ''}"`);
  return n;
})(process.argv.indexOf('--processes'));

function envNumber(name: string, fallback: number, min: number, max: number, integer: boolean): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new Error(`${name} must be a ${integer ? 'whole ' : ''}number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

const config = {
  workshops: envNumber('LOAD_WORKSHOPS', 100, 1, 1000, true),
  // a workshop takes up to 200 participants; a drag needs someone else in the room to arrive at
  clientsPerWorkshop: envNumber('LOAD_CLIENTS', 10, 2, 200, true),
  seconds: envNumber('LOAD_SECONDS', 60, 0.1, 3600, false),
  rate: envNumber('LOAD_RATE', 10, 0.1, 100, false),
  // two processes of clients by default: one event loop reading 1000 sockets falls behind its own schedule
  generators: envNumber('LOAD_GENERATORS', 2, 1, 16, true),
};
const search = {
  start: envNumber('LOAD_SEARCH_START', 25, 1, 1000, true),
  max: envNumber('LOAD_SEARCH_MAX', 800, 1, 1000, true),
  seconds: envNumber('LOAD_SEARCH_SECONDS', 20, 1, 600, false),
};
const servers: ServerKind[] = process.env.LOAD_SERVERS === 'game' ? ['game'] : process.env.LOAD_SERVERS === 'bare' ? ['bare'] : ['game', 'bare'];
const traffic: LoadTraffic = { clientsPerWorkshop: config.clientsPerWorkshop, rate: config.rate, seconds: config.seconds, graceMs: 3000, joinConcurrency: 20 };

// whatever hangs, the run ends: dragging plus a generous allowance for joining, answers and closing
const runBoundMs = (workshops: number, seconds: number) => (seconds + traffic.graceMs / 1000 + workshops * config.clientsPerWorkshop * 0.1 + 240) * 1000;
const WATCHDOG_MS = SEARCH ? servers.length * 12 * runBoundMs(search.max, search.seconds) : servers.length * runBoundMs(config.workshops, config.seconds);

const children = new Set<ChildProcess>();

/** One server process of `kind`, answering over IPC. */
class ServerProcess {
  readonly kind: ServerKind;
  readonly child: ChildProcess;
  httpUrl = '';
  store: 'sqlite' | 'memory' = 'sqlite';
  limits = '';

  constructor(kind: ServerKind) {
    this.kind = kind;
    // fork() passes on this process's execArgv, which under tsx carries its TypeScript loader
    this.child = fork(fileURLToPath(new URL('./loadServer.ts', import.meta.url)), [], {
      execArgv: [...process.execArgv, '--expose-gc', ...(process.env.LOAD_SERVER_FLAGS ?? '').split(' ').filter(Boolean)],
      env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', LOAD_SERVER_KIND: kind },
      stdio: 'inherit',
    });
    children.add(this.child);
  }

  async ready(): Promise<void> {
    const ready = await waitFor<ServerReply, 'ready'>(this.child, `${this.kind} server`, 'ready');
    this.httpUrl = ready.httpUrl;
    this.store = ready.store;
    this.limits = ready.limits;
  }

  send(request: ServerRequest): void {
    this.child.send(request);
  }

  async ask<T extends ServerReply['type']>(request: ServerRequest, reply: T): Promise<Extract<ServerReply, { type: T }>> {
    const answer = waitFor<ServerReply, T>(this.child, `${this.kind} server`, reply);
    this.send(request);
    return answer;
  }

  async create(workshops: number): Promise<LoadWorkshop[]> {
    return (await this.ask({ type: 'create', workshops }, 'created')).workshops;
  }

  async exit(): Promise<void> {
    if (!this.child.connected) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.send({ type: 'exit' });
    await exited;
    children.delete(this.child);
  }
}

/** One process of the load generator. */
class GeneratorProcess {
  readonly child: ChildProcess;

  constructor() {
    // a larger young generation: the generator makes short-lived garbage for every frame it reads, and
    // each scavenge it saves is a pause it would add to its own schedule lag (the servers run as in production);
    // 'advanced' serialisation carries its raw samples back as typed arrays
    this.child = fork(fileURLToPath(new URL('./loadgen.ts', import.meta.url)), [], { stdio: 'inherit', serialization: 'advanced', execArgv: [...process.execArgv, '--max-semi-space-size=64', ...(process.env.LOAD_GENERATOR_FLAGS ?? '').split(' ').filter(Boolean)] });
    children.add(this.child);
  }

  tell(request: GeneratorRequest): void {
    this.child.send(request);
  }
}

/**
 * The load generator: GENERATORS processes for every run (so both servers meet the same clients),
 * each with whole workshops. They join side by side, wait for each other at every stage the server
 * weighs, start dragging together and stagger their sends; their results are merged (shards.ts).
 */
class Generator {
  private readonly shards: GeneratorProcess[];
  /** The server whose meters follow the generator's measured window, and which weighs its heap on request. */
  private server: ServerProcess | undefined;
  private metered: Promise<Extract<ServerReply, { type: 'metered' }>> | undefined;
  /** The shards taking part in the current run, and who of them has reached each stage. */
  private active: GeneratorProcess[] = [];
  private readonly arrived = new Map<string, Set<GeneratorProcess>>();

  constructor(processes: number) {
    this.shards = Array.from({ length: processes }, () => new GeneratorProcess());
    this.shards.forEach((shard, index) => {
      shard.child.on('message', (message: GeneratorReply) => {
        if (message.type === 'progress') console.log(`  ${this.active.length > 1 ? `[generator ${index + 1}] ` : ''}${message.line}`);
        else if (message.type === 'measuring') this.whenAll(shard, 'measuring', () => this.startWindow());
        else if (message.type === 'measured') this.whenAll(shard, 'measured', () => this.stopWindow());
        else if (message.type === 'weigh') this.whenAll(shard, `weigh ${message.stage}`, () => this.weigh(message.stage));
      });
    });
  }

  async ready(): Promise<void> {
    await Promise.all(this.shards.map((shard) => waitFor<GeneratorReply, 'ready'>(shard.child, 'load generator', 'ready')));
  }

  /** `then` once every active shard has reached `stage`. */
  private whenAll(shard: GeneratorProcess, stage: string, then: () => void): void {
    const seen = this.arrived.get(stage) ?? new Set<GeneratorProcess>();
    seen.add(shard);
    this.arrived.set(stage, seen);
    if (seen.size < this.active.length) return;
    this.arrived.delete(stage);
    then();
  }

  private startWindow(): void {
    this.server?.send({ type: 'meter-start' });
    for (const shard of this.active) shard.tell({ type: 'go' });
  }

  private stopWindow(): void {
    const server = this.server;
    if (!server) return;
    this.metered = waitFor<ServerReply, 'metered'>(server.child, `${server.kind} server`, 'metered');
    server.send({ type: 'meter-stop' });
  }

  private weigh(stage: WeighStage): void {
    const weighed = this.server ? this.server.ask({ type: 'weigh', stage }, 'weighed') : Promise.resolve();
    void weighed.then(() => {
      for (const shard of this.active) shard.tell({ type: 'weighed' });
    });
  }

  /** One run against `server`; with `meter`, the server's CPU over the measured window comes back too. */
  async run(server: ServerProcess, workshops: LoadWorkshop[], runTraffic: LoadTraffic, options: { meter: boolean; weigh: boolean }): Promise<{ result: LoadResult; load?: Extract<ServerReply, { type: 'metered' }> }> {
    this.server = options.meter || options.weigh ? server : undefined;
    this.metered = undefined;
    this.arrived.clear();
    const parts = splitWorkshops(workshops, this.shards.length);
    this.active = this.shards.slice(0, parts.length);
    const results = this.active.map((shard, index) => {
      const result = waitFor<GeneratorReply, 'result'>(shard.child, 'load generator', 'result');
      shard.tell({ type: 'run', target: { httpUrl: server.httpUrl, workshops: parts[index]! }, traffic: runTraffic, weigh: options.weigh, shard: { index, of: parts.length } });
      return result;
    });
    const result = mergeResults((await Promise.all(results)).map((reply) => reply.result));
    const metered = this.metered as Promise<Extract<ServerReply, { type: 'metered' }>> | undefined;
    if (options.meter && !metered) throw new Error('the generator reported a result without a measured window');
    const load = metered ? await metered : undefined;
    this.server = undefined;
    return { result, load };
  }

  exit(): void {
    for (const shard of this.shards) {
      if (shard.child.connected) shard.tell({ type: 'exit' });
      children.delete(shard.child);
    }
  }
}

/** Start a server of `kind`, open and close a warm-up room on it (so one-time costs are behind us). */
async function startWarm(kind: ServerKind, generator: Generator): Promise<{ server: ServerProcess; warmup: LoadResult }> {
  const server = new ServerProcess(kind);
  await server.ready();
  const [warmupWorkshop] = await server.create(1);
  if (!warmupWorkshop) throw new Error('no warm-up workshop was created');
  console.log(`${SERVER_NAMES[kind]} at ${server.httpUrl} (pid ${server.child.pid}, ${kind === 'game' ? `${server.store} store, ` : ''}limits: ${server.limits}); warm-up room …`);
  const { result: warmup } = await generator.run(server, [warmupWorkshop], { ...traffic, seconds: Math.min(1, config.seconds) }, { meter: false, weigh: false });
  await server.ask({ type: 'mark-start' }, 'marked');
  return { server, warmup };
}

/** One server at the fixed load. */
async function fixedRun(kind: ServerKind, generator: Generator): Promise<ServerRun> {
  const { server, warmup } = await startWarm(kind, generator);
  try {
    const workshops = await server.create(config.workshops);
    console.log(`${SERVER_NAMES[kind]}: ${workshops.length} workshops …`);
    const { result, load } = await generator.run(server, workshops, traffic, { meter: true, weigh: true });
    const { heap, roomsLeft } = await server.ask({ type: 'finish' }, 'finished');
    return { kind, limits: server.limits, result, warmup, server: { load: load!.load, windowMs: load!.windowMs, heap, roomsLeft } };
  } finally {
    await server.exit();
  }
}

/** One trial of the search: `workshops` fresh workshops, metered, then closed and deleted. */
async function trial(server: ServerProcess, generator: Generator, workshops: number, trialTraffic: LoadTraffic): Promise<{ result: LoadResult; load: Extract<ServerReply, { type: 'metered' }> }> {
  const created = await server.create(workshops);
  console.log(`${SERVER_NAMES[server.kind]}: trial with ${workshops} workshops …`);
  const { result, load } = await generator.run(server, created, trialTraffic, { meter: true, weigh: false });
  await server.ask({ type: 'finish' }, 'finished');
  return { result, load: load! };
}

/** The largest workshop count `kind` carries: doubling while trials pass, then halving the gap. */
async function searchCapacity(kind: ServerKind, generator: Generator): Promise<Search> {
  const { server } = await startWarm(kind, generator);
  const trials: Trial[] = [];
  const trialTraffic: LoadTraffic = { ...traffic, seconds: search.seconds };
  try {
    let pass = 0;
    let fail = Number.POSITIVE_INFINITY;
    let workshops = Math.min(search.start, search.max);
    for (;;) {
      let { result, load } = await trial(server, generator, workshops, trialTraffic);
      // the machine is shared: a generator that fell behind once gets one more try before it bounds the search
      if (!generatorOnTime(result)) {
        console.log(`  → generator lag p99 ${result.sendLag.p99.toFixed(1)} ms: not counted, once more …`);
        ({ result, load } = await trial(server, generator, workshops, trialTraffic));
      }
      const counted = generatorOnTime(result);
      const done: Trial = { workshops, result, server: { load: load.load, windowMs: load.windowMs }, counted, pass: counted && trialPasses(result) };
      trials.push(done);
      console.log(`  → p99 ${result.latency.p99.toFixed(1)} ms, ${result.drags.lost} lost, generator lag p99 ${result.sendLag.p99.toFixed(1)} ms: ${counted ? (done.pass ? 'pass' : 'fail') : 'not counted'}`);
      // a trial the generator could not drive bounds the search like a failure: more would lag as well
      if (done.pass) pass = workshops;
      else fail = Math.min(fail, workshops);
      if (fail === Number.POSITIVE_INFINITY) {
        if (workshops >= search.max) break;
        workshops = Math.min(search.max, workshops * 2);
      } else {
        if (fail - pass <= Math.max(1, Math.ceil(pass * 0.1))) break;
        workshops = Math.floor((pass + fail) / 2);
      }
    }
    const capacity = Math.max(0, ...trials.filter((t) => t.pass).map((t) => t.workshops));
    const generatorBound = trials.some((t) => !t.counted) && !trials.some((t) => t.counted && !t.pass && t.workshops > capacity);
    const lastCounted = trials.filter((t) => t.counted).sort((a, b) => b.workshops - a.workshops)[0];
    const estimate = generatorBound && lastCounted ? cpuEstimate(lastCounted, config) : undefined;
    return { kind, limits: server.limits, trials, capacity, ...(estimate !== undefined ? { estimate } : {}) };
  } finally {
    await server.exit();
  }
}

async function main(): Promise<number> {
  const loadBefore = loadavg()[0] ?? NaN;
  const clients = config.workshops * config.clientsPerWorkshop;
  console.log(
    SEARCH
      ? `capacity search: ${servers.join(' then ')}, ${config.clientsPerWorkshop} clients per workshop at ${config.rate} drags/s, ${search.seconds} s per trial (watchdog ${(WATCHDOG_MS / 1000).toFixed(0)} s)`
      : `load test: ${servers.join(' then ')}, each ${config.workshops} workshops × ${config.clientsPerWorkshop} clients = ${clients} clients, ${config.rate} drags/s each for ${config.seconds} s (watchdog ${(WATCHDOG_MS / 1000).toFixed(0)} s)`,
  );
  const watchdog = setTimeout(() => {
    console.error(`load test: no result after ${(WATCHDOG_MS / 1000).toFixed(0)} s, giving up`);
    for (const child of children) child.kill();
    process.exit(3);
  }, WATCHDOG_MS);
  watchdog.unref();

  const generator = new Generator(config.generators);
  try {
    await generator.ready();
    const write = process.env.LOAD_WRITE !== '0' && servers.length === 2;
    if (SEARCH) {
      const searches: Partial<Record<ServerKind, Search>> = {};
      for (const kind of servers) searches[kind] = await searchCapacity(kind, generator);
      for (const found of Object.values(searches)) console.log(`${SERVER_NAMES[found.kind]}: capacity ${found.capacity} workshops${found.estimate !== undefined ? ` (estimate from CPU: ~${found.estimate})` : ''}`);
      if (searches.game && searches.bare) {
        const store: SearchReport['store'] = process.env.LOAD_STORE === 'memory' ? 'memory' : 'sqlite';
        const report: SearchReport = { clientsPerWorkshop: config.clientsPerWorkshop, rate: config.rate, seconds: search.seconds, store, game: searches.game, bare: searches.bare, machine: machineFacts(loadBefore) };
        const section = renderSearchSection(report);
        console.log(`\n${section}`);
        if (write) {
          writeSearchSection(BENCHMARKS_MD, section);
          console.log(`\nwritten to ${BENCHMARKS_MD} (section <!-- bench:load-search -->)`);
        }
      }
      const failedHard = Object.values(searches).some((s) => s.trials.some((t) => t.result.errors.count > 0 || t.result.drags.reordered > 0 || t.result.drags.invalid > 0));
      return failedHard ? 1 : 0;
    }

    const runs: Partial<Record<ServerKind, ServerRun>> = {};
    for (const kind of servers) runs[kind] = await fixedRun(kind, generator);
    if (!runs.game || !runs.bare) {
      for (const run of Object.values(runs)) console.log(JSON.stringify({ kind: run.kind, drags: run.result.drags, latency: run.result.latency, sendLag: run.result.sendLag, load: run.server.load, windowMs: run.result.windowMs, generator: { ...run.result.generator, processes: run.result.generators } }, null, 2));
      return 0;
    }
    const storeKind: LoadConfig['store'] = process.env.LOAD_STORE === 'memory' ? 'memory' : 'sqlite';
    const report = { config: { ...config, store: storeKind }, game: runs.game, bare: runs.bare, machine: machineFacts(loadBefore) };
    const { machine } = report;
    console.log(`\n${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}, ${machine.date}, load average ${machine.loadBefore.toFixed(2)} → ${machine.loadAfter.toFixed(2)}\n`);
    console.log(renderBody(report));
    if (write) {
      writeSection(BENCHMARKS_MD, renderSection(report));
      console.log(`\nwritten to ${BENCHMARKS_MD} (section <!-- bench:load -->)`);
    }
    // performance misses are reported; errors and losses fail the run
    return verdicts(report).some((v) => v.fatal && v.ok === false) ? 1 : 0;
  } finally {
    generator.exit();
    for (const child of children) if (child.connected) child.send({ type: 'exit' });
  }
}

(PROCESSES ? runDeploymentLoad(PROCESSES, config, traffic) : main()).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
