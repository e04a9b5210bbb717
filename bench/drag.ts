/**
 * `npm run bench` — live-drag relay latency of the workshop room against a plain `ws` relay.
 *
 * This process runs the servers (the real game server from server/app.ts, then the baseline);
 * bench/loadgen.ts, forked as a second process, runs the 1 dragger + 39 watchers and measures.
 * One process each, because the machine has 2 cores and the clients must not steal the server's.
 *
 * `npm run bench` runs both processes with --expose-gc: once everyone has joined, each collects its
 * start-up garbage before the warm-up; and with --no-memory-reducer: V8's memory reducer otherwise
 * runs full collections (20–40 ms pauses) seconds after start-up at a moment of its own choosing,
 * which lands in one run's measured window and not the other's (a server under steady load never
 * sees it). With one stall delaying a drag at all 39 watchers, one such pause moves the p99 —
 * in a 20 s window the p99 is the 6th worst of 600 drags, and it swung from 1.15× to 1.65× the
 * relay's over three runs in a row; a 60 s window (the 18th worst of 1800) gave 1.07–1.10×.
 *
 * Env: BENCH_SECONDS (measured seconds per run, default 60), BENCH_WARMUP (unmeasured seconds before, default 3), BENCH_CLIENT=sdk (room watchers use
 * @colyseus/sdk instead of the raw ws client, to see what the SDK itself costs), BENCH_WATCHERS
 * (default 39; other values only to see how latency grows with the fan-out).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { machineFacts } from './benchmarksFile.ts';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startServer } from '../server/app.ts';
import { startBaselineServer } from './baselineServer.ts';
import { renderBody, renderSection, verdicts, writeSection, type Report } from './report.ts';
import type { ChildMessage, Load, ParentMessage, RunResult, Target, Traffic } from './ipc.ts';

const HOST = '127.0.0.1';
const BENCHMARKS_MD = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));

function envSeconds(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of seconds, got "${raw}"`);
  return value;
}

function envCount(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 500) throw new Error(`${name} must be a whole number from 1 to 500, got "${raw}"`);
  return value;
}

const traffic: Traffic = { watchers: envCount('BENCH_WATCHERS', 39), hz: 30, seconds: envSeconds('BENCH_SECONDS', 60), warmupSeconds: envSeconds('BENCH_WARMUP', 3), graceMs: 2000 };
const watcherClient = process.env.BENCH_CLIENT === 'sdk' ? 'sdk' : 'raw';

// The benchmark must stop by itself, whatever hangs: a generous bound on two runs plus set-up.
const WATCHDOG_MS = (2 * (traffic.warmupSeconds + traffic.seconds + traffic.graceMs / 1000 + 20) + 30) * 1000;

/** Meters for this (server) process over the generator's measured window. */
class LoadMeter {
  private cpu = process.cpuUsage();
  private elu: EventLoopUtilization = performance.eventLoopUtilization();
  result: Load = { cpuMs: NaN, elu: NaN };
  start(): void {
    this.cpu = process.cpuUsage();
    this.elu = performance.eventLoopUtilization();
  }
  stop(): void {
    const cpu = process.cpuUsage(this.cpu);
    this.result = { cpuMs: (cpu.user + cpu.system) / 1000, elu: performance.eventLoopUtilization(this.elu).utilization };
  }
}

/** Ask the load generator for one run and wait for its result, metering the server meanwhile. */
function runOnGenerator(generator: ChildProcess, label: string, target: Target): Promise<{ result: RunResult; serverLoad: Load }> {
  const meter = new LoadMeter();
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildMessage) => {
      if (message.type === 'settle') {
        // the server's start-up garbage goes now, in both runs alike, not inside the measured window
        const gc = (globalThis as { gc?: () => void }).gc;
        gc?.();
        gc?.();
        const settled: ParentMessage = { type: 'settled' };
        generator.send(settled);
      } else if (message.type === 'measuring') meter.start();
      else if (message.type === 'measured') meter.stop();
      else if (message.type === 'result') done(() => resolve({ result: message.result, serverLoad: meter.result }));
      else if (message.type === 'failed') done(() => reject(new Error(`${label} run failed in the load generator:\n${message.error}`)));
    };
    const onExit = (code: number | null) => done(() => reject(new Error(`load generator exited (${code}) during the ${label} run`)));
    const done = (settle: () => void) => {
      generator.off('message', onMessage).off('exit', onExit);
      settle();
    };
    generator.on('message', onMessage).on('exit', onExit);
    const request: ParentMessage = { type: 'run', label, target, traffic };
    generator.send(request);
  });
}

