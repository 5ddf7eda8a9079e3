package capture

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/net/bpf"
)

// PortRange is an inclusive range of TCP ports.
type PortRange struct{ Lo, Hi uint16 }

// Ports is a set of TCP ports: the cluster's peer ports.
type Ports []PortRange

// ParsePorts parses a list of ports and ranges: "7001-7005", "7001,7003,9000-9010".
func ParsePorts(s string) (Ports, error) {
	var out Ports
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("no ports: want a list such as 7001-7005 or 7001,7002")
	}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := parsePort(lo)
		if err != nil {
			return nil, fmt.Errorf("port %q: %v", part, err)
		}
		b := a
		if isRange {
			if b, err = parsePort(hi); err != nil {
				return nil, fmt.Errorf("port range %q: %v", part, err)
			}
			if b < a {
				return nil, fmt.Errorf("port range %q: the end is below the start", part)
			}
		}
		out = append(out, PortRange{a, b})
	}
	if len(out) > 32 {
		return nil, fmt.Errorf("%d port ranges: at most 32 fit one filter", len(out))
	}
	return out, nil
}

func parsePort(s string) (uint16, error) {
	n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 16)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("not a port number between 1 and 65535")
	}
	return uint16(n), nil
}

// Contains reports whether p is one of the ports.
func (ps Ports) Contains(p uint16) bool {
	for _, r := range ps {
		if r.Lo <= p && p <= r.Hi {
			return true
		}
	}
	return false
}

func (ps Ports) String() string {
	parts := make([]string, len(ps))
	for i, r := range ps {
		if r.Lo == r.Hi {
			parts[i] = strconv.Itoa(int(r.Lo))
		} else {
			parts[i] = fmt.Sprintf("%d-%d", r.Lo, r.Hi)
		}
	}
	return strings.Join(parts, ",")
}

// TCPDumpExpression is the tcpdump (libpcap) filter equivalent to Filter, for people who
// capture with other tools: "tcp and (portrange 7001-7005)".
func (ps Ports) TCPDumpExpression() string {
	parts := make([]string, len(ps))
	for i, r := range ps {
		if r.Lo == r.Hi {
			parts[i] = fmt.Sprintf("port %d", r.Lo)
		} else {
			parts[i] = fmt.Sprintf("portrange %d-%d", r.Lo, r.Hi)
		}
	}
	return "tcp and (" + strings.Join(parts, " or ") + ")"
}

// matches reports whether an Ethernet-framed packet is a TCP segment from or to one of the
// ports, as Filter decides in the kernel.
func (ps Ports) matches(data []byte) bool {
	if len(data) < 14 {
		return false
	}
	var tcp []byte
	switch binary.BigEndian.Uint16(data[12:]) {
	case 0x0800:
		ip := data[14:]
		if len(ip) < 20 || ip[9] != 6 || binary.BigEndian.Uint16(ip[6:])&0x1fff != 0 {
			return false
		}
		ihl := int(ip[0]&0xf) * 4
		if ihl < 20 || ihl > len(ip) {
			return false
		}
		tcp = ip[ihl:]
	case 0x86dd:
		ip := data[14:]
		if len(ip) < 40 || ip[6] != 6 {
			return false
		}
		tcp = ip[40:]
	default:
		return false
	}
	if len(tcp) < 4 {
		return false
	}
	return ps.Contains(binary.BigEndian.Uint16(tcp)) || ps.Contains(binary.BigEndian.Uint16(tcp[2:]))
}

// packetOutgoing is the kernel's PACKET_OUTGOING packet type: on the loopback interface every
// packet passes twice, once outgoing and once incoming (PACKET_HOST), and only the second is
// kept.
const packetOutgoing = 4

