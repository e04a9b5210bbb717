/** The load test's verdicts, table and its own section of BENCHMARKS.md (between <!-- bench:load --> markers). */
import { writeSection as writeBenchSection, type MachineFacts } from '../../bench/benchmarksFile.ts';
import type { HeapReport, Load, LoadResult } from './ipc.ts';

/** The targets from the issue. */
export const TARGET_P99_MS = 50;
/** The server's heap after the rooms closed may be at most this much above its start. */
export const TARGET_HEAP_GROWTH = 0.1;

const BEGIN = '<!-- bench:load -->';
const END = '<!-- /bench:load -->';

export interface LoadReport {
  config: { workshops: number; clientsPerWorkshop: number; rate: number; seconds: number; store: 'sqlite' | 'memory' };
  result: LoadResult;
  /** The warm-up room's run: not measured, but held to the same zero errors and losses. */
  warmup: LoadResult;
  server: { load: Load; windowMs: number; heap: HeapReport; roomsLeft: number };
  machine: MachineFacts;
}

export interface Verdict {
  name: string;
  ok: boolean;
  /** What was measured, and when missed by how much and what limits it. */
  detail: string;
  /** Correctness (errors, losses) fails the run; performance misses are reported only. */
  fatal: boolean;
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–');
const mb = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(1)} MB` : '–');
const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(0)} %` : '–');
const perSecond = (load: Load, windowMs: number) => `${((load.cpuMs / windowMs) * 1000).toFixed(0)} ms CPU/s (${pct(load.cpuMs / windowMs)} of one core), event loop busy ${pct(load.elu)}`;

/** Server CPU per delivered drag (its inbound share included), in µs, and what the full load would need of one core at that cost. */
export function serverCost(report: LoadReport): { perDeliveryUs: number; coresNeeded: number } {
  const { result, server, config } = report;
  const perDeliveryUs = (server.load.cpuMs * 1000) / Math.max(1, result.drags.received);
  const deliveriesPerSecond = result.clients * config.rate * (config.clientsPerWorkshop - 1);
  return { perDeliveryUs, coresNeeded: (perDeliveryUs * deliveriesPerSecond) / 1e6 };
}

/** What held the latency up, judged from how busy each process was and what the machine had to give. */
function latencyLimits(report: LoadReport): string {
  const { result, server, machine } = report;
  const reasons: string[] = [];
  const cost = serverCost(report);
  if (cost.coresNeeded >= 0.8) {
    reasons.push(
      `the server needs ${cost.perDeliveryUs.toFixed(1)} µs of CPU per delivered drag here, so this load would take ${(cost.coresNeeded * 100).toFixed(0)} % of one core, and all rooms share one Node thread: ` +
        'each delivery is a WebSocket frame of its own with its own socket write (a writev system call per receiver), which a CPU profile (LOAD_SERVER_FLAGS="--cpu-prof --cpu-prof-dir=…") shows as the largest cost',
    );
  }
  const cpuShare = server.load.cpuMs / server.windowMs;
  const load = Math.max(machine.loadBefore, machine.loadAfter);
  // busy wall time without the CPU time to match: the process was ready to run but had no core
  if (server.load.elu - cpuShare > 0.15) reasons.push(`the server waited for a CPU: its event loop was busy ${pct(server.load.elu)} of the time but it got only ${pct(cpuShare)} of a core (1-min load average up to ${load.toFixed(1)} on ${machine.cores} cores, other work included)`);
  else if (server.load.elu >= 0.8) reasons.push(`the server's one event loop was busy ${pct(server.load.elu)} of the window: every room of the process shares that thread, so drags queue behind each other`);
  if (result.generator.elu >= 0.8) reasons.push(`the load generator's event loop was busy ${pct(result.generator.elu)}: it reads ${result.clients} sockets on one thread, so part of each latency is its own queue`);
  if (result.sendLag.p99 > TARGET_P99_MS / 5) reasons.push(`the generator sent late (p99 ${ms(result.sendLag.p99)} ms behind schedule), in bursts the server then fans out at once`);
  if (machine.cores <= 2) reasons.push(`${machine.cores} cores carry the server, the generator and the system`);
  return reasons.length ? reasons.join('; ') : 'neither process was saturated; the tail comes from scheduling on a shared machine';
}

