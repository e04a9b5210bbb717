/** The HTTP API: create a workshop, look one up by its join code. Bodies are validated with zod. */
import express, { type Express, type Request, type Response } from 'express';
import { WorkshopSetup } from '../shared/setup.ts';
import type { StoredWorkshop } from './storage/WorkshopStore.ts';
import type { Workshops } from './workshops.ts';
import { keyMatches } from './secrets.ts';
import { log } from './log.ts';
import type { FailureLimiter } from './limits.ts';
import { exportCsv, exportFileName, exportPdf, exportPngAsync } from './export/index.ts';
import { errorMessage, HTTP_ERRORS, type HttpError } from '../shared/errors.ts';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../shared/i18n/index.ts';
import { parseWorkshopFile, stateFromWorkshopFile, toWorkshopFile, type WorkshopFile } from '../shared/workshopFile.ts';
import { workshopLinks } from '../shared/links.ts';

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

/** The stored workshop when the request carries one of its facilitator keys as a Bearer token; else answers 401/403/404. */
async function authorised(workshops: Workshops, req: Request, res: Response): Promise<StoredWorkshop | undefined> {
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
    refuse(req, res, 'forbidden');
    return undefined;
  }
  return found;
}

/** Mount the API routes on `app`. */
export function mountApi(app: Express, workshops: Workshops, publicUrl: string | undefined, lookupLimiter: FailureLimiter, hooks: ApiHooks = { closeRoom: async () => undefined }): void {
  const baseOf = (req: Request) => publicUrl ?? `${req.protocol}://${req.get('host')}`;
  const api = express.Router();
  api.use(express.json({ limit: '32kb' }));

  api.post('/workshops', async (req: Request, res: Response) => {
    const parsed = WorkshopSetup.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys?.join(', ') : '') || '(body)';
      refuse(req, res, 'invalid-workshop', { field, detail: `${field}: ${issue.message}`, issues: parsed.error.issues.map((i) => ({ path: i.path, message: i.message })) });
      return;
    }
    const { stored, facilitatorKey } = await workshops.create(parsed.data);
    res.status(201).location(`/api/workshops/${stored.state.code}`).json({
      id: stored.state.id,
      code: stored.state.code,
      facilitatorKey,
      ...workshopLinks(baseOf(req), stored.state, facilitatorKey),
    });
  });

  api.get('/workshops/:code', async (req: Request, res: Response) => {
    // only failures count, so a meeting room behind one address is never slowed down
    const ip = req.ip ?? 'unknown';
    if (lookupLimiter.blocked(ip)) {
      res.set('Retry-After', '60');
      refuse(req, res, 'too-many-attempts');
      return;
    }
    const found = await workshops.byCode(String(req.params.code));
    if (!found) {
      lookupLimiter.fail(ip);
      refuse(req, res, 'workshop-not-found');
      return;
    }
    res.json({ ...publicInfo(found.state), ...workshopLinks(baseOf(req), found.state) });
  });

  api.get('/workshops/:id/summary', async (req: Request, res: Response) => {
    const found = await authorised(workshops, req, res);
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
    const found = await authorised(workshops, req, res);
    if (!found) return;
    const { state } = found;
    let body: Buffer | string;
    if (format === 'png') body = await exportPngAsync(state);
    else if (format === 'pdf') body = await exportPdf(state, compareWith ? { compareWith: stateFromWorkshopFile(compareWith) } : {});
    else if (format === 'csv') body = exportCsv(state);
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
  api.post('/workshops/:id/export.:format', express.json({ limit: '2mb' }), async (req: Request, res: Response) => {
    const earlier = parseWorkshopFile((req.body as { compareWith?: unknown } | undefined)?.compareWith);
    if (!earlier.ok) {
      refuse(req, res, 'invalid-workshop-file', { field: 'compareWith', detail: earlier.message });
      return;
    }
    await sendExport(req, res, earlier.file);
  });

  // ---- import: a workshop file becomes a new workshop, as a copy to continue or a template to reuse ----
  api.post('/workshops/import', express.json({ limit: '2mb' }), async (req: Request, res: Response) => {
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
    const { stored, facilitatorKey } = await workshops.importFile(parsed.file, as);
    res.status(201).json({ id: stored.state.id, code: stored.state.code, facilitatorKey, ...workshopLinks(baseOf(req), stored.state, facilitatorKey) });
  });

  api.delete('/workshops/:id', async (req: Request, res: Response) => {
    const found = await authorised(workshops, req, res);
    if (!found) return;
    await hooks.closeRoom(found.state.id);
    await workshops.store.delete(found.state.id);
    res.status(204).end();
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
