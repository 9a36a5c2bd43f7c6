-- Run by tests/integration/burst.sh: a burst of 5000 SYNs to a closed port,
-- none of the target's RSTs read until the burst has gone: most find the
-- capture ring (about 320 frames) full. The test must end "not ok",
-- saying how many frames it lost, whatever its own checks said: what a
-- test concludes from the wire rests on having seen all of it.
local synfin = require "synfin"

synfin.test {
  name = "a burst that outruns the capture ring",
  run = function(t)
    t:send_burst({ flags = "S", seq = 1, dport = 81 }, 5000, 1)
    t:ok(true, "the burst went out")
  end,
}
