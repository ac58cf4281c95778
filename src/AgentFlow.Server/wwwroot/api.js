// The console's only way to the server: the JSON API under /api, with the session cookie (sent by the browser) and
// the session's CSRF token on every state-changing request. Problems (RFC 7807) become errors with their detail.

let session = null;
const listeners = new Set();

/** The signed-in operator ({ operator, roles, canAct, isAdmin, csrfToken }), or null. */
export function current() {
  return session;
}

/** Calls back whenever the session changes (sign-in, sign-out, expiry). */
export function onSessionChange(callback) {
  listeners.add(callback);
}

function setSession(value) {
  session = value;
  for (const callback of listeners) callback(session);
}

/** An API failure: status and the problem's detail. */
export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail || title || `request failed (${status})`);
    this.status = status;
    this.title = title;
  }
}

/** Calls the API; returns the parsed JSON (or null for no content). */
export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && session?.csrfToken) headers['X-CSRF-Token'] = session.csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) {
    if (response.status === 401 && session && !path.startsWith('/api/session')) setSession(null);
    throw new ApiError(response.status, data?.title, data?.detail || (typeof data === 'string' ? data : null));
  }
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body ?? {});

/** Restores the session of the cookie, if any (on page load). */
export async function restore() {
  try {
    setSession(await get('/api/session'));
  } catch {
    setSession(null);
  }
  return session;
}

/** Signs in with an operator token; the token goes only into this request. */
export async function signIn(token) {
  setSession(await post('/api/session', { token }));
  return session;
}

/** Signs out: ends the session on the server and forgets it here. */
export async function signOut() {
  try {
    await api('DELETE', '/api/session');
  } finally {
    setSession(null);
  }
}

/** Encodes one path segment. */
export const seg = (value) => encodeURIComponent(value);

/**
 * Listens to a Server-Sent Events stream (the cookie authenticates it). Calls onEvent(type, data) for each run event;
 * the browser reconnects by itself after a drop. Returns a function that closes it.
 */
export function listen(path, onEvent) {
  const source = new EventSource(path);
  for (const type of ['ready', 'run', 'node-started', 'node-completed', 'node-failed', 'node-waiting']) {
    source.addEventListener(type, (event) => {
      let data = null;
      try { data = JSON.parse(event.data); } catch { /* not JSON: ignored */ }
      onEvent(type, data);
    });
  }
  return () => source.close();
}

/** Runs fn at most once per `ms` while events arrive in bursts (the last call always runs). */
export function debounce(fn, ms = 150) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
