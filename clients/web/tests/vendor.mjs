// The vendored ECharts (public/vendor/echarts-<version>.<sha256 prefix>.common.min.js) is the
// npm registry's file of the pinned version, byte for byte, and its name carries its hash.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

export function checkVendoredECharts(root) {
  const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).devDependencies.echarts;
  const files = readdirSync(join(root, "public/vendor")).filter((f) => f.startsWith("echarts-"));
  if (files.length !== 1) throw new Error(`expected one vendored ECharts, found ${files.join(", ")}`);
  const m = /^echarts-([\d.]+)\.([0-9a-f]{8})\.common\.min\.js$/.exec(files[0]);
  if (!m) throw new Error(`unexpected name ${files[0]}`);
  const vendored = readFileSync(join(root, "public/vendor", files[0]));
  const upstream = readFileSync(join(root, "node_modules/echarts/dist/echarts.common.min.js"));
  const sha = createHash("sha256").update(vendored).digest("hex");
  if (m[1] !== pinned) throw new Error(`vendored ${m[1]}, pinned ${pinned}`);
  if (!sha.startsWith(m[2])) throw new Error(`name says ${m[2]}, content is ${sha.slice(0, 8)}`);
  if (!vendored.equals(upstream)) throw new Error("vendored ECharts differs from the npm package's");
  const charts = readFileSync(join(root, "public/app/charts.js"), "utf8");
  if (!charts.includes(`/vendor/${files[0]}`)) throw new Error("charts.js does not load the vendored file");
  return files[0];
}
