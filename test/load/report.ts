/**
 * The load test's verdicts, tables and its own sections of BENCHMARKS.md: the fixed load (between
 * <!-- bench:load --> markers) and the capacity search (<!-- bench:load-search -->), each with the
 * game and the bare Colyseus baseline from the same run.
 */
import { writeSection as writeBenchSection, type MachineFacts } from '../../bench/benchmarksFile.ts';
import type { HeapReport, Load, LoadResult, ServerKind } from './ipc.ts';

/** The targets from the issue. */
export const TARGET_P99_MS = 50;
/** The server's heap after the rooms closed may be at most this much above its start. */
export const TARGET_HEAP_GROWTH = 0.1;
/** The game's CPU per delivered drag at most this share of the bare room's (≥ 1.5× its capacity once the generator is not the limit). */
export const TARGET_CPU_RATIO = 0.67;
/** A run whose generator sent later than this behind its schedule (p99) measured the generator, not the server: not counted. */
export const MAX_GENERATOR_LAG_MS = 5;

const BEGIN = '<!-- bench:load -->';
const END = '<!-- /bench:load -->';
const SEARCH_BEGIN = '<!-- bench:load-search -->';
const SEARCH_END = '<!-- /bench:load-search -->';

/** What each server is, in the tables. */
export const SERVER_NAMES: Record<ServerKind, string> = { game: 'game (WorkshopRoom)', bare: 'bare Colyseus room' };

/** The fixed load, as configured. */
export interface LoadConfig {
  workshops: number;
  clientsPerWorkshop: number;
  rate: number;
  seconds: number;
  store: 'sqlite' | 'memory';
}

/** One server's run at the fixed load. */
export interface ServerRun {
  kind: ServerKind;
  /** The limits it ran with, in words. */
  limits: string;
  result: LoadResult;
  /** The warm-up room's run: not measured, but held to the same zero errors and losses. */
  warmup: LoadResult;
  server: { load: Load; windowMs: number; heap: HeapReport; roomsLeft: number };
}

/** Both servers at the fixed load, one after the other on the same machine. */
export interface LoadReport {
  config: LoadConfig;
  game: ServerRun;
  bare: ServerRun;
  machine: MachineFacts;
}

