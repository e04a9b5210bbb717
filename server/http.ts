/** The HTTP API: create a workshop, look one up by its join code. Bodies are validated with zod. */
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { WorkshopSetup } from '../shared/setup.ts';
import type { StoredWorkshop } from './storage/WorkshopStore.ts';
import { pastCaps, type Workshops } from './workshops.ts';
import { keyMatches } from './secrets.ts';
import { log } from './log.ts';
import { addressKey, clientAddress, type AddressLimits } from './limits.ts';
import { exportCsv, exportFileName, exportPdf, exportPngAsync } from './export/index.ts';
import { CSV_DELIMITERS, parseCsvDelimiter } from './export/exportCsv.ts';
import { errorMessage, HTTP_ERRORS, type HttpError } from '../shared/errors.ts';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../shared/i18n/index.ts';
import { parseWorkshopFile, stateFromWorkshopFile, toWorkshopFile, type WorkshopFile } from '../shared/workshopFile.ts';
import { workshopLinks } from '../shared/links.ts';

/** Largest request bodies, in bytes: a workshop file (import, or the earlier board of a comparison) may hold a full board; anything else is small. */
export const BODY_LIMITS = { json: 32 * 1024, workshopFile: 2 * 1024 * 1024 } as const;

/** The routes whose body is a whole workshop file. */
const WORKSHOP_FILE_ROUTES = /^\/workshops\/(?:import|[^/]+\/export\.[a-z]+)$/;

/**
 * Put two guards in front of everything the server answers, right after it listens:
 * - The client's address (clientAddress: the socket's peer, or `trustedHops` proxies in from the
 *   right of X-Forwarded-For) is written into X-Real-IP of every request and WebSocket upgrade,
 *   over whatever the client sent there. Colyseus's matchmaker takes a client's address from
 *   X-Real-IP or X-Forwarded-For as they come and its matchmaking route never sees the socket:
 *   this makes the address every limit counts the one computed here.
 * - A body declared larger than any route takes is refused before anyone reads it: Colyseus
 *   reads every POST body with a Content-Length into memory before express's limits could act.
 */
export function guardRequests(http: HttpServer, trustedHops: number): void {
  const stamp = (req: IncomingMessage) => {
    req.headers['x-real-ip'] = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trustedHops) ?? 'unknown';
    delete req.headers['x-client-ip'];
  };
  http.prependListener('upgrade', stamp);
  const listeners = http.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  http.removeAllListeners('request');
  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    stamp(req);
    if (Number(req.headers['content-length'] ?? 0) > BODY_LIMITS.workshopFile) {
      res.writeHead(HTTP_ERRORS['body-too-large'], { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
      res.end(JSON.stringify({ error: 'body-too-large', message: errorMessage(DEFAULT_LANGUAGE, 'body-too-large') }));
      req.resume();
      return;
    }
    for (const listener of listeners) listener.call(http, req, res);
  });
}

/** The key the per-address limits count a request under (see addressKey; req.ip honours TRUST_PROXY's hops). */
function addressOf(req: Request): string {
  return addressKey(req.ip);
}

/** What anyone with the code may know about a workshop. */
export function publicInfo(workshop: StoredWorkshop['state']) {
  return {
    id: workshop.id,
    code: workshop.code,
    title: workshop.title,
    focus: workshop.focus,
    collaboration: workshop.collaboration,
    language: workshop.language,
    open: workshop.open,
    phase: workshop.phase,
    parties: workshop.parties.map(({ id, name, shortName, color }) => ({ id, name, shortName, color })),
  };
}

/** What the facilitator's HTTP calls need besides the workshops: closing a live room before deleting it. */
export interface ApiHooks {
  closeRoom(id: string): Promise<void>;
}

/** The language of the request (Accept-Language), Danish when it names none of ours. */
function languageOf(req: Request): Language {
  return (req.acceptsLanguages([...LANGUAGES]) || DEFAULT_LANGUAGE) as Language;
}

/** Answer with an error from the shared vocabulary: its status, its code, its words in the request's language, and any details (a `field`, a `detail`). */
function refuse(req: Request, res: Response, code: HttpError, details: { field?: string; detail?: string; issues?: unknown } = {}): void {
  const words = errorMessage(languageOf(req), code);
  res.status(HTTP_ERRORS[code]).json({ error: code, ...details, message: details.detail ? `${words} (${details.detail})` : words });
}

/** Answer 429 with a limit's code and when to come back. */
function tooMany(req: Request, res: Response, code: 'too-many-attempts' | 'too-many-workshops', retryAfterSeconds: number): void {
  res.set('Retry-After', String(retryAfterSeconds));
  refuse(req, res, code);
}

