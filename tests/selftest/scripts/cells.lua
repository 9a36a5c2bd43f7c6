-- Tests with cells (synfin.test{ cells = ... }): each cell a top-level TAP
-- point. tests/selftest/cells.sh runs them and reads the points: a cell's
-- own verdict, a failure of what the cells share failing every cell, a
-- script error failing every cell, a cell never checked failing. No
-- packet is sent: the verdicts are the assertions'.
local synfin = require "synfin"

synfin.test {
  name = "a failed step the cells share",
  cells = { "cells/shared/a", "cells/shared/b" },
  run = function(t)
    t:ok(true, "cells/shared/a: holds")
    t:ok(false, "the set-up the cells share", { expected = "the target in the state", observed = "it was not" })
    t:ok(true, "cells/shared/b: holds")
  end,
}

synfin.test {
  name = "a script error",
  cells = { "cells/error/a", "cells/error/b" },
  run = function(t)
    t:ok(true, "cells/error/a: holds")
    error("boom in the part the cells share")
  end,
}

synfin.test {
  name = "each cell its own verdict",
  cells = { "cells/own/pass", "cells/own/fail", "cells/own/skip", "cells/own/unchecked", "cells/own/tagged" },
  run = function(t)
    t:ok(true, "cells/own/pass: holds")
    t:ok(false, "cells/own/fail: deviates", { expected = "A", observed = "B" })
    t:skip_check("cells/own/skip", "no such position here")
    t:ok(false, "a finding on the cell's own connection", { expected = "C", observed = "D" })
    t.asserts[#t.asserts].cell = "cells/own/tagged"
    t:ok(true, "cells/own/tagged: holds")
  end,
}

synfin.test {
  name = "skipped whole",
  cells = { "cells/skipped/a" },
  run = function(t) t:skip("the target cannot be driven there") end,
}

synfin.test {
  name = "no cells: one point",
  run = function(t) t:ok(true, "holds") end,
}

synfin.test {
  name = "slow",
  slow = true,
  cells = { "cells/slow/a", "cells/slow/b" },
  run = function(t) t:ok(true, "cells/slow/a: holds") end,
}
