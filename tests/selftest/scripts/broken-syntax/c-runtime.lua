local synfin = require "synfin"
synfin.test {
  name = "calls a nil value",
  run = function(t)
    local missing
    missing() -- deliberately: a runtime error on line 6
  end,
}
