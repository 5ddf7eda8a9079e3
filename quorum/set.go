package quorum

import (
	"fmt"
	"iter"
	"math/bits"
	"strconv"
	"strings"
)

// MaxMembers is the largest number of members a system may have: member IDs are 0..63 so that a
// Set fits in one machine word.
const MaxMembers = 64

// A Set is a set of member IDs in 0..63, one bit per member. Set operations are single
// instructions and never allocate, which is what keeps IsQuorum and VoteResult cheap.
//
//
type Set uint64

// NewSet returns the set of the given IDs, or an error naming the first ID outside 0..63.
func NewSet(ids ...int) (Set, error) {
	var s Set
	for i, id := range ids {
		if id < 0 || id >= MaxMembers {
			return 0, fmt.Errorf("quorum: member ID %d (argument %d) is outside 0..%d", id, i, MaxMembers-1)
		}
		s |= 1 << uint(id)
	}
	return s, nil
}

// Range returns the set {lo, lo+1, ..., hi-1}, clipped to 0..63.
func Range(lo, hi int) Set {
	lo = max(lo, 0)
	hi = min(hi, MaxMembers)
	if lo >= hi {
		return 0
	}
	// For hi-lo == 64 the shift yields 0 and the subtraction wraps to all ones, as wanted.
	return Set(((uint64(1) << uint(hi-lo)) - 1) << uint(lo))
}

// Has reports whether id is in s. IDs outside 0..63 are never members.
func (s Set) Has(id int) bool { return id >= 0 && id < MaxMembers && s&(1<<uint(id)) != 0 }

// With returns s plus id; IDs outside 0..63 leave s unchanged (use NewSet to validate input).
func (s Set) With(id int) Set {
	if id < 0 || id >= MaxMembers {
		return s
	}
	return s | 1<<uint(id)
}

// Without returns s minus id.
func (s Set) Without(id int) Set {
	if id < 0 || id >= MaxMembers {
		return s
	}
	return s &^ (1 << uint(id))
}

// Len returns the number of members in s.
func (s Set) Len() int { return bits.OnesCount64(uint64(s)) }

// Union returns s ∪ t.
func (s Set) Union(t Set) Set { return s | t }

// Intersect returns s ∩ t.
func (s Set) Intersect(t Set) Set { return s & t }

// Minus returns s \ t.
func (s Set) Minus(t Set) Set { return s &^ t }

// SubsetOf reports whether every member of s is in t.
func (s Set) SubsetOf(t Set) bool { return s&^t == 0 }

// All yields the members of s in ascending order.
func (s Set) All() iter.Seq[int] {
	return func(yield func(int) bool) {
		for rest := uint64(s); rest != 0; rest &= rest - 1 {
			if !yield(bits.TrailingZeros64(rest)) {
				return
			}
		}
	}
}

// IDs returns the members of s in ascending order.
func (s Set) IDs() []int {
	ids := make([]int, 0, s.Len())
	for id := range s.All() {
		ids = append(ids, id)
	}
	return ids
}

// String formats s as in "{0-2,5,7-9}": ascending, runs of three or more as ranges. ParseSet
// reads this form back.
func (s Set) String() string {
	var b strings.Builder
	b.WriteByte('{')
	first := true
	for id := 0; id < MaxMembers; {
		if !s.Has(id) {
			id++
			continue
		}
		end := id
		for end+1 < MaxMembers && s.Has(end+1) {
			end++
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		b.WriteString(strconv.Itoa(id))
		switch {
		case end == id+1:
			b.WriteByte(',')
			b.WriteString(strconv.Itoa(end))
		case end > id+1:
			b.WriteByte('-')
			b.WriteString(strconv.Itoa(end))
		}
		id = end + 1
	}
	b.WriteByte('}')
	return b.String()
}

// ParseSet reads a set in the form String writes: braces around comma-separated IDs or
// inclusive ranges "lo-hi", e.g. "{}", "{3}", "{0-4,9}". Spaces after commas are allowed.
func ParseSet(text string) (Set, error) {
	if len(text) > MaxParseLen {
		return 0, fmt.Errorf("quorum: set text is %d bytes, more than MaxParseLen (%d)", len(text), MaxParseLen)
	}
	inner, ok := strings.CutPrefix(text, "{")
	if ok {
		inner, ok = strings.CutSuffix(inner, "}")
	}
	if !ok {
		return 0, fmt.Errorf("quorum: set %q must be enclosed in braces, e.g. {0-2,5}", text)
	}
	var s Set
	if strings.TrimSpace(inner) == "" {
		return 0, nil
	}
	for i, item := range strings.Split(inner, ",") {
		item = strings.TrimSpace(item)
		loText, hiText, isRange := strings.Cut(item, "-")
		lo, err := parseID(loText)
		if err != nil {
			return 0, fmt.Errorf("quorum: set %q, item %d %q: %v", text, i+1, item, err)
		}
		hi := lo
		if isRange {
			if hi, err = parseID(hiText); err != nil {
				return 0, fmt.Errorf("quorum: set %q, item %d %q: %v", text, i+1, item, err)
			}
			if hi < lo {
				return 0, fmt.Errorf("quorum: set %q, item %d %q: range end %d is below its start %d", text, i+1, item, hi, lo)
			}
		}
		s |= Range(lo, hi+1)
	}
	return s, nil
}

func parseID(text string) (int, error) {
	if text == "" {
		return 0, fmt.Errorf("missing member ID")
	}
	for _, c := range text {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("member ID %q is not a decimal number", text)
		}
	}
	if trimmed := strings.TrimLeft(text, "0"); len(trimmed) > 2 {
		return 0, fmt.Errorf("member ID %s is outside 0..%d", text, MaxMembers-1)
	}
	id, _ := strconv.Atoi(text)
	if id >= MaxMembers {
		return 0, fmt.Errorf("member ID %d is outside 0..%d", id, MaxMembers-1)
	}
	return id, nil
}
