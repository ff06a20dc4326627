// 接待登记: a dispute and its parties; ID numbers and phones checked as typed (the server's
// rules), the server's 422 field errors shown beside their fields; then the possible duplicates,
// and accept (受理) or decline (不予受理).
import { get, request, post, idempotencyKey, ApiError } from "../api.js";
import { h, field, select, setFieldError, clearErrors, toast, clear } from "../dom.js";
import { DISPUTE_TYPES, SOURCES, RISKS, PARTY_ROLES, PARTY_KINDS, STATUSES, options, label } from "../labels.js";
import { checkIdNumber, checkPhone } from "../validate.js";

export async function render(app) {
  const [communities, campaigns] = await Promise.all([
    get("/communities?limit=100"),
    get("/campaigns?limit=100").catch(() => ({ items: [] })),
  ]);
  const form = h("form", { class: "card", novalidate: true, on: { submit } });
  const dispute = select(options(DISPUTE_TYPES, "请选择"), "", { required: true });
  const source = select(options(SOURCES), "party_application");
  const community = select([["", "请选择"], ...communities.items.map((c) => [String(c.id), `${c.name}（${c.street}）`])], "");
  const campaign = select([["", "不纳入"], ...campaigns.items.map((c) => [String(c.id), c.name])], "");
  const summary = h("textarea", { rows: 3, maxlength: 2000, required: true });
  const claims = h("textarea", { rows: 2, maxlength: 2000 });
  const occurred = h("input", { type: "date" });
  const risk = select(options(RISKS), "none");
  const partyList = h("div", { class: "parties" });
  const status = h("p", { role: "status", class: "muted" });

  form.append(
    h("h1", {}, "接待登记"),
    h("div", { class: "cols" },
      field("纠纷类型", dispute, { name: "dispute_type" }),
      field("来源", source, { name: "source" }),
      field("发生社区", community, { name: "community_id" }),
      field("风险等级", risk, { name: "risk_level" }),
      field("发生日期", occurred, { name: "occurred_on" }),
      field("专项行动", campaign, { name: "campaign_id" })),
    field("纠纷概要", summary, { name: "summary" }),
    field("当事人诉求", claims, { name: "claims" }),
    h("h2", {}, "当事人"),
    partyList,
    h("button", { type: "button", on: { click: () => addParty() } }, "添加当事人"),
    status,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "登记")));
  app.append(form);
  addParty("applicant");
  addParty("respondent");
  dispute.focus();
  const key = idempotencyKey();

  function addParty(role = "third_party") {
    const row = h("fieldset", { class: "party" });
    const roleSel = select(options(PARTY_ROLES), role);
    const kind = select(options(PARTY_KINDS), "person");
    const name = h("input", { type: "text", maxlength: 100, required: true });
    const id = h("input", { type: "text", maxlength: 18, inputmode: "text", autocomplete: "off" });
    const phone = h("input", { type: "tel", maxlength: 20, autocomplete: "off" });
    const address = h("input", { type: "text", maxlength: 200 });
    const remove = h("button", { type: "button", class: "link", on: { click: () => { row.remove(); renumber(); } } }, "移除此当事人");
    row.append(h("legend", {}, "当事人"),
      h("div", { class: "cols" },
        field("身份", roleSel, { name: "role" }), field("类别", kind, { name: "kind" }),
        field("姓名/名称", name, { name: "name" }),
        field("身份证号/信用代码", id, { name: "id_number" }),
        field("电话", phone, { name: "phone" }), field("住址", address, { name: "address" })),
      remove);
    const live = (input, check, fieldName) => input.addEventListener("input", () => {
      const msg = kind.value === "person" || fieldName === "phone" ? check(input.value) : "";
      setFieldError(row, `${row.dataset.prefix}.${fieldName}`, msg);
    });
    live(id, checkIdNumber, "id_number");
    live(phone, checkPhone, "phone");
    row.values = () => ({
      role: roleSel.value, kind: kind.value, name: name.value.trim(),
      id_number: id.value.trim() || undefined, phone: phone.value.trim() || undefined,
      address: address.value.trim() || undefined,
    });
    partyList.append(row);
    renumber();
    return row;
  }

  // each party's fields are named parties[i].field, as the server's errors name them
  function renumber() {
    [...partyList.children].forEach((row, i) => {
      row.dataset.prefix = `parties[${i}]`;
      row.querySelector("legend").textContent = `当事人 ${i + 1}`;
      for (const f of row.querySelectorAll(".field")) {
        const base = f.dataset.field.split(".").pop();
        f.dataset.field = `parties[${i}].${base}`;
      }
    });
  }

  async function submit(ev) {
    ev.preventDefault();
    clearErrors(form);
    status.textContent = "";
    const body = {
      dispute_type: dispute.value, source: source.value,
      community_id: community.value ? Number(community.value) : undefined,
      summary: summary.value.trim(), claims: claims.value.trim() || undefined,
      occurred_on: occurred.value || undefined, risk_level: risk.value,
      parties: [...partyList.children].map((r) => r.values()),
      campaign_id: campaign.value ? Number(campaign.value) : undefined,
    };
    // the same checks as typed, before sending
    let local = 0;
    body.parties.forEach((p, i) => {
      const idMsg = p.kind === "person" && p.id_number ? checkIdNumber(p.id_number) : "";
      const phoneMsg = p.phone ? checkPhone(p.phone) : "";
      if (idMsg) local += setFieldError(form, `parties[${i}].id_number`, idMsg);
      if (phoneMsg) local += setFieldError(form, `parties[${i}].phone`, phoneMsg);
    });
    if (local) {
      status.textContent = "请先改正标出的字段。";
      return;
    }
    try {
      const r = await request("POST", "/cases", { body, headers: { "Idempotency-Key": key } });
      registered(r.body);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        const unplaced = [];
        for (const [f, m] of Object.entries(e.fields())) if (!setFieldError(form, f, m)) unplaced.push(`${f}：${m}`);
        status.textContent = unplaced.length ? `请改正：${unplaced.join("；")}` : "请改正标出的字段。";
        const first = form.querySelector("[aria-invalid=true]");
        if (first) first.focus();
      } else {
        status.textContent = `登记失败：${e.message}`;
      }
    }
  }

  function registered(c) {
    const result = h("section", { class: "card", "aria-live": "polite", id: "intake-result" },
      h("h2", {}, "已登记 ", h("span", { class: "case-no" }, c.case_no)),
      h("p", {}, `状态：${label(STATUSES, c.status)}`),
      c.possible_duplicates.length
        ? h("div", { class: "warn" }, h("p", {}, "可能重复的案件："),
          h("ul", {}, c.possible_duplicates.map((d) =>
            h("li", {}, h("a", { href: `#/case/${d.id}` }, d.case_no), `（${label(STATUSES, d.status)}）`))))
        : h("p", { class: "muted" }, "未发现可能重复的案件。"),
      decision(c));
    clear(app, result);
    result.querySelector("button").focus();
  }

  function decision(c) {
    const reason = h("textarea", { rows: 2, maxlength: 1000 });
    const advice = h("textarea", { rows: 2, maxlength: 1000 });
    const out = h("p", { role: "status" });
    const declineForm = h("form", { class: "decline", hidden: true, on: { submit: async (ev) => {
      ev.preventDefault();
      try {
        await post(`/cases/${c.id}/decline`, { reason: reason.value.trim(), referral_advice: advice.value.trim() || undefined });
        toast("已不予受理");
        location.hash = `#/case/${c.id}`;
      } catch (e) {
        if (e.status === 422) for (const [f, m] of Object.entries(e.fields())) setFieldError(declineForm, f, m);
        else out.textContent = e.message;
      }
    } } },
    field("不予受理理由", reason, { name: "reason" }), field("引导建议（向何处反映）", advice, { name: "referral_advice" }),
    h("button", { type: "submit" }, "确认不予受理"));
    return h("div", {},
      h("div", { class: "actions" },
        h("button", { type: "button", class: "primary", on: { click: async () => {
          try {
            await post(`/cases/${c.id}/accept`, {});
            toast("已受理");
            location.hash = `#/case/${c.id}`;
          } catch (e) { out.textContent = e.message; }
        } } }, "受理"),
        h("button", { type: "button", on: { click: () => { declineForm.hidden = false; reason.focus(); } } }, "不予受理"),
        h("a", { href: `#/case/${c.id}` }, "查看案件"),
        h("a", { href: "#/intake", on: { click: () => setTimeout(() => location.reload(), 0) } }, "继续登记")),
      declineForm, out);
  }
}
