-- During the 2MSL wait the connection's socket pair stays taken and late
-- segments for it are discarded (RFC 9293 3.10.7.4, TIME-WAIT): each one
-- is answered with an ACK of RCV.NXT, and its text reaches no application,
-- neither the one that still holds the socket nor the port's listener.
local synfin = require "synfin"
local steps = require "synfin.steps"
local closing = require "synfin.closing"

synfin.test {
  name = "in TIME_WAIT an old duplicate and new data are acknowledged, not delivered",
  claims = { "S5.1b" },
  rfc = { "RFC 9293 3.6.1", "RFC 9293 3.10.7.4" },
  run = function(t)
    local c, fd, srv = steps.connected(t, { port = 80 })
    c:send("hello")
    c:wait_acked()
    t:is(t.agent:recv(fd, 100, 1), "hello", "the target's application reads the data once")
    -- shutdown(SHUT_WR): the application keeps its socket through TIME_WAIT.
    local fin = closing.time_wait(t, c, fd, "shutdown")
    local rcv_nxt = c:vars().snd_nxt
    -- An old duplicate of "hello", and new text after our FIN. Our endpoint is
    -- CLOSED and would answer the target's ACKs with a RST: hold them back.
    c:segment { flags = "P.", seq = c:vars().iss + 1, payload = "hello" }
    c:expect { flags = ".", seq = fin.seq + 1, ack = rcv_nxt, len = 0, hold = true,
               name = "an old duplicate is answered with an ACK of RCV.NXT" }
    c:segment { flags = "P.", seq = rcv_nxt, payload = "late" }
    c:expect { flags = ".", seq = fin.seq + 1, ack = rcv_nxt, len = 0, hold = true,
               name = "new text after the FIN is answered with an ACK of RCV.NXT" }
    local data, why = t.agent:recv(fd, 100, 0.2)
    t:is(data or why, "eof", "the application that holds the socket reads only end-of-file")
    local other, e = t.agent:accept(srv, 0.2)
    t:is(other or e, "ETIMEDOUT", "no new connection reaches the listener")
    c:state_is("TIME_WAIT")
  end,
}
