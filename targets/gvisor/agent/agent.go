// agent.go - the request table and the socket requests of targets/AGENT.md,
// on netstack's tcpip.Endpoint.
package main

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"
	"time"

	"gvisor.dev/gvisor/pkg/tcpip"
	"gvisor.dev/gvisor/pkg/tcpip/network/ipv4"
	"gvisor.dev/gvisor/pkg/tcpip/network/ipv6"
	"gvisor.dev/gvisor/pkg/tcpip/stack"
	"gvisor.dev/gvisor/pkg/tcpip/transport/tcp"
	"gvisor.dev/gvisor/pkg/waiter"
)

// maxListenBacklog: gVisor's listen(2) clamp, which this agent applies as
// gVisor's syscall layer does (pkg/sentry/syscalls/linux/sys_socket.go: Listen).
const maxListenBacklog = 1024

type sock struct {
	ep         tcpip.Endpoint
	wq         *waiter.Queue
	family     int
	backlog    int // listen's argument after the clamp, for accept_queue
	connecting bool
}

type agent struct {
	s        *stack.Stack
	socks    map[int]*sock
	accepted map[tcpip.Endpoint]bool // every endpoint accept handed out
}

func newAgent(s *stack.Stack) *agent {
	return &agent{s: s, socks: map[int]*sock{}, accepted: map[tcpip.Endpoint]bool{}}
}

func (a *agent) closeAll() {
	for fd, k := range a.socks {
		k.ep.Close()
		delete(a.socks, fd)
	}
}

// failure is an `err` reply built on the way and returned as a value.
type failure struct{ text string }

func errf(name, format string, args ...interface{}) *failure {
	return &failure{name + " " + fmt.Sprintf(format, args...)}
}

func stackErr(what string, err tcpip.Error) *failure {
	return errf(errName(err), "%s: %s", what, err)
}

type request struct {
	name  string
	args  string // the usage text's arguments, also their count
	run   func(a *agent, argv []string) (string, *failure)
	close bool
}

// requests is the command table and the usage text at once.
var requests = []request{
	{name: "ping", run: func(*agent, []string) (string, *failure) { return "agent=" + agentName + " version=1", nil }},
	{name: "quit", run: func(*agent, []string) (string, *failure) { return "", nil }, close: true},
	{name: "socket", args: "4|6", run: (*agent).socket},
	{name: "bind", args: "FD ADDR PORT", run: (*agent).bind},
	{name: "listen", args: "FD BACKLOG", run: (*agent).listen},
	{name: "accept", args: "FD TIMEOUT_MS", run: (*agent).accept},
	{name: "connect", args: "FD ADDR PORT", run: (*agent).connect},
	{name: "wait_connected", args: "FD TIMEOUT_MS", run: (*agent).waitConnected},
	{name: "shutdown", args: "FD rd|wr|rdwr", run: (*agent).shutdown},
	{name: "close", args: "FD", run: (*agent).close},
	{name: "abort", args: "FD", run: (*agent).abort},
	{name: "send", args: "FD HEX", run: (*agent).send},
	{name: "recv", args: "FD MAX TIMEOUT_MS", run: (*agent).recv},
	{name: "setsockopt", args: "FD NAME VALUE", run: (*agent).setsockopt},
	{name: "getsockopt", args: "FD NAME", run: (*agent).getsockopt},
	{name: "state", args: "FD", run: (*agent).state},
	{name: "tuple_state", args: "LADDR LPORT RADDR RPORT", run: (*agent).tupleState},
	{name: "sockets", run: (*agent).sockets},
	{name: "accept_queue", args: "FD", run: (*agent).acceptQueue},
	{name: "settings", run: (*agent).settings},
}

func quote(tok string) string {
	if len(tok) > 64 {
		tok = tok[:64]
	}
	return "'" + tok + "'"
}

