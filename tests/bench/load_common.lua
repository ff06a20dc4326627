-- Shared by the wrk scripts of tests/bench/load.sh (loaded with require from the script's folder).
-- done() prints one parseable line that load.sh reads:
--   RESULT requests=N seconds=S rps=R p50_ms=A p99_ms=B non2xx=E sockerr=F
-- non2xx is wrk's count of responses with a status of 400 or more (the API never redirects);
-- sockerr adds up wrk's connect, read, write and timeout errors.
local common = {}

function common.done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.2f p99_ms=%.2f non2xx=%d sockerr=%d\n",
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end

-- Threads are numbered 0, 1, … in setup() (main Lua state) and learn their number as the global
-- tid, set before init() runs in the thread's own state.
local next_tid = 0
function common.setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
end

-- Splits "a,b,c" into a list.
function common.split(s)
  local out = {}
  for item in string.gmatch(s or "", "[^,]+") do
    out[#out + 1] = item
  end
  return out
end

return common
