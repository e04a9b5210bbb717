/**
 * Structured logs: one JSON line per event, with the workshop id, the action and the rejection
 * code — never names, notes or keys. LOG_LEVEL = debug | info | warn | error (default info).
 */
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = Exclude<keyof typeof LEVELS, 'silent'>;

const threshold = LEVELS[(process.env.LOG_LEVEL as keyof typeof LEVELS) ?? 'info'] ?? LEVELS.info;

/** Write one event, if its level is on. Fields must not carry personal data. */
export function log(level: Level, event: string, fields: Record<string, string | number | boolean | undefined> = {}): void {
  if (LEVELS[level] < threshold) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}