// handle answers one request line with exactly one reply line.
func (a *agent) handle(line string, tooLong bool) (string, bool) {
	if tooLong {
		return fmt.Sprintf("err EUSAGE request longer than %d bytes", maxRequest), false
	}
	if line == "" || strings.Contains(line, "  ") || line[0] == ' ' || line[len(line)-1] == ' ' {
		return "err EUSAGE empty token (tokens are separated by single spaces)", false
	}
	for _, c := range []byte(line) {
		if c < 0x20 || c > 0x7e {
			return fmt.Sprintf("err EUSAGE request contains byte 0x%02x", c), false
		}
	}
	argv := strings.Split(line, " ")
	for _, r := range requests {
		if r.name != argv[0] {
			continue
		}
		want := len(strings.Fields(r.args))
		if len(argv)-1 != want {
			return fmt.Sprintf("err EUSAGE %s takes %d arguments (%s %s), got %d", r.name, want, r.name, r.args,
				len(argv)-1), false
		}
		out, fail := r.run(a, argv[1:])
		if fail != nil {
			return "err " + fail.text, false
		}
		if out == "" {
			return "ok", r.close
		}
		return "ok " + out, r.close
	}
	return "err EUSAGE unknown command " + quote(argv[0]), false
}

// ---- argument parsing -------------------------------------------------------

func number(tok string, max uint64) (uint64, *failure) {
	if tok == "" || len(tok) > 12 || strings.Trim(tok, "0123456789") != "" {
		return 0, errf("EUSAGE", "%s is not a decimal number", quote(tok))
	}
	v, _ := strconv.ParseUint(tok, 10, 64)
	if v > max {
		return 0, errf("EUSAGE", "%s is above %d", quote(tok), max)
	}
	return v, nil
}

func timeoutArg(tok string) (time.Duration, *failure) {
	v, f := number(tok, 1<<40)
	if v > maxTimeout {
		v = maxTimeout
	}
	return time.Duration(v) * time.Millisecond, f
}

func (a *agent) fdArg(tok string) (*sock, *failure) {
	v, f := number(tok, 1<<31)
	if f != nil {
		return nil, f
	}
	k := a.socks[int(v)]
	if k == nil {
		return nil, errf("EBADF", "fd %s is not an agent socket", tok)
	}
	return k, nil
}

// addrArg parses an address of the socket's family; "any" is the wildcard.
func addrArg(tok string, family int) (tcpip.Address, *failure) {
	if tok == "any" {
		return "", nil
	}
	ip := net.ParseIP(tok)
	if ip == nil || strings.Contains(tok, ":") != (family == 6) {
		return "", errf("EUSAGE", "%s is not an IPv%d address", quote(tok), family)
	}
	if family == 4 {
		return tcpip.Address(ip.To4()), nil
	}
	return tcpip.Address(ip.To16()), nil
}

func (k *sock) full(addr tcpip.Address, port uint64) tcpip.FullAddress {
	// netstack keeps the IPv4 end of a dual-stack socket as 4 bytes.
	if ip := net.IP(addr); k.family == 6 && len(addr) == 16 && ip.To4() != nil && !ip.Equal(net.IPv4zero) {
		addr = tcpip.Address(ip.To4())
	}
	return tcpip.FullAddress{Addr: addr, Port: uint16(port)}
}

func addrPort(k *sock, addrTok, portTok string) (tcpip.FullAddress, *failure) {
	addr, f := addrArg(addrTok, k.family)
	if f != nil {
		return tcpip.FullAddress{}, f
	}
	port, f := number(portTok, 65535)
	if f != nil {
		return tcpip.FullAddress{}, f
	}
	return k.full(addr, port), nil
}

// ---- waiting ----------------------------------------------------------------

// waitUntil polls ready() on every event of mask until it holds or d ran out.
func (k *sock) waitUntil(mask waiter.EventMask, d time.Duration, ready func() bool) bool {
	if ready() {
		return true
	}
	if d == 0 {
		return false
	}
	e, ch := waiter.NewChannelEntry(mask | waiter.EventHUp | waiter.EventErr)
	k.wq.EventRegister(&e)
	defer k.wq.EventUnregister(&e)
	timer := time.NewTimer(d)
	defer timer.Stop()
	for !ready() {
		select {
		case <-ch:
		case <-timer.C:
			return ready()
		}
	}
	return true
}

// ---- socket lifecycle -------------------------------------------------------

