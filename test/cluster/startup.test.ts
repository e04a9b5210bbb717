/**
 * A process told to join a deployment never runs on its own by mistake: REDIS_URL without a
 * shared database is refused, and a Redis that cannot be reached stops the start — each in one
 * line an operator can act on, with a non-zero exit.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, probePostgres } from '../server/storeDatabase.ts';
import { freePort, NODE, ROOT } from './deployment.ts';

/** Run `node server/main.ts` with `env` until it exits (it must, within 30 s). */
async function start(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(NODE, ['server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(await freePort()), DATA_DIR: '', DATABASE_URL: '', REDIS_URL: '', STORE: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

const postgres = await probePostgres();

describe('starting a process of a deployment', () => {
  it('refuses REDIS_URL without DATABASE_URL: processes that share rooms must share the workshops', async () => {
    const run = await start({ REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Værdispillet cannot start: configuration: REDIS_URL needs DATABASE_URL/);
  });

  it('refuses a PUBLIC_ADDRESS with a scheme, naming the setting', async () => {
    const run = await start({ PUBLIC_ADDRESS: 'https://vaerdispil.example.dk/p/1' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(/^Værdispillet cannot start: configuration: PUBLIC_ADDRESS is host\[:port\]\[\/path\] without a scheme/);
  });

  it.skipIf(!postgres.ok && !process.env.CI)('says in one line that Redis cannot be reached, and exits non-zero', async () => {
    if (!postgres.ok) throw new Error(`${postgres.reason} (needed in CI)`);
    const database = await createTestDatabase();
    try {
      // nothing listens on port 1
      const run = await start({ DATABASE_URL: database.url, REDIS_URL: 'redis://:secret@127.0.0.1:1/0' });
      expect(run.code).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Værdispillet cannot start: Redis \(REDIS_URL\): Redis at redis:\/\/127\.0\.0\.1:1\/0 cannot be reached: .*ECONNREFUSED/);
      // the password stays out of the message, and nothing claims the game is running
      expect(run.stderr).not.toContain('secret');
      expect(run.stdout).not.toContain('is running');
    } finally {
      await database.drop();
    }
  });
});
