-- wrk script of tests/bench/load.sh: POST /api/v1/cases (intake), one new case a request.
-- Arguments (after wrk's --): MODE RUN COMMUNITIES
--   MODE        distinct: both parties are new people on every request (an applicant with an
--               18-character resident ID number and a mobile number, a respondent with a mobile
--               number), so the duplicate check finds nothing;
--               shared: the applicant is the same person on every request (mobile 15300000000,
--               no ID number) and the respondent is new, so the duplicate check finds every open
--               case of that applicant (load.sh registers a few thousand of them first)
--   RUN         1-9, a digit of every generated number, so that runs never repeat one another's
--   COMMUNITIES community ids of the key's center, comma-separated; one is picked at random
-- Numbers: a thread's requests are numbered tid * 1,000,000 + 0, 1, 2, … (at most 10 threads, a
-- million requests a thread). Mobile numbers 134RNNNNNNN (applicant) and 184RNNNNNNN
-- (respondent), prefixes the seed does not generate; ID numbers of region codes the seed does not
-- use (one per run), born 1950-01-01 plus NNNNNNN / 1000 days, sequence NNNNNNN % 1000, with the
-- GB 11643 check character.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = dir .. "?.lua;" .. package.path
local common = require("load_common")

setup = common.setup
done = common.done

local mode, run, communities
local counter = 0
local regions = {"410103", "410104", "410106", "410108", "410122", "410181", "410182", "410183",
                 "410184"}
local weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local checks = "10X98765432"

-- The proleptic Gregorian date of a day number (days since 1970-01-01), as YYYYMMDD.
local function civil(z)
  z = z + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524)
                          - math.floor(doe / 146096)) / 365)
  local y = yoe + era * 400
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local d = doy - math.floor((153 * mp + 2) / 5) + 1
  local m = mp < 10 and mp + 3 or mp - 9
  if m <= 2 then y = y + 1 end
  return string.format("%04d%02d%02d", y, m, d)
end

local day_1950 = -7305 -- 1950-01-01

local function resident_id(r, n)
  local first17 = regions[r] .. civil(day_1950 + math.floor(n / 1000))
                  .. string.format("%03d", n % 1000)
  local sum = 0
  for i = 1, 17 do
    sum = sum + (string.byte(first17, i) - 48) * weights[i]
  end
  local k = sum % 11 + 1
  return first17 .. string.sub(checks, k, k)
end

function init(args)
  mode = args[1] or "distinct"
  run = tonumber(args[2] or "1")
  communities = common.split(args[3])
  if #communities == 0 then communities = {"1"} end
  math.randomseed(run * 1000 + tid)
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local n = tid * 1000000 + counter
  counter = counter + 1
  local number = string.format("%d%07d", run, n)
  local applicant
  if mode == "shared" then
    applicant = '{"role":"applicant","kind":"person","name":"王建国","phone":"15300000000"}'
  else
    applicant = string.format(
      '{"role":"applicant","kind":"person","name":"张三","id_number":"%s","phone":"134%s",'
        .. '"address":"许昌市魏都区幸福路12号院3号楼"}', resident_id(run, n), number)
  end
  local body = string.format(
    '{"dispute_type":"neighbor","source":"party_application","community_id":%s,'
      .. '"summary":"楼上漏水导致楼下天花板受损，双方就维修费用发生争执（压测 %s）",'
      .. '"claims":"赔偿维修费 3000 元","risk_level":"none","parties":[%s,'
      .. '{"role":"respondent","kind":"person","name":"李四","phone":"184%s"}]}',
    communities[math.random(#communities)], number, applicant, number)
  return wrk.format("POST", "/api/v1/cases", nil, body)
end
