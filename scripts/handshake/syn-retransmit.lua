-- An unanswered SYN (active open) or SYN-ACK (passive open) is sent again
-- when the retransmission timer expires: initial RTO 1 s (RFC 6298 2.1),
-- doubled on each expiry (RFC 6298 5.5, RFC 1122 4.2.3.1), always with the
-- same ISN (RFC 9293 3.10.8). The tester stays silent and measures the
-- intervals between the copies it captures.
local synfin = require "synfin"
local oc = require "synfin.openclose"

-- The target's SYN and its first two retransmissions (3 SYNs); all carry one ISN.
local function three_syns(t)
  assert(t.agent:connect(t.tester.addr, 5000, { sockopts = { syncnt = 2 } }))
  local first = t:expect { flags = "S", dport = 5000, name = "the target sends its SYN" }
  local again = function(n, timeout)
    return t:expect { flags = "S", dport = 5000, seq = first.seq, sport = first.sport, timeout = timeout,
                      name = ("the unanswered SYN is sent again (%s), with the same ISN"):format(n) }
  end
  local second = again("first retransmission", 1.6)
  local third = again("second retransmission", 2.6)
  local iv = oc.intervals { first, second, third }
  t:diag(("SYN sent at 0, %.3f, %.3f s"):format(iv[1], iv[1] + iv[2]))
  oc.within(t, iv[1], 0.8, 1.5, "the first retransmission comes after the initial RTO of ~1 s")
  return iv
end

synfin.test {
  name = "the target's unanswered SYN is retransmitted with backoff (Linux: linear at first)",
  waits = 2, -- seconds asleep on the target's timers: started first, beside the others
  claims = { "S1.1", "S1.4" },
  rfc = { "RFC 6298 2.1", "RFC 6298 5.5", "RFC 1122 4.2.3.1", "RFC 9293 3.10.8" },
  needs = { "timers" }, -- TCP_SYNCNT shortens the target's SYN retries
  run = function(t)
    local iv = three_syns(t)
    local ratio = iv[2] / iv[1]
    t:rfc_check {
      name = "the second interval is double the first (exponential backoff)",
      rfc = "RFC 6298 5.5",
      conforms = ratio >= 1.6 and ratio <= 2.5,
      deviation = "syn_linear_timeouts",
      as_documented = ratio >= 0.8 and ratio <= 1.25,
      observed = ("intervals %.3f s and %.3f s"):format(iv[1], iv[2]),
    }
  end,
}

synfin.test {
  name = "with linear SYN timeouts off, the SYN backoff doubles: 1 s, 2 s",
  waits = 3, -- seconds asleep on the target's timers: started first, beside the others
  claims = { "S1.1", "S1.4" },
  rfc = { "RFC 6298 5.5", "RFC 1122 4.2.3.1" },
  needs = { "timers" }, -- TCP_SYNCNT shortens the target's SYN retries
  target = { sysctl = { ["net.ipv4.tcp_syn_linear_timeouts"] = 0 } },
  run = function(t)
    local iv = three_syns(t)
    oc.within(t, iv[2] / iv[1], 1.6, 2.5, "the second interval is double the first")
  end,
}

synfin.test {
  name = "the target's SYN-ACK is retransmitted when the handshake's ACK is lost",
  waits = 1, -- seconds asleep on the target's timers: started first, beside the others
  claims = { "S1.2", "S1.4" },
  rfc = { "RFC 6298 2.1", "RFC 9293 3.10.8", "RFC 9293 3.10.7.2" },
  needs = { "stateful_syn" }, -- a SYN cookie keeps nothing to retransmit
  target = { sysctl = { ["net.ipv4.tcp_synack_retries"] = 1 } },
  run = function(t)
    local srv = assert(t.agent:listen(80, 5))
    local isn = 1000000
    t:send { flags = "S", seq = isn, dport = 80, options = { mss = 1460 } }
    local synack = t:expect { flags = "S.", ack = isn + 1 }
    t:tuple_state_is(t.sport, 80, "SYN_RECEIVED", "the target is in SYN_RECEIVED while its SYN-ACK is unacknowledged")
    -- The tester's ACK is "lost": it sends nothing.
    local again = t:expect { flags = "S.", seq = synack.seq, ack = isn + 1, timeout = 1.6,
                             name = "the SYN-ACK is sent again, with the same ISN" }
    t:diag(("SYN-ACK retransmitted after %.3f s"):format(again.time - synack.time))
    oc.within(t, again.time - synack.time, 0.8, 1.5, "the retransmission comes after the initial RTO of ~1 s")
    -- The half-open connection survived: the late ACK completes it.
    t:send { flags = ".", seq = isn + 1, ack = synack.seq + 1, dport = 80 }
    local fd = t.agent:accept(srv, 1)
    t:ok(fd ~= nil, "the late ACK completes the handshake and the application accepts")
    if fd then t:state_is(fd, "ESTABLISHED") end
  end,
}
