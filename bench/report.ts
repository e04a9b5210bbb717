/** The drag benchmark's table and verdicts, for stdout and for its own section of BENCHMARKS.md. */
import { writeSection as writeBenchSection, type MachineFacts } from './benchmarksFile.ts';
import type { Load, RunResult } from './ipc.ts';

/** The targets from the issue. */
export const TARGET_RATIO = 1.3;
export const TARGET_P99_MS = 16;

/** Printed under the numbers: how far to trust the tails. */
const NOTE =
  'p99 and max are set by a handful of stalls (one stall delays a message at all watchers at once), so they move with ' +
  'anything else running on the machine — compare the load averages above, and re-run on a quiet machine before reading much into a MISS.';

const BEGIN = '<!-- bench:drag -->';
const END = '<!-- /bench:drag -->';

export interface Report {
  room: RunResult;
  baseline: RunResult;
  /** Server process load during each measured window. */
  serverLoad: { room: Load; baseline: Load };
  machine: MachineFacts;
  traffic: { watchers: number; hz: number; seconds: number; warmupSeconds: number };
}

export interface Verdicts {
  ratioOk: boolean;
  p99Ok: boolean;
  /** Every watcher got every message exactly once (or a newer one in its place), in order, in both runs. */
  complete: boolean;
}

export function verdicts({ room, baseline }: Report): Verdicts {
  const clean = (r: RunResult) => r.lost === 0 && r.duplicates === 0 && r.invalid === 0 && r.reordered === 0;
  return {
    ratioOk: room.latency.p99 <= TARGET_RATIO * baseline.latency.p99,
    p99Ok: room.latency.p99 < TARGET_P99_MS,
    complete: clean(room) && clean(baseline),
  };
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–');
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '–');
const pct = (v: number) => `${(v * 100).toFixed(0)} %`;
const verdict = (ok: boolean) => (ok ? '**PASS**' : '**MISS**');

/** What holds the room's p99 above the relay's, judged from the loads of the run. */
function ratioLimits({ room, baseline, serverLoad, machine }: Report): string {
  const reasons: string[] = [];
  const cpu = (load: Load, r: RunResult) => (load.cpuMs / r.windowMs) * 1000;
  const roomCpu = cpu(serverLoad.room, room);
  const baseCpu = cpu(serverLoad.baseline, baseline);
  reasons.push(
    `the room's server spends ${roomCpu.toFixed(0)} ms CPU/s against the relay's ${baseCpu.toFixed(0)} for the same 39 socket writes per drag: before the first of them it decodes the Colyseus frame and its msgpack payload, ` +
      'checks the drag and encodes the batch (p50 ' + `${ms(room.latency.p50 - baseline.latency.p50)} ms above the relay), and its per-drag garbage brings more young-generation collections; ` +
      `p99 is set by the ${Math.ceil(room.sent / 100)} worst of ${room.sent} drags (one stall delays a drag at all ${room.watchers} watchers at once), so a handful of such pauses decide it`,
  );
  const load = Math.max(machine.loadBefore, machine.loadAfter);
  if (load > 0.5 * machine.cores) reasons.push(`the machine was busy besides (1-min load average up to ${load.toFixed(2)} on ${machine.cores} cores), which moves the tails of both runs`);
  return reasons.join('; ');
}

