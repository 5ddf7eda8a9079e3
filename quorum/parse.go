package quorum

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxParseLen is the longest text Parse and ParseSet read: far more than any system of at most
// 64 members takes to write, so that hostile input costs at most a small multiple of this.
const MaxParseLen = 1 << 16

// Parse reads a system in the textual form its String method writes:
//
//	majority {0-2}
//	threshold k=3 {0-4}
//	flexible q1=4 q2=2 {0-4}
//	readwrite r=2 w=2 {0-2}
//	grid rows=2 cols=3 {0-5}
//	weighted r=3 w=3 votes=2,1,1,1 {0-3}
//	majority {0-2} & majority {2-4}
//
// The parameters may come in any order; the member set comes last, and weighted votes are
// listed in ascending member order. Two systems joined by "&"
// form a Joint (old & new). Parse returns the constructors' errors, including *DisjointError for
// configurations whose quorums do not intersect as they must, and otherwise an error naming the
// offending part of the text. Text longer than MaxParseLen is refused unread.
//
//
func Parse(text string) (System, error) {
	if len(text) > MaxParseLen {
		return nil, fmt.Errorf("quorum: system text is %d bytes, more than the %d a system of 64 members needs (MaxParseLen)", len(text), MaxParseLen)
	}
	halves := strings.Split(text, "&")
	switch len(halves) {
	case 1:
		return parseSimple(text)
	case 2:
		old, err := parseSimple(halves[0])
		if err != nil {
			return nil, err
		}
		new, err := parseSimple(halves[1])
		if err != nil {
			return nil, err
		}
		return NewJoint(old, new)
	}
	return nil, fmt.Errorf("quorum: parse %q: a joint system has exactly two halves, found %d", text, len(halves))
}

func parseSimple(text string) (System, error) {
	text = strings.TrimSpace(text)
	brace := strings.IndexByte(text, '{')
	if brace < 0 {
		return nil, fmt.Errorf("quorum: parse %q: missing the member set, e.g. {0-2}", text)
	}
	members, err := ParseSet(strings.TrimSpace(text[brace:]))
	if err != nil {
		return nil, fmt.Errorf("quorum: parse %q: %v", text, err)
	}
	fields := strings.Fields(text[:brace])
	if len(fields) == 0 {
		return nil, fmt.Errorf("quorum: parse %q: missing the system name before the member set", text)
	}
	name, params := fields[0], map[string]string{}
	for _, f := range fields[1:] {
		key, value, ok := strings.Cut(f, "=")
		if !ok || key == "" || value == "" {
			return nil, fmt.Errorf("quorum: parse %q: parameter %q is not key=value", text, f)
		}
		if _, dup := params[key]; dup {
			return nil, fmt.Errorf("quorum: parse %q: parameter %q given twice", text, key)
		}
		params[key] = value
	}
	p := paramReader{text: text, params: params}
	var sys System
	switch name {
	case "majority":
		sys = NewMajority(members)
	case "threshold":
		k := p.int("k")
		if p.err == nil {
			sys, err = NewThreshold(k, members)
		}
	case "flexible":
		q1, q2 := p.int("q1"), p.int("q2")
		if p.err == nil {
			sys, err = NewFlexible(q1, q2, members)
		}
	case "readwrite":
		r, w := p.int("r"), p.int("w")
		if p.err == nil {
			sys, err = NewReadWrite(r, w, members)
		}
	case "grid":
		rows, cols := p.int("rows"), p.int("cols")
		if p.err == nil {
			sys, err = NewGrid(rows, cols, members)
		}
	case "weighted":
		r, w, votes := p.int("r"), p.int("w"), p.ints("votes")
		if p.err == nil {
			sys, err = NewWeighted(r, w, members, votes)
		}
	default:
		return nil, fmt.Errorf("quorum: parse %q: unknown system %q (want majority, threshold, flexible, readwrite, grid or weighted)", text, name)
	}
	if p.err != nil {
		return nil, p.err
	}
	if err != nil {
		return nil, err
	}
	for key := range params {
		if !p.used[key] {
			return nil, fmt.Errorf("quorum: parse %q: %s takes no parameter %q", text, name, key)
		}
	}
	return sys, nil
}

// paramReader reads key=value parameters, keeping the first error.
type paramReader struct {
	text   string
	params map[string]string
	used   map[string]bool
	err    error
}

func (p *paramReader) raw(key string) (string, bool) {
	if p.err != nil {
		return "", false
	}
	if p.used == nil {
		p.used = map[string]bool{}
	}
	value, ok := p.params[key]
	if !ok {
		p.err = fmt.Errorf("quorum: parse %q: missing parameter %s=", p.text, key)
		return "", false
	}
	p.used[key] = true
	return value, true
}

func (p *paramReader) int(key string) int {
	value, ok := p.raw(key)
	if !ok {
		return 0
	}
	return p.atoi(key, value)
}

func (p *paramReader) ints(key string) []int {
	value, ok := p.raw(key)
	if !ok {
		return nil
	}
	if n := strings.Count(value, ",") + 1; n > MaxMembers {
		if p.err == nil {
			p.err = fmt.Errorf("quorum: parse %q: %s lists %d numbers, more than the %d members a system may have", p.text, key, n, MaxMembers)
		}
		return nil
	}
	var out []int
	for item := range strings.SplitSeq(value, ",") {
		out = append(out, p.atoi(key, item))
	}
	return out
}

func (p *paramReader) atoi(key, value string) int {
	n, err := strconv.Atoi(value)
	if err != nil || n < 0 || n > MaxTotalVotes {
		if p.err == nil {
			p.err = fmt.Errorf("quorum: parse %q: %s=%q is not a whole number in 0..%d", p.text, key, value, MaxTotalVotes)
		}
		return 0
	}
	return n
}
