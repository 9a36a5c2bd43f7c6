--- Maximum segment size checks shared by scripts/mss: a receiver that
-- acknowledges the target's data and keeps every segment, and the size
-- rule of RFC 9293 3.7.1 and RFC 6691. The handshakes by hand, whose
-- options the script chooses ({} for none), are synfin.steps'.
--
--    local steps, mss = require "synfin.steps", require "synfin.mss"
--    local c = steps.passive_open(t, 80, { options = { mss = 100 } })
--    t.agent:send(c.fd, string.rep("x", 3000))
--    local segs = mss.receive(t, c, 3000)
--    mss.check_limit(t, segs, 100, "no segment carries more than 100 octets")
-- @module synfin.mss
local core = require "synfin.core"
local seq = require "synfin.seq"

local M = {}

--- The fixed IP and TCP headers that the MSS leaves out (RFC 9293 3.7.1,
-- RFC 6691 2): 20 + 20 for IPv4, 40 + 20 for IPv6.
function M.headers(family) return family == 6 and 60 or 40 end

--- The send MSS to assume when the peer's SYN carries no MSS option
-- (RFC 9293 3.7.1, MUST-15): 536 = 576 - 40 for IPv4, 1220 = 1280 - 60 for IPv6.
function M.default(family) return family == 6 and 1220 or 536 end

--- What a segment spends of the MSS: its data and its TCP options (RFC
-- 6691 2: the sender reduces the data by the options it includes).
function M.size(seg) return seg.len + seg.doff * 4 - 20 end

--- A setup command (target option `setup=`) that sets the MTU of the
-- target's links other than lo, e.g. below IPv6's 1280, which the
-- `mtu` target option cannot do because the target needs its IPv6
-- addresses while it is built.
function M.link_mtu_cmd(mtu)
  return ("for d in $(ip -o link show | awk -F': ' '{print $2}' | cut -d@ -f1); do "
    .. "[ \"$d\" = lo ] || ip link set dev \"$d\" mtu %d || exit 1; done"):format(mtu)
end

--- A setup command that adds route attributes (`ip route change ... ATTRS`)
-- to every IPv4 and IPv6 route of the target, e.g. "rto_min 1s".
function M.route_cmd(attrs)
  return ("for f in 4 6; do ip -$f route show | while read -r r; do "
    .. "ip -$f route change $r %s || exit 1; done; done"):format(attrs)
end

--- Receive the target's data on connection `c` (from steps.passive_open or
-- steps.active_open) until `n` octets arrived in order or `timeout` seconds
-- (default 2) passed, acknowledging each segment at once. Makes no
-- assertion.
-- @treturn table every data segment that came, retransmissions included
-- @treturn int the octets received in order
function M.receive(t, c, n, timeout)
  local deadline = core.now() + (timeout or 2)
  local data = { sport = c.tport, dport = c.lport, len = function(len) return len > 0 end }
  local segs, got = {}, 0
  while got < n and core.now() < deadline do
    local seg = t:next(data, deadline - core.now())
    if not seg then break end
    segs[#segs + 1] = seg
    if seg.seq == c.rcv_nxt then
      c.rcv_nxt = seq.add(c.rcv_nxt, seg.len)
      got = got + seg.len
    end
    t:send { flags = ".", sport = c.lport, dport = c.tport, seq = c.snd_nxt, ack = c.rcv_nxt }
  end
  return segs, got
end

--- The largest size (data and TCP options) among segs, and that segment.
function M.largest(segs)
  local max, which = 0, nil
  for _, seg in ipairs(segs) do
    if M.size(seg) > max then max, which = M.size(seg), seg end
  end
  return max, which
end

--- One assertion: some data came, and no segment spends more than
-- `limit` octets on data and options. @treturn int the largest size seen
function M.check_limit(t, segs, limit, name)
  local max, seg = M.largest(segs)
  t:ok(#segs > 0 and max <= limit, name,
    { expected = ("data segments of at most %d octets (data + TCP options)"):format(limit),
      observed = #segs == 0 and "no data segment"
        or ("%d segments, the largest %d octets: %s"):format(#segs, max, seg.summary) })
  return max
end

return M