func (a *agent) add(k *sock) (string, *failure) {
	for fd := 3; fd < 1024; fd++ {
		if a.socks[fd] == nil {
			a.socks[fd] = k
			return "fd=" + strconv.Itoa(fd), nil
		}
	}
	k.ep.Close()
	return "", errf("EMFILE", "more than 1021 agent sockets")
}

func (a *agent) socket(argv []string) (string, *failure) {
	proto := map[string]tcpip.NetworkProtocolNumber{"4": ipv4.ProtocolNumber, "6": ipv6.ProtocolNumber}[argv[0]]
	if proto == 0 {
		return "", errf("EUSAGE", "family %s: want 4 or 6", quote(argv[0]))
	}
	wq := &waiter.Queue{}
	ep, err := a.s.NewEndpoint(tcp.ProtocolNumber, proto, wq)
	if err != nil {
		return "", stackErr("socket", err)
	}
	family := 4
	if argv[0] == "6" {
		family = 6
	}
	return a.add(&sock{ep: ep, wq: wq, family: family})
}

func (a *agent) bind(argv []string) (string, *failure) {
	k, f := a.fdArg(argv[0])
	if f != nil {
		return "", f
	}
	addr, f := addrPort(k, argv[1], argv[2])
	if f != nil {
		return "", f
	}
	if err := k.ep.Bind(addr); err != nil {
		return "", stackErr("bind fd "+argv[0], err)
	}
	return "", nil
}

func (a *agent) listen(argv []string) (string, *failure) {
	k, f := a.fdArg(argv[0])
	if f != nil {
		return "", f
	}
	backlog, f := number(argv[1], 65535)
	if f != nil {
		return "", f
	}
	if backlog > maxListenBacklog {
		backlog = maxListenBacklog
	}
	// One more than asked, as gVisor's listen(2) does for Linux parity.
	if err := k.ep.Listen(int(backlog) + 1); err != nil {
		return "", stackErr("listen fd "+argv[0], err)
	}
	k.backlog = int(backlog)
	return "", nil
}

func (a *agent) accept(argv []string) (string, *failure) {
	k, f := a.fdArg(argv[0])
	if f != nil {
		return "", f
	}
	d, f := timeoutArg(argv[1])
	if f != nil {
		return "", f
	}
	var n tcpip.Endpoint
	var nwq *waiter.Queue
	var err tcpip.Error
	k.waitUntil(waiter.ReadableEvents, d, func() bool {
		n, nwq, err = k.ep.Accept(nil)
		_, again := err.(*tcpip.ErrWouldBlock)
		return !again
	})
	if err != nil {
		if _, again := err.(*tcpip.ErrWouldBlock); again {
			return "", errf("ETIMEDOUT", "accept fd %s: no connection within %d ms", argv[0], d.Milliseconds())
		}
		return "", stackErr("accept fd "+argv[0], err)
	}
	a.accepted[n] = true
	nk := &sock{ep: n, wq: nwq, family: k.family}
	out, f := a.add(nk)
	if f != nil {
		return "", f
	}
	l, r := nk.local(), nk.remote()
	return fmt.Sprintf("%s raddr=%s rport=%d laddr=%s lport=%d", out, r.text, r.port, l.text, l.port), nil
}

func (a *agent) connect(argv []string) (string, *failure) {
	k, f := a.fdArg(argv[0])
	if f != nil {
		return "", f
	}
	addr, f := addrPort(k, argv[1], argv[2])
	if f != nil {
		return "", f
	}
	switch err := k.ep.Connect(addr); err.(type) {
	case nil:
		k.connecting = true
		return "connected", nil
	case *tcpip.ErrConnectStarted:
		k.connecting = true
		return "inprogress", nil
	default:
		return "", stackErr("connect fd "+argv[0], err)
	}
}

