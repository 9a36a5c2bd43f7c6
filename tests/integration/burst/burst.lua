-- Run by tests/integration/burst.sh: t:send_burst puts every segment on
-- the wire, seq stepping modulo 2^32, options kept, checksums right (the
-- target answers each with its RST; a wrong checksum gets none). 200 of
-- them, all answered before the first is read: the capture ring must
-- hold them (with the tester's veth offloads on, libpcap sized each slot
-- for 64 KiB and the ring took 32).
local synfin = require "synfin"

synfin.test {
  name = "a burst of 200 SYNs to a closed port, seq wrapping past 2^32",
  run = function(t)
    local first = t:send_burst({ flags = "S", seq = 4294967286, dport = 81, options = { { "mss", 1000 } } }, 200, 1)
    t:is(first.burst, 200, "the first segment as sent says the burst's size")
    t:is(first.mss, 1000, "the first segment as sent carries the spec's options")
    for i = 1, 200 do
      t:expect { flags = "R.", seq = 0, ack = (4294967286 + i) % 4294967296, name = "RST " .. i }
    end
    t:expect_silence(0.2)
  end,
}
