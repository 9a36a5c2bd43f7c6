-- Simultaneous open (RFC 9293 3.5, Figure 8): both ends send a SYN before
-- either sees the other's. Each goes SYN_SENT -> SYN_RECEIVED -> ESTABLISHED
-- and answers the other's SYN with a SYN-ACK that repeats its own ISN: four
-- segments, one more than the three-way handshake.
local synfin = require "synfin"

local TARGET_PORT, TESTER_PORT = 33000, 5001

synfin.test {
  name = "simultaneous open: SYN_SENT, SYN_RECEIVED, ESTABLISHED in four segments",
  claims = { "S7.1" },
  rfc = { "RFC 9293 3.5", "RFC 9293 3.10.7.3", "RFC 9293 3.10.7.4", "RFC 7323 2.2" },
  run = function(t)
    local fd = assert(t.agent:connect(t.tester.addr, TESTER_PORT, { port = TARGET_PORT }))
    -- Before the tester's SYN exists, only the kernel can tell (the model
    -- starts with c:open, which sends our SYN at once).
    t:state_is(fd, "SYN_SENT", "the target's connect leaves it in SYN_SENT")
    local c = t:tcp { port = TARGET_PORT, lport = TESTER_PORT }
    c:open("active") -- our SYN crosses the target's
    local syn = c:expect { flags = "S", name = "segment 1: the target's SYN", hold = true }
    c:state_is("SYN_RECEIVED", "the tester's SYN moves the target from SYN_SENT to SYN_RECEIVED")
    local isn = c:vars().iss
    local synack = c:expect { flags = "S.", seq = syn.seq, ack = isn + 1,
                              name = "segment 3: the target's SYN-ACK repeats its ISN and acknowledges ours" }
    c:state_is("SYN_RECEIVED", "the target waits in SYN_RECEIVED for the ACK of its SYN")
    c:release() -- segment 4: our SYN-ACK (answering its SYN), held until now
    -- Our SYN-ACK's ACK completes the target's side; Figure 8 needs nothing
    -- more, but a bare ACK of it is allowed (its SYN is below the window).
    local extra = c:await(0.3)
    t:ok(extra == nil or (extra.flags == "." and extra.len == 0),
      "after the four segments the target sends at most a bare ACK", { got = extra and extra.summary or "nothing" })
    c:state_is("ESTABLISHED")
    t:ok(t.agent:wait_connected(fd, 1), "the target's connect() completes")
    c:target_send(fd, "hello")
    local data = c:expect { flags = "P.", payload = "hello", name = "the connection carries data" }
    -- Our SYN had no Window Scale option, so the SYN-ACK must not carry one
    -- and neither side scales (RFC 7323 2.2).
    t:rfc_check {
      name = "the SYN-ACK answering a SYN without Window Scale carries none",
      rfc = "RFC 7323 2.2",
      conforms = synack.wscale == nil,
      deviation = "simopen_window_scaled",
      observed = ("SYN-ACK with wscale %s"):format(tostring(synack.wscale)),
    }
    t:rfc_check {
      name = "without Window Scale in both SYNs the target's window is not scaled",
      rfc = "RFC 7323 2.2",
      conforms = data.win >= 1024,
      deviation = "simopen_window_scaled",
      as_documented = syn.wscale ~= nil and (data.win << syn.wscale) >= 1024,
      observed = ("window %d, the target's SYN offered shift %s"):format(data.win, tostring(syn.wscale)),
    }
  end,
}