export interface Verdict {
  name: string;
  /** undefined: not counted (the generator was the limit). */
  ok: boolean | undefined;
  /** What was measured, and when missed by how much and what limits it. */
  detail: string;
  /** Correctness (errors, losses) fails the run; performance misses are reported only. */
  fatal: boolean;
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–');
const mb = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(1)} MB` : '–');
const kb = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KB` : '–');
const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(0)} %` : '–');
const perSecond = (load: Load, windowMs: number) => `${((load.cpuMs / windowMs) * 1000).toFixed(0)} ms CPU/s (${pct(load.cpuMs / windowMs)} of one core), event loop busy ${pct(load.elu)}`;

/** What the generator spent over a run's window: its processes' CPU together, and the busiest one's event loop. */
export const generatorLoad = (result: LoadResult): string =>
  result.generators > 1
    ? `generator (${result.generators} processes): ${((result.generator.cpuMs / result.windowMs) * 1000).toFixed(0)} ms CPU/s together (${pct(result.generator.cpuMs / result.windowMs)} of one core), busiest event loop ${pct(result.generator.elu)}`
    : `generator: ${perSecond(result.generator, result.windowMs)}`;

/** A measured window: what the generator saw and what the server spent. */
type Measured = { result: LoadResult; server: { load: Load; windowMs: number } };

/** Deliveries a run owed: every position received, or superseded by a newer one of the same dragger. */
const delivered = (result: LoadResult) => result.drags.received + result.drags.superseded;

/** Server CPU per delivered drag (its inbound share included), in µs, and what the full load would need of one core at that cost. */
export function serverCost(run: Measured, config: Pick<LoadConfig, 'rate' | 'clientsPerWorkshop'>): { perDeliveryUs: number; coresNeeded: number } {
  const { result, server } = run;
  const perDeliveryUs = (server.load.cpuMs * 1000) / Math.max(1, delivered(result));
  const deliveriesPerSecond = result.clients * config.rate * (config.clientsPerWorkshop - 1);
  return { perDeliveryUs, coresNeeded: (perDeliveryUs * deliveriesPerSecond) / 1e6 };
}

/** True when the generator kept its schedule, so the run measured the server. */
export const generatorOnTime = (result: LoadResult) => result.sendLag.p99 <= MAX_GENERATOR_LAG_MS;

/** Heap an open workshop (its room and first client) and each further client cost, from the weighings during the run. */
export function heapPerUnit(run: ServerRun): { perWorkshop: number; perClient: number } {
  const { heap } = run.server;
  const { workshops, clients } = run.result;
  return { perWorkshop: (heap.roomsOpen - heap.start) / workshops, perClient: (heap.allJoined - heap.roomsOpen) / Math.max(1, clients - workshops) };
}

/** What held the latency up, judged from how busy each process was and what the machine had to give. */
export function latencyLimits(run: Measured, config: Pick<LoadConfig, 'rate' | 'clientsPerWorkshop'>, machine: MachineFacts): string {
  const { result, server } = run;
  const reasons: string[] = [];
  const cost = serverCost(run, config);
  const perFrame = result.drags.frames > 0 ? delivered(result) / result.drags.frames : NaN;
  if (cost.coresNeeded >= 0.8) {
    reasons.push(
      `the server needs ${cost.perDeliveryUs.toFixed(1)} µs of CPU per delivered drag here, so this load would take ${(cost.coresNeeded * 100).toFixed(0)} % of one core, and all rooms share one Node thread; ` +
        `the receivers got ${Number.isFinite(perFrame) ? perFrame.toFixed(2) : '–'} drags per frame, and each frame is its own WebSocket message and socket write (a system call per receiver), which a CPU profile (LOAD_SERVER_FLAGS="--cpu-prof --cpu-prof-dir=…") shows as the largest cost`,
    );
  }
  const cpuShare = server.load.cpuMs / server.windowMs;
  const load = Math.max(machine.loadBefore, machine.loadAfter);
  // busy wall time without the CPU time to match: the process was ready to run but had no core
  if (server.load.elu - cpuShare > 0.15) reasons.push(`the server waited for a CPU: its event loop was busy ${pct(server.load.elu)} of the time but it got only ${pct(cpuShare)} of a core (1-min load average up to ${load.toFixed(1)} on ${machine.cores} cores, other work included)`);
  else if (server.load.elu >= 0.8) reasons.push(`the server's one event loop was busy ${pct(server.load.elu)} of the window: every room of the process shares that thread, so drags queue behind each other`);
  if (result.generator.elu >= 0.8) reasons.push(`the load generator's ${result.generators > 1 ? 'busiest ' : ''}event loop was busy ${pct(result.generator.elu)}: it reads ${Math.round(result.clients / result.generators)} sockets on one thread, so part of each latency is its own queue`);
  if (!generatorOnTime(result)) reasons.push(`the generator sent late (p99 ${ms(result.sendLag.p99)} ms behind schedule), in bursts the server then fans out at once`);
  if (machine.cores <= 2) reasons.push(`${machine.cores} cores carry the server, the generator and the system`);
  return reasons.length ? reasons.join('; ') : 'neither process was saturated; the tail comes from scheduling on a shared machine';
}