// Filter returns a classic BPF program for a packet socket on an Ethernet-framed interface
// (lo included) that keeps the TCP segments over IPv4 or IPv6 whose source or destination
// port is one of ps, with snaplen bytes of each, drops every outgoing copy (the loopback
// interface shows each packet twice), and drops IPv4 fragments after the first (they carry no
// TCP header).
func Filter(ps Ports, snaplen uint32) ([]bpf.RawInstruction, error) {
	var p program
	p.add(bpf.LoadExtension{Num: bpf.ExtType})
	p.jump(bpf.JumpEqual, packetOutgoing, "reject", "")
	p.add(bpf.LoadAbsolute{Off: 12, Size: 2}) // EtherType
	p.jump(bpf.JumpEqual, 0x0800, "ipv4", "")
	p.jump(bpf.JumpEqual, 0x86dd, "ipv6", "reject")

	p.label("ipv4")
	p.add(bpf.LoadAbsolute{Off: 23, Size: 1}) // protocol
	p.jump(bpf.JumpNotEqual, 6, "reject", "")
	p.add(bpf.LoadAbsolute{Off: 20, Size: 2}) // flags and fragment offset
	p.jump(bpf.JumpBitsSet, 0x1fff, "reject", "")
	p.add(bpf.LoadMemShift{Off: 14}) // X = IPv4 header length
	p.add(bpf.LoadIndirect{Off: 14, Size: 2})
	p.ports(ps, "4src")
	p.label("4src")
	p.add(bpf.LoadIndirect{Off: 16, Size: 2})
	p.ports(ps, "reject")

	p.label("ipv6")
	p.add(bpf.LoadAbsolute{Off: 20, Size: 1}) // next header (extension headers are not followed)
	p.jump(bpf.JumpNotEqual, 6, "reject", "")
	p.add(bpf.LoadAbsolute{Off: 54, Size: 2})
	p.ports(ps, "6src")
	p.label("6src")
	p.add(bpf.LoadAbsolute{Off: 56, Size: 2})
	p.ports(ps, "reject")

	p.label("accept")
	p.add(bpf.RetConstant{Val: snaplen})
	p.label("reject")
	p.add(bpf.RetConstant{Val: 0})
	insns, err := p.resolve()
	if err != nil {
		return nil, err
	}
	return bpf.Assemble(insns)
}

// program assembles BPF with symbolic jump targets.
type program struct {
	insns  []bpf.Instruction
	jumps  map[int][2]string // instruction index -> true, false targets ("" = next)
	labels map[string]int
	n      int // labels made by ports
}

func (p *program) add(i bpf.Instruction) { p.insns = append(p.insns, i) }

func (p *program) label(name string) {
	if p.labels == nil {
		p.labels = map[string]int{}
	}
	p.labels[name] = len(p.insns)
}

func (p *program) jump(cond bpf.JumpTest, val uint32, ifTrue, ifFalse string) {
	if p.jumps == nil {
		p.jumps = map[int][2]string{}
	}
	p.jumps[len(p.insns)] = [2]string{ifTrue, ifFalse}
	p.add(bpf.JumpIf{Cond: cond, Val: val})
}

// ports tests the accumulator against every range: a match jumps to accept, no match to
// miss.
func (p *program) ports(ps Ports, miss string) {
	for k, r := range ps {
		next := miss
		if k < len(ps)-1 {
			p.n++
			next = fmt.Sprintf("range%d", p.n)
		}
		if r.Lo == r.Hi {
			p.jump(bpf.JumpEqual, uint32(r.Lo), "accept", next)
		} else {
			p.jump(bpf.JumpGreaterOrEqual, uint32(r.Lo), "", next)
			p.jump(bpf.JumpLessOrEqual, uint32(r.Hi), "accept", next)
		}
		if k < len(ps)-1 {
			p.label(next)
		}
	}
}

func (p *program) resolve() ([]bpf.Instruction, error) {
	out := make([]bpf.Instruction, len(p.insns))
	copy(out, p.insns)
	for at, targets := range p.jumps {
		ji := out[at].(bpf.JumpIf)
		for k, name := range targets {
			skip := 0
			if name != "" {
				to, ok := p.labels[name]
				if !ok {
					return nil, fmt.Errorf("bpf: no label %q", name)
				}
				skip = to - at - 1
				if skip < 0 || skip > 255 {
					return nil, fmt.Errorf("bpf: jump to %q is %d instructions long", name, skip)
				}
			}
			if k == 0 {
				ji.SkipTrue = uint8(skip)
			} else {
				ji.SkipFalse = uint8(skip)
			}
		}
		out[at] = ji
	}
	return out, nil
}
