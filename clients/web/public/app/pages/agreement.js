// 调解协议书: the print view of a resolved case's agreement (A4, print.css): parties, dispute,
// terms, the amount in figures and in capital numerals (大写), performance, signature lines.
import { get } from "../api.js";
import { h, fmtDate } from "../dom.js";
import { PARTY_ROLES, DISPUTE_TYPES, FORMS, label } from "../labels.js";
import { capitalAmount } from "../money.js";

export async function render(app, { args }) {
  const c = await get(`/cases/${encodeURIComponent(args[0])}`);
  if (!c.agreement) {
    app.append(h("p", { class: "error" }, "该案件没有调解协议。"), h("a", { href: `#/case/${c.id}` }, "返回案件"));
    return;
  }
  const a = c.agreement;
  const [center] = (await get("/centers").catch(() => ({ items: [] }))).items;
  const mediator = c.mediator_id ? await get(`/mediators/${c.mediator_id}`).catch(() => null) : null;
  const paper = h("article", { class: "agreement", id: "agreement" },
    h("h1", {}, "人民调解协议书"),
    h("p", { class: "right" }, "编号：", h("span", { id: "agreement-no" }, c.case_no)),
    h("h2", {}, "当事人"),
    h("ul", { class: "plain" }, c.parties.map((p) => h("li", {},
      `${label(PARTY_ROLES, p.role)}：${p.name}`, p.id_number ? `，证件号码：${p.id_number}` : "",
      p.address ? `，住址：${p.address}` : ""))),
    h("h2", {}, "纠纷主要事实、争议事项"),
    h("p", { class: "pre" }, `（${label(DISPUTE_TYPES, c.dispute_type)}）${c.summary}`),
    c.claims ? h("p", { class: "pre" }, `当事人诉求：${c.claims}`) : null,
    h("h2", {}, "经调解，自愿达成如下协议"),
    h("p", { class: "pre" }, a.terms),
    h("table", { class: "amount" }, h("tbody", {},
      h("tr", {}, h("th", { scope: "row" }, "协议金额（小写）"), h("td", { id: "amount-figures" }, `¥${a.amount}`)),
      h("tr", {}, h("th", { scope: "row" }, "协议金额（大写）"), h("td", { id: "amount-capital" }, `人民币${capitalAmount(a.amount)}`)))),
    h("h2", {}, "履行方式、时限"),
    h("p", {}, `${a.performance_method || "—"}；履行期限：${a.perform_by || "—"}`),
    h("p", {}, `协议形式：${label(FORMS, a.form)}。本协议一式三份，当事人各执一份，人民调解委员会留存一份。当事人可自协议生效之日起三十日内共同向人民法院申请司法确认。`),
    h("div", { class: "signatures" },
      c.parties.map((p) => h("p", {}, `${label(PARTY_ROLES, p.role)}（签名）：`, h("span", { class: "line" }))),
      h("p", {}, `调解员（签名）：${mediator ? mediator.name : ""}`, h("span", { class: "line" })),
      h("p", {}, `${center ? center.name : ""}（盖章）`),
      h("p", { class: "right" }, `签订日期：${a.signed_at ? fmtDate(a.signed_at) : ""}`)));
  app.append(h("div", { class: "no-print actions" },
    h("button", { type: "button", class: "primary", on: { click: () => window.print() } }, "打印"),
    h("a", { href: `#/case/${c.id}` }, "返回案件")), paper);
}
