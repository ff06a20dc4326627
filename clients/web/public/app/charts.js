// ECharts, loaded only by the pages that chart (the dashboard): never part of the first load.
const ECHARTS = "/vendor/echarts-6.1.0.61f13280.common.min.js";
let loading = null;

export function loadECharts() {
  if (!loading) loading = import(ECHARTS).then(() => globalThis.echarts);
  return loading;
}
