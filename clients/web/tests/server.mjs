// The real server and a database of its own for the browser tests: a fresh database in the
// PostgreSQL of TEST_DATABASE_URL, migrated; an admin key; `mediationd serve` on a free port of
// 127.0.0.1, stopped by its process id.
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";

export async function startServer({ bin, workDir, extraEnv = {} }) {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("TEST_DATABASE_URL is not set (scripts/test sets it)");
  const name = `web_${process.pid}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  const dbUrl = url.toString();
  execFileSync("psql", [base, "-q", "-c", `DROP DATABASE IF EXISTS ${name}`, "-c", `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`], { stdio: "pipe" });
  const env = {
    ...process.env, DATABASE_URL: dbUrl, PII_HASH_KEY: "web-test-pii-hash-key-0123456789abcdef",
    LISTEN: "127.0.0.1:0", LOG_LEVEL: "info", PORTAL_REQUESTS_PER_CLIENT: "1000",
    LOGIN_MAX_FAILURES: "3", LOGIN_MAX_FAILURES_PER_CLIENT: "1000", ...extraEnv,
  };
  execFileSync(bin, ["migrate"], { env, stdio: "pipe" });
  const keyOut = execFileSync(bin, ["admin", "create-key", "--role", "admin", "--name", "web tests", "--center", "WD"], { env }).toString();
  const adminKey = (keyOut.match(/mdk_\S+/) || [])[0];
  if (!adminKey) throw new Error(`no admin key in: ${keyOut}`);
  mkdirSync(workDir, { recursive: true });
  const logPath = join(workDir, "mediationd.log");
  const log = openSync(logPath, "w");
  const child = spawn(bin, ["serve"], { env, stdio: ["ignore", log, log] });
  let port = 0;
  for (let i = 0; i < 200 && !port; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(readFileSync(logPath, "utf8"));
    if (m) port = Number(m[1]);
    if (child.exitCode !== null) throw new Error(`mediationd exited: ${readFileSync(logPath, "utf8")}`);
  }
  if (!port) throw new Error("mediationd did not start listening");
  return {
    base: `http://127.0.0.1:${port}`,
    adminKey,
    async stop() {
      const done = new Promise((r) => child.once("exit", (code, sig) => r(code ?? sig)));
      process.kill(child.pid, "SIGTERM");
      const code = await done;
      execFileSync("psql", [base, "-q", "-c", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: "pipe" });
      return code;
    },
  };
}

// A small API client for setting up and checking state with an API key.
export function apiClient(base, key) {
  return async function api(method, path, body, headers = {}) {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body ? { "Content-Type": "application/json" } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* CSV or empty */ }
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return json ?? text;
  };
}