func (a *agent) waitConnected(argv []string) (string, *failure) {
	k, f := a.fdArg(argv[0])
	if f != nil {
		return "", f
	}
	d, f := timeoutArg(argv[1])
	if f != nil {
		return "", f
	}
	if !k.connecting {
		return "", errf("ENOTCONN", "wait_connected fd %s: never connected", argv[0])
	}
	pending := func() bool {
		s := tcp.EndpointState(k.ep.State())
		return s == tcp.StateSynSent || s == tcp.StateConnecting
	}
	if !k.waitUntil(waiter.WritableEvents, d, func() bool { return !pending() }) {
		return "", errf("ETIMEDOUT", "wait_connected fd %s: still in progress after %d ms", argv[0], d.Milliseconds())
	}
	if err := k.ep.LastError(); err != nil {
		return "", stackErr("connect fd "+argv[0], err)
	}
	if s := tcp.EndpointState(k.ep.State()); s == tcp.StateError || s == tcp.StateClose {
		return "", errf("ECONNREFUSED", "connect fd %s: the connection ended in %s", argv[0], s)
	}
	return "", nil
}

func (a *agent) shutdown(argv []string) (string, *failure) {
	k, f := a.fdArg(argv[0])
	if f != nil {
		return "", f
	}
	how := map[string]tcpip.ShutdownFlags{"rd": tcpip.ShutdownRead, "wr": tcpip.ShutdownWrite,
		"rdwr": tcpip.ShutdownRead | tcpip.ShutdownWrite}[argv[1]]
	if how == 0 {
		return "", errf("EUSAGE", "shutdown %s: want rd, wr or rdwr", quote(argv[1]))
	}
	if err := k.ep.Shutdown(how); err != nil {
		return "", stackErr("shutdown fd "+argv[0], err)
	}
	return "", nil
}

func (a *agent) close(argv []string) (string, *failure) {
	k, f := a.fdArg(argv[0])
	if f != nil {
		return "", f
	}
	k.ep.Close()
	delete(a.socks, a.fdOf(k))
	return "", nil
}

// abort: SO_LINGER {on, 0} and close, which netstack turns into a RST
// (transport/tcp/endpoint.go: closeLocked -> resetConnectionLocked).
func (a *agent) abort(argv []string) (string, *failure) {
	k, f := a.fdArg(argv[0])
	if f != nil {
		return "", f
	}
	k.ep.SocketOptions().SetLinger(tcpip.LingerOption{Enabled: true, Timeout: 0})
	return a.close(argv)
}

func (a *agent) fdOf(k *sock) int {
	for fd, v := range a.socks {
		if v == k {
			return fd
		}
	}
	return -1
}

// ---- data -------------------------------------------------------------------

func (a *agent) send(argv []string) (string, *failure) {
	k, f := a.fdArg(argv[0])
	if f != nil {
		return "", f
	}
	data, err := hex.DecodeString(argv[1])
	if err != nil || len(data) == 0 || len(data) > maxPayload {
		return "", errf("EUSAGE", "%s is not 1 to %d bytes of hex", quote(argv[1]), maxPayload)
	}
	n, terr := k.ep.Write(bytes.NewReader(data), tcpip.WriteOptions{})
	if terr != nil {
		return "", stackErr("send fd "+argv[0], terr)
	}
	return fmt.Sprintf("n=%d", n), nil
}

func (a *agent) recv(argv []string) (string, *failure) {
	k, f := a.fdArg(argv[0])
	if f != nil {
		return "", f
	}
	max, f := number(argv[1], maxPayload)
	if f == nil && max == 0 {
		f = errf("EUSAGE", "MAX %s must be 1 to %d", quote(argv[1]), maxPayload)
	}
	if f != nil {
		return "", f
	}
	d, f := timeoutArg(argv[2])
	if f != nil {
		return "", f
	}
	var buf bytes.Buffer
	var err tcpip.Error
	k.waitUntil(waiter.ReadableEvents, d, func() bool {
		_, err = k.ep.Read(&tcpip.LimitedWriter{W: &buf, N: int64(max)}, tcpip.ReadOptions{})
		_, again := err.(*tcpip.ErrWouldBlock)
		return !again
	})
	switch err.(type) {
	case nil:
		return fmt.Sprintf("data=%s n=%d", hex.EncodeToString(buf.Bytes()), buf.Len()), nil
	case *tcpip.ErrClosedForReceive:
		return "eof", nil
	case *tcpip.ErrWouldBlock:
		return "", errf("ETIMEDOUT", "recv fd %s: nothing within %d ms", argv[0], d.Milliseconds())
	}
	return "", stackErr("recv fd "+argv[0], err)
}

