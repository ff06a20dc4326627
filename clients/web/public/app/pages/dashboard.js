// 统计分析: the period's figures (接待/受理/调处成功/成功率/协议金额, 满意度), the monthly trend,
// breakdowns by community, dispute type, channel, source and mediator as charts and tables, the
// overdue list, CSV of what is shown, a frozen snapshot, the mediators' table, and the same
// figures for one campaign (专项行动). ECharts is loaded here only (charts.js).
import { get, post, request, query, idempotencyKey } from "../api.js";
import { h, field, select, table, clear, toast, fmtDate } from "../dom.js";
import { DISPUTE_TYPES, SOURCES, CHANNELS, RISKS, STATUSES, label } from "../labels.js";
import { loadECharts } from "../charts.js";

const DIMS = [
  ["community", "按社区", (r) => r.community_name || String(r.community_id ?? "—")],
  ["dispute_type", "按纠纷类型", (r) => label(DISPUTE_TYPES, r.dispute_type)],
  ["channel", "按调解类别", (r) => (r.channel ? label(CHANNELS, r.channel) : "未分派")],
  ["source", "按来源", (r) => label(SOURCES, r.source)],
  ["mediator", "按调解员", (r) => r.mediator_name || (r.mediator_id ? String(r.mediator_id) : "未分派")],
];

function today() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

const pct = (v) => (v === null || v === undefined ? "—" : `${(v * 100).toFixed(1)}%`);

