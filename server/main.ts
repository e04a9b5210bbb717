/** `npm start`: run the game on PORT (default 2567) and print where to find it. */
import { networkInterfaces } from 'node:os';
import { existsSync } from 'node:fs';
import { configFromEnv } from './config.ts';
import { startServer, CLIENT_DIR } from './app.ts';
import { openStore } from './storage/openStore.ts';

const config = configFromEnv();
if (!existsSync(CLIENT_DIR)) console.warn('The client is not built: run `npm run build` (npm start does it for you).');
const server = await startServer({ ...config, store: await openStore({ kind: config.store, dataDir: config.dataDir }) });

const lanAddresses = Object.values(networkInterfaces())
  .flat()
  .filter((a) => a && a.family === 'IPv4' && !a.internal)
  .map((a) => `http://${a!.address}:${server.port}`);
console.log(`\nVærdispillet kører / is running:\n  ${config.publicUrl ?? `http://localhost:${server.port}`}`);
if (!config.publicUrl && config.host === '0.0.0.0') for (const url of lanAddresses) console.log(`  ${url}  (on this network)`);
console.log(config.store === 'memory' ? 'Workshops are kept in memory only (STORE=memory).' : `Workshops are saved in ${config.dataDir}.`);
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