// ---- addresses and states ---------------------------------------------------

type endpointAddr struct {
	text string
	port uint16
}

func addrText(addr tcpip.Address, family int) string {
	switch {
	case len(addr) == 4 && family == 6:
		return "::ffff:" + net.IP(addr).String()
	case len(addr) == 0 && family == 4:
		return "0.0.0.0"
	case len(addr) == 0:
		return "::"
	}
	return net.IP(addr).String()
}

func (k *sock) local() endpointAddr {
	fa, _ := k.ep.GetLocalAddress()
	return endpointAddr{addrText(fa.Addr, k.family), fa.Port}
}

// remote: the peer, also while connecting (GetRemoteAddress answers only
// once connected; the endpoint's ID has it from connect on).
func (k *sock) remote() endpointAddr {
	if fa, err := k.ep.GetRemoteAddress(); err == nil {
		return endpointAddr{addrText(fa.Addr, k.family), fa.Port}
	}
	if info, ok := k.ep.Info().(*stack.TransportEndpointInfo); ok && info.ID.RemotePort != 0 {
		return endpointAddr{addrText(info.ID.RemoteAddress, k.family), info.ID.RemotePort}
	}
	return endpointAddr{addrText("", k.family), 0}
}

// rfcState names netstack's state as RFC 9293 3.3.2 does; netstack's own
// states before a SYN (INITIAL, BOUND) and after a failure (ERROR) are CLOSED,
// CONNECTING (connect called, SYN not sent yet) is already SYN-SENT.
func rfcState(s tcp.EndpointState) string {
	switch s {
	case tcp.StateEstablished:
		return "ESTABLISHED"
	case tcp.StateSynSent, tcp.StateConnecting:
		return "SYN_SENT"
	case tcp.StateSynRecv:
		return "SYN_RECEIVED"
	case tcp.StateFinWait1:
		return "FIN_WAIT_1"
	case tcp.StateFinWait2:
		return "FIN_WAIT_2"
	case tcp.StateTimeWait:
		return "TIME_WAIT"
	case tcp.StateCloseWait:
		return "CLOSE_WAIT"
	case tcp.StateLastAck:
		return "LAST_ACK"
	case tcp.StateListen:
		return "LISTEN"
	case tcp.StateClosing:
		return "CLOSING"
	}
	return "CLOSED"
}

func stateWords(s tcp.EndpointState) string {
	return "state=" + rfcState(s) + " kstate=" + s.String()
}

// settle lets netstack finish with what the tester just sent: received
// frames go from the link's dispatcher goroutine to TCP's processor
// goroutines (transport/tcp/dispatcher.go), so a state read at once could
// see the state before a segment that is already on the wire. A kernel
// stack processes it before the tester's injection returns.
func settle() { time.Sleep(settleTime) }

const settleTime = 5 * time.Millisecond

func (a *agent) state(argv []string) (string, *failure) {
	k, f := a.fdArg(argv[0])
	if f != nil {
		return "", f
	}
	settle()
	l, r := k.local(), k.remote()
	return fmt.Sprintf("%s laddr=%s lport=%d raddr=%s rport=%d", stateWords(tcp.EndpointState(k.ep.State())),
		l.text, l.port, r.text, r.port), nil
}

// conn is one TCP endpoint of the stack, with or without an agent socket.
type conn struct {
	ep    tcpip.Endpoint
	id    stack.TransportEndpointID
	state tcp.EndpointState
	v6    bool
}

