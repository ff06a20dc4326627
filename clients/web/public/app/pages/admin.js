// 管理: users, mediators, communities, campaigns, API keys, deadline policies, and webhooks once
// the server has them (the section hides while /webhooks answers 404).
import { get, post, request, idempotencyKey, ApiError } from "../api.js";
import { h, field, select, table, clear, toast, setFieldError, clearErrors, fmtTime } from "../dom.js";
import { ROLES, CHANNELS, DISPUTE_TYPES, RISKS, options, label } from "../labels.js";

function formSection(title, fields, onSubmit) {
  const msg = h("p", { class: "form-msg", role: "status" });
  const form = h("form", { class: "inline-form", on: { submit: async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    msg.textContent = "";
    try {
      await onSubmit(msg);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        const rest = [];
        for (const [f, m] of Object.entries(e.fields())) if (!setFieldError(form, f, m)) rest.push(`${f}：${m}`);
        msg.textContent = rest.join("；") || "请改正标出的字段。";
      } else msg.textContent = e.message;
    }
  } } }, h("h3", {}, title), h("div", { class: "cols" }, fields), h("button", { type: "submit" }, "保存"), msg);
  return form;
}

export async function render(app) {
  const tabs = [["users", "用户"], ["mediators", "调解员"], ["communities", "社区"], ["campaigns", "专项行动"], ["keys", "API 密钥"], ["policies", "期限规则"], ["webhooks", "Webhooks"]];
  const body = h("div", { id: "admin-body" });
  const nav = h("nav", { class: "tabs", "aria-label": "管理项目" }, tabs.map(([k, t]) =>
    h("button", { type: "button", dataset: { tab: k }, on: { click: () => show(k) } }, t)));
  app.append(h("h1", {}, "管理"), nav, body);

  const sections = {
    async users() {
      const list = await get("/users?limit=100");
      const username = h("input", { type: "text", autocomplete: "off" });
      const display = h("input", { type: "text" });
      const role = select(options({ front_desk: ROLES.front_desk, mediator: ROLES.mediator, supervisor: ROLES.supervisor, admin: ROLES.admin }), "front_desk");
      const password = h("input", { type: "password", autocomplete: "new-password" });
      return [table(["用户名", "姓名", "角色", "状态"], list.items.map((u) => [u.username, u.display_name, label(ROLES, u.role), u.active ? "启用" : "停用"])),
        formSection("新建用户", [field("用户名", username, { name: "username" }), field("姓名", display, { name: "display_name" }),
          field("角色", role, { name: "role" }), field("初始密码", password, { name: "password" })], async () => {
          await post("/users", { username: username.value.trim(), display_name: display.value.trim(), role: role.value, password: password.value });
          toast("已创建用户");
          show("users");
        })];
    },
    async mediators() {
      const [list, users] = await Promise.all([get("/mediators?limit=100"), get("/users?limit=100")]);
      const name = h("input", { type: "text" });
      const org = h("input", { type: "text" });
      const channel = select(options(CHANNELS), "people");
      const specialties = h("select", { multiple: true, size: 5 }, Object.entries(DISPUTE_TYPES).map(([k, v]) => h("option", { value: k }, v)));
      const cap = h("input", { type: "number", min: 1, max: 1000, value: "20" });
      const user = select([["", "不关联"], ...users.items.filter((u) => u.role === "mediator").map((u) => [String(u.id), `${u.display_name}（${u.username}）`])], "");
      return [table(["姓名", "单位", "类别", "专长", "容量", "状态"], list.items.map((m) => [m.name, m.organization, label(CHANNELS, m.channel),
        (m.specialties || []).map((s) => label(DISPUTE_TYPES, s)).join("、"), String(m.max_open_cases), m.active ? "在岗" : "停用"])),
        formSection("新建调解员", [field("姓名", name, { name: "name" }), field("单位", org, { name: "organization" }), field("类别", channel, { name: "channel" }),
          field("专长", specialties, { name: "specialties" }), field("最多在办案件", cap, { name: "max_open_cases" }), field("关联账号", user, { name: "user_id" })], async () => {
          await post("/mediators", { name: name.value.trim(), organization: org.value.trim(), channel: channel.value,
            specialties: [...specialties.selectedOptions].map((o) => o.value), max_open_cases: Number(cap.value),
            user_id: user.value ? Number(user.value) : undefined });
          toast("已创建调解员");
          show("mediators");
        })];
    },
    async communities() {
      const list = await get("/communities?limit=100");
      const code = h("input", { type: "text" });
      const name = h("input", { type: "text" });
      const street = h("input", { type: "text" });
      return [table(["代码", "名称", "街道"], list.items.map((c) => [c.code, c.name, c.street])),
        formSection("新建社区", [field("代码", code, { name: "code" }), field("名称", name, { name: "name" }), field("所属街道", street, { name: "street" })], async () => {
          await post("/communities", { code: code.value.trim(), name: name.value.trim(), street: street.value.trim() });
          toast("已创建社区");
          show("communities");
        })];
    },
    async campaigns() {
      const list = await get("/campaigns?limit=100");
      const name = h("input", { type: "text", maxlength: 100 });
      const starts = h("input", { type: "date" });
      const ends = h("input", { type: "date" });
      return [table(["名称", "开始", "结束", "纳入案件"], list.items.map((c) => [c.name, c.starts_on, c.ends_on || "—", String(c.case_count)])),
        formSection("新建专项行动", [field("名称", name, { name: "name" }), field("开始日期", starts, { name: "starts_on" }), field("结束日期", ends, { name: "ends_on" })], async () => {
          await post("/campaigns", { name: name.value.trim(), starts_on: starts.value, ends_on: ends.value || undefined }, { headers: { "Idempotency-Key": idempotencyKey() } });
          toast("已创建专项行动");
          show("campaigns");
        })];
    },
    async keys() {
      const list = await get("/api-keys?limit=100");
      const name = h("input", { type: "text" });
      const role = select(options(ROLES), "integration");
      const scopes = h("input", { type: "text", placeholder: "cases:read cases:write reports:read" });
      const shown = h("div", { class: "secret", "aria-live": "polite" });
      return [table(["名称", "角色", "创建", "状态", ""], list.items.map((k) => [k.name, label(ROLES, k.role), fmtTime(k.created_at),
        k.revoked_at ? "已吊销" : "有效", k.revoked_at ? "" : h("button", { type: "button", on: { click: async () => {
          await request("DELETE", `/api-keys/${k.id}`);
          show("keys");
        } } }, "吊销")])),
        formSection("新建 API 密钥", [field("名称", name, { name: "name" }), field("角色", role, { name: "role" }), field("权限范围", scopes, { name: "scopes" })], async () => {
          const k = await post("/api-keys", { name: name.value.trim(), role: role.value, scopes: scopes.value.trim() ? scopes.value.trim().split(/\s+/) : undefined });
          clear(shown, h("p", {}, "密钥只显示这一次，请妥善保存："), h("code", {}, k.key));
        }), shown];
    },
    async policies() {
      const p = await get("/deadline-policies");
      return [h("p", {}, `默认期限：${Object.entries(p.default_days_by_risk).map(([r, d]) => `${label(RISKS, r)} ${d} 天`).join("，")}；最多延长 ${p.default_max_extension_days} 天`),
        table(["纠纷类型", "风险等级", "期限（天）", "最多延长（天）"], p.items.map((r) => [r.dispute_type ? label(DISPUTE_TYPES, r.dispute_type) : "全部类型",
          label(RISKS, r.risk_level), String(r.days), String(r.max_extension_days ?? "—")]))];
    },
    async webhooks() {
      const list = await get("/webhooks");
      return [table(["地址", "事件", "状态"], list.items.map((w) => [w.url, (w.event_types || []).join(", "), w.active ? "启用" : "停用"]))];
    },
  };

  // the webhooks tab shows once the server has them
  get("/webhooks").catch((e) => {
    if (e instanceof ApiError && e.status === 404) nav.querySelector('[data-tab="webhooks"]').hidden = true;
  });

  async function show(k) {
    for (const b of nav.querySelectorAll("button")) b.setAttribute("aria-pressed", String(b.dataset.tab === k));
    try {
      clear(body, ...(await sections[k]()));
    } catch (e) {
      clear(body, h("p", { class: "error" }, e.message));
    }
  }
  await show("users");
}
