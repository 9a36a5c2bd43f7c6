-- The MSS each end announces (S3.1) is the outgoing interface's MTU minus
-- the fixed IP and TCP headers (S3.2): MTU - 40 over IPv4, MTU - 60 over
-- IPv6. Checked in the target's SYN-ACK (passive open) and in its SYN
-- (active open) at several link MTUs.
local synfin = require "synfin"
local mss = require "synfin.mss"

local RFC = { "RFC 9293 3.7.1", "RFC 6691 2", "RFC 879 3", "RFC 8200 5" }

-- Both roles on one target: the SYN-ACK of a listener, then the SYN of a connect().
local function announces(mtu)
  return function(t)
    local want = mtu - mss.headers(t.family)
    local srv = assert(t.agent:listen(80, 5))
    local synack = t:tcp({ port = 80 }):connect()
    t:is(synack.mss, want, ("the SYN-ACK announces MSS %d (MTU %d - %d)"):format(want, mtu, mss.headers(t.family)))
    assert(t.agent:accept(srv, 2))
    local c = t:tcp { lport = 5000 }
    local fd = assert(t.agent:connect(t.tester.addr, c.lport))
    local syn = c:accept()
    t:is(syn.mss, want, ("the SYN announces MSS %d (MTU %d - %d)"):format(want, mtu, mss.headers(t.family)))
    t:ok(t.agent:wait_connected(fd, 2), "the target's connect() completes")
  end
end

-- Below 1280 there is no IPv6 (RFC 8200 5), so the MTU is set after the
-- target is built, and the IPv6 run is skipped.
local function announces_v4_only(mtu)
  local run = announces(mtu)
  return function(t)
    if t.family == 6 then
      t:skip(("IPv6 needs a link MTU of at least 1280 (RFC 8200 5); Linux takes IPv6 off a link of MTU %d"):format(mtu))
    end
    run(t)
  end
end

for _, mtu in ipairs { 1500, 9000, 1280 } do
  synfin.test {
    name = ("at link MTU %d the SYN-ACK and the SYN announce MSS = MTU - 40 (IPv4) / - 60 (IPv6)"):format(mtu),
    claims = { "S3.1", "S3.2", "S1.4" },
    rfc = RFC,
    target = { mtu = mtu },
    run = announces(mtu),
  }
end

synfin.test {
  name = "at link MTU 576 the SYN-ACK and the SYN announce MSS 536 (IPv4 only)",
  claims = { "S3.1", "S3.2", "S1.4" },
  rfc = RFC,
  target = { setup = { mss.link_mtu_cmd(576) } },
  run = announces_v4_only(576),
}

synfin.test {
  name = "at the notes' link MTU 296 the SYN-ACK and the SYN announce MSS 256 (IPv4 only)",
  claims = { "S3.1", "S3.2", "S1.4" },
  rfc = RFC,
  target = { setup = { mss.link_mtu_cmd(296) } },
  run = announces_v4_only(296),
}

-- The smallest IPv4 link (RFC 791 3.2: every internet module must forward
-- a datagram of 68 octets): MTU - 40 is 28. Linux announces no less than
-- net.ipv4.route.min_adv_mss (256).
synfin.test {
  name = "at link MTU 68, the IPv4 minimum, the SYN-ACK announces MSS 28 (IPv4 only)",
  claims = { "S3.1", "S3.2" },
  rfc = { "RFC 6691 2", "RFC 9293 3.7.1", "RFC 791 3.2" },
  target = { setup = { mss.link_mtu_cmd(68) } },
  run = function(t)
    if t.family == 6 then t:skip("IPv6 needs a link MTU of at least 1280 (RFC 8200 5)") end
    local srv = assert(t.agent:listen(80, 5))
    local synack = t:tcp({ port = 80 }):connect()
    t:rfc_check {
      name = "the SYN-ACK announces MSS 28 (MTU 68 - 40)",
      rfc = "RFC 6691 2", conforms = synack.mss == 28,
      -- The floor the target reports (Linux route.min_adv_mss), else its default.
      deviation = "min_adv_mss_256", as_documented = synack.mss == (t:setting("min_adv_mss") or 256),
      observed = ("mss %s"):format(tostring(synack.mss)),
    }
    t:ok(t.agent:accept(srv, 2), "the target's application accepts the connection")
  end,
}