/** The counts that must be zero, over the warm-up and the measured run together. */
function combined({ result, warmup }: ServerRun) {
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

/** What every run must get right, whatever its speed: no errors, no lost action, every drag delivered once or superseded, in order. */
export function correctness(run: ServerRun, fatal: boolean): Verdict[] {
  const { drags, actions, errors, disconnects } = combined(run);
  return [
    {
      name: 'zero errors',
      ok: errors.count === 0 && disconnects === 0,
      detail:
        `${errors.count} error message(s)${errors.count ? ` (${Object.entries(errors.codes).map(([c, n]) => `${c} × ${n}`).join(', ')})` : ''}, ` +
        `${disconnects} disconnect(s) (warm-up included)`,
      fatal,
    },
    {
      name: 'zero lost actions',
      ok: actions.acked === actions.sent,
      detail: `${actions.acked} of ${actions.sent} actions acknowledged (place, grab and move per client, warm-up included; ${actions.refused} refused, ${actions.unanswered} unanswered)`,
      fatal,
    },
    {
      name: 'zero lost drags',
      ok: drags.lost === 0 && drags.duplicates === 0 && drags.invalid === 0 && drags.reordered === 0,
      detail:
        `${drags.received} of ${drags.expected} deliveries arrived and ${drags.superseded} were superseded by a newer position of the same dragger in the same batch, warm-up included ` +
        `(${drags.lost} lost, ${drags.duplicates} duplicated, ${drags.reordered} out of order, ${drags.invalid} invalid)`,
      fatal,
    },
  ];
}

/** PASS/MISS per target for the fixed load: the game's targets, with the baseline's run beside it. */
export function verdicts(report: LoadReport): Verdict[] {
  const { game, bare, config, machine } = report;
  const onTime = generatorOnTime(game.result);
  const p99 = game.result.latency.p99;
  const heap = game.server.heap;
  const growth = (heap.end - heap.start) / heap.start;
  const leftAfterDelete = (heap.afterDelete - heap.start) / heap.start;
  const gameCost = serverCost(game, config).perDeliveryUs;
  const bareCost = serverCost(bare, config).perDeliveryUs;
  const bothOnTime = onTime && generatorOnTime(bare.result);
  const notCounted = (what: string, result: LoadResult) => `not counted: the generator lagged its schedule by ${ms(result.sendLag.p99)} ms at p99 (> ${MAX_GENERATOR_LAG_MS} ms) in the ${what} run, so it measured the generator`;
  const list: Verdict[] = [
    ...correctness(game, true),
    {
      name: `generator on schedule (send lag p99 ≤ ${MAX_GENERATOR_LAG_MS} ms)`,
      ok: onTime && generatorOnTime(bare.result),
      detail: `game run ${ms(game.result.sendLag.p99)} ms, baseline run ${ms(bare.result.sendLag.p99)} ms${bothOnTime ? '' : ' — the targets below that depend on timing are not counted'}`,
      fatal: false,
    },
    {
      name: `p99 < ${TARGET_P99_MS} ms`,
      ok: onTime ? p99 < TARGET_P99_MS : undefined,
      detail: !onTime
        ? `p99 ${ms(p99)} ms, ${notCounted('game', game.result)}`
        : p99 < TARGET_P99_MS
          ? `p99 ${ms(p99)} ms (bare Colyseus room: ${ms(bare.result.latency.p99)} ms)`
          : `p99 ${ms(p99)} ms: missed by ${ms(p99 - TARGET_P99_MS)} ms (${(p99 / TARGET_P99_MS).toFixed(1)}× the target; bare Colyseus room: ${ms(bare.result.latency.p99)} ms). Limited by: ${latencyLimits(game, config, machine)}`,
      fatal: false,
    },
    {
      name: `server CPU per delivered drag ≤ ${TARGET_CPU_RATIO}× the bare Colyseus room's`,
      ok: bothOnTime ? gameCost <= TARGET_CPU_RATIO * bareCost : undefined,
      detail:
        `${gameCost.toFixed(2)} µs vs ${bareCost.toFixed(2)} µs = ${(gameCost / bareCost).toFixed(2)}×` +
        (!bothOnTime
          ? `, ${notCounted(onTime ? 'baseline' : 'game', onTime ? bare.result : game.result)}`
          : gameCost <= TARGET_CPU_RATIO * bareCost
            ? ''
            : `. Limited by: ${cpuLimits(game, bare)}`),
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
              ? `What stays is the workshops' own data${config.store === 'memory' ? ' in the in-memory store (members, seats, pieces, the action log)' : ''}: with the workshops deleted the heap is ${mb(heap.afterDelete)} (${leftAfterDelete >= 0 ? '+' : ''}${pct(leftAfterDelete)}), so nothing of the rooms is left behind`
              : `even with the workshops deleted the heap is ${mb(heap.afterDelete)} (+${pct(leftAfterDelete)}): something of the rooms or connections stays behind`)),
      fatal: false,
    },
  ];
  if (game.server.roomsLeft > 0) list.push({ name: 'every room closes', ok: false, detail: `${game.server.roomsLeft} room(s) still open ${heap.roomsClosedSeconds.toFixed(0)} s after the last client left`, fatal: true });
  return list;
}

/** Why the game's CPU per delivery is where it is against the bare room's. */
function cpuLimits(game: ServerRun, bare: ServerRun): string {
  const framesPerDelivery = (run: ServerRun) => run.result.drags.frames / Math.max(1, delivered(run.result));
  return (
    `both servers pay one WebSocket frame and socket write per receiver per frame; the game sent ${framesPerDelivery(game).toFixed(2)} frames per delivered drag (the bare room ${framesPerDelivery(bare).toFixed(2)}), ` +
    'so batching saves frames only where one frame carries several drags (a turn that read several, or the gap of DRAG_FRAME_GAP_MS kept between frames while several people drag) — ' +
    'and the game does more per drag (its own checks, the batch, per-receiver filtering) than a room that only relays'
  );
}

