package main

import (
	"os/signal"
	"syscall"
)

// signalIgnorePipe: a write to a closed pipe is an error, not a death.
func signalIgnorePipe() { signal.Ignore(syscall.SIGPIPE) }
