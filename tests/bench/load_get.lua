-- wrk script of tests/bench/load.sh: GET of fixed paths, taken in turn (arguments after wrk's --:
-- one or more paths, each with its query string already URL-encoded). Used for the case list
-- (the first page, or pages reached through cursors) and the report summary.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = dir .. "?.lua;" .. package.path
local common = require("load_common")

setup = common.setup
done = common.done

local paths = {}
local i = 0

function init(args)
  for _, p in ipairs(args) do
    paths[#paths + 1] = p
  end
  if #paths == 0 then paths = {"/"} end
  i = tid % #paths
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