export async function render(app) {
  const campaigns = await get("/campaigns?limit=100").catch(() => ({ items: [] }));
  const from = h("input", { type: "date", value: `${today().slice(0, 4)}-01-01` });
  const to = h("input", { type: "date", value: today() });
  const campaign = select([["", "全部案件"], ...campaigns.items.map((c) => [String(c.id), `专项行动：${c.name}`])], "");
  const out = h("div", { id: "dashboard" });
  const form = h("form", { class: "filters", on: { submit: (ev) => { ev.preventDefault(); load(); } } },
    field("起始日期", from, { name: "from" }), field("截止日期", to, { name: "to" }), field("范围", campaign, { name: "campaign" }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "查询"),
      h("button", { type: "button", on: { click: csv } }, "下载 CSV"),
      h("button", { type: "button", on: { click: snapshot } }, "冻结为快照")));
  app.append(h("h1", {}, "统计分析"), form, out);
  const echarts = await loadECharts();
  const charts = [];

  function cards(m) {
    const items = [
      ["接待", "received", m.received], ["受理", "accepted", m.accepted], ["调处成功", "resolved", m.resolved],
      ["成功率", "success_rate", pct(m.success_rate)], ["协议金额（元）", "agreement_amount_total", m.agreement_amount_total],
      ["满意度", "satisfaction", m.satisfaction_count ? `${m.satisfaction_mean}（${m.satisfaction_count}条）` : "—"],
    ];
    return h("div", { class: "cards", id: "figures" }, items.map(([t, key, v]) =>
      h("div", { class: "figure", dataset: { metric: key } }, h("span", { class: "figure-label" }, t), h("span", { class: "figure-value" }, String(v ?? "—")))));
  }

  function chart(title, option) {
    const el = h("div", { class: "chart", role: "img", "aria-label": title });
    queueMicrotask(() => {
      const c = echarts.init(el, null, { renderer: "canvas" });
      c.setOption({ tooltip: { trigger: "axis", renderMode: "richText" }, grid: { left: 48, right: 16, top: 32, bottom: 64 }, ...option });
      charts.push(c);
    });
    return el;
  }

  async function load() {
    for (const c of charts.splice(0)) c.dispose();
    const p = { from: from.value, to: to.value };
    if (campaign.value) return loadCampaign(p);
    const [summary, trend, overdue, mediators, byCampaign, ...dims] = await Promise.all([
      get(`/reports/summary${query(p)}`),
      get(`/reports/breakdown${query({ ...p, by: "month" })}`),
      get("/reports/overdue?limit=50"),
      get(`/reports/mediators${query(p)}`),
      get(`/reports/campaigns${query(p)}`),
      ...DIMS.map(([by]) => get(`/reports/breakdown${query({ ...p, by })}`)),
    ]);
    clear(out, cards(summary.metrics),
      h("section", { class: "card" }, h("h2", {}, "月度趋势"), chart("月度趋势", {
        legend: { data: ["接待", "受理", "调处成功"] },
        xAxis: { type: "category", data: trend.rows.map((r) => r.month) }, yAxis: { type: "value" },
        series: [["接待", "received"], ["受理", "accepted"], ["调处成功", "resolved"]].map(([n, k]) =>
          ({ name: n, type: "line", data: trend.rows.map((r) => r.metrics[k]) })),
      })),
      h("div", { class: "two" }, DIMS.map(([by, title, name], i) => {
        const rows = dims[i].rows;
        return h("section", { class: "card", dataset: { breakdown: by } }, h("h2", {}, title, " ",
          h("button", { type: "button", class: "link", on: { click: () => download("breakdown", { ...p, by }, title) } }, "CSV")),
          rows.length ? chart(title, {
            xAxis: { type: "category", data: rows.map(name), axisLabel: { rotate: 30 } }, yAxis: { type: "value" },
            series: [{ name: "接待", type: "bar", data: rows.map((r) => r.metrics.received) },
              { name: "调处成功", type: "bar", data: rows.map((r) => r.metrics.resolved) }],
          }) : null,
          table(["", "接待", "受理", "调处成功", "成功率", "协议金额"], rows.map((r) =>
            [name(r), r.metrics.received, r.metrics.accepted, r.metrics.resolved, pct(r.metrics.success_rate), r.metrics.agreement_amount_total])));
      })),
      h("section", { class: "card" }, h("h2", {}, "专项行动"), table(["专项行动", "期间", "接待", "受理", "调处成功", "成功率", "协议金额", "满意度"],
        byCampaign.items.map((c) => [c.name, `${c.from} 至 ${c.to}`, c.metrics.received, c.metrics.accepted, c.metrics.resolved,
          pct(c.metrics.success_rate), c.metrics.agreement_amount_total, c.metrics.satisfaction_mean ?? "—"]))),
      h("section", { class: "card" }, h("h2", {}, "超期及即将到期"), overdue.items.length
        ? table(["案号", "状态", "风险", "期限", "超期天数", "调解员"], overdue.items.map((o) => [
          h("a", { href: `#/case/${o.case_id}` }, o.case_no), label(STATUSES, o.status), label(RISKS, o.risk_level),
          fmtDate(o.due_at), o.overdue ? String(o.days_over) : "即将到期", o.mediator_name || "—"]))
        : h("p", { class: "muted" }, "没有超期或即将到期的案件。")),
      h("section", { class: "card" }, h("h2", {}, "调解员 ",
        h("button", { type: "button", class: "link", on: { click: () => download("mediators", p, "调解员") } }, "CSV")), table(["姓名", "单位", "类别", "在办/容量", "接待", "调处成功", "成功率"],
        mediators.items.map((m) => [m.name, m.organization, label(CHANNELS, m.channel), `${m.open_cases}/${m.capacity}`,
          m.metrics.received, m.metrics.resolved, pct(m.metrics.success_rate)]))));
  }

  async function loadCampaign(p) {
    const r = await get(`/reports/campaigns${query({ ...p, campaign_id: campaign.value })}`);
    const c = r.items[0];
    clear(out, h("p", {}, `专项行动“${c.name}”（${c.from} 至 ${c.to}）纳入案件的数字：`), cards(c.metrics),
      h("section", { class: "card" }, h("h2", {}, c.name), chart(c.name, {
        xAxis: { type: "category", data: ["接待", "受理", "不予受理", "调处成功", "调解不成", "在办"] }, yAxis: { type: "value" },
        series: [{ type: "bar", data: ["received", "accepted", "declined", "resolved", "failed", "open"].map((k) => c.metrics[k]) }],
      })));
  }

  // the CSV of a report as the server renders it (UTF-8 with a BOM, for spreadsheets)
  async function download(report, params, title) {
    const p = { ...params, format: "csv" };
    const res = await request("GET", `/reports/${report}${query(p)}`, { raw: true, headers: { Accept: "text/csv" } });
    const url = URL.createObjectURL(await res.blob());
    const a = h("a", { href: url, download: `${title}-${p.from}-${p.to}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function csv() {
    return download("summary", { from: from.value, to: to.value }, "统计汇总");
  }

  async function snapshot() {
    try {
      const s = await post("/reports/snapshots", { report: "summary", params: { from: from.value, to: to.value } },
        { headers: { "Idempotency-Key": idempotencyKey() } });
      toast(`已冻结为快照 ${s.number}`);
    } catch (e) {
      toast(e.message, "error");
    }
  }

  await load();
}
