// The API client: the session token lives in memory and in sessionStorage (this tab only, gone
// when the tab closes), never in localStorage; every request is same-origin under /api/v1.
const KEY = "mediationd.session";
let session = null;

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.retryAfter = 0;
  }
  // The field errors of a 422, as {field: message}.
  fields() {
    const out = {};
    for (const e of this.problem.errors || []) out[e.field] = e.message;
    return out;
  }
}

export function currentSession() {
  if (!session) {
    try {
      session = JSON.parse(sessionStorage.getItem(KEY) || "null");
    } catch {
      session = null;
    }
  }
  return session;
}

export function saveSession(s) {
  session = s;
  sessionStorage.setItem(KEY, JSON.stringify(s));
}

export function clearSession() {
  session = null;
  sessionStorage.removeItem(KEY);
}

// One request; JSON in and out. Returns {status, body, headers}; throws ApiError for >= 400.
export async function request(method, path, { body, headers = {}, raw = false, auth = true } = {}) {
  const h = { Accept: "application/json", ...headers };
  const s = currentSession();
  if (auth && s) h.Authorization = `Bearer ${s.token}`;
  let payload;
  if (body !== undefined && !(body instanceof Blob) && !(body instanceof ArrayBuffer)) {
    h["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  } else {
    payload = body;
  }
  const res = await fetch(`/api/v1${path}`, { method, headers: h, body: payload, credentials: "omit" });
  if (raw && res.ok) return res;
  const type = res.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) {
    const err = new ApiError(res.status, typeof data === "object" ? data : null);
    err.retryAfter = Number(res.headers.get("Retry-After") || 0);
    if (res.status === 401 && auth && s) {
      clearSession();
      location.hash = "#/login";
    }
    throw err;
  }
  return { status: res.status, body: data, headers: res.headers };
}

export const get = (path, opts) => request("GET", path, opts).then((r) => r.body);
export const post = (path, body, opts) => request("POST", path, { ...opts, body }).then((r) => r.body);

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

// A random Idempotency-Key, so that a retried click never registers a case twice.
export function idempotencyKey() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}
