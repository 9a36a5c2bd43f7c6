-- The two normal paths through the state diagram (RFC 9293 3.3.2, Figure 5),
-- every state confirmed twice: by the kernel (through the agent) and by the
-- reference model that follows the target's side (the oracle).
--   client: CLOSED, SYN_SENT, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT
--   server: CLOSED, LISTEN, SYN_RECEIVED, ESTABLISHED, CLOSE_WAIT, LAST_ACK, CLOSED
-- Two edges enter ESTABLISHED (one per path), two leave it.
local synfin = require "synfin"

-- One assertion that the edges the target took, in order, are `want`.
local function path_is(t, c, want)
  local got = table.concat(c.transitions, " | ")
  t:is(got, table.concat(want, " | "), "the target took exactly the edges of the normal path")
end

synfin.test {
  name = "client path: CLOSED, SYN_SENT, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT",
  claims = { "S5.0", "S1.4" },
  rfc = { "RFC 9293 3.3.2", "RFC 9293 3.10.7.3", "RFC 9293 3.10.4", "RFC 9293 3.10.7.4" },
  run = function(t)
    local tport = 33000
    local c = t:tcp { port = tport, lport = 5000 }
    c:listen()
    c:state_is("CLOSED", "no connection before the target's application connects")
    local fd = assert(t.agent:connect(t.tester.addr, c.lport, { port = tport }))
    c:target_call("open_active")
    c:expect { flags = "S", hold = true } -- our SYN-ACK held: the target waits
    c:state_is("SYN_SENT")
    c:release()
    c:expect { flags = "." }
    t:ok(t.agent:wait_connected(fd, 1), "the target's connect() completes")
    c:state_is("ESTABLISHED")
    c:target_close(fd)
    c:expect { flags = "F.", hold = true }
    c:state_is("FIN_WAIT_1")
    c:release()
    t:sleep(0.05)
    c:state_is("FIN_WAIT_2")
    c:close()
    c:expect { flags = "." }
    c:state_is("TIME_WAIT")
    -- The last edge, TIME_WAIT --2MSL--> CLOSED, takes Linux's fixed 60 s
    -- (TCP_TIMEWAIT_LEN); its timer is what can be seen here.
    local _, info = t.agent:tuple_state(t.target.addr, tport, t.tester.addr, c.lport)
    t:is(info and info.timer, "timewait", "the 2MSL timer that ends TIME_WAIT is running")
    t:diag(("TIME_WAIT timer: %s ms left"):format(tostring(info and info.timer_ms)))
    path_is(t, c, {
      "CLOSED --active OPEN/snd SYN--> SYN_SENT",
      "SYN_SENT --rcv SYN,ACK/snd ACK--> ESTABLISHED",
      "ESTABLISHED --CLOSE/snd FIN--> FIN_WAIT_1",
      "FIN_WAIT_1 --rcv ACK of FIN--> FIN_WAIT_2",
      "FIN_WAIT_2 --rcv FIN/snd ACK--> TIME_WAIT",
    })
  end,
}

synfin.test {
  name = "server path: CLOSED, LISTEN, SYN_RECEIVED, ESTABLISHED, CLOSE_WAIT, LAST_ACK, CLOSED",
  claims = { "S5.0", "S1.4" },
  rfc = { "RFC 9293 3.3.2", "RFC 9293 3.10.7.2", "RFC 9293 3.10.7.4", "RFC 9293 3.10.4" },
  needs = { "stateful_syn" }, -- it walks through SYN_RECEIVED
  run = function(t)
    local c = t:tcp { port = 80 }
    t:tuple_state_is(c.lport, 80, "CLOSED", "no connection before the target listens")
    local srv = assert(t.agent:listen(80, 5))
    -- LISTEN belongs to the listening socket, not to a connection; the model
    -- starts there with c:open, which sends our SYN at once.
    t:state_is(srv, "LISTEN")
    c:open()
    c:expect { flags = "S.", hold = true } -- our ACK held: the target waits
    c:state_is("SYN_RECEIVED")
    c:release()
    t:sleep(0.05)
    c:state_is("ESTABLISHED")
    local fd = assert(t.agent:accept(srv, 1))
    c:close()
    c:expect { flags = "." }
    c:state_is("CLOSE_WAIT")
    c:target_close(fd)
    c:expect { flags = "F.", hold = true }
    c:state_is("LAST_ACK")
    c:release()
    t:sleep(0.05)
    c:state_is("CLOSED")
    path_is(t, c, {
      "LISTEN --rcv SYN/snd SYN,ACK--> SYN_RECEIVED",
      "SYN_RECEIVED --rcv ACK of SYN--> ESTABLISHED",
      "ESTABLISHED --rcv FIN/snd ACK--> CLOSE_WAIT",
      "CLOSE_WAIT --CLOSE/snd FIN--> LAST_ACK",
      "LAST_ACK --rcv ACK of FIN--> CLOSED",
    })
  end,
}