const mark = (v: Verdict) => (v.ok === undefined ? '**NOT COUNTED**' : v.ok ? '**PASS**' : v.fatal ? '**FAIL**' : '**MISS**');

/** One row of the servers' table. */
function row(run: ServerRun, config: LoadConfig): string {
  const { result, server } = run;
  const { latency, drags } = result;
  return (
    `| ${SERVER_NAMES[run.kind]} | ${drags.expected} | ${drags.received} | ${drags.superseded} | ${drags.lost} | ${ms(latency.p50)} | ${ms(latency.p95)} | ${ms(latency.p99)} | ${ms(latency.max)} | ` +
    `${serverCost(run, config).perDeliveryUs.toFixed(2)} | ${pct(server.load.cpuMs / server.windowMs)} | ${ms(result.sendLag.p99)} |`
  );
}

/** The table, the verdicts and the process loads (also what stdout shows). */
export function renderBody(report: LoadReport): string {
  const { game, bare, config } = report;
  const lines = [
    `${config.workshops} workshops × ${config.clientsPerWorkshop} clients, ${config.rate} drags/s per client, ${config.seconds} s:`,
    '',
    '| Server | Deliveries expected | Received | Superseded | Lost | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | Server CPU per delivered drag (µs) | Server CPU (of one core) | Generator lag p99 (ms) |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    row(game, config),
    row(bare, config),
    '',
    ...verdicts(report).map((v) => `- ${v.name}: ${mark(v)} — ${v.detail}`),
    `- the baseline's own run: ${correctness(bare, false).map((v) => `${v.name} ${v.ok ? 'yes' : 'NO'}`).join(', ')} — ${correctness(bare, false).find((v) => v.name === 'zero lost drags')!.detail}`,
    '',
  ];
  for (const run of [game, bare]) {
    const { result, server } = run;
    const heap = server.heap;
    const unit = heapPerUnit(run);
    lines.push(
      `**${SERVER_NAMES[run.kind]}** (${run.limits === 'none' ? 'no limits' : run.limits}): ` +
        `send → arrival at the *last* other client of the room p50 ${ms(result.lastArrival.p50)} / p99 ${ms(result.lastArrival.p99)} ms; ` +
        `${(delivered(result) / Math.max(1, result.drags.frames)).toFixed(2)} drags per frame (${result.drags.frames} frames); generator lag p50 ${ms(result.sendLag.p50)} / p99 ${ms(result.sendLag.p99)} ms; ` +
        `joining all ${result.clients} clients took ${(result.joinMs / 1000).toFixed(1)} s. ` +
        `CPU during the measured window (${(result.windowMs / 1000).toFixed(1)} s) — server: ${perSecond(server.load, server.windowMs)}; ${generatorLoad(result)}. ` +
        `Heap (V8 heap used after a forced GC, except the peak): ${mb(heap.baseline)} after start-up, start ${mb(heap.start)} (workshops created, a warm-up room opened and closed), ` +
        `${mb(heap.roomsOpen)} with every room open with one client, ${mb(heap.allJoined)} with all clients in — **${kb(unit.perWorkshop)} per open workshop** (its room and first client), **${kb(unit.perClient)} per further client**; ` +
        `peak ${mb(heap.peak)}; end ${mb(heap.end)} after every room closed (${heap.roomsClosedSeconds.toFixed(1)} s after the last client left)` +
        (run.kind === 'game' ? `, ${mb(heap.afterDelete)} after also deleting the workshops.` : '.'),
      '',
    );
  }
  return lines.join('\n').trimEnd();
}

