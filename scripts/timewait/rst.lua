-- A RST in TIME_WAIT. RFC 9293 3.10.7.4 (TIME-WAIT, second check) closes the
-- connection, which lets an old RST cut the 2MSL wait short ("TIME-WAIT
-- assassination", RFC 1337); RFC 1337's fix is to ignore RSTs in TIME_WAIT.
-- Linux follows RFC 9293 by default and RFC 1337 with net.ipv4.tcp_rfc1337=1.
local synfin = require "synfin"
local closing = require "synfin.closing"

-- A RST at RCV.NXT (exact, so RFC 5961 3.2 accepts it), not answered.
local function rst(t, tw)
  t:send { flags = "R", seq = tw.snd_nxt, dport = tw.port }
  t:expect_silence(0.3, nil, "the target does not answer the RST")
  return (t.agent:tuple_state(t.target.addr, tw.port, t.tester.addr, t.sport))
end

-- The tester's FIN again, as if the target's last ACK had been lost.
local function refin(t, tw)
  t:send { flags = "F.", seq = tw.snd_nxt - 1, ack = tw.rcv_nxt, dport = tw.port }
end

-- What follows the RST: a retransmitted FIN finds no connection (RST), or
-- the TIME_WAIT that ignored it (ACK).
local function after(t, tw, state)
  refin(t, tw)
  if state == "TIME_WAIT" then
    t:expect { flags = ".", seq = tw.rcv_nxt, ack = tw.snd_nxt,
               name = "a retransmitted FIN is still acknowledged from TIME_WAIT" }
  else
    t:expect { flags = "R", seq = tw.rcv_nxt, name = "a retransmitted FIN now gets a RST (no connection)" }
  end
end

-- The target's own setting says which rule it follows: RFC 1337's only when
-- its rfc1337 setting is on (unknown: either is as documented).
synfin.test {
  name = "a RST in TIME_WAIT closes the connection (default)",
  claims = { "S5.1", "S6.2b" },
  rfc = { "RFC 9293 3.10.7.4", "RFC 1337 3" },
  needs = { "stateful_syn" }, -- the FIN after it must find no connection, not a cookie's
  run = function(t)
    local tw = closing.raw_time_wait(t, 80, false)
    local state = rst(t, tw)
    local rfc1337 = t:setting("rfc1337")
    t:rfc_check { name = "a RST in TIME_WAIT enters CLOSED", rfc = "RFC 9293 3.10.7.4",
                  conforms = state == "CLOSED", deviation = "time_wait_rst_ignored_rfc1337",
                  as_documented = rfc1337 ~= 0 and state == "TIME_WAIT",
                  observed = ("state after the RST: %s (the target's rfc1337 setting: %s)"):format(tostring(state),
                    tostring(rfc1337)) }
    after(t, tw, state)
  end,
}

synfin.test {
  name = "with tcp_rfc1337=1 a RST in TIME_WAIT is ignored",
  claims = { "S5.1" },
  rfc = { "RFC 9293 3.10.7.4", "RFC 1337 3" },
  target = { sysctl = { ["net.ipv4.tcp_rfc1337"] = 1 } },
  run = function(t)
    local tw = closing.raw_time_wait(t, 80, false)
    local state = rst(t, tw)
    t:rfc_check { name = "a RST in TIME_WAIT enters CLOSED", rfc = "RFC 9293 3.10.7.4",
                  conforms = state == "CLOSED", deviation = "time_wait_rst_ignored_rfc1337",
                  as_documented = state == "TIME_WAIT", observed = "state after the RST: " .. tostring(state) }
    refin(t, tw)
    t:expect { flags = ".", seq = tw.rcv_nxt, ack = tw.snd_nxt,
               name = "a retransmitted FIN is still acknowledged from TIME_WAIT" }
  end,
}
