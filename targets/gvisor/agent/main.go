// gvisor-agent - the synfin agent (targets/AGENT.md, protocol version 1) for
// gVisor's userspace TCP/IP stack, netstack (gvisor.dev/gvisor/pkg/tcpip).
//
// Started by synfin's stack backend (--target gvisor) in the target
// namespace, it builds one netstack NIC on the interface synfin gave
// ($SYNFIN_IF: a veth end read through AF_PACKET, or a tap), with synfin's
// MAC, MTU and both addresses of each family, answers ARP and neighbour
// solicitations, and then serves agent requests on stdin/stdout, acting on
// netstack's endpoints (tcpip.Endpoint) instead of kernel sockets.
package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"syscall"

	"gvisor.dev/gvisor/pkg/tcpip"
	"gvisor.dev/gvisor/pkg/tcpip/header"
	"gvisor.dev/gvisor/pkg/tcpip/network/arp"
	"gvisor.dev/gvisor/pkg/tcpip/network/ipv4"
	"gvisor.dev/gvisor/pkg/tcpip/network/ipv6"
	"gvisor.dev/gvisor/pkg/tcpip/stack"
	"gvisor.dev/gvisor/pkg/tcpip/transport/tcp"
	"gvisor.dev/gvisor/pkg/tcpip/transport/udp"
)

const (
	agentName  = "gvisor-netstack"
	nicID      = tcpip.NICID(1)
	maxRequest = 131328 // targets/AGENT.md, "Wire format"
	maxPayload = 65536
	maxTimeout = 60000
)

var stderr = os.Stderr

const usage = `usage: gvisor-agent [--help]
Serves synfin agent requests (targets/AGENT.md) on stdin/stdout for gVisor's
netstack attached to $SYNFIN_IF ($SYNFIN_LINK veth or tap) with $SYNFIN_MAC,
$SYNFIN_MTU, $SYNFIN_ADDR4[_2]/$SYNFIN_PREFIX4, $SYNFIN_ADDR6[_2]/$SYNFIN_PREFIX6.
$SYNFIN_FAULT=drop-rst|drop-fin-after-first drops those outgoing segments.
`

// dieWithParent: PR_SET_PDEATHSIG, then the checks of targets/AGENT.md
// ("Running synfin-agent") against a parent that died before it.
func dieWithParent() {
	ppid := os.Getppid()
	syscall.RawSyscall(syscall.SYS_PRCTL, syscall.PR_SET_PDEATHSIG, uintptr(syscall.SIGKILL), 0)
	if os.Getppid() != ppid {
		os.Exit(1)
	}
	if want := os.Getenv("SYNFIN_AGENT_PARENT"); want != "" && want != strconv.Itoa(ppid) {
		os.Exit(1)
	}
}

func env(name string) (string, error) {
	v := os.Getenv(name)
	if v == "" {
		return "", fmt.Errorf("%s is not set (run me through synfin --target gvisor)", name)
	}
	return v, nil
}

func addAddress(s *stack.Stack, text, prefix string) error {
	ip := net.ParseIP(text)
	plen, err := strconv.Atoi(prefix)
	if ip == nil || err != nil {
		return fmt.Errorf("bad address '%s/%s'", text, prefix)
	}
	proto, addr := tcpip.NetworkProtocolNumber(ipv6.ProtocolNumber), tcpip.Address(ip.To16())
	if ip4 := ip.To4(); ip4 != nil {
		proto, addr = ipv4.ProtocolNumber, tcpip.Address(ip4)
	}
	pa := tcpip.ProtocolAddress{Protocol: proto, AddressWithPrefix: tcpip.AddressWithPrefix{Address: addr, PrefixLen: plen}}
	if err := s.AddProtocolAddress(nicID, pa, stack.AddressProperties{}); err != nil {
		return fmt.Errorf("add address %s: %s", text, err)
	}
	return nil
}

