-- TCP_MAXSEG set by the target's application before listen() or connect()
-- lowers the MSS the target announces and the size of what it sends
-- (tcp(7)); the peer's MSS, or the default when the peer sent none, still
-- limits it (RFC 9293 3.7.1).
local synfin = require "synfin"
local steps = require "synfin.steps"
local mss = require "synfin.mss"

local DATA = 3000
local MAXSEG = 1000

local function send_and_receive(t, c)
  t:is(t.agent:send(c.fd, string.rep("s", DATA)), DATA, ("the target's application writes %d octets"):format(DATA))
  local segs, got = mss.receive(t, c, DATA, 3)
  t:is(got, DATA, ("the tester receives all %d octets"):format(DATA))
  return segs
end

-- In both roles (S1.4): the target's SYN-ACK from a listener, its SYN from connect().
local ROLES = {
  { role = "passive", claims = { "S3.1", "S3.3" }, handshake = "synack",
    name = "TCP_MAXSEG 1000 on the listener: its SYN-ACK announces 1000 and no segment is larger",
    announces = "the SYN-ACK announces MSS 1000, not the link's" },
  { role = "active", claims = { "S3.1", "S3.3", "S1.4" }, handshake = "syn",
    name = "TCP_MAXSEG 1000 before connect(): the SYN announces 1000 and no segment is larger",
    announces = "the SYN announces MSS 1000, not the link's" },
}

for _, r in ipairs(ROLES) do
  synfin.test {
    name = r.name,
    claims = r.claims,
    rfc = { "RFC 9293 3.7.1", "tcp(7) TCP_MAXSEG" },
    needs = r.role == "passive" and { "stateful_syn" } or nil, -- a SYN cookie rounds the MSS
    run = function(t)
      local c = steps.raw_connected(t, { role = r.role, options = { mss = 1460 }, sockopts = { maxseg = MAXSEG } })
      t:is(c[r.handshake].mss, MAXSEG, r.announces)
      local segs = send_and_receive(t, c)
      local max = mss.check_limit(t, segs, MAXSEG, "no segment carries more than 1000 octets, though the tester allows 1460")
      t:is(max, MAXSEG, "full segments carry exactly 1000 octets")
    end,
  }
end

-- The application's value is a ceiling, not a replacement for the peer's
-- MSS: with no MSS option in the SYN-ACK the default still applies.
synfin.test {
  name = "TCP_MAXSEG 1000 before connect(), SYN-ACK without MSS: no segment exceeds the default 536 (IPv4) / 1220 (IPv6)",
  claims = { "S3.3" },
  rfc = { "RFC 9293 3.7.1" },
  run = function(t)
    local default = mss.default(t.family)
    local c = steps.active_open(t, 5000, { options = {}, sockopts = { maxseg = MAXSEG } })
    local max = mss.largest(send_and_receive(t, c))
    t:rfc_check {
      name = ("no segment carries more than the default MSS %d"):format(default),
      rfc = "RFC 9293 3.7.1 (MUST-15)", conforms = max > 0 and max <= default,
      deviation = "tcp_maxseg_replaces_default_mss", as_documented = max == MAXSEG,
      observed = ("largest segment %d octets"):format(max),
    }
  end,
}

synfin.test {
  name = "TCP_MAXSEG 300 on the listener, SYN without MSS: no segment is larger than 300",
  claims = { "S3.3" },
  rfc = { "tcp(7) TCP_MAXSEG", "RFC 9293 3.7.1" },
  needs = { "stateful_syn" }, -- a SYN cookie rounds the MSS
  run = function(t)
    local c = steps.passive_open(t, 80, { options = {}, sockopts = { maxseg = 300 } })
    t:is(c.synack.mss, 300, "the SYN-ACK announces MSS 300")
    local max = mss.largest(send_and_receive(t, c))
    t:rfc_check {
      name = "no segment carries more than the application's 300 octets",
      rfc = "tcp(7) TCP_MAXSEG", conforms = max > 0 and max <= 300,
      deviation = "tcp_maxseg_listener_needs_syn_mss", as_documented = max == mss.default(t.family),
      observed = ("largest segment %d octets"):format(max),
    }
  end,
}

-- How small may the application go? A value the stack will not honour
-- must be refused, not silently changed. Linux refuses anything below
-- TCP_MIN_MSS, 88 (do_tcp_setsockopt() in net/ipv4/tcp.c; it was 64 until
-- commit c39508d6f118, "tcp: Make TCP_MAXSEG minimum more correct"), and
-- honours 88 exactly.
synfin.test {
  name = "a small TCP_MAXSEG (64, else 88) is honoured exactly or refused, never silently changed",
  claims = { "S3.1", "S3.3" },
  rfc = { "tcp(7) TCP_MAXSEG", "RFC 9293 3.7.1" },
  needs = { "stateful_syn" }, -- a SYN cookie rounds the MSS
  run = function(t)
    local srv = assert(t.agent:socket())
    local want = 64
    local ok, e = t.agent:setsockopt(srv, "maxseg", want)
    if not ok then
      t:diag(("TCP_MAXSEG %d refused (%s): the stack's floor is above it"):format(want, tostring(e)))
      want = 88
      t:ok(t.agent:setsockopt(srv, "maxseg", want), "the target's application sets maxseg 88")
    end
    t:is(t.agent:getsockopt(srv, "maxseg"), want, ("the listener reports maxseg %d"):format(want))
    local c = steps.passive_open(t, 80, { options = { mss = 1460 }, srv = assert(steps.listen(t, 80, nil, srv)) })
    t:is(c.synack.mss, want, ("the SYN-ACK announces MSS %d"):format(want))
    local segs = send_and_receive(t, c)
    local max = mss.check_limit(t, segs, want, ("no segment carries more than %d octets"):format(want))
    t:is(max, want, ("full segments carry exactly %d octets"):format(want))
  end,
}
