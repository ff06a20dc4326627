// 案件列表 (and 我的案件 for a mediator, by due date): every filter and the search of the API,
// keyset paging, red and orange cases first (the server's order), overdue and due-soon badges.
import { get, query } from "../api.js";
import { h, field, select, table, clear, fmtDate } from "../dom.js";
import { DISPUTE_TYPES, SOURCES, RISKS, STATUSES, options, label } from "../labels.js";

const SOON_MS = 3 * 24 * 3600 * 1000;

export function badges(c) {
  const out = [];
  if (c.risk_level === "red" || c.risk_level === "orange")
    out.push(h("span", { class: `badge risk-${c.risk_level}` }, label(RISKS, c.risk_level)));
  if (c.overdue) out.push(h("span", { class: "badge overdue" }, "已超期"));
  else if (c.due_at && ["accepted", "assigned", "in_mediation"].includes(c.status) &&
           new Date(c.due_at) - Date.now() < SOON_MS)
    out.push(h("span", { class: "badge soon" }, "即将到期"));
  return out;
}

export async function render(app, { name }) {
  const mine = name === "mine";
  const [communities, mediators] = await Promise.all([
    get("/communities?limit=100"),
    mine ? { items: [] } : get("/mediators?limit=100").catch(() => ({ items: [] })),
  ]);
  const f = {
    q: h("input", { type: "search", maxlength: 200, placeholder: "概要、诉求、当事人姓名" }),
    status: select(options(STATUSES, "全部"), ""),
    dispute_type: select(options(DISPUTE_TYPES, "全部"), ""),
    source: select(options(SOURCES, "全部"), ""),
    risk_level: select(options(RISKS, "全部"), ""),
    community_id: select([["", "全部"], ...communities.items.map((c) => [String(c.id), c.name])], ""),
    mediator_id: select([["", "全部"], ...mediators.items.map((m) => [String(m.id), m.name])], ""),
    overdue: select([["", "全部"], ["true", "已超期"], ["false", "未超期"]], ""),
    due_soon: select([["", "全部"], ["true", "3日内到期"]], ""),
    received_from: h("input", { type: "date" }),
    received_to: h("input", { type: "date" }),
    sort: select([["received", "按收案（红橙预警优先）"], ["due", "按到期日"]], mine ? "due" : "received"),
  };
  const labels = {
    q: "搜索", status: "状态", dispute_type: "纠纷类型", source: "来源", risk_level: "风险等级", community_id: "社区",
    mediator_id: "调解员", overdue: "超期", due_soon: "即将到期", received_from: "收案起", received_to: "收案止", sort: "排序",
  };
  const form = h("form", { class: "filters", role: "search", on: { submit: (ev) => { ev.preventDefault(); load(null, []); } } },
    Object.entries(f).filter(([k]) => !(mine && k === "mediator_id")).map(([k, el]) => field(labels[k], el, { name: k })),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "查询")));
  const results = h("div", { id: "case-results", "aria-live": "polite" });
  app.append(h("h1", {}, mine ? "我的案件（按到期日）" : "案件列表"), form, results);
  const communityName = Object.fromEntries(communities.items.map((c) => [c.id, c.name]));

  async function load(cursor, history) {
    const params = Object.fromEntries(Object.entries(f).map(([k, el]) => [k, el.value]));
    params.limit = 20;
    params.cursor = cursor || undefined;
    const page = await get(`/cases${query(params)}`);
    const rows = page.items.map((c) => [
      h("a", { href: `#/case/${c.id}` }, c.case_no),
      h("span", {}, badges(c)),
      label(STATUSES, c.status), label(DISPUTE_TYPES, c.dispute_type),
      communityName[c.community_id] || String(c.community_id),
      h("span", { class: "summary" }, c.summary),
      fmtDate(c.received_at), fmtDate(c.due_at),
    ]);
    clear(results,
      page.items.length ? table(["案号", "提示", "状态", "类型", "社区", "概要", "收案", "期限"], rows) : h("p", { class: "muted" }, "没有符合条件的案件。"),
      h("nav", { class: "pager", "aria-label": "翻页" },
        history.length ? h("button", { type: "button", on: { click: () => load(history.at(-1), history.slice(0, -1)) } }, "上一页") : null,
        page.next_cursor ? h("button", { type: "button", on: { click: () => load(page.next_cursor, [...history, cursor]) } }, "下一页") : null));
  }
  await load(null, []);
}
