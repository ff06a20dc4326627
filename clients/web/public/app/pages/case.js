// 案件详情: the case, its parties (masked; 查看完整信息 asks for a reason and shows the audited
// unmask), the timeline of events, sessions, the actions the caller's role may take in the
// case's status (accept/decline, assign from the ranked suggestions, deadline, session, close,
// follow-up), campaigns, attachments (hidden while the server has no attachments API).
import { get, post, request, query, idempotencyKey, ApiError, currentSession } from "../api.js";
import { h, field, select, table, clear, toast, setFieldError, clearErrors, fmtTime, fmtDate } from "../dom.js";
import {
  DISPUTE_TYPES, SOURCES, RISKS, STATUSES, OUTCOMES, CHANNELS, PARTY_ROLES, PARTY_KINDS, SESSION_KINDS,
  PERFORMANCE, FORMS, EVENT_ACTIONS, options, label,
} from "../labels.js";
import { badges } from "./cases.js";

const CAN = {
  intake: ["front_desk", "supervisor", "admin"],
  mediate: ["mediator", "supervisor", "admin"],
  supervise: ["supervisor", "admin"],
  unmask: ["mediator", "supervisor", "admin"],
};
const OPEN = ["accepted", "assigned", "in_mediation"];

export async function render(app, { args, me }) {
  const id = args[0];
  const may = (what) => CAN[what].includes(me.role);
  let c = await get(`/cases/${encodeURIComponent(id)}`);
  const [communities, mediators] = await Promise.all([
    get("/communities?limit=100").catch(() => ({ items: [] })),
    get("/mediators?limit=100").catch(() => ({ items: [] })),
  ]);
  const communityName = Object.fromEntries(communities.items.map((x) => [x.id, x.name]));
  const mediatorName = Object.fromEntries(mediators.items.map((x) => [x.id, x.name]));

  const head = h("section", { class: "card" });
  const partiesBox = h("section", { class: "card", id: "parties" });
  const actions = h("section", { class: "card", id: "actions" });
  const sessionsBox = h("section", { class: "card", id: "sessions" });
  const timeline = h("section", { class: "card", id: "timeline" });
  const campaignsBox = h("section", { class: "card", id: "campaigns" });
  const attachments = h("section", { class: "card", id: "attachments", hidden: true });
  app.append(head, partiesBox, actions, sessionsBox, campaignsBox, attachments, timeline);

  async function refresh(fresh) {
    if (fresh) c = fresh;
    else c = await get(`/cases/${c.id}`);
    renderHead();
    renderParties(c);
    renderActions();
    await Promise.all([renderSessions(), renderTimeline(), renderCampaigns(), renderAttachments()]);
  }

  function renderHead() {
    const rows = [
      ["状态", label(STATUSES, c.status) + (c.outcome ? `（${label(OUTCOMES, c.outcome)}）` : "")],
      ["纠纷类型", label(DISPUTE_TYPES, c.dispute_type)], ["来源", label(SOURCES, c.source)],
      ["社区", communityName[c.community_id] || String(c.community_id)], ["风险等级", label(RISKS, c.risk_level)],
      ["调解员", c.mediator_id ? `${mediatorName[c.mediator_id] || c.mediator_id}（${label(CHANNELS, c.channel)}）` : "未分派"],
      ["收案", fmtTime(c.received_at)], ["受理", fmtTime(c.accepted_at)], ["期限", fmtTime(c.due_at)],
      ["暂停", c.paused_at ? fmtTime(c.paused_at) : "—"], ["已延长天数", String(c.extended_days)], ["结案", fmtTime(c.closed_at)],
    ];
    clear(head,
      h("h1", {}, "案件 ", h("span", { class: "case-no", id: "case-no" }, c.case_no), " ", badges(c)),
      h("dl", { class: "facts" }, rows.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
      h("h2", {}, "纠纷概要"), h("p", { class: "pre" }, c.summary),
      h("h2", {}, "当事人诉求"), h("p", { class: "pre" }, c.claims || "—"),
      c.decline_reason ? h("p", {}, `不予受理理由：${c.decline_reason}；引导：${c.referral_advice || "—"}`) : null,
      c.agreement ? h("p", {}, `协议金额：${c.agreement.amount} 元 `,
        h("a", { href: `#/agreement/${c.id}`, id: "print-link" }, "打印调解协议书")) : null);
  }

  function renderParties(view) {
    const rows = view.parties.map((p) => [label(PARTY_ROLES, p.role), label(PARTY_KINDS, p.kind), p.name,
      p.id_number || "—", p.phone || "—", p.address || "—"]);
    clear(partiesBox, h("h2", {}, "当事人", view.pii_masked ? "（已脱敏）" : "（完整信息，已记录查看）"),
      table(["身份", "类别", "姓名/名称", "证件号码", "电话", "住址"], rows));
    if (view.pii_masked && may("unmask")) {
      const reason = h("input", { type: "text", maxlength: 1000, required: true });
      const form = h("form", { hidden: true, class: "inline", on: { submit: async (ev) => {
        ev.preventDefault();
        try {
          const full = await post(`/cases/${c.id}/unmask`, { reason: reason.value.trim() });
          renderParties(full);
          renderTimeline();
        } catch (e) { showErrors(form, e); }
      } } }, field("查看理由（将记入审计）", reason, { name: "reason" }), h("button", { type: "submit" }, "确认查看"));
      partiesBox.append(h("button", { type: "button", on: { click: () => { form.hidden = false; reason.focus(); } } }, "查看完整信息"), form);
    }
  }

  function showErrors(form, e) {
    clearErrors(form);
    const out = form.querySelector(".form-msg") || form.appendChild(h("p", { class: "form-msg error", role: "alert" }));
    if (e instanceof ApiError && e.status === 422) {
      const rest = [];
      for (const [f, m] of Object.entries(e.fields())) if (!setFieldError(form, f, m)) rest.push(`${f}：${m}`);
      out.textContent = rest.join("；") || "请改正标出的字段。";
    } else {
      out.textContent = e.message;
    }
  }

  // one POST action on the case, with an Idempotency-Key and the case's version as If-Match
  async function act(path, body, form, extraHeaders = {}) {
    try {
      const r = await request("POST", `/cases/${c.id}/${path}`, {
        body, headers: { "Idempotency-Key": idempotencyKey(), "If-Match": `"${c.id}-${c.version}"`, ...extraHeaders },
      });
      toast("已保存");
      await refresh(r.body && r.body.id ? r.body : undefined);
      return true;
    } catch (e) {
      if (form) showErrors(form, e);
      else toast(e.message, "error");
      return false;
    }
  }

  function section(title, ...children) {
    return h("div", { class: "action" }, h("h3", {}, title), ...children);
  }

  function renderActions() {
    const blocks = [];
    if (c.status === "received" && may("intake")) {
      const reason = h("textarea", { rows: 2 });
      const advice = h("textarea", { rows: 2 });
      const decline = h("form", { on: { submit: (ev) => { ev.preventDefault(); act("decline", { reason: reason.value.trim(), referral_advice: advice.value.trim() || undefined }, decline); } } },
        field("不予受理理由", reason, { name: "reason" }), field("引导建议", advice, { name: "referral_advice" }), h("button", { type: "submit" }, "不予受理"));
      blocks.push(section("受理审查", h("button", { type: "button", class: "primary", on: { click: () => act("accept", {}) } }, "受理"), decline));
    }
    if (OPEN.includes(c.status) && may("supervise")) blocks.push(assignBlock(), deadlineBlock());
    if (["assigned", "in_mediation"].includes(c.status) && may("mediate")) blocks.push(sessionBlock());
    if (["received", ...OPEN].includes(c.status) && may("mediate")) blocks.push(closeBlock());
    if (c.status === "closed" && may("mediate")) blocks.push(followUpBlock());
    clear(actions, h("h2", {}, "办理"), blocks.length ? blocks : h("p", { class: "muted" }, "当前状态下没有您可办理的事项。"));
  }

  function assignBlock() {
    const list = h("div", { id: "suggestions" });
    const reason = h("input", { type: "text", maxlength: 1000 });
    const override = h("input", { type: "text", maxlength: 1000 });
    const overrideField = field("超额分派理由（调解员已满额时必填，记入审计）", override, { name: "capacity_override" });
    overrideField.hidden = true;
    const form = h("form", { on: { submit: (ev) => ev.preventDefault() } },
      c.mediator_id ? field("改派理由", reason, { name: "reason" }) : null, overrideField, list);
    get(`/cases/${c.id}/mediator-suggestions`).then((s) => {
      clear(list, s.items.length ? table(["调解员", "单位", "类别", "专长", "在办/容量", "推荐分", ""],
        s.items.map((m) => [m.name, m.organization, label(CHANNELS, m.channel), m.specialty_match ? "对口" : "—",
          `${m.open_cases}/${m.capacity}${m.at_capacity ? "（已满）" : ""}`, String(m.score),
          h("button", { type: "button", class: "assign", dataset: { mediator: m.mediator_id }, on: { click: () => assign(m) } }, "分派")]),
        { caption: "推荐调解员（按匹配度排序）" }) : h("p", {}, "没有可分派的调解员。"));
    }).catch((e) => clear(list, h("p", { class: "error" }, e.message)));
    async function assign(m) {
      const body = { mediator_id: m.mediator_id, reason: reason.value.trim() || undefined, capacity_override: override.value.trim() || undefined };
      const ok = await act("assign", body, form);
      if (!ok && m.at_capacity && !override.value.trim()) {
        overrideField.hidden = false;
        override.focus();
      }
    }
    return section(c.mediator_id ? "改派" : "分派调解员", form);
  }

  function deadlineBlock() {
    const kind = select([["extend", "延长期限"], ["pause", "暂停计时"], ["resume", "恢复计时"]], c.paused_at ? "resume" : "extend");
    const days = h("input", { type: "number", min: 1, max: 365, value: "15" });
    const reason = h("input", { type: "text", maxlength: 1000 });
    const a = h("input", { type: "checkbox" });
    const r = h("input", { type: "checkbox" });
    const extendOnly = h("div", {}, field("延长天数", days, { name: "days" }),
      h("label", { class: "check" }, a, "申请人同意延期"), h("label", { class: "check" }, r, "被申请人同意延期"));
    const sync = () => (extendOnly.hidden = kind.value !== "extend");
    kind.addEventListener("change", sync);
    sync();
    const form = h("form", { on: { submit: (ev) => {
      ev.preventDefault();
      const body = { action: kind.value, reason: reason.value.trim() };
      if (kind.value === "extend") Object.assign(body, { days: Number(days.value), applicant_consent: a.checked, respondent_consent: r.checked });
      act("deadline", body, form);
    } } }, field("操作", kind, { name: "action" }), extendOnly, field("理由", reason, { name: "reason" }), h("button", { type: "submit" }, "提交"));
    return section("调处期限", form);
  }

  function sessionBlock() {
    const now = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 16);
    const held = h("input", { type: "datetime-local", value: now });
    const kind = select(options(SESSION_KINDS), "in_person");
    const participants = h("input", { type: "text", maxlength: 500 });
    const notes = h("textarea", { rows: 3 });
    const form = h("form", { id: "session-form", on: { submit: (ev) => {
      ev.preventDefault();
      act("sessions", { held_at: `${held.value}:00+08:00`, kind: kind.value, participants: participants.value.trim(), notes: notes.value.trim() || undefined }, form);
    } } }, h("div", { class: "cols" }, field("调解时间", held, { name: "held_at" }), field("方式", kind, { name: "kind" }), field("参加人员", participants, { name: "participants" })),
    field("调解记录", notes, { name: "notes" }), h("button", { type: "submit" }, "记录调解"));
    return section("记录调解", form);
  }

  function closeBlock() {
    const allowed = c.status === "in_mediation" ? ["resolved", "failed", "terminated", "withdrawn", "referred"]
      : c.status === "received" ? ["withdrawn"] : ["withdrawn", "referred"];
    const outcome = select(allowed.map((o) => [o, OUTCOMES[o]]), allowed[0]);
    const amount = h("input", { type: "text", inputmode: "decimal", placeholder: "例如 8200.00" });
    const form_ = select(options(FORMS), "written");
    const signed = h("input", { type: "date", value: new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10) });
    const terms = h("textarea", { rows: 3 });
    const method = h("input", { type: "text" });
    const by = h("input", { type: "date" });
    const referred = h("input", { type: "text" });
    const note = h("textarea", { rows: 2 });
    const esc = h("input", { type: "checkbox" });
    const mass = h("input", { type: "checkbox" });
    const agreement = h("fieldset", {}, h("legend", {}, "调解协议"),
      h("div", { class: "cols" }, field("协议金额（元）", amount, { name: "agreement.amount" }), field("协议形式", form_, { name: "agreement.form" }),
        field("签订日期", signed, { name: "agreement.signed_at" }), field("履行方式", method, { name: "agreement.performance_method" }),
        field("履行期限", by, { name: "agreement.perform_by" })),
      field("协议内容", terms, { name: "agreement.terms" }));
    const referredField = field("移送至", referred, { name: "referred_to" });
    const sync = () => { agreement.hidden = outcome.value !== "resolved"; referredField.hidden = outcome.value !== "referred"; };
    outcome.addEventListener("change", sync);
    sync();
    const form = h("form", { id: "close-form", on: { submit: (ev) => {
      ev.preventDefault();
      const body = { outcome: outcome.value, note: note.value.trim() || undefined, prevented_escalation: esc.checked, prevented_mass_petition: mass.checked };
      if (outcome.value === "resolved")
        body.agreement = { amount: amount.value.trim(), form: form_.value, signed_at: signed.value, terms: terms.value.trim(),
          performance_method: method.value.trim() || undefined, perform_by: by.value || undefined };
      if (outcome.value === "referred") body.referred_to = referred.value.trim();
      act("close", body, form);
    } } }, field("结案方式", outcome, { name: "outcome" }), agreement, referredField, field("结案说明", note, { name: "note" }),
    h("label", { class: "check" }, esc, "防止民转刑"), h("label", { class: "check" }, mass, "防止群体性上访"),
    h("button", { type: "submit", class: "primary" }, "结案"));
    return section("结案", form);
  }

  function followUpBlock() {
    const at = h("input", { type: "date" });
    const note = h("textarea", { rows: 2 });
    const perf = select(options(PERFORMANCE, "未记录"), c.follow_up.performance || "");
    const judicial = h("input", { type: "checkbox", checked: c.follow_up.judicial_confirmation });
    const form = h("form", { on: { submit: (ev) => {
      ev.preventDefault();
      const body = { return_visit_note: note.value.trim() || undefined, performance: perf.value || undefined, judicial_confirmation: judicial.checked };
      if (at.value) body.return_visit_at = `${at.value}T09:00:00+08:00`;
      act("follow-up", body, form);
    } } }, h("p", {}, `已回访：${fmtDate(c.follow_up.return_visit_at)} ${c.follow_up.return_visit_note || ""}`),
    field("回访日期", at, { name: "return_visit_at" }), field("回访情况", note, { name: "return_visit_note" }),
    field("协议履行", perf, { name: "performance" }), h("label", { class: "check" }, judicial, "已申请司法确认"),
    h("button", { type: "submit" }, "保存回访"));
    return section("回访", form);
  }

  async function renderSessions() {
    const s = await get(`/cases/${c.id}/sessions`);
    clear(sessionsBox, h("h2", {}, "调解记录"), s.items.length
      ? table(["时间", "方式", "参加人员", "记录"], s.items.map((x) => [fmtTime(x.held_at), label(SESSION_KINDS, x.kind), x.participants, h("span", { class: "pre" }, x.notes)]))
      : h("p", { class: "muted" }, "尚无调解记录。"));
  }

  async function renderTimeline() {
    const e = await get(`/cases/${c.id}/events?limit=500`);
    clear(timeline, h("h2", {}, "办理经过"), h("ol", { class: "timeline" }, e.items.map((x) =>
      h("li", {}, h("time", { datetime: x.at }, fmtTime(x.at)), " ", h("strong", {}, label(EVENT_ACTIONS, x.action)),
        ` · ${x.actor}`, x.to_status ? ` → ${label(STATUSES, x.to_status)}` : "", x.reason ? `（${x.reason}）` : ""))));
  }

  async function renderCampaigns() {
    const [mine, all] = await Promise.all([get(`/cases/${c.id}/campaigns`), get("/campaigns?limit=100")]);
    const tagged = new Set(mine.items.map((x) => x.id));
    const choices = all.items.filter((x) => !tagged.has(x.id));
    const pick = select(choices.map((x) => [String(x.id), x.name]), "");
    clear(campaignsBox, h("h2", {}, "专项行动"),
      mine.items.length ? h("ul", {}, mine.items.map((x) => h("li", {}, x.name, ` （${fmtDate(x.tagged_at)} 纳入）`))) : h("p", { class: "muted" }, "未纳入专项行动。"),
      may("intake") && choices.length ? h("form", { class: "inline", on: { submit: async (ev) => {
        ev.preventDefault();
        try { await post(`/cases/${c.id}/campaigns`, { campaign_id: Number(pick.value) }); renderCampaigns(); renderTimeline(); } catch (e) { toast(e.message, "error"); }
      } } }, field("纳入专项行动", pick, { name: "campaign_id" }), h("button", { type: "submit" }, "纳入")) : null);
  }

  // The attachments API (issue 14's interface): hidden while the route answers 404.
  async function renderAttachments() {
    let list;
    try {
      list = await get(`/cases/${c.id}/attachments`);
    } catch (e) {
      attachments.hidden = true;
      if (!(e instanceof ApiError && e.status === 404)) console.warn(e);
      return;
    }
    attachments.hidden = false;
    const kind = select([["evidence", "证据材料"], ["agreement", "调解协议"], ["id_copy", "身份证明"], ["other", "其他"]], "evidence");
    const file = h("input", { type: "file" });
    const form = h("form", { on: { submit: async (ev) => {
      ev.preventDefault();
      const f = file.files[0];
      if (!f) return;
      try {
        await request("POST", `/cases/${c.id}/attachments${query({ kind: kind.value, filename: f.name })}`,
          { body: f, headers: { "Content-Type": f.type || "application/octet-stream", "Idempotency-Key": idempotencyKey() } });
        renderAttachments();
        renderTimeline();
      } catch (e) { toast(e.status === 413 ? "文件过大" : e.status === 415 ? "不支持的文件类型" : e.message, "error"); }
    } } }, field("类别", kind, { name: "kind" }), field("文件", file, { name: "file" }), h("button", { type: "submit" }, "上传"));
    const download = async (a) => {
      const res = await request("GET", `/cases/${c.id}/attachments/${a.id}`, { raw: true });
      const url = URL.createObjectURL(await res.blob());
      const link = h("a", { href: url, download: a.filename });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    };
    clear(attachments, h("h2", {}, "附件"),
      list.items.length ? table(["文件", "类别", "大小", "上传时间", ""], list.items.map((a) => [a.filename, a.kind, `${Math.ceil(a.size / 1024)} KB`, fmtTime(a.created_at),
        h("button", { type: "button", on: { click: () => download(a) } }, "下载")])) : h("p", { class: "muted" }, "尚无附件。"),
      may("mediate") || may("intake") ? form : null);
  }

  await refresh(c);
  void currentSession;
}
