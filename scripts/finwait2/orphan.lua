-- An orphaned FIN_WAIT_2: the target's application closed (close(), not
-- shutdown()), its FIN is acknowledged, and the peer never sends its own.
-- RFC 9293 (3.10.7.4) keeps waiting for the FIN; BSD and Linux give up after
-- a timer, Linux after net.ipv4.tcp_fin_timeout (set to 1 s here), silently.
-- The connection is then gone: a FIN that comes late is answered with a
-- RST, as any segment of a connection the receiver does not know (S6.3).
local synfin = require "synfin"
local steps = require "synfin.steps"
local closing = require "synfin.closing"
local kernel = require "synfin.kernel"

local FIN_TIMEOUT = 1

for _, role in ipairs(steps.roles) do
  synfin.test {
    name = ("target opened %sly: an orphaned FIN_WAIT_2 ends after tcp_fin_timeout; a late FIN gets a RST"):format(role),
    waits = 1, -- seconds asleep on the target's timers: started first, beside the others
    claims = { "S5.3", "S6.3" },
    rfc = { "RFC 9293 3.10.7.4", "RFC 9293 3.10.7.1", "RFC 9293 3.5.2" },
    needs = role == "passive" and { "stateful_syn" } or nil, -- a valid cookie ACK reopens a lost connection
    target = { sysctl = { ["net.ipv4.tcp_fin_timeout"] = FIN_TIMEOUT } },
    run = function(t)
      local c, fd = steps.connected(t, { role = role })
      local fin = closing.fin_wait_2(t, c, fd, "close")
      -- Linux arms max(tcp_fin_timeout, 3.5 RTO) (tcp_fin_time()), and the
      -- RTO grows on a loaded machine: the kernel's own timer says how long
      -- to watch (at most 15 s).
      local armed = kernel.timer_ms(t, c)
      local limit = math.min(math.max(3 * FIN_TIMEOUT + 1, (armed or 0) / 1000 + 1.5), 15)
      local state, took, seg = kernel.wait_leaves(t, c, "FIN_WAIT_2", limit, 0.05)
      t:diag(("kernel timer when FIN_WAIT_2 was seen: %s ms; FIN_WAIT_2 lasted %.2f s after that")
        :format(tostring(armed), took))
      t:rfc_check { name = "an orphaned FIN_WAIT_2 waits for the peer's FIN", rfc = "RFC 9293 3.10.7.4",
                    conforms = armed == nil and state == "FIN_WAIT_2", deviation = "fin_wait2_orphan_timeout",
                    as_documented = state == "CLOSED" and armed ~= nil and armed >= 0.5 * FIN_TIMEOUT * 1000
                      and math.abs(took - armed / 1000) < 0.5,
                    observed = ("timer %s ms; %s after %.2f s"):format(tostring(armed), state, took) }
      t:ok(seg == nil, "the target sends nothing while it waits nor when it drops the connection",
           { observed = seg and seg.summary })
      -- Our FIN, crafted outside the endpoint: its model (no timer) would
      -- still expect the FIN_WAIT_2 answer.
      local v = c:vars()
      t:send { flags = "F.", seq = v.snd_nxt, ack = v.rcv_nxt, sport = c.lport, dport = c.port }
      t:expect { flags = "R", seq = fin.seq + 1, len = 0, sport = c.port,
                 name = "the late FIN gets a RST with seq = SEG.ACK" }
    end,
  }
end