/**
 * The stored workshop when the request carries one of its facilitator keys as a Bearer token; else
 * answers 401/403 — or 429 once the address has failed too often. A wrong key counts as a failed
 * look-up, as it does when joining; the right key (192 bits, never guessed) is let in even then.
 */
async function authorised(workshops: Workshops, limits: AddressLimits, req: Request, res: Response): Promise<StoredWorkshop | undefined> {
  const header = req.get('authorization') ?? '';
  const key = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!key) {
    res.set('WWW-Authenticate', 'Bearer');
    refuse(req, res, 'unauthorized');
    return undefined;
  }
  const found = await workshops.store.get(String(req.params.id));
  // an unknown id and a wrong key look alike, so ids cannot be probed
  if (!found || !keyMatches(key, found.facilitatorKeyHash)) {
    const address = addressOf(req);
    await limits.failedLookups.count(address);
    const wait = await limits.failedLookups.wait(address);
    if (wait) tooMany(req, res, 'too-many-attempts', wait);
    else refuse(req, res, 'forbidden');
    return undefined;
  }
  return found;
}

/**
 * Where other devices on this machine's networks reach the server that answered `req`: http://IP:PORT
 * for each IPv4 address of the machine that is not loopback, when the server listens on every
 * address (HOST=0.0.0.0, the default); none when it listens on one address only.
 */
export function lanUrls(req: Request): string[] {
  const listening = (req.socket as { server?: { address(): unknown } }).server?.address();
  const host = listening && typeof listening === 'object' ? (listening as { address?: string }).address : undefined;
  if (host !== '0.0.0.0' && host !== '::') return [];
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal)
    .map((a) => `http://${a!.address}:${req.socket.localPort}`);
}

