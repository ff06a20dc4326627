// The web client's browser tests (ctest label `web`): Playwright (playwright-core, pinned) drives
// Debian's chromium through its executable path against the real mediationd and a real
// PostgreSQL. Each flow of issue 16 is one test below; screenshots go to build/web-shots/.
//
// usage: node clients/web/tests/run.mjs MEDIATIOND_BINARY OUTPUT_DIR
//   env TEST_DATABASE_URL (a role that may create databases), CHROMIUM (default /usr/bin/chromium)
import assert from "node:assert/strict";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer, apiClient } from "./server.mjs";
import { checkVendoredECharts } from "./vendor.mjs";

const [bin, outDir] = process.argv.slice(2);
if (!bin || !outDir) {
  console.error("usage: run.mjs MEDIATIOND_BINARY OUTPUT_DIR");
  process.exit(2);
}
const shots = join(outDir, "web-shots");
rmSync(shots, { recursive: true, force: true });
mkdirSync(shots, { recursive: true });

const server = await startServer({ bin, workDir: join(outDir, "web-work") });
const api = apiClient(server.base, server.adminKey);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage", "--lang=zh-CN"],
});
const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const state = {};
const results = [];
let failed = 0;

async function test(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push(`ok   ${name} (${Date.now() - started} ms)`);
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    results.push(`FAIL ${name}: ${e.stack || e}`);
    console.log(`FAIL ${name}\n${e.stack || e}`);
  }
}

// A fresh browser context (no session) whose pages fail the test on a CSP violation or a script
// error.
async function newPage() {
  const context = await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.problems = [];
  page.on("pageerror", (e) => page.problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to/.test(m.text())) page.problems.push(`CSP: ${m.text()}`);
  });
  return page;
}

async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

