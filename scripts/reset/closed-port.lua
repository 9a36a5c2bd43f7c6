-- Segments to a port where nothing listens (RFC 9293 3.10.7.1, state CLOSED).
local synfin = require "synfin"

synfin.test {
  name = "SYN to a closed port is answered by RST,ACK with seq 0 and ack SEG.SEQ+1",
  claims = { "S6.0", "S6.1" },
  rfc = { "RFC 9293 3.10.7.1", "RFC 9293 3.5.2" },
  run = function(t)
    local isn = 2000000
    t:send { flags = "S", seq = isn, dport = 81 }
    -- ACK bit off in the arriving segment: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>,
    -- and the SYN counts in SEG.LEN.
    t:expect { flags = "R.", seq = 0, ack = isn + 1, len = 0 }
    t:expect_silence(0.3)
  end,
}

synfin.test {
  name = "ACK to a closed port is answered by RST with seq = SEG.ACK",
  claims = { "S6.0", "S6.3" },
  rfc = { "RFC 9293 3.10.7.1" },
  run = function(t)
    -- ACK bit on: <SEQ=SEG.ACK><CTL=RST>, no ACK of its own.
    t:send { flags = ".", seq = 3000000, ack = 7000000, dport = 81 }
    t:expect { flags = "R", seq = 7000000, len = 0 }
  end,
}

synfin.test {
  name = "SYN with data to a closed port: the ack counts the data and the SYN",
  claims = { "S6.1" },
  rfc = { "RFC 9293 3.10.7.1" },
  run = function(t)
    t:send { flags = "S", seq = 100, dport = 81, payload = "hello" }
    t:expect { flags = "R.", seq = 0, ack = 100 + 1 + 5 }
  end,
}

synfin.test {
  name = "RST to a closed port gets no answer",
  claims = { "S6.2b" },
  rfc = { "RFC 9293 3.10.7.1" },
  run = function(t)
    -- "An incoming segment containing a RST is discarded."
    t:send { flags = "R", seq = 4000000, dport = 81 }
    t:expect_silence(0.5)
  end,
}
