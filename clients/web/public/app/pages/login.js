// 登录: username and password; the server's throttling (429, Retry-After) shown plainly.
import { post, get, saveSession, ApiError } from "../api.js";
import { h, field, toast } from "../dom.js";

export async function render(app, { home }) {
  const user = h("input", { type: "text", autocomplete: "username", required: true });
  const pass = h("input", { type: "password", autocomplete: "current-password", required: true });
  const msg = h("p", { class: "error", role: "alert", id: "login-message" });
  const form = h("form", { class: "card narrow", on: { submit } },
    h("h1", {}, "工作人员登录"),
    field("用户名", user, { name: "username" }),
    field("密码", pass, { name: "password" }),
    msg,
    h("button", { type: "submit", class: "primary" }, "登录"));
  app.append(form);
  user.focus();

  async function submit(ev) {
    ev.preventDefault();
    msg.textContent = "";
    try {
      const t = await post("/auth/login", { username: user.value.trim(), password: pass.value }, { auth: false });
      saveSession({ token: t.token, expires_at: t.expires_at });
      const me = await get("/me");
      saveSession({ token: t.token, expires_at: t.expires_at, me });
      toast(`欢迎，${me.name}`);
      location.hash = home(me.role);
    } catch (e) {
      if (e instanceof ApiError && e.status === 429)
        msg.textContent = `尝试次数过多，请在 ${e.retryAfter || 1} 秒后再试。`;
      else if (e instanceof ApiError && e.status === 401) msg.textContent = "用户名或密码不正确。";
      else msg.textContent = `登录失败：${e.message}`;
      pass.value = "";
    }
  }
}
