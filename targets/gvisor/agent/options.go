// options.go - socket options and the stack's settings (targets/AGENT.md,
// "Socket options" and "The stack's settings") on netstack's SocketOptions
// and TCP protocol options.
package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"gvisor.dev/gvisor/pkg/tcpip"
	"gvisor.dev/gvisor/pkg/tcpip/transport/tcp"
)

type option struct {
	set func(k *sock, v int) tcpip.Error
	get func(k *sock) (string, tcpip.Error)
}

func b2i(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func boolOpt(set func(*tcpip.SocketOptions, bool), get func(*tcpip.SocketOptions) bool) option {
	return option{
		set: func(k *sock, v int) tcpip.Error { set(k.ep.SocketOptions(), v != 0); return nil },
		get: func(k *sock) (string, tcpip.Error) { return b2i(get(k.ep.SocketOptions())), nil },
	}
}

func intOpt(o tcpip.SockOptInt) option {
	return option{
		set: func(k *sock, v int) tcpip.Error { return k.ep.SetSockOptInt(o, v) },
		get: func(k *sock) (string, tcpip.Error) {
			v, err := k.ep.GetSockOptInt(o)
			return strconv.Itoa(v), err
		},
	}
}

// durationOpt: a time option of the endpoint, in the unit the protocol uses.
func durationOpt(unit time.Duration, set func(time.Duration) tcpip.SettableSocketOption,
	get func() (tcpip.GettableSocketOption, func() time.Duration)) option {
	return option{
		set: func(k *sock, v int) tcpip.Error { return k.ep.SetSockOpt(set(time.Duration(v) * unit)) },
		get: func(k *sock) (string, tcpip.Error) {
			o, read := get()
			err := k.ep.GetSockOpt(o)
			return strconv.FormatInt(int64(read()/unit), 10), err
		},
	}
}

var options = map[string]option{
	"reuseaddr": boolOpt((*tcpip.SocketOptions).SetReuseAddress, (*tcpip.SocketOptions).GetReuseAddress),
	"reuseport": boolOpt((*tcpip.SocketOptions).SetReusePort, (*tcpip.SocketOptions).GetReusePort),
	"keepalive": boolOpt((*tcpip.SocketOptions).SetKeepAlive, (*tcpip.SocketOptions).GetKeepAlive),
	"v6only":    boolOpt((*tcpip.SocketOptions).SetV6Only, (*tcpip.SocketOptions).GetV6Only),
	"nodelay": boolOpt(func(o *tcpip.SocketOptions, v bool) { o.SetDelayOption(!v) },
		func(o *tcpip.SocketOptions) bool { return !o.GetDelayOption() }),
	"keepcnt": intOpt(tcpip.KeepaliveCountOption),
	"maxseg":  intOpt(tcpip.MaxSegOption),
	"syncnt":  intOpt(tcpip.TCPSynCountOption),
	"keepidle": durationOpt(time.Second,
		func(d time.Duration) tcpip.SettableSocketOption { o := tcpip.KeepaliveIdleOption(d); return &o },
		func() (tcpip.GettableSocketOption, func() time.Duration) {
			var o tcpip.KeepaliveIdleOption
			return &o, func() time.Duration { return time.Duration(o) }
		}),
	"keepintvl": durationOpt(time.Second,
		func(d time.Duration) tcpip.SettableSocketOption { o := tcpip.KeepaliveIntervalOption(d); return &o },
		func() (tcpip.GettableSocketOption, func() time.Duration) {
			var o tcpip.KeepaliveIntervalOption
			return &o, func() time.Duration { return time.Duration(o) }
		}),
	"user_timeout": durationOpt(time.Millisecond,
		func(d time.Duration) tcpip.SettableSocketOption { o := tcpip.TCPUserTimeoutOption(d); return &o },
		func() (tcpip.GettableSocketOption, func() time.Duration) {
			var o tcpip.TCPUserTimeoutOption
			return &o, func() time.Duration { return time.Duration(o) }
		}),
	"defer_accept": durationOpt(time.Second,
		func(d time.Duration) tcpip.SettableSocketOption { o := tcpip.TCPDeferAcceptOption(d); return &o },
		func() (tcpip.GettableSocketOption, func() time.Duration) {
			var o tcpip.TCPDeferAcceptOption
			return &o, func() time.Duration { return time.Duration(o) }
		}),
	"rcvbuf": {
		set: func(k *sock, v int) tcpip.Error {
			k.ep.SocketOptions().SetReceiveBufferSize(int64(v), true)
			return nil
		},
		get: func(k *sock) (string, tcpip.Error) {
			return strconv.FormatInt(k.ep.SocketOptions().GetReceiveBufferSize(), 10), nil
		},
	},
	"sndbuf": {
		set: func(k *sock, v int) tcpip.Error { k.ep.SocketOptions().SetSendBufferSize(int64(v), true); return nil },
		get: func(k *sock) (string, tcpip.Error) {
			return strconv.FormatInt(k.ep.SocketOptions().GetSendBufferSize(), 10), nil
		},
	},
	"error": {
		get: func(k *sock) (string, tcpip.Error) {
			if err := k.ep.SocketOptions().GetLastError(); err != nil {
				return errName(err), nil
			}
			return "0", nil
		},
	},
}

func (a *agent) setsockopt(argv []string) (string, *failure) {
	k, f := a.fdArg(argv[0])
	if f != nil {
		return "", f
	}
	if argv[1] == "linger" {
		return "", setLinger(k, argv[2])
	}
	o, known := options[argv[1]]
	if !known {
		return "", errf("EUSAGE", "unknown option %s", quote(argv[1]))
	}
	if o.set == nil {
		return "", errf("ENOPROTOOPT", "option %s is read-only", argv[1])
	}
	v, f := number(argv[2], 2147483647)
	if f != nil {
		return "", f
	}
	if err := o.set(k, int(v)); err != nil {
		return "", stackErr("setsockopt "+argv[1], err)
	}
	return "", nil
}

func setLinger(k *sock, tok string) *failure {
	l := tcpip.LingerOption{}
	if tok != "off" {
		v, f := number(tok, 60)
		if f != nil {
			return f
		}
		l = tcpip.LingerOption{Enabled: true, Timeout: time.Duration(v) * time.Second}
	}
	k.ep.SocketOptions().SetLinger(l)
	return nil
}

func (a *agent) getsockopt(argv []string) (string, *failure) {
	k, f := a.fdArg(argv[0])
	if f != nil {
		return "", f
	}
	if argv[1] == "linger" {
		l := k.ep.SocketOptions().GetLinger()
		if !l.Enabled {
			return "value=off", nil
		}
		return fmt.Sprintf("value=%d", l.Timeout/time.Second), nil
	}
	o, known := options[argv[1]]
	if !known {
		return "", errf("EUSAGE", "unknown option %s", quote(argv[1]))
	}
	v, err := o.get(k)
	if err != nil {
		return "", stackErr("getsockopt "+argv[1], err)
	}
	return "value=" + v, nil
}

// settings reports netstack's TCP protocol options, named as the Linux
// sysctls they correspond to (targets/AGENT.md); what netstack has no
// setting for is absent, except for behaviour fixed in its code:
//
//	timestamps=1  every SYN offers TS (transport/tcp/connect.go: handshake.start)
//	wscale=1      every SYN offers WS (connect.go: FindWndScale of the buffer)
//	ecn=0         netstack implements no ECN
//	rfc1337=1     a RST in TIME-WAIT is always ignored (rcv.go: handleTimeWaitSegments)
//	somaxconn     listen's clamp, applied by this agent as gVisor's listen(2) does
//	syncookies    1 when the SYN queue is full (accept.go: handleListenSegment),
//	              2 with TCPAlwaysUseSynCookies
func (a *agent) settings([]string) (string, *failure) {
	var sack tcpip.TCPSACKEnabled
	var cookies tcpip.TCPAlwaysUseSynCookies
	var linger tcpip.TCPLingerTimeoutOption
	var timeWait tcpip.TCPTimeWaitTimeoutOption
	var synRetries tcpip.TCPSynRetriesOption
	var rcvbuf tcpip.TCPReceiveBufferSizeRangeOption
	for _, o := range []tcpip.GettableTransportProtocolOption{&sack, &cookies, &linger, &timeWait, &synRetries, &rcvbuf} {
		if err := a.s.TransportProtocolOption(tcp.ProtocolNumber, o); err != nil {
			return "", stackErr(fmt.Sprintf("TCP option %T", o), err)
		}
	}
	syncookies := 1
	if cookies {
		syncookies = 2
	}
	words := []string{
		fmt.Sprintf("syncookies=%d", syncookies),
		"timestamps=1",
		"sack=" + b2i(bool(sack)),
		"wscale=1",
		"ecn=0",
		fmt.Sprintf("fin_timeout_ms=%d", time.Duration(linger).Milliseconds()),
		fmt.Sprintf("somaxconn=%d", maxListenBacklog),
		fmt.Sprintf("syn_retries=%d", synRetries),
		"rfc1337=1",
		// Beyond Linux's list (readers ignore keys they do not know).
		fmt.Sprintf("time_wait_ms=%d", time.Duration(timeWait).Milliseconds()),
		fmt.Sprintf("rcvbuf=%d", rcvbuf.Default),
	}
	return strings.Join(words, " "), nil
}
