package clocks

import (
	"fmt"
	"math"
)

// MaxPackedWall is the largest physical component a Timestamp can have and still be packed
// into 48 bits.
const MaxPackedWall = 1<<48 - 1

// Timestamp is a hybrid logical clock reading (l, c): Wall is the largest physical time the
// clock has heard of and Logical counts events that share that Wall. Timestamps are ordered
// lexicographically by (Wall, Logical). The unit of Wall is whatever the HLC's physical clock
// returns (SystemMillis uses milliseconds since the Unix epoch).
//
// Implements HLC-9.
type Timestamp struct {
	Wall    uint64
	Logical uint16
}

// Compare returns -1, 0 or +1 as t is less than, equal to or greater than u in the order
// (Wall, Logical).
//
// Implements HLC-9.
func (t Timestamp) Compare(u Timestamp) int {
	switch {
	case t.Wall < u.Wall:
		return -1
	case t.Wall > u.Wall:
		return 1
	case t.Logical < u.Logical:
		return -1
	case t.Logical > u.Logical:
		return 1
	}
	return 0
}

// Less reports whether t orders strictly before u.
//
// Implements HLC-9.
func (t Timestamp) Less(u Timestamp) bool {
	return t.Wall < u.Wall || t.Wall == u.Wall && t.Logical < u.Logical
}

// Next returns the smallest timestamp greater than t: the logical counter plus one, or, when
// the counter is already at its maximum, the next Wall with counter 0. The largest possible
// timestamp has no successor and Next returns it unchanged with ok false.
//
// Implements HLC-9, HLC-11.
func (t Timestamp) Next() (next Timestamp, ok bool) {
	if t.Logical < math.MaxUint16 {
		return Timestamp{Wall: t.Wall, Logical: t.Logical + 1}, true
	}
	if t.Wall == math.MaxUint64 {
		return t, false
	}
	return Timestamp{Wall: t.Wall + 1}, true
}

// Pack returns t in 64 bits: Wall in the high 48 bits and Logical in the low 16, so that
// packed timestamps compare as unsigned integers exactly as Compare orders them. A Wall above
// MaxPackedWall does not fit and is an error.
//
// Implements HLC-10.
func (t Timestamp) Pack() (uint64, error) {
	if t.Wall > MaxPackedWall {
		return 0, fmt.Errorf("clocks: HLC wall time %d does not fit in 48 bits (max %d)", t.Wall, uint64(MaxPackedWall))
	}
	return t.Wall<<16 | uint64(t.Logical), nil
}

// UnpackTimestamp is the inverse of Pack. Every uint64 is a valid packed timestamp.
//
// Implements HLC-10.
func UnpackTimestamp(packed uint64) Timestamp {
	return Timestamp{Wall: packed >> 16, Logical: uint16(packed)}
}

// String formats t as "wall.logical", for example "1700000000000.3".
func (t Timestamp) String() string {
	return fmt.Sprintf("%d.%d", t.Wall, t.Logical)
}
