package clocks

// Ordering is the causal relation between two clock readings: exactly one of Before, After,
// Equal and Concurrent holds for any pair.
type Ordering int

const (
	// Equal: the two readings describe the same causal history.
	Equal Ordering = iota
	// Before: the left reading happened before the right one.
	Before
	// After: the right reading happened before the left one.
	After
	// Concurrent: neither reading happened before the other.
	Concurrent
)

// String returns the lower-case name of o, as used in test scripts.
func (o Ordering) String() string {
	switch o {
	case Equal:
		return "equal"
	case Before:
		return "before"
	case After:
		return "after"
	case Concurrent:
		return "concurrent"
	}
	return "ordering(" + itoa(int64(o)) + ")"
}

// orderingOf turns the two facts gathered by a pointwise comparison into an Ordering: less says
// some entry of the left reading is smaller, greater says some entry is larger.
func orderingOf(less, greater bool) Ordering {
	switch {
	case less && greater:
		return Concurrent
	case less:
		return Before
	case greater:
		return After
	}
	return Equal
}

func itoa(n int64) string {
	var buf [20]byte
	i := len(buf)
	neg := n < 0
	u := uint64(n)
	if neg {
		u = -u
	}
	for {
		i--
		buf[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}
