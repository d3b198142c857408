// The one module that talks to the REST API. Calls carry the session cookie (set HttpOnly by the
// controller; no script can read it) and, when they change something, the session's CSRF token,
// which lives only in this module's memory: never in storage, never in a URL.

let csrfToken = null;
let onSignedOut = () => {};

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.code = body && body.code;
    this.details = body && body.details;
  }
}

export function whenSignedOut(callback) {
  onSignedOut = callback;
}

function url(path, params) {
  const u = new URL('/api/v1' + path, location.origin);
  for (const [key, value] of Object.entries(params || {})) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => u.searchParams.append(key, v));
    else u.searchParams.set(key, value);
  }
  return u.pathname + u.search;
}

async function call(method, path, {params, body, extraHeaders, withTotal} = {}) {
  const headers = {'Accept': 'application/json', ...(extraHeaders || {})};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-Hoist-CSRF'] = csrfToken;
  const response = await fetch(url(path, params), {
    method, headers, credentials: 'same-origin', cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;

  if (!response.ok) {
    if (response.status === 401 && path !== '/session') {
      csrfToken = null;
      onSignedOut();
    }
    throw new ApiError(response.status, data);
  }
  if (withTotal) return {items: data, total: Number(response.headers.get('X-Total-Count') || data.length)};
  return data;
}

/** A random key for Idempotency-Key (crypto.randomUUID needs a secure context; this does not). */
export function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const api = {
  get: (path, params) => call('GET', path, {params}),
  post: (path, body, params) => call('POST', path, {body: body === undefined ? {} : body, params}),
  /** A create that may be retried: the same key never makes a second one. */
  postOnce: (path, body, key) => call('POST', path, {body, extraHeaders: {'Idempotency-Key': key}}),
  delete: (path) => call('DELETE', path),
  streamUrl: (params) => url('/stream', params),
  /** One page of a paged list: {items, total} (total from the X-Total-Count header). */
  page: (path, params) => call('GET', path, {params, withTotal: true}),
};

/** The current session, or null when signed out. */
export async function currentSession() {
  try {
    const session = await call('GET', '/session');
    csrfToken = session.csrfToken;
    return session;
  } catch (err) {
    if (err.status === 401 || err.status === 404) return null;
    throw err;
  }
}

/** After the stream was refused: if the session has ended, shows the sign-in form. */
export async function checkSession() {
  const session = await currentSession().catch(() => undefined);
  if (session === null) onSignedOut();
  return session;
}

export async function signIn(token) {
  const session = await call('POST', '/session', {body: {token}});
  csrfToken = session.csrfToken;
  return session;
}

export async function signOut() {
  try {
    await call('DELETE', '/session');
  } finally {
    csrfToken = null;
  }
}