async function login(page, username, password) {
  await page.goto(`${server.base}/#/login`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForSelector("#who button");
}

// ---- setup through the API --------------------------------------------------------------------

const community = await api("POST", "/communities", { code: "dh", name: "东湖社区", street: "丁庄街道" });
await api("POST", "/communities", { code: "xd", name: "西大社区", street: "西大街道" });
const users = {};
for (const [username, role, display] of [["qiantai", "front_desk", "前台小李"], ["zhuren", "supervisor", "刘主任"], ["tiaojie", "mediator", "王芳"]])
  users[role] = await api("POST", "/users", { username, display_name: display, role, password: "correct horse 42" });
const mediator = await api("POST", "/mediators", { name: "王芳", organization: "魏都区人民调解委员会", channel: "people",
  specialties: ["neighbor", "property_management"], max_open_cases: 10, user_id: users.mediator.id });
await api("POST", "/mediators", { name: "赵强", organization: "丁庄街道调委会", channel: "people", specialties: ["labor"], max_open_cases: 5 });
const campaign = await api("POST", "/campaigns", { name: "矛盾纠纷大排查大化解专项行动", starts_on: `${today.slice(0, 4)}-01-01` });
const PASSWORD = "correct horse 42";

// ---- the flows --------------------------------------------------------------------------------

await test("amounts in Chinese capital numerals (大写) and the ID-number and phone rules", async () => {
  const { capitalAmount } = await import("../public/app/money.js");
  const cases = {
    "82000000.00": "捌仟贰佰万元整", "1234.56": "壹仟贰佰叁拾肆元伍角陆分", "100.00": "壹佰元整", "1001.00": "壹仟零壹元整",
    "10000.00": "壹万元整", "100010.05": "壹拾万零壹拾元零伍分", "105000000.00": "壹亿零伍佰万元整", "0.50": "伍角整",
    "0.00": "零元整", "2500": "贰仟伍佰元整", "60.07": "陆拾元零柒分", "1000000000000.00": "壹万亿元整",
  };
  for (const [amount, words] of Object.entries(cases)) assert.equal(capitalAmount(amount), words, amount);
  assert.equal(capitalAmount("12.345"), "");
  const v = await import("../public/app/validate.js");
  assert.ok(v.residentIdValid("11010519491231002X"));
  assert.ok(v.residentIdValid("11010519491231002x"));
  assert.ok(!v.residentIdValid("110105194912310021"));
  assert.ok(!v.residentIdValid("110105194902300028"));
  assert.ok(v.phoneValid("13800000000") && v.phoneValid("+8613800000000") && v.phoneValid("0371-62345678") && v.phoneValid("01062345678"));
  assert.ok(!v.phoneValid("12800000000") && !v.phoneValid("0371-12345678") && !v.phoneValid("0371-0234567") && !v.phoneValid("1380000"));
});

await test("the vendored ECharts is the pinned npm file under its content hash", async () => {
  console.log(`vendored: ${checkVendoredECharts(fileURLToPath(new URL("..", import.meta.url)))}`);
});

await test("GET / and /portal/ answer zh-CN HTML with the CSP, and no staff page has inline script", async () => {
  for (const path of ["/", "/portal/"]) {
    const res = await fetch(`${server.base}${path}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type"), /^text\/html/);
    const csp = res.headers.get("content-security-policy");
    assert.ok(csp && csp.includes("script-src 'self'") && csp.includes("frame-ancestors 'none'") && !csp.includes("unsafe"), csp);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(res.headers.get("referrer-policy"), "no-referrer");
    const html = await res.text();
    assert.match(html, /<html lang="zh-CN">/);
    for (const m of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
      assert.match(m[1], /\ssrc="\//, `inline script in ${path}`);
      assert.equal(m[2].trim(), "", `inline script body in ${path}`);
    }
  }
  // in the browser: no element with an inline handler or script, no CSP report
  const page = await newPage();
  await page.goto(`${server.base}/`);
  await page.waitForSelector("form");
  const inline = await page.evaluate(() => [...document.querySelectorAll("script")].filter((s) => !s.src).length +
    [...document.querySelectorAll("*")].filter((e) => [...e.attributes].some((a) => a.name.startsWith("on"))).length);
  assert.equal(inline, 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

await test("the first load of the staff page transfers under 300 KB, without ECharts", async () => {
  const page = await newPage();
  const seen = [];
  page.on("requestfinished", async (r) => {
    const s = await r.sizes().catch(() => null);
    seen.push({ url: r.url(), bytes: s ? s.responseBodySize + s.responseHeadersSize : 0 });
  });
  await page.goto(`${server.base}/`, { waitUntil: "networkidle" });
  await page.waitForSelector("#login-message", { state: "attached" });
  await page.waitForTimeout(300);
  const total = seen.reduce((a, b) => a + b.bytes, 0);
  console.log(`first load of the staff page: ${total} bytes (${(total / 1024).toFixed(1)} KB) in ${seen.length} requests, gzip`);
  for (const s of seen) console.log(`  ${s.bytes}\t${new URL(s.url).pathname}`);
  state.firstLoad = total;
  assert.ok(!seen.some((s) => s.url.includes("echarts")), "ECharts loaded on the first page");
  assert.ok(total < 300 * 1024, `${total} bytes`);
  await shot(page, "01-login");
  // and through the login to the front desk's first page (its modules and its API calls)
  await page.getByLabel("用户名").fill("qiantai");
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForSelector("h1:has-text('接待登记')");
  await page.waitForLoadState("networkidle");
  const withIntake = seen.reduce((a, b) => a + b.bytes, 0);
  console.log(`login page and the intake page after logging in: ${withIntake} bytes (${(withIntake / 1024).toFixed(1)} KB) in ${seen.length} requests`);
  state.withIntake = withIntake;
  assert.ok(!seen.some((s) => s.url.includes("echarts")), "ECharts loaded outside the dashboard");
  assert.ok(withIntake < 300 * 1024, `${withIntake} bytes`);
  await page.context().close();
});

await test("login shows the server's throttling answer plainly", async () => {
  const page = await newPage();
  await page.goto(`${server.base}/#/login`);
  await page.getByLabel("用户名").fill("nobody");
  await page.getByLabel("密码").fill("wrong");
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForFunction(() => document.querySelector("#login-message").textContent.length > 0);
  assert.equal(await page.textContent("#login-message"), "用户名或密码不正确。");
  // past LOGIN_MAX_FAILURES (3 here) for this username from this address: the wait, in words
  for (let i = 0; i < 4 && !/尝试次数过多/.test(await page.textContent("#login-message")); i++) {
    await page.evaluate(() => (document.querySelector("#login-message").textContent = ""));
    await page.getByLabel("密码").fill("wrong again");
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForFunction(() => document.querySelector("#login-message").textContent.length > 0);
  }
  assert.match(await page.textContent("#login-message"), /^尝试次数过多，请在 \d+ 秒后再试。$/);
  await shot(page, "01b-login-throttled");
  await page.context().close();
});

await test("front desk registers a case with two parties and sees a field error fixed", async () => {
  const page = await newPage();
  await login(page, "qiantai", PASSWORD);
  await page.waitForSelector("h1:has-text('接待登记')");
  await page.getByLabel("纠纷类型").selectOption("neighbor");
  await page.getByLabel("发生社区").selectOption(String(community.id));
  await page.getByLabel("专项行动").selectOption(String(campaign.id));
  await page.getByLabel("纠纷概要").fill("楼上卫生间漏水导致楼下天花板受损，双方就维修费用发生争执。");
  await page.getByLabel("当事人诉求").fill("赔偿维修费 8200000 元");
  const p1 = page.locator("fieldset.party").nth(0);
  const p2 = page.locator("fieldset.party").nth(1);
  await p1.getByLabel("姓名/名称").fill("张三");
  await p1.getByLabel("身份证号/信用代码").fill("11010519491231002X");
  await p1.getByLabel("电话").fill("1380000");
  // checked as typed: the phone is wrong
  assert.match(await p1.locator(".field-error").nth(4).textContent(), /电话号码不正确/);
  await p1.getByLabel("电话").fill("13800000000");
  assert.equal(await p1.locator(".field-error").nth(4).textContent(), "");
  // the respondent without a name: the server's 422 shown beside the field
  await p2.getByLabel("电话").fill("13900000000");
  await page.getByRole("button", { name: "登记" }).click();
  const nameError = p2.locator('[data-field="parties[1].name"] .field-error');
  await page.waitForFunction((el) => el.textContent.length > 0, await nameError.elementHandle());
  await shot(page, "02-intake-field-error");
  await p2.getByLabel("姓名/名称").fill("李四");
  await page.getByRole("button", { name: "登记" }).click();
  await page.waitForSelector("#intake-result");
  state.caseNo = (await page.textContent("#intake-result .case-no")).trim();
  assert.match(state.caseNo, /^WD-\d{4}-\d{6}$/);
  await shot(page, "03-intake-registered");
  await page.getByRole("button", { name: "受理", exact: true }).click();
  await page.waitForSelector("#case-no");
  state.caseId = Number(new URL(page.url()).hash.split("/")[2]);
  const c = await api("GET", `/cases/${state.caseId}`);
  assert.equal(c.status, "accepted");
  assert.equal(c.parties.length, 2);
  const tags = await api("GET", `/cases/${state.caseId}/campaigns`);
  assert.equal(tags.items[0].id, campaign.id);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

await test("keyboard-only intake works: every field has a label", async () => {
  const page = await newPage();
  await login(page, "qiantai", PASSWORD);
  await page.waitForSelector("h1:has-text('接待登记')");
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll("main input, main select, main textarea")]
    .filter((el) => !el.labels || el.labels.length === 0).map((el) => el.outerHTML));
  assert.deepEqual(unlabelled, []);
  // Tab to a field by its label, never the mouse
  async function tabTo(text) {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press("Tab");
      const label = await page.evaluate(() => {
        const el = document.activeElement;
        return el && el.labels && el.labels[0] ? el.labels[0].textContent : "";
      });
      if (label === text) return;
    }
    throw new Error(`no field labelled ${text} reached with Tab`);
  }
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.focus("main h1").catch(() => {});
  await tabTo("纠纷类型");
  await page.keyboard.press("ArrowDown"); // the first type
  await tabTo("发生社区");
  await page.keyboard.press("ArrowDown");
  await tabTo("纠纷概要");
  await page.keyboard.type("键盘登记的物业纠纷");
  await tabTo("姓名/名称");
  await page.keyboard.type("王五");
  await tabTo("电话");
  await page.keyboard.type("13700000000");
  await tabTo("姓名/名称");
  await page.keyboard.type("赵六");
  // to the submit button and press Enter
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement.textContent === "登记")) break;
  }
  await page.keyboard.press("Enter");
  await page.waitForSelector("#intake-result");
  await shot(page, "04-intake-keyboard");
  await page.context().close();
});

