-- A SYN without an MSS option: the other end must assume the default send
-- MSS, 536 for IPv4 (576 - 40) and 1220 for IPv6 (1280 - 60) (RFC 9293
-- 3.7.1, MUST-15), so no segment it sends is larger, in either role.
local synfin = require "synfin"
local steps = require "synfin.steps"
local mss = require "synfin.mss"

local DATA = 3000
local RFC = { "RFC 9293 3.7.1", "RFC 6691 2", "RFC 8200 5", "RFC 1122 4.2.2.6" }

local function check_default(t, c)
  local default = mss.default(t.family)
  t:is(t.agent:send(c.fd, string.rep("d", DATA)), DATA, ("the target's application writes %d octets"):format(DATA))
  local segs, got = mss.receive(t, c, DATA, 3)
  t:is(got, DATA, ("the tester receives all %d octets"):format(DATA))
  local max = mss.check_limit(t, segs, default,
    ("no segment carries more than the default MSS %d (IPv%d)"):format(default, t.family))
  t:is(max, default, ("full segments carry the default %d octets"):format(default))
end

synfin.test {
  name = "the tester's SYN has no MSS option: the target assumes 536 (IPv4) / 1220 (IPv6)",
  claims = { "S3.1", "S3.3" },
  rfc = RFC,
  run = function(t)
    local c = steps.passive_open(t, 80, { options = {} })
    t:ok(c.synack.mss ~= nil, "the target's SYN-ACK still announces its own MSS")
    check_default(t, c)
  end,
}

synfin.test {
  name = "the tester's SYN-ACK has no MSS option: the connecting target assumes 536 (IPv4) / 1220 (IPv6)",
  claims = { "S3.1", "S3.3", "S1.4" },
  rfc = RFC,
  run = function(t)
    check_default(t, steps.active_open(t, 5000, { options = {} }))
  end,
}
