/** A real game server on a free port and real @colyseus/sdk clients, for room and HTTP tests. */
import { Client, type Room } from '@colyseus/sdk';
import { startServer, type RunningServer } from '../../server/app.ts';
import { PROTOCOL_VERSION, type ServerMessages } from '../../shared/protocol.ts';
import type { WorkshopSetup } from '../../shared/setup.ts';

/** A workshop created through the service, with what its people need to join. */
export interface TestWorkshop {
  id: string;
  code: string;
  key: string;
  partyIds: string[];
}

/** Start a server for one test file (no built client needed). */
export function testServer(): Promise<RunningServer> {
  return startServer({ port: 0, host: '127.0.0.1', serveClient: false, reconnectSeconds: 1 });
}

/** Create a workshop with `parties` parties. */
export async function createWorkshop(server: RunningServer, parties = 3, mode: 'guided' | 'free' = 'free'): Promise<TestWorkshop> {
  const setup: WorkshopSetup = {
    mode,
    title: 'Lektiecaféen',
    focus: 'Hvad skaber lektiecaféen for hver af os?',
    parties: ['Boligsocial helhedsplan', 'Kommunen', 'Skolen', 'Jobcentret', 'Frivilligcentret'].slice(0, parties).map((name) => ({ name })),
  };
  const { stored, facilitatorKey } = await server.workshops.create(setup);
  return { id: stored.state.id, code: stored.state.code, key: facilitatorKey, partyIds: stored.state.parties.map((p) => p.id) };
}

/** A joined SDK client that records every message it receives. */
export interface TestClient {
  room: Room;
  /** Every message received, in order. */
  inbox: { type: string; payload: unknown }[];
  welcome: ServerMessages['welcome'];
  /** Send a message and wait for the answer (ack or error) carrying its action id. */
  act(type: string, payload: Record<string, unknown>): Promise<{ type: 'ack' | 'error'; payload: { aid?: string; code?: string; pieceId?: string; message?: string } }>;
  /** Wait until a message of `type` arrives that matches `match`. */
  next<T = unknown>(type: string, match?: (payload: T) => boolean, timeoutMs?: number): Promise<T>;
  /** The plain JSON of this client's state. */
  json(): { pieces: Record<string, Record<string, unknown>>; members: Record<string, Record<string, unknown>>; parties: Record<string, unknown>[] } & Record<string, unknown>;
}

let actionCounter = 0;

/** Join `workshop` as a participant, the shared screen or the facilitator. */
export async function join(
  server: RunningServer,
  options: Record<string, unknown>,
): Promise<TestClient> {
  const sdk = new Client(server.url);
  const room = await sdk.joinOrCreate('workshop', { v: PROTOCOL_VERSION, ...options });
  const inbox: TestClient['inbox'] = [];
  const waiters: { type: string; match: (p: unknown) => boolean; resolve: (p: unknown) => void }[] = [];
  room.onMessage('*', (type, payload) => {
    inbox.push({ type: String(type), payload });
    for (const w of [...waiters]) {
      if (w.type === type && w.match(payload)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(payload);
      }
    }
  });
  const next = <T>(type: string, match: (p: T) => boolean = () => true, timeoutMs = 5000) => {
    const seen = inbox.find((m) => m.type === type && match(m.payload as T));
    if (seen && type === 'welcome') return Promise.resolve(seen.payload as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no '${type}' message within ${timeoutMs} ms`)), timeoutMs);
      waiters.push({ type, match: match as (p: unknown) => boolean, resolve: (p) => { clearTimeout(timer); resolve(p as T); } });
    });
  };
  const welcome = await next<ServerMessages['welcome']>('welcome');
  return {
    room,
    inbox,
    welcome,
    next,
    async act(type, payload) {
      const aid = `t${++actionCounter}`;
      const answer = new Promise<{ type: 'ack' | 'error'; payload: { aid?: string } }>((resolve) => {
        const done = (kind: 'ack' | 'error') => (p: unknown) => resolve({ type: kind, payload: p as { aid?: string } });
        void next('ack', (p: { aid?: string }) => p.aid === aid).then(done('ack'), () => undefined);
        void next('error', (p: { aid?: string }) => p.aid === aid).then(done('error'), () => undefined);
      });
      room.send(type, { v: PROTOCOL_VERSION, aid, ...payload });
      return answer as ReturnType<TestClient['act']>;
    },
    json() {
      return (room.state as { toJSON(): ReturnType<TestClient['json']> }).toJSON();
    },
  };
}

/** One live drag position as clients get it (inside a `drags` batch). */
export type DragMove = ServerMessages['drags']['moves'][number];

/** Every drag position `client` was sent, in order, out of its `drags` batches. */
export function dragsSeen(client: TestClient): DragMove[] {
  return client.inbox.flatMap((m) => (m.type === 'drags' ? (m.payload as ServerMessages['drags']).moves : []));
}

/** Every drag end `client` was sent, in order, out of its `drags` batches. */
export function dragEndsSeen(client: TestClient): { memberId: string }[] {
  return client.inbox.flatMap((m) => (m.type === 'drags' ? (m.payload as ServerMessages['drags']).ends.map((memberId) => ({ memberId })) : []));
}

/** Wait for a drag position matching `match` to reach `client`. */
export function nextDrag(client: TestClient, match: (drag: DragMove) => boolean = () => true, timeoutMs?: number): Promise<DragMove> {
  return client.next<ServerMessages['drags']>('drags', (batch) => batch.moves.some(match), timeoutMs).then((batch) => batch.moves.find(match)!);
}

/** Wait for the end of a drag (of `memberId`, or anyone's) to reach `client`. */
export function nextDragEnd(client: TestClient, memberId?: string, timeoutMs?: number): Promise<{ memberId: string }> {
  const matches = (id: string) => memberId === undefined || id === memberId;
  return client.next<ServerMessages['drags']>('drags', (batch) => batch.ends.some(matches), timeoutMs).then((batch) => ({ memberId: batch.ends.find(matches)! }));
}

/** Wait until `check` passes (state patches arrive a moment after the answer). */
export async function eventually(check: () => void, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
