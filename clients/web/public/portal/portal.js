// The party portal: 在线申请 (apply online), 进度查询 (follow with case number + tracking code),
// 满意度评价 (rate once after closing). Public; calls /api/v1/portal/… only, and keeps nothing:
// the tracking code is shown once and never stored by the page.
import { request, ApiError } from "../app/api.js";
import { h, field, select, clear, setFieldError, clearErrors, fmtTime } from "../app/dom.js";
import { DISPUTE_TYPES, STATUSES, OUTCOMES, CHANNELS, options, label } from "../app/labels.js";
import { checkIdNumber, checkPhone } from "../app/validate.js";

const NEXT = {
  review: "中心正在审查您的申请，一般在 3 个工作日内决定是否受理。",
  assignment: "已受理，正在为您安排调解员。",
  contact: "已安排调解员，调解员将与您联系约定调解时间。",
  mediation: "调解正在进行中。",
  rate: "案件已办结，欢迎您对本次调解服务进行评价。",
  done: "案件已办结，感谢您的评价。",
  declined: "您的申请未予受理，请留意中心的告知或另行选择解决途径。",
};

const app = document.getElementById("app");
const call = (method, path, body) => request(method, `/portal${path}`, { body, auth: false }).then((r) => r.body);

function problem(form, e, msg) {
  clearErrors(form);
  if (e instanceof ApiError && e.status === 422) {
    const rest = [];
    for (const [f, m] of Object.entries(e.fields())) if (!setFieldError(form, f, m)) rest.push(`${f}：${m}`);
    msg.textContent = rest.join("；") || "请改正标出的内容。";
  } else if (e instanceof ApiError && e.status === 429) {
    msg.textContent = `操作过于频繁，请 ${e.retryAfter || 1} 秒后再试。`;
  } else if (e instanceof ApiError && e.status === 404) {
    msg.textContent = "案件编号或查询码不正确。";
  } else {
    msg.textContent = e.message;
  }
}

async function apply() {
  const communities = await call("GET", "/communities");
  const dispute = select(options(DISPUTE_TYPES, "请选择"), "");
  const community = select([["", "请选择"], ...communities.items.map((c) => [String(c.id), `${c.name}（${c.street}）`])], "");
  const summary = h("textarea", { rows: 4, maxlength: 2000 });
  const claims = h("textarea", { rows: 2, maxlength: 2000 });
  const occurred = h("input", { type: "date" });
  const a = { name: h("input", { type: "text", autocomplete: "name" }), id_number: h("input", { type: "text", maxlength: 18 }),
    phone: h("input", { type: "tel", autocomplete: "tel" }), address: h("input", { type: "text", autocomplete: "street-address" }) };
  const r = { name: h("input", { type: "text" }), phone: h("input", { type: "tel" }), address: h("input", { type: "text" }) };
  const msg = h("p", { class: "error", role: "alert" });
  const form = h("form", { class: "card", novalidate: true, on: { submit } },
    h("h1", {}, "在线申请调解"),
    h("p", { class: "muted" }, "请如实填写。提交后您将获得案件编号和查询码，凭此查询办理进度。"),
    h("div", { class: "cols" }, field("纠纷类型", dispute, { name: "dispute_type" }), field("发生社区", community, { name: "community_id" }),
      field("发生日期", occurred, { name: "occurred_on" })),
    field("纠纷情况", summary, { name: "summary" }), field("您的请求", claims, { name: "claims" }),
    h("fieldset", {}, h("legend", {}, "申请人（您本人）"), h("div", { class: "cols" },
      field("姓名", a.name, { name: "applicant.name" }), field("身份证号（选填）", a.id_number, { name: "applicant.id_number" }),
      field("联系电话", a.phone, { name: "applicant.phone" }), field("住址（选填）", a.address, { name: "applicant.address" }))),
    h("fieldset", {}, h("legend", {}, "对方当事人"), h("div", { class: "cols" },
      field("姓名/名称", r.name, { name: "respondent.name" }), field("联系电话（选填）", r.phone, { name: "respondent.phone" }),
      field("住址（选填）", r.address, { name: "respondent.address" }))),
    msg, h("button", { type: "submit", class: "primary" }, "提交申请"));
  a.id_number.addEventListener("input", () => setFieldError(form, "applicant.id_number", checkIdNumber(a.id_number.value)));
  a.phone.addEventListener("input", () => setFieldError(form, "applicant.phone", checkPhone(a.phone.value)));
  r.phone.addEventListener("input", () => setFieldError(form, "respondent.phone", checkPhone(r.phone.value)));
  clear(app, form);

  async function submit(ev) {
    ev.preventDefault();
    msg.textContent = "";
    const pick = (o) => Object.fromEntries(Object.entries(o).map(([k, el]) => [k, el.value.trim() || undefined]));
    const body = {
      dispute_type: dispute.value || undefined, community_id: community.value ? Number(community.value) : undefined,
      summary: summary.value.trim() || undefined, claims: claims.value.trim() || undefined, occurred_on: occurred.value || undefined,
      applicant: pick(a), respondent: r.name.value.trim() ? pick(r) : undefined,
    };
    try {
      const done = await call("POST", "/applications", body);
      clear(app, h("section", { class: "card", id: "applied" },
        h("h1", {}, "申请已提交"),
        h("p", {}, "案件编号：", h("strong", { id: "case-no" }, done.case_no)),
        h("p", {}, "查询码：", h("strong", { id: "tracking-code", class: "code" }, done.tracking_code)),
        h("p", { class: "warn" }, "查询码只显示这一次，请抄写或截图保存。凭案件编号和查询码可查询进度、办结后评价。"),
        h("a", { href: "#track" }, "查询进度")));
    } catch (e) {
      problem(form, e, msg);
    }
  }
}

