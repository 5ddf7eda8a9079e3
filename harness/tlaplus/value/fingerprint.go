package value

import (
	"math/bits"
)

// Fingerprint returns the 64-bit fingerprint of v. Equal values have equal fingerprints whatever
// their representation; lazy sets are fingerprinted as their enumeration, so an infinite set has no
// fingerprint and yields an error wrapping ErrInfinite.
func Fingerprint(v Value) (uint64, error) {
	h := hasher{state: 0x9e3779b97f4a7c15}
	if err := h.value(v); err != nil {
		return 0, err
	}
	return mix64(h.state ^ h.count), nil
}

// hasher folds a stream of 64-bit words into a state.
type hasher struct {
	state uint64
	count uint64
}

func mix64(x uint64) uint64 {
	// splitmix64's finalizer: a bijection with full avalanche.
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// word folds one word in with one multiplication: a bijection of the state for each word, so
// streams that differ in one word differ in the state; mix64 at the end spreads the bits.
func (h *hasher) word(w uint64) {
	h.count++
	x := (bits.RotateLeft64(h.state, 27) ^ w) * 0x9e3779b97f4a7c15
	h.state = x ^ (x >> 31)
}

// Tags distinguishing kinds in the hashed stream.
const (
	tagBool uint64 = iota + 0x51
	tagInt
	tagString
	tagModel
	tagFunc
	tagSet
)

func (h *hasher) str(s string) {
	h.word(uint64(len(s)))
	for len(s) >= 8 {
		h.word(uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56)
		s = s[8:]
	}
	var w uint64
	for i := 0; i < len(s); i++ {
		w |= uint64(s[i]) << (8 * i)
	}
	h.word(w)
}

func (h *hasher) value(v Value) error {
	switch x := v.(type) {
	case Bool:
		h.word(tagBool)
		if x {
			h.word(1)
		} else {
			h.word(0)
		}
	case Int:
		h.word(tagInt)
		h.word(uint64(x))
	case Str:
		h.word(tagString)
		h.str(string(x))
	case ModelValue:
		h.word(tagModel)
		h.str(x.Name)
	case Tuple:
		h.word(tagFunc)
		h.word(uint64(len(x)))
		for i, e := range x {
			h.word(tagInt)
			h.word(uint64(i + 1))
			if err := h.value(e); err != nil {
				return err
			}
		}
	case *Record:
		h.word(tagFunc)
		h.word(uint64(len(x.names)))
		for i, n := range x.names {
			h.word(tagString)
			h.str(n)
			if err := h.value(x.values[i]); err != nil {
				return err
			}
		}
	case SetValue:
		s, err := x.Enumerate()
		if err != nil {
			return err
		}
		h.word(tagSet)
		h.word(uint64(len(s.elems)))
		for _, e := range s.elems {
			if err := h.value(e); err != nil {
				return err
			}
		}
	default:
		if v.Kind() != KindFunc {
			return TypeError("a value", v)
		}
		f, err := AsFunc(v)
		if err != nil {
			return err
		}
		h.word(tagFunc)
		h.word(uint64(f.Len()))
		for i := 0; i < f.Len(); i++ {
			if err := h.value(f.DomainAt(i)); err != nil {
				return err
			}
			if err := h.value(f.ValueAt(i)); err != nil {
				return err
			}
		}
	}
	return nil
}
