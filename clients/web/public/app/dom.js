// Building the page: elements from data, every text from the server inserted as a text node
// (textContent), never as HTML. No innerHTML anywhere in the client.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "on") for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k === "value") el.value = v;
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let uid = 0;
// A labelled field: <label for> + control + a place for its error (aria-describedby).
export function field(label, control, { hint, name } = {}) {
  const id = control.id || `f${++uid}`;
  control.id = id;
  if (name) control.name = name;
  const err = h("span", { class: "field-error", id: `${id}-err`, role: "alert" });
  control.setAttribute("aria-describedby", `${id}-err`);
  return h("div", { class: "field", dataset: { field: name || "" } },
    h("label", { for: id }, label), control, hint ? h("small", { class: "hint" }, hint) : null, err);
}

export function setFieldError(container, name, message) {
  const f = container.querySelector(`[data-field="${CSS.escape(name)}"]`);
  if (!f) return false;
  const err = f.querySelector(".field-error");
  err.textContent = message || "";
  const control = f.querySelector("input, select, textarea");
  if (control) control.setAttribute("aria-invalid", message ? "true" : "false");
  return true;
}

export function clearErrors(container) {
  for (const e of container.querySelectorAll(".field-error")) e.textContent = "";
  for (const c of container.querySelectorAll("[aria-invalid]")) c.setAttribute("aria-invalid", "false");
}

export function select(options, value, attrs = {}) {
  return h("select", attrs, options.map(([v, label]) => h("option", { value: v, selected: v === value }, label)));
}

export function toast(message, kind = "info") {
  const t = document.getElementById("toast");
  if (!t) return;
  t.textContent = message;
  t.className = `toast show ${kind}`;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (t.className = "toast"), 4000);
}

export function table(headers, rows, { caption } = {}) {
  return h("table", { class: "grid" }, caption ? h("caption", {}, caption) : null,
    h("thead", {}, h("tr", {}, headers.map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c) => h("td", {}, c))))));
}

export function fmtTime(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  return d.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
}

export function fmtDate(iso) {
  if (!iso) return "—";
  return new Date(iso).toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai" });
}
