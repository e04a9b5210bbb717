/**
 * A game server on the SQLite store in DATA_DIR, for the crash test: it prints
 * {"port":N} as one JSON line on stdout once it listens, and is meant to be killed hard.
 */
import { startServer } from '../../server/app.ts';
import { openStore } from '../../server/storage/openStore.ts';

const dataDir = process.env.DATA_DIR;
if (!dataDir) throw new Error('crashServer needs DATA_DIR');
const store = await openStore({ kind: 'sqlite', dataDir });
const server = await startServer({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1', serveClient: false, store });
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