/** Mount the API routes on `app`. */
export function mountApi(app: Express, workshops: Workshops, publicUrl: string | undefined, limits: AddressLimits, hooks: ApiHooks = { closeRoom: async () => undefined }): void {
  const baseOf = (req: Request) => publicUrl ?? `${req.protocol}://${req.get('host')}`;
  const api = express.Router();
  // small bodies everywhere but where a whole workshop file is sent, which sets its own limit
  const smallBody = express.json({ limit: BODY_LIMITS.json });
  const workshopFileBody = express.json({ limit: BODY_LIMITS.workshopFile });
  api.use((req: Request, res: Response, next: NextFunction) => (req.method === 'POST' && WORKSHOP_FILE_ROUTES.test(req.path) ? workshopFileBody : smallBody)(req, res, next));
  /** Count a workshop about to be created against its address; false (and answered 429) past the limit. */
  const mayCreate = async (req: Request, res: Response): Promise<boolean> => {
    const verdict = await limits.workshops.take(addressOf(req));
    if (!verdict.ok) tooMany(req, res, 'too-many-workshops', verdict.retryAfterSeconds);
    return verdict.ok;
  };

  api.post('/workshops', async (req: Request, res: Response) => {
    const parsed = WorkshopSetup.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys?.join(', ') : '') || '(body)';
      refuse(req, res, 'invalid-workshop', { field, detail: `${field}: ${issue.message}`, issues: parsed.error.issues.map((i) => ({ path: i.path, message: i.message })) });
      return;
    }
    if (!(await mayCreate(req, res))) return;
    const { stored, facilitatorKey } = await workshops.create(parsed.data);
    res.status(201).location(`/api/workshops/${stored.state.code}`).json({
      id: stored.state.id,
      code: stored.state.code,
      facilitatorKey,
      ...workshopLinks(baseOf(req), stored.state, facilitatorKey),
    });
  });

  api.get('/workshops/:code', async (req: Request, res: Response) => {
    // only failures count, so a meeting room behind one address is never slowed down by typing the right code
    const address = addressOf(req);
    const wait = await limits.failedLookups.wait(address);
    // past its failures, an address's codes are not even looked up: that is what makes guessing hopeless
    if (wait) {
      tooMany(req, res, 'too-many-attempts', wait);
      return;
    }
    const found = await workshops.byCode(String(req.params.code));
    if (!found) {
      await limits.failedLookups.count(address);
      refuse(req, res, 'workshop-not-found');
      return;
    }
    res.json({ ...publicInfo(found.state), ...workshopLinks(baseOf(req), found.state) });
  });

  api.get('/workshops/:id/summary', async (req: Request, res: Response) => {
    const found = await authorised(workshops, limits, req, res);
    if (!found) return;
    const { state } = found;
    res.json({ ...publicInfo(state), ...workshopLinks(baseOf(req), state), pieces: state.pieces.length, updatedAt: found.updatedAt, createdAt: state.createdAt, retentionMonths: state.retentionMonths });
  });

  // ---- exports: the facilitator's deliverable, built from the stored state (always up to date) ----
  const CONTENT_TYPES = { png: 'image/png', pdf: 'application/pdf', json: 'application/json; charset=utf-8', csv: 'text/csv; charset=utf-8' } as const;
  const sendExport = async (req: Request, res: Response, compareWith?: WorkshopFile) => {
    const format = String(req.params.format) as keyof typeof CONTENT_TYPES;
    if (!Object.hasOwn(CONTENT_TYPES, format)) {
      refuse(req, res, 'not-found', { detail: 'png, pdf, json, csv' });
      return;
    }
    const found = await authorised(workshops, limits, req, res);
    if (!found) return;
    const { state } = found;
    let body: Buffer | string;
    if (format === 'png') body = await exportPngAsync(state);
    else if (format === 'pdf') body = await exportPdf(state, compareWith ? { compareWith: stateFromWorkshopFile(compareWith) } : {});
    // ?sep=; or ?sep=, picks the separator; without it, the one a spreadsheet in the workshop's language expects
    else if (format === 'csv') body = exportCsv(state, { delimiter: parseCsvDelimiter(req.query.sep) ?? CSV_DELIMITERS[state.language] });
    else body = `${JSON.stringify(toWorkshopFile(state), null, 2)}\n`;
    const name = exportFileName(state.title, format);
    res
      .status(200)
      .type(CONTENT_TYPES[format])
      .set('Content-Disposition', `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .set('Cache-Control', 'no-store')
      .send(body);
  };
  api.get('/workshops/:id/export.:format', (req, res) => sendExport(req, res));
  // the PDF may include the comparison with an earlier board, sent as its workshop file
  api.post('/workshops/:id/export.:format', async (req: Request, res: Response) => {
    const earlier = parseWorkshopFile((req.body as { compareWith?: unknown } | undefined)?.compareWith);
    if (!earlier.ok) {
      refuse(req, res, 'invalid-workshop-file', { field: 'compareWith', detail: earlier.message });
      return;
    }
    await sendExport(req, res, earlier.file);
  });

  // ---- import: a workshop file becomes a new workshop, as a copy to continue or a template to reuse ----
  api.post('/workshops/import', async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as { file?: unknown; as?: unknown };
    const as = body.as === undefined ? 'copy' : body.as;
    if (as !== 'copy' && as !== 'template') {
      refuse(req, res, 'invalid-import', { field: 'as', detail: 'as: "copy" | "template"' });
      return;
    }
    const parsed = parseWorkshopFile(body.file);
    if (!parsed.ok) {
      refuse(req, res, 'invalid-workshop-file', { field: 'file', detail: parsed.message });
      return;
    }
    const past = pastCaps(stateFromWorkshopFile(parsed.file));
    if (past) {
      refuse(req, res, 'invalid-workshop-file', { field: 'file', detail: past });
      return;
    }
    if (!(await mayCreate(req, res))) return;
    const { stored, facilitatorKey } = await workshops.importFile(parsed.file, as);
    res.status(201).json({ id: stored.state.id, code: stored.state.code, facilitatorKey, ...workshopLinks(baseOf(req), stored.state, facilitatorKey) });
  });

  api.delete('/workshops/:id', async (req: Request, res: Response) => {
    const found = await authorised(workshops, limits, req, res);
    if (!found) return;
    await hooks.closeRoom(found.state.id);
    await workshops.store.delete(found.state.id);
    res.status(204).end();
  });

  // for a page opened on a loopback address (127.0.0.1, localhost): the addresses phones in the room can use instead
  api.get('/server-info', (req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store').json({ publicUrl: publicUrl ?? null, lanUrls: publicUrl ? [] : lanUrls(req) });
  });

  api.use((req: Request, res: Response) => {
    refuse(req, res, 'not-found', { detail: `${req.method} ${req.path}` });
  });
  // malformed JSON and oversize bodies arrive here; never send a stack trace
  api.use((error: { status?: number; type?: string }, req: Request, res: Response, _next: () => void) => {
    const clientError = error.status !== undefined && error.status >= 400 && error.status < 500;
    const code: HttpError = error.type === 'entity.too.large' ? 'body-too-large' : clientError ? 'invalid-json' : 'internal-error';
    if (code === 'internal-error') log('error', 'http-failed', { error: String(error) });
    refuse(req, res, code);
  });
  app.use('/api', api);
}
