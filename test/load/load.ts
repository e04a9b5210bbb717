/**
 * `npm run load` (tsx test/load/load.ts) — many workshops at once on one server process.
 *
 * Three processes: this one only conducts; test/load/loadServer.ts runs the game server (with
 * --expose-gc, so its heap can be weighed after a collection); test/load/loadgen.ts runs every
 * client. By default 100 workshops × 10 clients, each dragging at 10 updates/s for 60 s.
 * Results go to stdout and to their own section of BENCHMARKS.md.
 *
 * Env: LOAD_WORKSHOPS (default 100), LOAD_CLIENTS per workshop (10), LOAD_SECONDS of dragging (60),
 * LOAD_RATE drag updates per second per client (10); LOAD_WRITE=0 leaves BENCHMARKS.md alone;
 * LOAD_STORE=memory runs the in-memory store instead of production's SQLite (in a temporary directory);
 * LOAD_SERVER_FLAGS adds node flags to the server process (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 * Loopback only; it stops by itself.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { machineFacts } from '../../bench/benchmarksFile.ts';
import { fileURLToPath } from 'node:url';
import { renderBody, renderSection, verdicts, writeSection, type LoadReport } from './report.ts';
import type { GeneratorReply, GeneratorRequest, LoadResult, LoadTarget, LoadTraffic, ServerReply, ServerRequest } from './ipc.ts';

const BENCHMARKS_MD = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));

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
};
const traffic: LoadTraffic = { clientsPerWorkshop: config.clientsPerWorkshop, rate: config.rate, seconds: config.seconds, graceMs: 3000, joinConcurrency: 20 };
const clients = config.workshops * config.clientsPerWorkshop;
// whatever hangs, the run ends: dragging plus a generous allowance for joining, answers and closing
const WATCHDOG_MS = (config.seconds + traffic.graceMs / 1000 + clients * 0.1 + 240) * 1000;

/** Wait for the first message of `type` from `child` (a 'failed' message or an exit rejects). */
function waitFor<M extends { type: string }, T extends M['type']>(child: ChildProcess, name: string, type: T): Promise<Extract<M, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: M) => {
      if (message.type === type) done(() => resolve(message as Extract<M, { type: T }>));
      else if (message.type === 'failed') done(() => reject(new Error(`${name} failed:\n${(message as unknown as { error: string }).error}`)));
    };
    const onExit = (code: number | null) => done(() => reject(new Error(`${name} exited (${code}) while we waited for '${type}'`)));
    const done = (settle: () => void) => {
      child.off('message', onMessage).off('exit', onExit);
      settle();
    };
    child.on('message', onMessage).on('exit', onExit);
  });
}

async function main(): Promise<number> {
  const loadBefore = loadavg()[0] ?? NaN;
  console.log(
    `load test: ${config.workshops} workshops × ${config.clientsPerWorkshop} clients = ${clients} clients, ${config.rate} drags/s each for ${config.seconds} s (watchdog ${(WATCHDOG_MS / 1000).toFixed(0)} s)`,
  );
  const children: ChildProcess[] = [];
  const watchdog = setTimeout(() => {
    console.error(`load test: no result after ${(WATCHDOG_MS / 1000).toFixed(0)} s, giving up`);
    for (const child of children) child.kill();
    process.exit(3);
  }, WATCHDOG_MS);
  watchdog.unref();

  try {
    // fork() passes on this process's execArgv, which under tsx carries its TypeScript loader
    const server = fork(fileURLToPath(new URL('./loadServer.ts', import.meta.url)), [], {
      execArgv: [...process.execArgv, '--expose-gc', ...(process.env.LOAD_SERVER_FLAGS ?? '').split(' ').filter(Boolean)],
      env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
      stdio: 'inherit',
    });
    children.push(server);
    const toServer = (request: ServerRequest) => server.send(request);
    const { httpUrl, store } = await waitFor<ServerReply, 'ready'>(server, 'load server', 'ready');
    const created = waitFor<ServerReply, 'created'>(server, 'load server', 'created');
    // one more workshop than asked for: the warm-up room's
    toServer({ type: 'create', workshops: config.workshops + 1 });
    const [warmupWorkshop, ...workshops] = (await created).workshops;
    if (!warmupWorkshop) throw new Error('no workshops were created');
    console.log(`server at ${httpUrl} (pid ${server.pid}, ${store} store), ${workshops.length} workshops (+1 for the warm-up) created`);

    const generator = fork(fileURLToPath(new URL('./loadgen.ts', import.meta.url)), [], { stdio: 'inherit' });
    children.push(generator);
    await waitFor<GeneratorReply, 'ready'>(generator, 'load generator', 'ready');
    console.log(`load generator ready (pid ${generator.pid})`);

    // the generator says when its measured window starts and ends; the server meters the same window
    let metering = false;
    let metered: Promise<Extract<ServerReply, { type: 'metered' }>> | undefined;
    generator.on('message', (message: GeneratorReply) => {
      if (message.type === 'progress') console.log(`  ${message.line}`);
      else if (message.type === 'measuring' && metering) toServer({ type: 'meter-start' });
      else if (message.type === 'measured' && metering) {
        metered = waitFor<ServerReply, 'metered'>(server, 'load server', 'metered');
        toServer({ type: 'meter-stop' });
      }
    });
    const runOnGenerator = async (target: LoadTarget, runTraffic: LoadTraffic): Promise<LoadResult> => {
      const resultMessage = waitFor<GeneratorReply, 'result'>(generator, 'load generator', 'result');
      const run: GeneratorRequest = { type: 'run', target, traffic: runTraffic };
      generator.send(run);
      return (await resultMessage).result;
    };

    // warm-up: one room with the same traffic for a second, so one-time costs are in the heap's start
    console.log('warm-up room …');
    const warmup = await runOnGenerator({ httpUrl, workshops: [warmupWorkshop] }, { ...traffic, seconds: Math.min(1, config.seconds) });
    const marked = waitFor<ServerReply, 'marked'>(server, 'load server', 'marked');
    toServer({ type: 'mark-start' });
    await marked;

    console.log(`${workshops.length} workshops …`);
    metering = true;
    const result = await runOnGenerator({ httpUrl, workshops }, traffic);
    if (!metered) throw new Error('the generator reported a result without a measured window');
    const serverLoad = await metered;

    const finished = waitFor<ServerReply, 'finished'>(server, 'load server', 'finished');
    toServer({ type: 'finish' });
    const { heap, roomsLeft } = await finished;

    const report: LoadReport = {
      config: { ...config, store },
      result,
      warmup,
      server: { load: serverLoad.load, windowMs: serverLoad.windowMs, heap, roomsLeft },
      machine: machineFacts(loadBefore),
    };
    const { machine } = report;
    console.log(`\n${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}, ${machine.date}, load average ${machine.loadBefore.toFixed(2)} → ${machine.loadAfter.toFixed(2)}\n`);
    console.log(renderBody(report));
    if (process.env.LOAD_WRITE !== '0') {
      writeSection(BENCHMARKS_MD, renderSection(report));
      console.log(`\nwritten to ${BENCHMARKS_MD} (section <!-- bench:load -->)`);
    }
    // performance misses are reported; errors and losses fail the run
    return verdicts(report).some((v) => v.fatal && !v.ok) ? 1 : 0;
  } finally {
    for (const child of children) {
      if (child.connected) child.send({ type: 'exit' });
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
