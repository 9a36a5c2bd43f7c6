package main

import "gvisor.dev/gvisor/pkg/tcpip"

// errName maps a netstack error to the errno name the agent protocol uses
// (the same mapping as gVisor's own syscall layer,
// pkg/syserr/netstack.go: TranslateNetstackError).
func errName(err tcpip.Error) string {
	switch err.(type) {
	case *tcpip.ErrWouldBlock:
		return "EAGAIN"
	case *tcpip.ErrConnectionRefused:
		return "ECONNREFUSED"
	case *tcpip.ErrConnectionReset:
		return "ECONNRESET"
	case *tcpip.ErrConnectionAborted, *tcpip.ErrAborted:
		return "ECONNABORTED"
	case *tcpip.ErrTimeout:
		return "ETIMEDOUT"
	case *tcpip.ErrClosedForSend:
		return "EPIPE"
	case *tcpip.ErrNotConnected, *tcpip.ErrClosedForReceive:
		return "ENOTCONN"
	case *tcpip.ErrPortInUse, *tcpip.ErrDuplicateAddress:
		return "EADDRINUSE"
	case *tcpip.ErrBadLocalAddress, *tcpip.ErrNoPortAvailable:
		return "EADDRNOTAVAIL"
	case *tcpip.ErrAlreadyConnected:
		return "EISCONN"
	case *tcpip.ErrAlreadyConnecting, *tcpip.ErrConnectStarted:
		return "EALREADY"
	case *tcpip.ErrNetworkUnreachable:
		return "ENETUNREACH"
	case *tcpip.ErrHostUnreachable:
		return "EHOSTUNREACH"
	case *tcpip.ErrUnknownProtocolOption:
		return "ENOPROTOOPT"
	case *tcpip.ErrNotSupported:
		return "EOPNOTSUPP"
	case *tcpip.ErrNoBufferSpace:
		return "ENOBUFS"
	case *tcpip.ErrMessageTooLong:
		return "EMSGSIZE"
	case *tcpip.ErrNotPermitted:
		return "EPERM"
	case *tcpip.ErrAddressFamilyNotSupported:
		return "EAFNOSUPPORT"
	}
	return "EINVAL"
}