/** The Markdown table plus verdicts (also what stdout shows). */
export function renderBody(report: Report): string {
  const { room, baseline, serverLoad, traffic } = report;
  const v = verdicts(report);
  const row = (name: string, r: RunResult, p50Ratio: string, p99Ratio: string) =>
    `| ${name} | ${r.expected} | ${r.received} | ${r.superseded} | ${r.lost} | ${ms(r.latency.p50)} | ${ms(r.latency.p95)} | ${ms(r.latency.p99)} | ${ms(r.latency.max)} | ${p50Ratio} | ${p99Ratio} |`;
  const perSecond = (load: Load, r: RunResult) => `${((load.cpuMs / r.windowMs) * 1000).toFixed(0)} ms CPU/s, event loop busy ${pct(load.elu)}`;
  return [
    '| Relay | Expected | Received | Superseded | Lost | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | p50 room/baseline | p99 room/baseline |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    row('Colyseus room', room, ratio(room.latency.p50, baseline.latency.p50), ratio(room.latency.p99, baseline.latency.p99)),
    row('plain ws baseline', baseline, '1.00×', '1.00×'),
    '',
    `- p99 ≤ ${TARGET_RATIO}× baseline: ${verdict(v.ratioOk)} (${ms(room.latency.p99)} ms vs ${TARGET_RATIO} × ${ms(baseline.latency.p99)} = ${ms(TARGET_RATIO * baseline.latency.p99)} ms)` +
      (v.ratioOk ? '' : `. Limited by: ${ratioLimits(report)}`),
    `- p99 < ${TARGET_P99_MS} ms: ${verdict(v.p99Ok)} (${ms(room.latency.p99)} ms)` + (v.p99Ok ? '' : `. Limited by: ${ratioLimits(report)}`),
    `- every watcher got every message once or a newer one in its place, in order: ${v.complete ? '**PASS**' : '**FAIL**'} ` +
      `(room: ${room.superseded} superseded, ${room.lost} lost, ${room.duplicates} duplicated, ${room.reordered} out of order, ${room.invalid} invalid; ` +
      `baseline: ${baseline.lost} lost, ${baseline.duplicates} duplicated, ${baseline.reordered} out of order, ${baseline.invalid} invalid)`,
    '',
    `Send → arrival at the *last* of the ${traffic.watchers} watchers (one sample per message): ` +
      `room p50 ${ms(room.lastWatcher.p50)} / p99 ${ms(room.lastWatcher.p99)} ms, baseline p50 ${ms(baseline.lastWatcher.p50)} / p99 ${ms(baseline.lastWatcher.p99)} ms. ` +
      `The dragger's send call alone (encode + socket write, part of every latency): room p50 ${ms(room.sendCall.p50)} / p99 ${ms(room.sendCall.p99)} ms, ` +
      `baseline p50 ${ms(baseline.sendCall.p50)} / p99 ${ms(baseline.sendCall.p99)} ms.`,
    '',
    `Load during the measured window — server process: room ${perSecond(serverLoad.room, room)}; baseline ${perSecond(serverLoad.baseline, baseline)}. ` +
      `Load generator: room run ${perSecond(room.generator, room)}; baseline run ${perSecond(baseline.generator, baseline)}.`,
  ].join('\n');
}

/** The whole section, between its markers. */
export function renderSection(report: Report): string {
  const { room, machine, traffic } = report;
  const client = room.watcherClient === 'sdk' ? '@colyseus/sdk `Client` watchers' : 'light raw-`ws` Colyseus clients (bench/rawColyseusClient.ts)';
  return [
    BEGIN,
    '## Drag relay latency (`npm run bench`)',
    '',
    `One workshop room, 1 dragging client and ${traffic.watchers} watchers on loopback (127.0.0.1), ` +
      `${traffic.hz} drag updates/s for ${traffic.seconds} s (after ${traffic.warmupSeconds} s of unmeasured warm-up). ` +
      'Latency = the dragger\'s send → the decoded message at a watcher, one sample per message per watcher; ' +
      'dragger and watchers share one clock in a load-generator process, the servers run in another; once everyone has joined, both processes collect their start-up garbage (--expose-gc) before the warm-up, and run without the memory reducer of V8, whose start-up collections would otherwise land in one run only. ' +
      'The game server runs as in production, with its default rate limits on; it sends the drags its room received in one turn of its event loop as one `drags` batch per watcher (a position replaced by a newer one in the same batch counts as superseded, not lost). ' +
      `Room clients: ${client}. Baseline: the same traffic, in the same run, through a plain \`ws\` relay of ~20 lines (bench/baselineServer.ts).`,
    '',
    `Machine: ${machine.cores} cores (os.cpus().length), ${machine.cpuModel}; Node ${machine.node} (${machine.platform}); ${machine.date}; ` +
      `1-min load average ${machine.loadBefore.toFixed(2)} before, ${machine.loadAfter.toFixed(2)} after.`,
    '',
    renderBody(report),
    '',
    NOTE,
    END,
  ].join('\n');
}

/** Replace this benchmark's section of BENCHMARKS.md (or add it), keeping everything else. */
export function writeSection(file: string, section: string): void {
  writeBenchSection(file, section, BEGIN, END);
}
