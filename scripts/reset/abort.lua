-- Abortive release (RFC 9293 3.10.5 ABORT; SO_LINGER {on, 0} on sockets):
-- instead of a FIN the end sends a RST at once, <SEQ=SND.NXT>, and data
-- still queued for sending is discarded. The receiving end can tell it
-- from an orderly release: its application is told "connection reset"
-- (3.10.7.4), not end-of-file.
local synfin = require "synfin"
local steps = require "synfin.steps"
local reset = require "synfin.reset"

local QUEUED = ("q"):rep(3000)

for _, role in ipairs(steps.roles) do
  synfin.test {
    name = ("target opened %sly aborts with data queued: RST at SND.NXT at once, the data and no FIN follow"):format(role),
    claims = { "S6.2" },
    rfc = { "RFC 9293 3.10.5", "RFC 9293 3.5.2" },
    needs = role == "passive" and { "stateful_syn" } or nil, -- a valid cookie ACK reopens a lost connection
    run = function(t)
      -- Our window is zero: what the target's application sends stays queued.
      local c, fd = steps.connected(t, { role = role, win = 0 })
      t:is(c:target_send(fd, QUEUED), #QUEUED, "the target's application queues 3000 octets")
      local snd_nxt = c:vars().rcv_nxt -- the target's SND.NXT: nothing of it has been sent
      c:target_abort(fd)
      c:expect { flags = reset.is_rst, seq = snd_nxt, len = 0, name = "the target sends a RST with seq = SND.NXT",
                 ignore = { flags = ".", len = 0 } } -- a zero-window probe may come first
      c:expect_silence(0.3, "no data and no FIN follow the RST")
      -- Open the window: the discarded data must not come; the connection is gone.
      c:segment { flags = ".", win = 65535 }
      c:expect { flags = "R", seq = snd_nxt, len = 0, name = "the window update gets a RST (no connection), no data" }
    end,
  }
end

synfin.test {
  name = "the target's application tells an abortive release (reset) from an orderly one (end-of-file)",
  claims = { "S6.2", "S6.2b" },
  rfc = { "RFC 9293 3.10.7.4", "RFC 9293 3.10.5" },
  run = function(t)
    local orderly, ofd = steps.connected(t, { port = 80 })
    local abortive, afd = steps.connected(t, { port = 81 })
    for _, c in ipairs { orderly, abortive } do
      c:send("unread")
      c:wait_acked()
    end
    orderly:close()
    orderly:expect { flags = ".", name = "the target acknowledges the FIN" }
    abortive:abort()
    abortive:expect_silence(0.2, "the target does not answer the RST")
    local data, why = t.agent:recv(ofd, 100, 0.5)
    t:is(data, "unread", "after a FIN the application reads the data first")
    data, why = t.agent:recv(ofd, 100, 0.5)
    t:is(why, "eof", "then end-of-file")
    local first, why1 = t.agent:recv(afd, 100, 0.5)
    local second, why2
    if first then second, why2 = t.agent:recv(afd, 100, 0.5) end
    t:ok(why1 == "ECONNRESET" or why2 == "ECONNRESET", "after a RST the application is told ECONNRESET",
         { got = tostring(why1 or why2) })
    -- 3.10.7.4 (ESTABLISHED, RST): "All segment queues should be flushed."
    t:rfc_check { name = "the RST flushes the data the application had not read", rfc = "RFC 9293 3.10.7.4",
                  conforms = first == nil and why1 == "ECONNRESET", deviation = "rst_keeps_received_data",
                  as_documented = first == "unread" and why2 == "ECONNRESET",
                  observed = ("first recv: %s, second: %s"):format(tostring(first or why1), tostring(second or why2)) }
  end,
}
