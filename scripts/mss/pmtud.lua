-- Path MTU discovery (S3.4): a router in the middle whose next link is
-- smaller (the notes use MTU 296) answers the target's full-size segment
-- with ICMP "fragmentation needed and DF set" (IPv4, RFC 1191) or "packet
-- too big" (IPv6, RFC 8201), quoting it; the target must then resend the
-- data in segments that fit, without fragmentation. The tester plays the
-- router: it never acknowledges the full-size segment.
local synfin = require "synfin"
local steps = require "synfin.steps"
local mss = require "synfin.mss"
local seq = require "synfin.seq"

local NOTES_MTU = 296
-- The target's retransmission timeout is at least 1 s, so that its full-size
-- segment cannot come again before the tester's ICMP message has arrived,
-- even on a loaded machine.
local SLOW_RTO = mss.route_cmd("rto_min 1s")

-- A connection whose target sends one full-size segment (link MTU 1500),
-- returned unacknowledged; over IPv4 it must carry DF (RFC 1191 3).
local function full_segment(t)
  local full = 1500 - mss.headers(t.family)
  local c = steps.passive_open(t, 80, { options = { mss = 1460 } })
  t:is(t.agent:send(c.fd, string.rep("p", full)), full, ("the target's application writes %d octets"):format(full))
  local seg = t:expect { sport = 80, dport = c.lport, len = full, name = ("the target sends one full-size segment of %d octets"):format(full) }
  if t.family == 4 then t:ok(seg.df, "it carries DF, so a router cannot fragment it (RFC 1191 3)") end
  return c, seg, full
end

-- Receive the data again after the ICMP message; one assertion that it all came.
local function resent(t, c, full)
  local segs, got = mss.receive(t, c, full, 2.5)
  t:is(got, full, ("the target resends all %d octets"):format(full))
  return segs
end

local function any_without_df(segs)
  for _, seg in ipairs(segs) do if not seg.df then return true end end
  return false
end

synfin.test {
  name = "too big for the notes' MTU 296: the target resends in segments that fit, never below its floor",
  waits = 1, -- seconds asleep on the target's timers: started first, beside the others
  claims = { "S3.4", "S3.3" },
  rfc = { "RFC 1191 3", "RFC 1191 4", "RFC 8201 4", "RFC 9293 3.7.2" },
  needs = { "stateful_syn" }, -- the resend waits on an RTO the handshake measured
  target = { setup = { SLOW_RTO } },
  run = function(t)
    local c, seg, full = full_segment(t)
    t:send_too_big(seg, NOTES_MTU)
    local segs = resent(t, c, full)
    local max = mss.largest(segs)
    if t.family == 6 then
      -- RFC 8201 4: a PTB reporting less than 1280 must be discarded, and
      -- the estimate never goes below 1280: the data comes again at full size.
      t:is(max, full, "the packet too big below 1280 is discarded (RFC 8201 4): the data is resent at full size")
      return
    end
    local fit = NOTES_MTU - 40
    local nodf = any_without_df(segs)
    t:rfc_check {
      name = ("the resent segments fit the 296-octet path: at most %d octets, with DF"):format(fit),
      rfc = "RFC 1191 3", conforms = max <= fit and not nodf,
      -- The floor the target reports (Linux route.min_pmtu), else its default.
      deviation = "min_pmtu_552", as_documented = max == (t:setting("min_pmtu") or 552) - 40 and nodf,
      observed = ("%d segments, the largest %d octets, %s"):format(#segs, max,
        nodf and "sent without DF" or "all with DF"),
    }
  end,
}

synfin.test {
  name = "with net.ipv4.route.min_pmtu 68 the target goes down to MTU 296 (IPv4); IPv6 goes down to 1280",
  claims = { "S3.4", "S3.3" },
  rfc = { "RFC 1191 3", "RFC 1191 4", "RFC 8201 4", "RFC 9293 3.7.2" },
  needs = { "stateful_syn" }, -- the resend waits on an RTO the handshake measured
  target = { sysctl = { ["net.ipv4.route.min_pmtu"] = 68 }, setup = { SLOW_RTO } },
  run = function(t)
    local mtu = t.family == 6 and 1280 or NOTES_MTU
    local fit = mtu - mss.headers(t.family)
    local c, seg, full = full_segment(t)
    t:send_too_big(seg, mtu)
    local segs = resent(t, c, full)
    local max = mss.check_limit(t, segs, fit, ("every resent segment fits the %d-octet path: at most %d octets"):format(mtu, fit))
    t:is(max, fit, ("full segments now carry exactly %d octets"):format(fit))
    if t.family == 4 then t:ok(not any_without_df(segs), "they still carry DF") end
  end,
}

-- An ICMP message is believed only when it quotes a segment in flight
-- (RFC 5927 4.1: SND.UNA <= SEG.SEQ < SND.NXT); anything else may be forged.
local function quote_with_seq(seg, at)
  local raw = seg.raw
  local hlen = seg.family == 6 and 40 or (raw:byte(1) & 0x0f) * 4
  return { raw = raw:sub(1, hlen + 4) .. string.pack(">I4", seq.u32(at)) .. raw:sub(hlen + 9) }
end

synfin.test {
  name = "too big, quoting a sequence number the target never sent: ignored",
  waits = 1, -- seconds asleep on the target's timers: started first, beside the others
  claims = { "S3.4" },
  rfc = { "RFC 5927 4.1", "RFC 9293 3.9.2.2" },
  needs = { "stateful_syn" }, -- the resend waits on an RTO the handshake measured
  target = { setup = { SLOW_RTO } },
  run = function(t)
    local mtu = t.family == 6 and 1280 or 576
    local c, seg, full = full_segment(t)
    t:send_too_big(quote_with_seq(seg, seg.seq + 100000), mtu)
    local max = mss.largest(resent(t, c, full))
    t:is(max, full, ("the forged message is ignored: the data is resent at full size (%d octets)"):format(full))
  end,
}
