// Validates captured HTTP exchanges against api-spec/openapi.yaml.
//
// usage: node tools/validate-responses.mjs SPEC DIR
//
// DIR holds *.jsonl files, one exchange a line ({method, path, status, content_type, body}), written
// by the integration test harness. Every response must be documented for its operation and status,
// carry a documented media type, and (for JSON) match the documented schema. Unknown paths may only
// have been answered 404, unknown methods only 405, except for what the server refuses on any path
// before routing (400 text that is not UTF-8, 413 body too large, 414 target too long), and for
// the web client's files outside /api/ (200 or 304: server/src/api/web.c serves them).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import YAML from "yaml";

const [specPath, dir] = process.argv.slice(2);
if (!specPath || !dir) {
  console.error("usage: validate-responses.mjs SPEC DIR");
  process.exit(2);
}
const spec = YAML.parse(readFileSync(specPath, "utf8"));

// Schemas refer to "#/components/..."; register the spec under an id so those refs resolve.
const rewrite = (node) => {
  if (Array.isArray(node)) return node.map(rewrite);
  if (node && typeof node === "object") {
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] = k === "$ref" && typeof v === "string" && v.startsWith("#/") ? `spec.json${v}` : rewrite(v);
    }
    return out;
  }
  return node;
};
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: "spec.json", components: rewrite(spec.components ?? {}) });

const deref = (obj) => {
  let cur = obj;
  while (cur && cur.$ref) {
    cur = cur.$ref.replace(/^#\//, "").split("/").reduce((o, k) => o?.[k], spec);
  }
  return cur;
};

// A literal segment beats a placeholder: templates with fewer placeholders are tried first.
const toRegex = (tpl) =>
  new RegExp(
    "^" +
      tpl
        .split("/")
        .map((seg) => (/^\{[^}]+\}$/.test(seg) ? "[^/]+" : seg.replace(/[.*+?^$()|[\]\\{}]/g, "\\$&")))
        .join("/") +
      "$",
  );
const templates = Object.keys(spec.paths)
  .map((tpl) => ({ tpl, re: toRegex(tpl), params: (tpl.match(/\{/g) ?? []).length }))
  .sort((a, b) => a.params - b.params);

const validators = new Map();
const validatorFor = (key, schema) => {
  if (!validators.has(key)) validators.set(key, ajv.compile(rewrite(schema)));
  return validators.get(key);
};

let checked = 0;
const failures = [];
const exercised = new Set();
if (!existsSync(dir)) {
  console.log(`no captured responses in ${dir}: run the integration tests first`);
  process.exit(1);
}
const files = readdirSync(dir).filter((f) => f.endsWith(".jsonl"));
for (const file of files) {
  for (const line of readFileSync(join(dir, file), "utf8").split("\n")) {
    if (!line.trim()) continue;
    const ex = JSON.parse(line);
    checked++;
    const where = `${ex.method} ${ex.path} -> ${ex.status}`;
    const path = ex.path.split("?")[0];
    const match = templates.find((t) => t.re.test(path));
    const beforeRouting = [400, 413, 414].includes(ex.status);
    // outside /api/, a path the spec does not list is a file of the web client (api/web.c)
    const webFile = !path.startsWith("/api/") && !["/healthz", "/readyz", "/metrics"].includes(path);
    if (!match) {
      if (webFile && [200, 304].includes(ex.status)) continue;
      if (ex.status !== 404 && !beforeRouting) failures.push(`${where}: path not in the spec, but not answered 404`);
      continue;
    }
    const method = ex.method === "HEAD" ? "get" : ex.method.toLowerCase();
    const op = spec.paths[match.tpl][method];
    if (!op) {
      if (ex.status !== 405 && !beforeRouting) failures.push(`${where}: method not in the spec, but not answered 405`);
      continue;
    }
    exercised.add(`${method.toUpperCase()} ${match.tpl}`);
    const status = String(ex.status);
    const documented = op.responses?.[status] ?? op.responses?.[`${status[0]}XX`] ?? op.responses?.default;
    if (!documented) {
      failures.push(`${where}: status ${status} is not documented for ${method.toUpperCase()} ${match.tpl}`);
      continue;
    }
    const response = deref(documented);
    const media = (ex.content_type || "").split(";")[0].trim().toLowerCase();
    const content = response.content ?? {};
    if (Object.keys(content).length === 0) continue;
    // spec keys may carry parameters ("text/plain; version=0.0.4"): compare the base types
    const key = Object.keys(content).find((k) => k.split(";")[0].trim().toLowerCase() === media);
    const mediaEntry = key && content[key];
    if (!mediaEntry) {
      failures.push(`${where}: content type '${media}' not documented (${Object.keys(content).join(", ")})`);
      continue;
    }
    if (!mediaEntry.schema || !media.includes("json") || ex.method === "HEAD") continue;
    let body;
    try {
      body = JSON.parse(ex.body);
    } catch {
      failures.push(`${where}: body is not JSON`);
      continue;
    }
    const validate = validatorFor(`${method} ${match.tpl} ${status} ${media}`, mediaEntry.schema);
    if (!validate(body)) {
      failures.push(`${where}: ${ajv.errorsText(validate.errors)}\n    body: ${ex.body.slice(0, 300)}`);
    }
  }
}

const all = [];
for (const [tpl, item] of Object.entries(spec.paths)) {
  for (const m of ["get", "post", "put", "patch", "delete"]) if (item[m]) all.push(`${m.toUpperCase()} ${tpl}`);
}
const unexercised = all.filter((o) => !exercised.has(o));
if (unexercised.length) console.log(`operations no test exercised: ${unexercised.join(", ")}`);
for (const f of failures) console.log(`FAIL ${f}`);
console.log(`contract: ${checked} responses from ${files.length} test processes checked against ${all.length} operations; ${failures.length} failed`);
if (checked === 0) {
  console.log("no captured responses: run the integration tests first");
  process.exit(1);
}
process.exit(failures.length ? 1 : 0);
