/**
 * Redis goes away and comes back empty (the deployment's Redis keeps nothing on disk): the
 * workshop in progress goes on meanwhile, /healthz says 503, joins fail; once Redis answers again
 * the process lists its rooms again by itself, so a newcomer lands in the same room as the people
 * already playing — not in a second one. Runs its own redis-server on a free port, so it can be
 * killed; skipped with the reason without redis-server or PostgreSQL, failed in CI.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, probePostgres, type TestDatabase } from '../server/storeDatabase.ts';
import { createWorkshop, freePort, NODE, ROOT } from './deployment.ts';
import { joinParticipant, place, type Participant } from './clients.ts';

const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((path) => existsSync(path));
const postgres = await probePostgres();
const missing = [...(REDIS_SERVER ? [] : ['redis-server is not installed']), ...(postgres.ok ? [] : [postgres.reason])];
const skip = missing.length > 0 && !process.env.CI;
if (skip) console.warn(`Skipping the Redis restart test: ${missing.join('; ')}`);

/** A redis-server of this test's own, in the foreground, keeping nothing on disk. */
function redisServer(port: number): ChildProcess {
  return spawn(REDIS_SERVER!, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
}

describe.skipIf(skip)('the deployment\'s Redis restarts empty', () => {
  let redisPort: number;
  let redis: ChildProcess | undefined;
  let database: TestDatabase;
  let game: ChildProcess;
  let url: string;

  beforeAll(async () => {
    if (missing.length > 0) throw new Error(`${missing.join('; ')} (needed in CI)`);
    redisPort = await freePort();
    redis = redisServer(redisPort);
    await vi.waitFor(() => expect(spawnSync('redis-cli', ['-p', String(redisPort), 'ping'], { encoding: 'utf8' }).stdout.trim()).toBe('PONG'), { timeout: 10_000, interval: 100 });
    database = await createTestDatabase();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    game = spawn(NODE, ['server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: database.url, REDIS_URL: `redis://127.0.0.1:${redisPort}/0`, LOG_LEVEL: 'error', NODE_ENV: 'production' },
      stdio: 'ignore',
    });
    await vi.waitFor(() => fetch(`${url}/healthz`).then((r) => expect(r.status).toBe(200)), { timeout: 60_000, interval: 200 });
  });

  afterAll(async () => {
    game?.kill('SIGKILL');
    redis?.kill('SIGKILL');
    await database?.drop();
  });

  it('keeps the workshop going, refuses joins meanwhile, and seats a newcomer in the same room once it is back', async () => {
    const workshop = await createWorkshop(url, 'Redis genstarter');
    const anna: Participant = await joinParticipant(url, workshop, 'Anna', 0);
    await place(anna, workshop, 'network');

    redis!.kill('SIGKILL');
    await new Promise((resolve) => redis!.once('exit', resolve));
    // the room needs no Redis to play on, the process says it is not whole, and nobody new gets in
    await place(anna, workshop, 'knowledge');
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ ok: false, database: { ok: true }, redis: { ok: false } });
    await expect(joinParticipant(url, workshop, 'Bo', 1)).rejects.toThrow();

    redis = redisServer(redisPort);
    let bo: Participant | undefined;
    await vi.waitFor(
      async () => {
        bo = await joinParticipant(url, workshop, 'Bo', 1);
      },
      { timeout: 30_000, interval: 500 },
    );
    // the same room: Bo sees Anna and her pieces, and Anna sees Bo
    await vi.waitFor(() => expect(bo!.connection.state.members.map((m) => m.name).sort()).toEqual(['Anna', 'Bo']));
    expect(bo!.connection.state.pieces).toHaveLength(2);
    await vi.waitFor(() => expect(anna.connection.state.members.filter((m) => m.connected)).toHaveLength(2));
    await place(bo!, workshop, 'residents');
    await vi.waitFor(() => expect(anna.connection.state.pieces).toHaveLength(3));
    await Promise.allSettled([anna.connection.leave(), bo!.connection.leave()]);
  });
});