async function main(): Promise<number> {
  const loadBefore = loadavg()[0] ?? NaN;
  console.log(
    `drag benchmark: 1 dragger + ${traffic.watchers} watchers, ${traffic.hz} Hz, ${traffic.seconds} s measured (+${traffic.warmupSeconds} s warm-up) per run; room clients: ${watcherClient}`,
  );

  // The load generator: a tsx script in its own process. fork() reuses this process's execArgv,
  // which under `tsx` carries its TypeScript loader.
  const generator = fork(fileURLToPath(new URL('./loadgen.ts', import.meta.url)), [], { stdio: 'inherit' });
  const watchdog = setTimeout(() => {
    console.error(`drag benchmark: no result after ${WATCHDOG_MS / 1000} s, giving up`);
    generator.kill();
    process.exit(3);
  }, WATCHDOG_MS);
  watchdog.unref();
  await new Promise<void>((resolve, reject) => {
    generator.once('message', (message: ChildMessage) => (message.type === 'ready' ? resolve() : reject(new Error('unexpected first message'))));
    generator.once('exit', (code) => reject(new Error(`load generator exited (${code}) before it was ready`)));
  });

  try {
    // 1) The game server, exactly as in production (minus the static client), with one workshop.
    const game = await startServer({ port: 0, host: HOST, serveClient: false });
    let room: { result: RunResult; serverLoad: Load };
    /** The dragged value kind; the baseline sends the same id so its messages are as long. */
    let kindId: string;
    try {
      const { stored } = await game.workshops.create({ mode: 'free', title: 'Drag benchmark', parties: [{ name: 'Kommune' }, { name: 'Forening' }] });
      const { state } = stored;
      const [first, second] = state.parties;
      const kind = state.kinds.find((k) => k.id === 'residents') ?? state.kinds[0];
      if (!first || !second || !kind) throw new Error('the workshop has no parties or no value kinds');
      kindId = kind.id;
      const target: Target = {
        kind: 'colyseus',
        httpUrl: game.url,
        workshopId: state.id,
        code: state.code,
        partyIds: [first.id, second.id],
        kindId,
        watcherClient,
      };
      console.log(`running: Colyseus room at ${game.url} …`);
      room = await runOnGenerator(generator, 'Colyseus room', target);
    } finally {
      await game.close();
    }

    // 2) Right after, the same traffic through the plain ws relay.
    const relay = await startBaselineServer(HOST);
    let baseline: { result: RunResult; serverLoad: Load };
    try {
      console.log(`running: plain ws baseline at ws://${HOST}:${relay.port} …`);
      baseline = await runOnGenerator(generator, 'plain ws baseline', { kind: 'baseline', wsUrl: `ws://${HOST}:${relay.port}`, kindId });
    } finally {
      await relay.close();
    }

    const report: Report = {
      room: room.result,
      baseline: baseline.result,
      serverLoad: { room: room.serverLoad, baseline: baseline.serverLoad },
      machine: machineFacts(loadBefore),
      traffic: { watchers: traffic.watchers, hz: traffic.hz, seconds: traffic.seconds, warmupSeconds: traffic.warmupSeconds },
    };
    const { machine } = report;
    console.log(`\n${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}, ${machine.date}, load average ${machine.loadBefore.toFixed(2)} → ${machine.loadAfter.toFixed(2)}\n`);
    console.log(renderBody(report));
    writeSection(BENCHMARKS_MD, renderSection(report));
    console.log(`\nwritten to ${BENCHMARKS_MD} (section <!-- bench:drag -->)`);
    // Performance misses are reported, not fatal; lost or garbled messages are a failure.
    return verdicts(report).complete ? 0 : 1;
  } finally {
    const exit: ParentMessage = { type: 'exit' };
    if (generator.connected) generator.send(exit);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