/** The whole section, between its markers. */
export function renderSection(report: LoadReport): string {
  const { config, machine } = report;
  return [
    BEGIN,
    '## Many rooms at once (`npm run load`)',
    '',
    `${config.workshops} workshops × ${config.clientsPerWorkshop} clients on one server process, loopback (127.0.0.1), run twice one after the other: the game (server/app.ts with its default limits on — the per-connection ones on the drag path included — but for the per-address join limits, since one loopback address stands for every meeting room, ` +
      `${config.store === 'sqlite' ? 'SQLite store as in production, in a temporary directory' : 'in-memory store'}), then the baseline — a bare Colyseus 0.18 room that only relays each drag with \`broadcast(…, { except })\` (test/load/bareRoom.ts), fed the same traffic. ` +
      `Each client places a piece, grabs it, drags it at ${config.rate} updates/s for ${config.seconds} s, drops it (move) and leaves; the drags of all clients are spread evenly over each period. ` +
      'Latency = a drag\'s send → its decoded arrival at each other client of the same room (they share one clock in a load-generator process). ' +
      'The game sends the drags one room received in one turn of its event loop as one batch per receiver, with the latest position of each dragger, and while several people in a room drag it keeps its frames at least 1/30 s apart (a lone dragger is never held back): a position replaced by a newer one in the same batch counts as superseded, not lost. ' +
      `Each server and the generator (light raw-\`ws\` clients, bench/rawColyseusClient.ts; LOAD_GENERATORS processes, 2 by default, each with whole workshops, so a drag's sender and receivers share a clock) run in processes of their own, so each one's CPU is its own; a run whose generator lags its schedule by more than ${MAX_GENERATOR_LAG_MS} ms at p99 is not counted. ` +
      'Sources: test/load/load.ts, loadServer.ts, loadgen.ts, bareRoom.ts; LOAD_WORKSHOPS, LOAD_CLIENTS, LOAD_SECONDS and LOAD_RATE change the load, LOAD_STORE=memory the store.',
    '',
    `Machine: ${machine.cores} cores (os.cpus().length), ${machine.cpuModel}; Node ${machine.node} (${machine.platform}); ${machine.date}; ` +
      `1-min load average ${machine.loadBefore.toFixed(2)} before, ${machine.loadAfter.toFixed(2)} after.`,
    '',
    renderBody(report),
    END,
  ].join('\n');
}

// ---- capacity search ------------------------------------------------------------------------

/** One trial of the capacity search. */
export interface Trial {
  workshops: number;
  result: LoadResult;
  server: { load: Load; windowMs: number };
  /** The generator kept its schedule, so the trial measured the server. */
  counted: boolean;
  /** Counted, p99 under the target and nothing lost. */
  pass: boolean;
}

/** One server's capacity search. */
export interface Search {
  kind: ServerKind;
  limits: string;
  trials: Trial[];
  /** The largest counted workshop count that passed (0 if none). */
  capacity: number;
  /** Set when the search stopped because the generator could not drive more: where the server would need all of one core, from its CPU per delivery. */
  estimate?: number;
}

export interface SearchReport {
  clientsPerWorkshop: number;
  rate: number;
  seconds: number;
  store: 'sqlite' | 'memory';
  game: Search;
  bare: Search;
  machine: MachineFacts;
}

/** Whether a trial passes, given it was counted. */
export function trialPasses(result: LoadResult): boolean {
  const { drags } = result;
  return result.latency.p99 < TARGET_P99_MS && drags.lost === 0 && drags.duplicates === 0 && drags.reordered === 0 && drags.invalid === 0 && result.errors.count === 0 && result.disconnects === 0 && result.actions.acked === result.actions.sent;
}

/** Workshops at which a server would need all of one core, from the CPU per delivery of its largest counted trial. */
export function cpuEstimate(trial: Trial, config: { clientsPerWorkshop: number; rate: number }): number {
  const perDeliveryUs = serverCost(trial, config).perDeliveryUs;
  const perWorkshop = config.clientsPerWorkshop * config.rate * (config.clientsPerWorkshop - 1);
  return Math.floor(1e6 / (perDeliveryUs * perWorkshop));
}

function searchSummary(search: Search, config: SearchReport): string {
  const counted = search.trials.filter((t) => t.counted);
  const largest = [...counted].sort((a, b) => b.workshops - a.workshops)[0];
  const failed = counted.filter((t) => !t.pass).sort((a, b) => a.workshops - b.workshops)[0];
  const uncounted = search.trials.filter((t) => !t.counted).sort((a, b) => a.workshops - b.workshops);
  let why = '';
  if (failed) why = `at ${failed.workshops} workshops p99 ${ms(failed.result.latency.p99)} ms, ${failed.result.drags.lost} lost — limited by: ${latencyLimits(failed, config, config.machine)}`;
  else if (uncounted[0]) {
    // what the server did where the generator fell behind: not counted, but worth saying
    const met = [...uncounted].reverse().find((t) => trialPasses(t.result));
    why =
      `limited by the generator, not the server: it could not drive ${uncounted[0].workshops} workshops on schedule (lag p99 ${ms(uncounted[0].result.sendLag.p99)} ms)` +
      (met ? `; not counted for that, at ${met.workshops} workshops the server still met the target (p99 ${ms(met.result.latency.p99)} ms, nothing lost, ${pct(met.server.load.cpuMs / met.server.windowMs)} of a core)` : '');
  }
  return (
    `**${SERVER_NAMES[search.kind]}**: ${search.capacity} workshops` +
    (search.estimate !== undefined ? ` measured; **estimate** (not measured) from its CPU per delivered drag at ${largest?.workshops ?? '–'} workshops: ~${search.estimate} workshops before it needs all of one core` : '') +
    (why ? ` (${why})` : '')
  );
}

