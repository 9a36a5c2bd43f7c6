local synfin = require "synfin"
-- Deliberately broken: a syntax error on line 4.
synfin.test { name = "never registered",
  run = function(t) t:ok(true, "x") end end,
}
