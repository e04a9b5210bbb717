/**
 * "My workshops": the facilitator links this browser has opened, kept in its local storage so a
 * facilitator finds their workshops again on the same machine. The key never leaves the browser
 * except as the Bearer token of the facilitator's own HTTP calls.
 */
export interface MyWorkshop {
  id: string;
  key: string;
  title: string;
  code: string;
  openedAt: number;
}

const STORAGE_KEY = 'vaerdispil.myWorkshops';

/** Every remembered workshop, most recently opened first. */
export function myWorkshops(): MyWorkshop[] {
  try {
    const list = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((w) => w && typeof w.id === 'string' && typeof w.key === 'string').sort((a, b) => b.openedAt - a.openedAt) : [];
  } catch {
    return [];
  }
}

function store(list: MyWorkshop[]): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(list.slice(0, 100)));
  } catch {
    // private mode or full storage: the list is a convenience, the link still works
  }
}

/** Remember (or refresh) a workshop opened with its facilitator key. */
export function rememberWorkshop(entry: Omit<MyWorkshop, 'openedAt'>): void {
  store([{ ...entry, openedAt: Date.now() }, ...myWorkshops().filter((w) => w.id !== entry.id)]);
}

/** Forget a workshop (deleted, or no longer wanted in the list). */
export function forgetWorkshop(id: string): void {
  store(myWorkshops().filter((w) => w.id !== id));
}

/** Fetch with this workshop's facilitator key. */
export function facilitatorFetch(workshop: Pick<MyWorkshop, 'id' | 'key'>, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`/api/workshops/${encodeURIComponent(workshop.id)}${path}`, { ...init, headers: { ...(init.headers ?? {}), authorization: `Bearer ${workshop.key}` } });
}

/** Save a response as a file download. */
export async function download(pending: Response | Promise<Response>, fallbackName: string): Promise<void> {
  const response = await pending;
  if (!response.ok) throw new Error((await response.json().catch(() => ({ message: response.statusText }))).message);
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
