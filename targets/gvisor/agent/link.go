// link.go - the agent's link layer: netstack's fdbased endpoint on an
// AF_PACKET socket bound to $SYNFIN_IF (link=veth) or on the tap's fd
// (link=tap), optionally wrapped by a fault switch that drops segments the
// stack sends, so the scripts that check them fail on purpose.
package main

import (
	"fmt"
	"net"
	"sync/atomic"
	"syscall"

	"gvisor.dev/gvisor/pkg/tcpip"
	"gvisor.dev/gvisor/pkg/tcpip/header"
	"gvisor.dev/gvisor/pkg/tcpip/link/fdbased"
	"gvisor.dev/gvisor/pkg/tcpip/link/tun"
	"gvisor.dev/gvisor/pkg/tcpip/stack"
)

func htons(v uint16) uint16 { return v<<8 | v>>8 }

// packetSocket is an AF_PACKET socket that sees every frame of ifname. The
// kernel does not loop a socket's own frames back to it, so netstack reads
// only the tester's frames.
func packetSocket(ifname string) (int, error) {
	ifi, err := net.InterfaceByName(ifname)
	if err != nil {
		return -1, err
	}
	fd, err := syscall.Socket(syscall.AF_PACKET, syscall.SOCK_RAW|syscall.SOCK_CLOEXEC, int(htons(syscall.ETH_P_ALL)))
	if err != nil {
		return -1, fmt.Errorf("AF_PACKET socket: %w", err)
	}
	sa := &syscall.SockaddrLinklayer{Protocol: htons(syscall.ETH_P_ALL), Ifindex: ifi.Index}
	if err := syscall.Bind(fd, sa); err != nil {
		syscall.Close(fd)
		return -1, fmt.Errorf("bind AF_PACKET to %s: %w", ifname, err)
	}
	return fd, nil
}

// openLink attaches to the interface synfin gave: link is "veth" or "tap".
func openLink(link, ifname string, mac net.HardwareAddr, mtu uint32) (stack.LinkEndpoint, error) {
	var fd int
	var err error
	if link == "tap" {
		fd, err = tun.OpenTAP(ifname)
	} else {
		fd, err = packetSocket(ifname)
	}
	if err != nil {
		return nil, fmt.Errorf("attach to %s (%s): %w", ifname, link, err)
	}
	return fdbased.New(&fdbased.Options{
		FDs:                []int{fd},
		MTU:                mtu,
		EthernetHeader:     true,
		Address:            tcpip.LinkAddress(mac),
		PacketDispatchMode: fdbased.RecvMMsg,
	})
}

// faultEndpoint drops outgoing TCP segments: every RST (drop-rst), or every
// FIN after the first one the stack sends (drop-fin-after-first).
type faultEndpoint struct {
	stack.LinkEndpoint
	fault   string
	finSeen atomic.Bool
}

var faults = []string{"drop-rst", "drop-fin-after-first"}

func withFault(ep stack.LinkEndpoint, fault string) (stack.LinkEndpoint, error) {
	for _, f := range faults {
		if f == fault {
			return &faultEndpoint{LinkEndpoint: ep, fault: fault}, nil
		}
	}
	return nil, fmt.Errorf("SYNFIN_FAULT='%s': want drop-rst or drop-fin-after-first", fault)
}

func (f *faultEndpoint) drop(pkt stack.PacketBufferPtr) bool {
	if pkt.TransportProtocolNumber != header.TCPProtocolNumber {
		return false
	}
	tcp := header.TCP(pkt.TransportHeader().Slice())
	if len(tcp) < header.TCPMinimumSize {
		return false
	}
	flags := tcp.Flags()
	switch f.fault {
	case "drop-rst":
		return flags.Contains(header.TCPFlagRst)
	case "drop-fin-after-first":
		return flags.Contains(header.TCPFlagFin) && f.finSeen.Swap(true)
	}
	return false
}

// WritePackets passes on what the fault lets through and reports every
// packet as written, so the stack sees a dropped one as lost on the wire.
func (f *faultEndpoint) WritePackets(pkts stack.PacketBufferList) (int, tcpip.Error) {
	var keep stack.PacketBufferList
	for _, pkt := range pkts.AsSlice() {
		if f.drop(pkt) {
			fmt.Fprintf(stderr, "gvisor-agent: fault %s dropped a segment\n", f.fault)
			continue
		}
		keep.PushBack(pkt)
	}
	if keep.Len() > 0 {
		if _, err := f.LinkEndpoint.WritePackets(keep); err != nil {
			return 0, err
		}
	}
	return pkts.Len(), nil
}
