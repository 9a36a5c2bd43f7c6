-- The MSS the tester announces limits what the target sends (S3.3): no
-- segment may carry more data plus TCP options than the peer's MSS (RFC
-- 9293 3.7.1, RFC 6691 2), however small the announced value. The target's
-- application writes 1200 octets in one call (25 segments at MSS 48), and
-- the tester acknowledges every segment at once.
local synfin = require "synfin"
local steps = require "synfin.steps"
local mss = require "synfin.mss"

local DATA = 1200
local RFC = { "RFC 9293 3.7.1", "RFC 6691 2", "RFC 879 3" }

-- Announce `announced` in the tester's SYN (passive open by the target) and
-- receive everything the target's application wrote.
local function receive_with(t, announced)
  local c = steps.passive_open(t, 80, { options = { mss = announced } })
  t:is(t.agent:send(c.fd, string.rep("m", DATA)), DATA, ("the target's application writes %d octets"):format(DATA))
  local segs, got = mss.receive(t, c, DATA, 3)
  t:is(got, DATA, ("the tester receives all %d octets"):format(DATA))
  return segs
end

for _, announced in ipairs { 536, 100, 64, 48 } do
  synfin.test {
    name = ("the tester announces MSS %d: no segment from the target is larger"):format(announced),
    claims = { "S3.1", "S3.3" },
    rfc = RFC,
    needs = { "stateful_syn" }, -- a SYN cookie rounds the MSS up to its table's least (RFC 4987 3.6)
    run = function(t)
      local segs = receive_with(t, announced)
      local max = mss.check_limit(t, segs, announced,
        ("no segment carries more than the announced %d octets"):format(announced))
      t:is(max, announced, ("full segments carry exactly %d octets"):format(announced))
    end,
  }
end

-- Below 48 Linux sends 48 anyway: net.ipv4.tcp_min_snd_mss (CVE-2019-11479).
for _, announced in ipairs { 20, 1 } do
  synfin.test {
    name = ("the tester announces MSS %d: no segment from the target is larger"):format(announced),
    claims = { "S3.3" },
    rfc = RFC,
    needs = { "stateful_syn" }, -- a SYN cookie rounds the MSS up to its table's least (RFC 4987 3.6)
    run = function(t)
      local segs = receive_with(t, announced)
      local max = mss.largest(segs)
      t:rfc_check {
        name = ("no segment carries more than the announced %d octets"):format(announced),
        rfc = "RFC 9293 3.7.1", conforms = #segs > 0 and max <= announced,
        -- The floor the target reports (Linux tcp_min_snd_mss), else its default.
        deviation = "tcp_min_snd_mss_48", as_documented = max == (t:setting("min_snd_mss") or 48),
        observed = ("largest segment %d octets in %d segments"):format(max, #segs),
      }
    end,
  }
end

-- The other role: the MSS in the tester's SYN-ACK limits the target's
-- data after its active open.
synfin.test {
  name = "the tester's SYN-ACK announces MSS 100: no segment from the connecting target is larger",
  claims = { "S3.1", "S3.3", "S1.4" },
  rfc = RFC,
  run = function(t)
    local c = steps.active_open(t, 5000, { options = { mss = 100 } })
    t:is(t.agent:send(c.fd, string.rep("m", DATA)), DATA, ("the target's application writes %d octets"):format(DATA))
    local segs, got = mss.receive(t, c, DATA, 3)
    t:is(got, DATA, ("the tester receives all %d octets"):format(DATA))
    local max = mss.check_limit(t, segs, 100, "no segment carries more than the announced 100 octets")
    t:is(max, 100, "full segments carry exactly 100 octets")
  end,
}