/**
 * How the game's capacity compares with the bare room's, as the section says it (after a dash), or
 * nothing. A measured ratio only when the bare room's own search ended on the server: where the
 * generator ended it, its measured count is the generator's, and only the CPU-based estimates
 * (labelled so) can be set side by side.
 */
export function capacityComparison(game: Pick<Search, 'capacity' | 'estimate'>, bare: Pick<Search, 'capacity' | 'estimate'>): string {
  if (bare.estimate !== undefined) {
    return game.estimate !== undefined
      ? ` — no measured ratio: the generator, not the servers, ended both searches; by their CPU per delivered drag the **estimates** are ~${game.estimate} and ~${bare.estimate} workshops (${(game.estimate / Math.max(1, bare.estimate)).toFixed(2)}×, estimated)`
      : ' — no measured ratio: the generator, not the bare room, ended the bare room\'s search';
  }
  if (bare.capacity <= 0) return '';
  return (
    ` — the game carries ${(game.capacity / bare.capacity).toFixed(2)}× the bare room's measured capacity` +
    (game.estimate !== undefined ? ' (a lower bound: the generator, not the game, ended its search)' : '')
  );
}

/** The capacity search's section. */
export function renderSearchSection(report: SearchReport): string {
  const { machine } = report;
  const trialRow = (search: Search, t: Trial) =>
    `| ${SERVER_NAMES[search.kind]} | ${t.workshops} | ${t.result.drags.expected} | ${t.result.drags.superseded} | ${t.result.drags.lost} | ${ms(t.result.latency.p50)} | ${ms(t.result.latency.p99)} | ` +
    `${serverCost(t, report).perDeliveryUs.toFixed(2)} | ${pct(t.server.load.cpuMs / t.server.windowMs)} | ${ms(t.result.sendLag.p99)} | ${t.counted ? (t.pass ? 'pass' : 'fail') : 'not counted'} |`;
  const ratio = capacityComparison(report.game, report.bare);
  return [
    SEARCH_BEGIN,
    '## Capacity (`npm run load -- --search`)',
    '',
    `The largest number of workshops of ${report.clientsPerWorkshop} clients dragging at ${report.rate} Hz (each trial ${report.seconds} s) that one server process carries with p99 < ${TARGET_P99_MS} ms and nothing lost, ` +
      `for the game (default limits on but for the per-address join limits, ${report.store === 'sqlite' ? 'SQLite store' : 'in-memory store'}) and the bare Colyseus room, searched one after the other on the same machine: the count doubles while trials pass, then halves the gap. ` +
      `A trial whose generator lags its schedule by more than ${MAX_GENERATOR_LAG_MS} ms at p99 is not counted; past that the capacity is a CPU-based **estimate**, labelled so.`,
    '',
    `Machine: ${machine.cores} cores (os.cpus().length), ${machine.cpuModel}; Node ${machine.node} (${machine.platform}); ${machine.date}; ` +
      `1-min load average ${machine.loadBefore.toFixed(2)} before, ${machine.loadAfter.toFixed(2)} after.`,
    '',
    `- ${searchSummary(report.game, report)}`,
    `- ${searchSummary(report.bare, report)}${ratio}`,
    '',
    '| Server | Workshops | Deliveries expected | Superseded | Lost | p50 (ms) | p99 (ms) | Server CPU per delivered drag (µs) | Server CPU (of one core) | Generator lag p99 (ms) | Trial |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|',
    ...report.game.trials.map((t) => trialRow(report.game, t)),
    ...report.bare.trials.map((t) => trialRow(report.bare, t)),
    SEARCH_END,
  ].join('\n');
}

/** Replace this benchmark's section of BENCHMARKS.md (or add it), keeping everything else. */
export function writeSection(file: string, section: string): void {
  writeBenchSection(file, section, BEGIN, END);
}

/** Replace the capacity search's section of BENCHMARKS.md (or add it). */
export function writeSearchSection(file: string, section: string): void {
  writeBenchSection(file, section, SEARCH_BEGIN, SEARCH_END);
}
