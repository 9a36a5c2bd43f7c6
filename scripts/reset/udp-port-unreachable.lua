-- UDP has no reset: a datagram to a port where no socket is bound is
-- answered with an ICMP port unreachable (RFC 1122 3.2.2.1 and 4.1.3.1;
-- RFC 792 type 3 code 3; RFC 4443 3.1 type 1 code 4), which quotes the
-- datagram's headers so the sender can tell which socket it concerns.
local synfin = require "synfin"

local UNREACH = { [4] = { type = 3, code = 3 }, [6] = { type = 1, code = 4 } }

synfin.test {
  name = "UDP to a closed port is answered by ICMP port unreachable quoting the datagram",
  claims = { "S6.1" },
  rfc = { "RFC 1122 4.1.3.1", "RFC 1122 3.2.2.1", "RFC 792", "RFC 4443 3.1" },
  run = function(t)
    local want = UNREACH[t.family]
    -- Linux limits ICMP errors (per peer: net.ipv4.icmp_ratelimit, ipv6
    -- icmp/ratelimit; per namespace: icmp_msgs_per_sec/burst), and under
    -- load the first datagram of a fresh namespace sometimes goes
    -- unanswered: like a retransmission, the datagram is sent up to 4 times.
    local icmp
    for try = 1, 4 do
      t:send_udp { sport = 4444, dport = 9, payload = "hello" }
      icmp = t:next({ kind = "icmp" }, 0.5)
      if icmp then
        if try > 1 then t:diag(("answered at datagram %d"):format(try)) end
        break
      end
    end
    t:ok(icmp ~= nil, "the target answers with an ICMP message", { observed = "nothing to 4 datagrams" })
    if not icmp then t:abort() end
    t:is(icmp.type, want.type, ("its type is %d (destination unreachable)"):format(want.type))
    t:is(icmp.code, want.code, ("its code is %d (port unreachable)"):format(want.code))
    t:is(icmp.src, t.target.addr, "it comes from the target's address")
    local q = icmp.inner or {}
    t:is(q.proto, 17, "it quotes a UDP datagram")
    t:is(q.src, t.tester.addr, "the quoted datagram's source is the tester")
    t:is(q.dst, t.target.addr, "the quoted datagram's destination is the target")
    t:is(q.sport, 4444, "the quoted datagram's source port is the tester's")
    t:is(q.dport, 9, "the quoted datagram's destination port is the closed port")
  end,
}