async function track(rating) {
  const no = h("input", { type: "text", autocomplete: "off", placeholder: "例如 WD-2026-000042" });
  const code = h("input", { type: "text", autocomplete: "off", placeholder: "XXXX-XXXX-XXXX" });
  const msg = h("p", { class: "error", role: "alert" });
  const result = h("div", { id: "track-result", "aria-live": "polite" });
  const form = h("form", { class: "card", on: { submit } }, h("h1", {}, rating ? "满意度评价" : "进度查询"),
    h("div", { class: "cols" }, field("案件编号", no, { name: "case_no" }), field("查询码", code, { name: "tracking_code" })),
    msg, h("button", { type: "submit", class: "primary" }, "查询"));
  clear(app, form, result);

  async function submit(ev) {
    ev.preventDefault();
    msg.textContent = "";
    try {
      show(await call("POST", "/track", { case_no: no.value.trim(), tracking_code: code.value.trim() }));
    } catch (e) {
      clear(result);
      problem(form, e, msg);
    }
  }

  function show(c) {
    const rows = [
      ["状态", label(STATUSES, c.status) + (c.outcome ? `（${label(OUTCOMES, c.outcome)}）` : "")],
      ["申请时间", fmtTime(c.received_at)], ["受理时间", fmtTime(c.accepted_at)], ["调处期限", fmtTime(c.due_at)],
      ["办结时间", fmtTime(c.closed_at)],
      ["调解员", c.mediator ? `${c.mediator.name}（${label(CHANNELS, c.mediator.channel)}）` : "尚未安排"],
    ];
    clear(result, h("section", { class: "card" },
      h("h2", {}, c.case_no),
      h("dl", { class: "facts" }, rows.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
      h("p", { id: "next-step" }, NEXT[c.next_step] || ""),
      c.rating ? h("p", {}, `您的评价：${"★".repeat(c.rating.rating)}${"☆".repeat(5 - c.rating.rating)}`) : null,
      c.next_step === "rate" ? rateForm(c) : null));
  }

  function rateForm(c) {
    const stars = h("fieldset", { class: "stars" }, h("legend", {}, "评分（1–5 星）"),
      [5, 4, 3, 2, 1].map((n) => h("label", { class: "check" }, h("input", { type: "radio", name: "rating", value: String(n), checked: n === 5 }), `${n} 星`)));
    const comment = h("textarea", { rows: 3, maxlength: 500 });
    const out = h("p", { role: "status" });
    const form = h("form", { id: "rate-form", on: { submit: async (ev) => {
      ev.preventDefault();
      try {
        await call("POST", "/ratings", { case_no: c.case_no, tracking_code: code.value.trim(),
          rating: Number(form.querySelector("input[name=rating]:checked").value), comment: comment.value.trim() || undefined });
        clear(form, h("p", { id: "rated" }, "感谢您的评价！"));
      } catch (e) {
        problem(form, e, out);
      }
    } } }, stars, field("意见建议（选填）", comment, { name: "comment" }), out, h("button", { type: "submit", class: "primary" }, "提交评价"));
    return form;
  }
}

async function route() {
  const page = location.hash.replace("#", "") || "apply";
  for (const a of document.querySelectorAll("header nav a")) a.toggleAttribute("aria-current", a.getAttribute("href") === `#${page}`);
  try {
    if (page === "track") await track(false);
    else if (page === "rate") await track(true);
    else await apply();
  } catch (e) {
    clear(app, h("p", { class: "error", role: "alert" }, e instanceof ApiError && e.status === 429 ? "访问过于频繁，请稍后再试。" : `加载失败：${e.message}`));
  }
  app.focus({ preventScroll: true });
}

window.addEventListener("hashchange", route);
route();
