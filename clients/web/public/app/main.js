// The staff client: a hash router, the navigation by role (what a role may not do is not shown),
// and the pages, each loaded as a module when first visited.
import { currentSession, clearSession, request } from "./api.js";
import { h, clear } from "./dom.js";
import { ROLES } from "./labels.js";

const pages = {
  login: { load: () => import("./pages/login.js"), public: true },
  intake: { load: () => import("./pages/intake.js"), title: "接待登记", roles: ["front_desk", "supervisor", "admin"] },
  cases: { load: () => import("./pages/cases.js"), title: "案件列表", roles: ["front_desk", "supervisor", "admin"] },
  mine: { load: () => import("./pages/cases.js"), title: "我的案件", roles: ["mediator"] },
  case: { load: () => import("./pages/case.js") },
  agreement: { load: () => import("./pages/agreement.js") },
  dashboard: { load: () => import("./pages/dashboard.js"), title: "统计分析", roles: ["supervisor", "admin"] },
  admin: { load: () => import("./pages/admin.js"), title: "管理", roles: ["admin"] },
};

function home(role) {
  return role === "mediator" ? "#/mine" : role === "supervisor" ? "#/cases" : role === "admin" ? "#/cases" : "#/intake";
}

function renderNav(me) {
  const nav = document.getElementById("nav");
  const who = document.getElementById("who");
  if (!me) {
    clear(nav);
    clear(who);
    return;
  }
  clear(nav, Object.entries(pages)
    .filter(([, p]) => p.title && p.roles.includes(me.role))
    .map(([name, p]) => h("a", { href: `#/${name}`, dataset: { page: name } }, p.title)));
  clear(who, `${me.name}（${ROLES[me.role] || me.role}）`, " ",
    h("button", { type: "button", class: "link", on: { click: logout } }, "退出"));
}

async function logout() {
  try {
    await request("POST", "/auth/logout");
  } catch {
    /* the session ends here whatever the server says */
  }
  clearSession();
  location.hash = "#/login";
}

async function route() {
  const app = document.getElementById("app");
  const [name = "", ...args] = location.hash.replace(/^#\/?/, "").split("/");
  const s = currentSession();
  const page = pages[name];
  if (!s || !s.me) {
    renderNav(null);
    if (name !== "login") {
      location.hash = "#/login";
      return;
    }
  } else if (!page || name === "login" || (page.roles && !page.roles.includes(s.me.role))) {
    location.hash = home(s.me.role);
    return;
  } else {
    renderNav(s.me);
  }
  for (const a of document.querySelectorAll("#nav a")) a.toggleAttribute("aria-current", a.dataset.page === name);
  const mod = await pages[name].load();
  clear(app);
  document.title = `${page && page.title ? page.title : "案件管理"} · 矛调中心`;
  try {
    await mod.render(app, { args: args.map(decodeURIComponent), me: s && s.me, name, home });
  } catch (e) {
    clear(app, h("p", { class: "error", role: "alert" }, `加载失败：${e.message}`));
  }
  app.focus({ preventScroll: true });
}

window.addEventListener("hashchange", route);
route();
