/** What every benchmark shares: the machine it ran on, and writing its own section of BENCHMARKS.md. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/** The machine facts each benchmark table is printed with. */
export interface MachineFacts {
  cores: number;
  cpuModel: string;
  node: string;
  platform: string;
  date: string;
  loadBefore: number;
  loadAfter: number;
}

/** This machine now; `loadBefore` is the 1-minute load average taken before the run. */
export function machineFacts(loadBefore: number): MachineFacts {
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString().slice(0, 10),
    loadBefore,
    loadAfter: loadavg()[0] ?? NaN,
  };
}

/** Replace the section between `begin` and `end` markers of a benchmarks file (or add it), keeping everything else. */
export function writeSection(file: string, section: string, begin: string, end: string): void {
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  let next: string;
  const from = existing.indexOf(begin);
  const to = from >= 0 ? existing.indexOf(end, from) : -1;
  if (from >= 0 && to >= 0) next = existing.slice(0, from) + section + existing.slice(to + end.length);
  else if (existing.trim() === '') next = `# Benchmarks\n\n${section}\n`;
  else next = `${existing.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}
