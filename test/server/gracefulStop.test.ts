/**
 * A real graceful stop, as an operator's `kill` or a service manager does it: SIGTERM to the
 * process group of `npm start` while clients pipeline actions. The server drains: every client
 * gets the shutdown close code (rejoin with backoff), every acknowledged action is on disk, the
 * SQLite WAL is checkpointed away, and `npm start` exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { Client, type Room } from '@colyseus/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { SQLITE_FILE_NAME } from '../../server/storage/openStore.ts';
import { readStoredStateJson } from '../../shared/storedState.ts';
import { areaSlotPoint } from '../../shared/geometry.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { CLOSE_CODES } from '../../shared/closeCodes.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'vaerdispil-sigterm-'));
let child: ChildProcess | undefined;

afterAll(() => {
  if (child?.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Start `npm start` (client build skipped: the test needs only the server) in its own process group; resolves with its URL. */
function npmStart(): Promise<{ url: string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; output: () => string }> {
  child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, START_WITHOUT_BUILD: '1', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_ENV: 'test', RATE_ACTIONS_PER_SECOND: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child!.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not print its URL within 30 s:\n${output}`)), 30_000);
    createInterface({ input: child!.stdout! }).on('line', (line) => {
      output += `${line}\n`;
      const match = /http:\/\/localhost:(\d+)/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      resolve({ url: `http://127.0.0.1:${match[1]}`, exited, output: () => output });
    });
  });
}

describe('SIGTERM to the npm start process group', () => {
  it('drains: clients get the shutdown code, acknowledged actions are on disk, no WAL is left, exit 0', async () => {
    const server = await npmStart();
    const created = await fetch(`${server.url}/api/workshops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'free', title: 'Stop under load', parties: [{ name: 'Boligsocial helhedsplan' }, { name: 'Kommunen' }] }),
    }).then((r) => r.json() as Promise<{ id: string; code: string }>);
    const state = await fetch(`${server.url}/api/workshops/${created.code}`).then((r) => r.json() as Promise<{ parties: { id: string }[] }>);

    const sdk = new Client(server.url);
    const clients: { room: Room; closeCode?: number }[] = [];
    for (const [i, party] of state.parties.entries()) {
      const room = await sdk.joinOrCreate('workshop', { v: PROTOCOL_VERSION, role: 'participant', workshopId: created.id, code: created.code, name: `P${i}`, partyId: party.id });
      room.reconnection.enabled = false;
      const entry: { room: Room; closeCode?: number } = { room };
      room.onLeave((code) => (entry.closeCode = code));
      clients.push(entry);
    }

    // each client keeps a window of edits in flight on its own piece, so the server is always writing
    const acked = new Map<string, { pieceId: string; note: string }>();
    const pieces: string[] = [];
    for (const [i, { room }] of clients.entries()) {
      const placed = new Promise<string>((resolve) => room.onMessage('ack', (a: { aid: string; pieceId?: string }) => a.aid === `place-${i}` && resolve(a.pieceId!)));
      room.send('place', { v: PROTOCOL_VERSION, aid: `place-${i}`, kindId: 'network', areaPartyId: state.parties[i]!.id, near: areaSlotPoint(2, i, 0) });
      pieces.push(await placed);
    }
    let stop = false;
    let sent = 0;
    for (const [i, { room }] of clients.entries()) {
      const send = () => {
        if (stop) return;
        const n = sent++;
        room.send('edit', { v: PROTOCOL_VERSION, aid: `edit-${n}`, pieceId: pieces[i], note: `note ${n}` });
      };
      room.onMessage('ack', (a: { aid: string }) => {
        const n = Number(a.aid.slice(5));
        if (a.aid.startsWith('edit-')) acked.set(a.aid, { pieceId: pieces[i]!, note: `note ${n}` });
        send();
      });
      room.onMessage('error', () => send());
      for (let k = 0; k < 8; k++) send();
    }
    while (acked.size < 200) await new Promise((r) => setTimeout(r, 10));

    process.kill(-child!.pid!, 'SIGTERM');
    const exit = await server.exited;
    stop = true;
    expect(exit, server.output()).toEqual({ code: 0, signal: null });
    await new Promise((r) => setTimeout(r, 200));
    for (const c of clients) expect(c.closeCode).toBe(CLOSE_CODES.shutdown);

    // no WAL left behind, and every acknowledged edit is in the log; each piece carries its last acknowledged note or a later one
    expect(readdirSync(dataDir).filter((f) => f.endsWith('-wal') && existsSync(join(dataDir, f)))).toEqual([]);
    const db = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    const logged = new Set((db.prepare('SELECT action FROM actions').all() as { action: string }[]).map((r) => (JSON.parse(r.action) as { note?: string }).note));
    const row = db.prepare('SELECT state FROM workshops WHERE id = ?').get(created.id) as { state: string };
    db.close();
    for (const { note } of acked.values()) expect(logged.has(note), note).toBe(true);
    const stored = readStoredStateJson(row.state);
    const lastNote = (pieceId: string) => Math.max(...[...acked.values()].filter((a) => a.pieceId === pieceId).map((a) => Number(a.note.slice(5))));
    for (const pieceId of pieces) {
      const note = stored.pieces.find((p) => p.id === pieceId)!.note;
      expect(Number(note.slice(5))).toBeGreaterThanOrEqual(lastNote(pieceId));
    }
  });
});