/** The counts that must be zero, over the warm-up and the measured run together. */
function combined({ result, warmup }: LoadReport) {
  const codes: Record<string, number> = { ...warmup.errors.codes };
  for (const [code, n] of Object.entries(result.errors.codes)) codes[code] = (codes[code] ?? 0) + n;
  const add = <K extends string>(a: Record<K, number>, b: Record<K, number>) => Object.fromEntries(Object.keys(a).map((k) => [k, a[k as K] + b[k as K]])) as Record<K, number>;
  return {
    errors: { count: result.errors.count + warmup.errors.count, codes },
    disconnects: result.disconnects + warmup.disconnects,
    actions: add(result.actions, warmup.actions),
    drags: add(result.drags, warmup.drags),
  };
}

/** PASS/MISS per target. */
export function verdicts(report: LoadReport): Verdict[] {
  const { result, server } = report;
  const { drags, actions, errors, disconnects } = combined(report);
  const heap = server.heap;
  const growth = (heap.end - heap.start) / heap.start;
  const leftAfterDelete = (heap.afterDelete - heap.start) / heap.start;
  const p99 = result.latency.p99;
  const list: Verdict[] = [
    {
      name: 'zero errors',
      ok: errors.count === 0 && disconnects === 0,
      detail:
        `${errors.count} error message(s)${errors.count ? ` (${Object.entries(errors.codes).map(([c, n]) => `${c} × ${n}`).join(', ')})` : ''}, ` +
        `${disconnects} disconnect(s) (warm-up included)`,
      fatal: true,
    },
    {
      name: 'zero lost actions',
      ok: actions.acked === actions.sent,
      detail: `${actions.acked} of ${actions.sent} actions acknowledged (place, grab and move per client, warm-up included; ${actions.refused} refused, ${actions.unanswered} unanswered)`,
      fatal: true,
    },
    {
      name: 'zero lost drags',
      ok: drags.lost === 0 && drags.duplicates === 0 && drags.invalid === 0,
      detail: `${drags.received} of ${drags.expected} deliveries arrived, warm-up included (${drags.lost} lost, ${drags.duplicates} duplicated, ${drags.invalid} invalid)`,
      fatal: true,
    },
    {
      name: `p99 < ${TARGET_P99_MS} ms`,
      ok: p99 < TARGET_P99_MS,
      detail: p99 < TARGET_P99_MS ? `p99 ${ms(p99)} ms` : `p99 ${ms(p99)} ms: missed by ${ms(p99 - TARGET_P99_MS)} ms (${(p99 / TARGET_P99_MS).toFixed(1)}× the target). Limited by: ${latencyLimits(report)}`,
      fatal: false,
    },
    {
      name: `heap within ${pct(TARGET_HEAP_GROWTH)} of start after the rooms close`,
      ok: growth <= TARGET_HEAP_GROWTH,
      detail:
        `start ${mb(heap.start)}, end ${mb(heap.end)} (${growth >= 0 ? '+' : ''}${pct(growth)})` +
        (growth <= TARGET_HEAP_GROWTH
          ? ''
          : `: missed by ${pct(growth - TARGET_HEAP_GROWTH)} of the start. ` +
            (leftAfterDelete <= TARGET_HEAP_GROWTH
              ? `What stays is the workshops' own data${report.config.store === 'memory' ? ' in the in-memory store (members, seats, pieces, the action log)' : ''}: with the workshops deleted the heap is ${mb(heap.afterDelete)} (${leftAfterDelete >= 0 ? '+' : ''}${pct(leftAfterDelete)}), so nothing of the rooms is left behind`
              : `even with the workshops deleted the heap is ${mb(heap.afterDelete)} (+${pct(leftAfterDelete)}): something of the rooms or connections stays behind`)),
      fatal: false,
    },
  ];
  if (server.roomsLeft > 0) list.push({ name: 'every room closes', ok: false, detail: `${server.roomsLeft} room(s) still open ${heap.roomsClosedSeconds.toFixed(0)} s after the last client left`, fatal: true });
  return list;
}

