-- wrk script of tests/bench/load.sh: GET /api/v1/cases/{id} with an id drawn uniformly from
-- MIN..MAX (arguments after wrk's --: MIN MAX; the seeded cases of the key's center).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = dir .. "?.lua;" .. package.path
local common = require("load_common")

setup = common.setup
done = common.done

local min_id, max_id

function init(args)
  min_id = tonumber(args[1] or "1")
  max_id = tonumber(args[2] or "1")
  math.randomseed(4242 + tid)
end

function request()
  return wrk.format("GET", "/api/v1/cases/" .. math.random(min_id, max_id))
end