// newStack builds netstack as synfin's SYNFIN_* variables describe it.
func newStack() (*stack.Stack, error) {
	var v [10]string
	names := []string{"SYNFIN_IF", "SYNFIN_MAC", "SYNFIN_MTU", "SYNFIN_ADDR4", "SYNFIN_ADDR4_2",
		"SYNFIN_PREFIX4", "SYNFIN_ADDR6", "SYNFIN_ADDR6_2", "SYNFIN_PREFIX6", "SYNFIN_LINK"}
	for i, n := range names {
		var err error
		if v[i], err = env(n); err != nil {
			return nil, err
		}
	}
	mac, err := net.ParseMAC(v[1])
	mtu, err2 := strconv.ParseUint(v[2], 10, 32)
	if err != nil || err2 != nil {
		return nil, fmt.Errorf("bad SYNFIN_MAC '%s' or SYNFIN_MTU '%s'", v[1], v[2])
	}
	s := stack.New(stack.Options{
		NetworkProtocols: []stack.NetworkProtocolFactory{ipv4.NewProtocol, arp.NewProtocol,
			// No DAD, no router solicitations: the link is synfin's
			// alone and the tester's capture sees only what tests cause.
			ipv6.NewProtocolWithOptions(ipv6.Options{})},
		// UDP only so that a datagram to a closed port gets ICMP port
		// unreachable (RFC 1122 3.2.2.1) as from a host, not protocol unreachable.
		TransportProtocols: []stack.TransportProtocolFactory{tcp.NewProtocol, udp.NewProtocol},
	})
	link, err := openLink(v[9], v[0], mac, uint32(mtu))
	if err != nil {
		return nil, err
	}
	if fault := os.Getenv("SYNFIN_FAULT"); fault != "" {
		if link, err = withFault(link, fault); err != nil {
			return nil, err
		}
	}
	if err := s.CreateNIC(nicID, link); err != nil {
		return nil, fmt.Errorf("create NIC on %s: %s", v[0], err)
	}
	for _, a := range [][2]string{{v[3], v[5]}, {v[4], v[5]}, {v[6], v[8]}, {v[7], v[8]}} {
		if err := addAddress(s, a[0], a[1]); err != nil {
			return nil, err
		}
	}
	s.SetRouteTable([]tcpip.Route{
		{Destination: header.IPv4EmptySubnet, NIC: nicID},
		{Destination: header.IPv6EmptySubnet, NIC: nicID},
	})
	return s, nil
}

// readRequest reads one line; an over-long one is read to its end and
// reported as too long (targets/AGENT.md, "Wire format").
func readRequest(r *bufio.Reader) (line string, tooLong bool, err error) {
	var buf []byte
	for {
		part, isPrefix, err := r.ReadLine()
		if err != nil {
			return "", false, err
		}
		if len(buf)+len(part) > maxRequest {
			tooLong = true
		} else {
			buf = append(buf, part...)
		}
		if !isPrefix {
			break
		}
	}
	if n := len(buf); n > 0 && buf[n-1] == '\r' {
		buf = buf[:n-1]
	}
	return string(buf), tooLong, nil
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "--help" {
		fmt.Print(usage)
		return
	}
	if len(os.Args) > 1 {
		fmt.Fprintf(stderr, "gvisor-agent: unknown argument '%s'\n%s", os.Args[1], usage)
		os.Exit(2)
	}
	dieWithParent()
	signalIgnorePipe()
	s, err := newStack()
	if err != nil {
		fmt.Fprintf(stderr, "gvisor-agent: %v\n", err)
		os.Exit(1)
	}
	a := newAgent(s)
	in, out := bufio.NewReaderSize(os.Stdin, 65536), bufio.NewWriter(os.Stdout)
	for {
		line, tooLong, err := readRequest(in)
		if err != nil {
			a.closeAll()
			if err != io.EOF {
				fmt.Fprintf(stderr, "gvisor-agent: reading requests: %v\n", err)
				os.Exit(1)
			}
			return // end of input: exit 0
		}
		reply, quit := a.handle(line, tooLong)
		if _, err := out.WriteString(reply + "\n"); err != nil || out.Flush() != nil {
			os.Exit(1)
		}
		if quit {
			a.closeAll()
			return
		}
	}
}