await test("case list: red and orange first, badges, filters", async () => {
  for (const risk of ["orange", "red"])
    await api("POST", "/cases", { dispute_type: "labor", source: "hotline", community_id: community.id, summary: `${risk} 风险测试`, risk_level: risk,
      parties: [{ role: "applicant", kind: "person", name: "甲" }] });
  const page = await newPage();
  await login(page, "zhuren", PASSWORD);
  await page.goto(`${server.base}/#/cases`);
  await page.waitForSelector("#case-results table");
  const firstBadges = await page.locator("#case-results tbody tr").first().textContent();
  assert.match(firstBadges, /红色预警/);
  assert.match(await page.locator("#case-results tbody tr").nth(1).textContent(), /橙色预警/);
  await shot(page, "05-case-list");
  await page.getByLabel("风险等级").selectOption("orange");
  await page.getByRole("button", { name: "查询" }).click();
  await page.waitForFunction(() => document.querySelectorAll("#case-results tbody tr").length === 1);
  await page.context().close();
});

await test("supervisor assigns from the suggestions", async () => {
  const page = await newPage();
  await login(page, "zhuren", PASSWORD);
  await page.goto(`${server.base}/#/case/${state.caseId}`);
  await page.waitForSelector("#suggestions table");
  // the ranking puts the specialist first: 王芳 (neighbor)
  const first = page.locator("#suggestions tbody tr").first();
  assert.match(await first.textContent(), /王芳/);
  await shot(page, "06-case-assign");
  await first.getByRole("button", { name: "分派" }).click();
  await page.waitForFunction(() => document.querySelector("#timeline") && document.querySelector("#timeline").textContent.includes("分派"));
  const c = await api("GET", `/cases/${state.caseId}`);
  assert.equal(c.status, "assigned");
  assert.equal(c.mediator_id, mediator.id);
  // the unmask asks for a reason and shows the parties in full
  await page.getByRole("button", { name: "查看完整信息" }).click();
  await page.getByLabel("查看理由（将记入审计）").fill("核实当事人身份");
  await page.getByRole("button", { name: "确认查看" }).click();
  await page.waitForSelector("#parties h2:has-text('完整信息')");
  assert.match(await page.textContent("#parties"), /11010519491231002X/);
  // the attachments panel shows only where the server has the attachments API
  const att = await fetch(`${server.base}/api/v1/cases/${state.caseId}/attachments`, { headers: { Authorization: `Bearer ${server.adminKey}` } });
  await page.waitForTimeout(200);
  assert.equal(await page.locator("#attachments").isVisible(), att.status === 200, `attachments answered ${att.status}`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

await test("mediator logs a session and closes with an agreement; the print view shows 大写", async () => {
  const page = await newPage();
  await login(page, "tiaojie", PASSWORD);
  await page.waitForSelector("h1:has-text('我的案件')");
  await page.waitForSelector(`#case-results a:has-text("${state.caseNo}")`);
  await page.click(`#case-results a:has-text("${state.caseNo}")`);
  await page.waitForSelector("#session-form");
  await page.locator("#session-form").getByLabel("参加人员").fill("张三、李四、调解员王芳");
  await page.locator("#session-form").getByLabel("调解记录").fill("双方同意由李四承担维修费用。");
  await page.locator("#session-form").getByRole("button", { name: "记录调解" }).click();
  await page.waitForFunction(() => document.querySelector("#sessions table"));
  await page.locator("#close-form").getByLabel("结案方式").selectOption("resolved");
  await page.locator("#close-form").getByLabel("协议金额（元）").fill("82000000.00");
  await page.locator("#close-form").getByLabel("协议内容").fill("李四于签订之日起十日内一次性支付张三维修费用。");
  await page.locator("#close-form").getByLabel("履行方式").fill("银行转账");
  await shot(page, "07-case-close");
  await page.locator("#close-form").getByRole("button", { name: "结案" }).click();
  await page.waitForSelector("#print-link");
  await shot(page, "08-case-closed");
  await page.click("#print-link");
  await page.waitForSelector("#amount-capital");
  assert.equal(await page.textContent("#amount-capital"), "人民币捌仟贰佰万元整");
  await page.emulateMedia({ media: "print" });
  await shot(page, "09-agreement-print");
  const pdf = await page.pdf({ format: "A4" });
  assert.ok(pdf.length > 1000);
  const c = await api("GET", `/cases/${state.caseId}`);
  assert.equal(c.outcome, "resolved");
  assert.equal(c.agreement.amount, "82000000.00");
  await page.context().close();
});

await test("the dashboard's figures equal the summary API's, and a campaign's equal its cases counted by hand", async () => {
  const page = await newPage();
  await login(page, "zhuren", PASSWORD);
  const loads = [];
  page.on("request", (r) => loads.push(r.url()));
  await page.goto(`${server.base}/#/dashboard`);
  await page.waitForSelector("#figures");
  await page.waitForSelector(".chart canvas");
  assert.ok(loads.some((u) => u.includes("/vendor/echarts-")), "ECharts loads with the dashboard");
  const from = `${today.slice(0, 4)}-01-01`;
  const summary = await api("GET", `/reports/summary?from=${from}&to=${today}`);
  const shown = async (k) => (await page.textContent(`[data-metric="${k}"] .figure-value`)).trim();
  for (const k of ["received", "accepted", "resolved", "agreement_amount_total"])
    assert.equal(await shown(k), String(summary.metrics[k]), k);
  const rate = summary.metrics.success_rate;
  assert.equal(await shown("success_rate"), rate === null ? "—" : `${(rate * 100).toFixed(1)}%`);
  await shot(page, "10-dashboard");
  // the campaign: by hand, the cases tagged with it (the test tagged one, at intake)
  const all = [];
  for (let cursor = null; ;) {
    const p = await api("GET", `/cases?limit=100${cursor ? `&cursor=${cursor}` : ""}`);
    all.push(...p.items);
    if (!p.next_cursor) break;
    cursor = p.next_cursor;
  }
  const tagged = [];
  for (const c of all) if ((await api("GET", `/cases/${c.id}/campaigns`)).items.some((x) => x.id === campaign.id)) tagged.push(c);
  const byHand = { received: tagged.length, accepted: tagged.filter((c) => c.accepted_at).length,
    resolved: tagged.filter((c) => c.outcome === "resolved").length };
  await page.getByLabel("范围").selectOption(String(campaign.id));
  await page.getByRole("button", { name: "查询" }).click();
  await page.waitForSelector("#dashboard p:has-text('专项行动')");
  const report = (await api("GET", `/reports/campaigns?campaign_id=${campaign.id}`)).items[0];
  for (const k of ["received", "accepted", "resolved"]) {
    assert.equal(Number(await shown(k)), byHand[k], `${k} on the dashboard`);
    assert.equal(report.metrics[k], byHand[k], `${k} from the API`);
  }
  await shot(page, "11-dashboard-campaign");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

await test("a party applies in the portal, follows the case with the tracking code, and rates it after closing", async () => {
  const page = await newPage();
  await page.goto(`${server.base}/portal/`);
  await page.getByLabel("纠纷类型").selectOption("property_management");
  await page.getByLabel("发生社区").selectOption(String(community.id));
  await page.getByLabel("纠纷情况").fill("物业公司长期未修复电梯，业主要求减免物业费。");
  await page.getByLabel("姓名", { exact: true }).fill("孙业主");
  await page.getByLabel("联系电话", { exact: true }).fill("13600000000");
  await page.getByLabel("姓名/名称").fill("某物业公司");
  await shot(page, "12-portal-apply");
  await page.getByRole("button", { name: "提交申请" }).click();
  await page.waitForSelector("#tracking-code");
  const caseNo = (await page.textContent("#case-no")).trim();
  const code = (await page.textContent("#tracking-code")).trim();
  assert.match(code, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await shot(page, "13-portal-applied");
  const staff = (await api("GET", `/cases?q=${encodeURIComponent("孙业主")}`)).items[0];
  assert.equal(staff.source, "online");
  assert.equal(staff.status, "received");
  // follow
  await page.goto(`${server.base}/portal/#track`);
  await page.getByLabel("案件编号").fill(caseNo);
  await page.getByLabel("查询码").fill(code);
  await page.getByRole("button", { name: "查询" }).click();
  await page.waitForSelector("#next-step");
  assert.match(await page.textContent("#next-step"), /审查/);
  assert.ok(!(await page.textContent("#track-result")).includes("某物业公司"), "the other party shown");
  // the staff work the case
  await api("POST", `/cases/${staff.id}/accept`, {});
  await api("POST", `/cases/${staff.id}/assign`, { mediator_id: mediator.id });
  await api("POST", `/cases/${staff.id}/sessions`, { held_at: `${today}T09:00:00+08:00`, kind: "in_person", participants: "双方" });
  await api("POST", `/cases/${staff.id}/close`, { outcome: "resolved", agreement: { amount: "1200.00", form: "written", signed_at: today, terms: "减免物业费" } });
  await page.goto(`${server.base}/portal/#rate`);
  await page.getByLabel("案件编号").fill(caseNo);
  await page.getByLabel("查询码").fill(code);
  await page.getByRole("button", { name: "查询" }).click();
  await page.waitForSelector("#rate-form");
  assert.match(await page.textContent("#track-result"), /王芳/);
  await page.getByLabel("4 星").check();
  await page.getByLabel("意见建议（选填）").fill("调解员很耐心。");
  await shot(page, "14-portal-rate");
  await page.getByRole("button", { name: "提交评价" }).click();
  await page.waitForSelector("#rated");
  const summary = await api("GET", `/reports/summary?from=${today.slice(0, 4)}-01-01&to=${today}`);
  assert.equal(summary.metrics.satisfaction_count, 1);
  assert.equal(summary.metrics.satisfaction_mean, 4);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

await test("admin pages list and create; logout clears the session", async () => {
  const page = await newPage();
  const key = await api("POST", "/users", { username: "guanli", display_name: "管理员", role: "admin", password: PASSWORD });
  assert.ok(key.id);
  await login(page, "guanli", PASSWORD);
  await page.goto(`${server.base}/#/admin`);
  await page.waitForSelector("#admin-body table");
  await page.click('[data-tab="campaigns"]');
  await page.getByLabel("名称").fill("春节前矛盾纠纷排查");
  await page.getByLabel("开始日期").fill(`${today.slice(0, 4)}-01-10`);
  await page.getByRole("button", { name: "保存" }).click();
  await page.waitForSelector("#admin-body td:has-text('春节前矛盾纠纷排查')");
  await shot(page, "15-admin");
  const stored = await page.evaluate(() => ({ session: sessionStorage.length, local: localStorage.length }));
  assert.equal(stored.local, 0, "nothing in localStorage");
  assert.equal(stored.session, 1);
  await page.getByRole("button", { name: "退出" }).click();
  await page.waitForSelector("#login-message", { state: "attached" });
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  await page.context().close();
});

await browser.close();
const code = await server.stop();
console.log(results.join("\n"));
if (state.firstLoad) console.log(`MEASURED first staff page load: ${state.firstLoad} bytes; with login and the intake page: ${state.withIntake} bytes (limit ${300 * 1024})`);
if (code !== 0) {
  console.log(`mediationd exited with ${code}`);
  failed++;
}
console.log(failed ? `${failed} failed` : "all web tests passed");
process.exit(failed ? 1 : 0);