// conns lists the stack's TCP endpoints: those registered with its
// demultiplexer (stack.RegisteredEndpoints: listeners, connections with or
// without a handle, half-open SYN-RCVD ones, TIME-WAIT), then the agent's
// sockets that are not registered (never bound, or closed), once each.
func (a *agent) conns() []conn {
	seen := map[tcpip.Endpoint]bool{}
	var out []conn
	addEP := func(ep tcpip.Endpoint) {
		if seen[ep] {
			return
		}
		seen[ep] = true
		info, ok := ep.Info().(*stack.TransportEndpointInfo)
		if !ok || info.TransProto != tcp.ProtocolNumber {
			return
		}
		out = append(out, conn{ep: ep, id: info.ID, state: tcp.EndpointState(ep.State()),
			v6: info.NetProto == ipv6.ProtocolNumber})
	}
	for _, te := range a.s.RegisteredEndpoints() {
		if ep, ok := te.(tcpip.Endpoint); ok {
			addEP(ep)
		}
	}
	fds := make([]int, 0, len(a.socks))
	for fd := range a.socks {
		fds = append(fds, fd)
	}
	sort.Ints(fds)
	for _, fd := range fds {
		addEP(a.socks[fd].ep)
	}
	sort.SliceStable(out, func(i, j int) bool { return !out[i].v6 && out[j].v6 })
	return out
}

func (c conn) family() int {
	if c.v6 {
		return 6
	}
	return 4
}

func sameAddr(have, want tcpip.Address) bool {
	if len(have) == 4 && len(want) == 16 {
		want = tcpip.Address(net.IP(want).To4())
	}
	return have == want
}

func tupleArg(tok string) (tcpip.Address, *failure) {
	ip := net.ParseIP(tok)
	if ip == nil {
		return "", errf("EUSAGE", "%s is not an IP address", quote(tok))
	}
	if ip4 := ip.To4(); ip4 != nil && !strings.Contains(tok, ":") {
		return tcpip.Address(ip4), nil
	}
	if ip.IsUnspecified() {
		return "", nil
	}
	return tcpip.Address(ip.To16()), nil
}

func (a *agent) tupleState(argv []string) (string, *failure) {
	var addr [2]tcpip.Address
	var port [2]uint64
	for i := 0; i < 2; i++ {
		var f *failure
		if addr[i], f = tupleArg(argv[2*i]); f != nil {
			return "", f
		}
		if port[i], f = number(argv[2*i+1], 65535); f != nil {
			return "", f
		}
	}
	if net.IP(addr[1]).Equal(net.IPv4zero) {
		addr[1] = ""
	}
	settle()
	var best *conn
	for _, c := range a.conns() {
		c := c
		if c.id.LocalPort != uint16(port[0]) || c.id.RemotePort != uint16(port[1]) ||
			!sameAddr(c.id.RemoteAddress, addr[1]) ||
			!(sameAddr(c.id.LocalAddress, addr[0]) || (port[1] == 0 && c.id.LocalAddress == "")) {
			continue
		}
		// A live connection wins over a closed socket on the same tuple.
		if best == nil || rfcState(best.state) == "CLOSED" {
			best = &c
		}
	}
	if best == nil {
		return "state=CLOSED kstate=none", nil
	}
	return stateWords(best.state), nil
}

func (a *agent) sockets([]string) (string, *failure) {
	settle()
	cs := a.conns()
	words := []string{"n=" + strconv.Itoa(len(cs))}
	for i, c := range cs {
		words = append(words, fmt.Sprintf("s%d=%s,%s,%d,%s,%d", i+1, rfcState(c.state),
			addrText(c.id.LocalAddress, c.family()), c.id.LocalPort,
			addrText(c.id.RemoteAddress, c.family()), c.id.RemotePort))
	}
	return strings.Join(words, " "), nil
}

// acceptQueue: netstack does not export its accept queue (endpoint.acceptQueue
// in transport/tcp/endpoint.go), so queued counts the established connections
// on the listener's port that accept has not handed out yet.
func (a *agent) acceptQueue(argv []string) (string, *failure) {
	k, f := a.fdArg(argv[0])
	if f != nil {
		return "", f
	}
	s := tcp.EndpointState(k.ep.State())
	if s != tcp.StateListen {
		return "", errf("EINVAL", "fd %s is not listening (state %s)", argv[0], rfcState(s))
	}
	settle()
	port := k.local().port
	queued := 0
	for _, c := range a.conns() {
		if c.id.LocalPort == port && c.id.RemotePort != 0 && !a.accepted[c.ep] &&
			(c.state == tcp.StateEstablished || c.state == tcp.StateCloseWait) {
			queued++
		}
	}
	return fmt.Sprintf("backlog=%d queued=%d", k.backlog, queued), nil
}
