/** `npm start`: run the game on PORT (default 2567) and print where to find it. */
import { networkInterfaces } from 'node:os';
import { existsSync } from 'node:fs';
import { configFromEnv } from './config.ts';
import { startServer, CLIENT_DIR } from './app.ts';
import { openStore } from './storage/openStore.ts';
import { connectCluster } from './cluster.ts';

/** Say what is wrong in one line and exit non-zero: an operator reads this, not a stack trace. */
function fail(what: string, error: unknown): never {
  console.error(`Værdispillet cannot start: ${what}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

let config: ReturnType<typeof configFromEnv>;
try {
  config = configFromEnv();
} catch (error) {
  fail('configuration', error);
}
if (!existsSync(CLIENT_DIR)) console.warn('The client is not built: run `npm run build` (npm start does it for you).');
const store = await openStore({ kind: config.store, dataDir: config.dataDir, databaseUrl: config.databaseUrl }).catch((error: unknown) => fail('store', error));
// a process told to join a deployment must never run on its own instead: no Redis, no start
const cluster = config.redisUrl
  ? await connectCluster(config.redisUrl).catch(async (error: unknown) => {
      await store.close().catch(() => undefined);
      return fail('Redis (REDIS_URL)', error);
    })
  : undefined;
const server = await startServer({ ...config, store, cluster }).catch((error: unknown) => fail(`port ${config.port}`, error));

const lanAddresses = Object.values(networkInterfaces())
  .flat()
  .filter((a) => a && a.family === 'IPv4' && !a.internal)
  .map((a) => `http://${a!.address}:${server.port}`);
console.log(`\nVærdispillet kører / is running:\n  ${config.publicUrl ?? `http://localhost:${server.port}`}`);
if (!config.publicUrl && config.host === '0.0.0.0') for (const url of lanAddresses) console.log(`  ${url}  (on this network)`);
const where = { memory: 'in memory only (STORE=memory): gone when the server stops', sqlite: `in ${config.dataDir}`, postgres: 'in PostgreSQL (DATABASE_URL)' } as const;
console.log(`Workshops are kept ${where[config.store]}.`);
if (server.cluster) console.log(`Part of a deployment (REDIS_URL at ${cluster!.where}): process ${server.cluster.processId}, reached at ${server.cluster.publicAddress}.`);
console.log('Stop with Ctrl+C.\n');

// Drain on the first signal: rooms finish their writes, clients get the shutdown close code
// (rejoin with backoff), the store closes cleanly. npm forwards the group's signal a second
// time: ignore repeats while draining instead of dying half-way.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing writes and closing connections …`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Stopping failed: ${String(error)}`);
        process.exit(1);
      },
    );
  });
}
