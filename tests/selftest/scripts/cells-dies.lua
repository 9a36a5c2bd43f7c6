-- A test with cells whose process dies after printing one cell's point:
-- the parent fails the cells it did not print, so the stream keeps its
-- plan. Run only at -j 2 or more (tests/selftest/cells.sh): at -j 1 the
-- test runs inside synfin itself, and os.exit would end the run.
local synfin = require "synfin"

synfin.test {
  name = "dies",
  cells = { "cells-dies/a", "cells-dies/b", "cells-dies/c" },
  run = function(t)
    t.tap:point(0, true, t.env.number, "cells-dies/a: printed before the end")
    io.stdout:flush()
    os.exit(3)
  end,
}

synfin.test {
  name = "after it",
  run = function(t) t:ok(true, "still runs") end,
}