/** The table, the verdicts and the process loads (also what stdout shows). */
export function renderBody(report: LoadReport): string {
  const { result, server, config } = report;
  const { latency, drags } = result;
  const heap = server.heap;
  return [
    '| Workshops × clients | Drag rate | Drags sent | Deliveries expected | Received | Lost | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    `| ${config.workshops} × ${config.clientsPerWorkshop} | ${config.rate}/s per client | ${drags.sent} | ${drags.expected} | ${drags.received} | ${drags.lost} | ${ms(latency.p50)} | ${ms(latency.p95)} | ${ms(latency.p99)} | ${ms(latency.max)} |`,
    '',
    ...verdicts(report).map((v) => `- ${v.name}: ${v.ok ? '**PASS**' : v.fatal ? '**FAIL**' : '**MISS**'} — ${v.detail}`),
    '',
    `Send → arrival at the *last* other client of the room (one sample per drag): p50 ${ms(result.lastArrival.p50)} / p99 ${ms(result.lastArrival.p99)} ms. ` +
      `The generator's own lag behind its send schedule: p50 ${ms(result.sendLag.p50)} / p99 ${ms(result.sendLag.p99)} ms. Joining all ${result.clients} clients took ${(result.joinMs / 1000).toFixed(1)} s.`,
    '',
    `CPU during the measured window (${(result.windowMs / 1000).toFixed(1)} s) — server process: ${perSecond(server.load, server.windowMs)}, ${serverCost(report).perDeliveryUs.toFixed(1)} µs per delivered drag; load generator: ${perSecond(result.generator, result.windowMs)}.`,
    '',
    `Server heap (V8 heap used, after a forced GC except the peak): ${mb(heap.baseline)} after start-up; start ${mb(heap.start)} with the workshops created and a warm-up room (one more workshop, 1 s of the same traffic) opened and closed; ` +
      `peak ${mb(heap.peak)} (sampled every second); end ${mb(heap.end)} after every room closed (${heap.roomsClosedSeconds.toFixed(1)} s after the last client left), the workshops still stored; ` +
      `${mb(heap.afterDelete)} after also deleting the workshops.`,
  ].join('\n');
}

/** The whole section, between its markers. */
export function renderSection(report: LoadReport): string {
  const { config, machine } = report;
  return [
    BEGIN,
    '## Many rooms at once (`npm run load`)',
    '',
    `${config.workshops} workshops × ${config.clientsPerWorkshop} clients on one server process (${config.store === 'sqlite' ? 'SQLite store, as in production, in a temporary directory' : 'in-memory store'}), loopback (127.0.0.1). ` +
      `Each client places a piece, grabs it, drags it at ${config.rate} updates/s for ${config.seconds} s, drops it (move) and leaves; the drags of all clients are spread evenly over each period. ` +
      'Latency = a drag\'s send → its decoded arrival at each other client of the same room (they share one clock in the load-generator process). ' +
      'The server (server/app.ts with the rate limits off, run with --expose-gc) and the generator (light raw-`ws` clients, bench/rawColyseusClient.ts) run in separate processes, so each one\'s CPU is its own. ' +
      'Sources: test/load/load.ts, loadServer.ts, loadgen.ts; LOAD_WORKSHOPS, LOAD_CLIENTS, LOAD_SECONDS and LOAD_RATE change the load, LOAD_STORE=memory the store.',
    '',
    `Machine: ${machine.cores} cores (os.cpus().length), ${machine.cpuModel}; Node ${machine.node} (${machine.platform}); ${machine.date}; ` +
      `1-min load average ${machine.loadBefore.toFixed(2)} before, ${machine.loadAfter.toFixed(2)} after.`,
    '',
    renderBody(report),
    END,
  ].join('\n');
}

/** Replace this benchmark's section of BENCHMARKS.md (or add it), keeping everything else. */
export function writeSection(file: string, section: string): void {
  writeBenchSection(file, section, BEGIN, END);
}
