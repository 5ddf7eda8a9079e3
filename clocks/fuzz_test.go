package clocks

import (
	"bytes"
	"encoding/hex"
	"errors"
	"slices"
	"testing"
)

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// FuzzVectorUnmarshalBinary feeds arbitrary bytes to the binary decoder. It must never panic;
// whatever it accepts must be canonical (re-encoding gives back the input exactly), and the
// decoded clock can hold no more entries than the input has room for.
//
// Tests VC-7, VC-9.
func FuzzVectorUnmarshalBinary(f *testing.F) {
	for _, seed := range []string{"", "00", "020161010162ac02", "05016101", "01000101", "02016201016101",
		"01016100", "02016101016280", "0101610100", "ffffffffffffffffffff01", "ffffffffffffffff7f"} {
		f.Add(mustHex(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v Vector
		if err := v.UnmarshalBinary(data); err != nil {
			if _, ok := err.(*DecodeError); !ok {
				t.Fatalf("error %v is a %T, want *DecodeError", err, err)
			}
			return
		}
		if v.Len() > len(data)/minEncodedEntry {
			t.Fatalf("%d entries from %d bytes", v.Len(), len(data))
		}
		again, err := v.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, data) {
			t.Fatalf("accepted non-canonical input %x; re-encodes as %x", data, again)
		}
		for i, e := range v.entries {
			if e.Counter == 0 || e.Node == "" || i > 0 && v.entries[i-1].Node >= e.Node {
				t.Fatalf("decoded clock breaks the representation invariant: %v", v.entries)
			}
		}
	})
}

// FuzzVectorUnmarshalJSON feeds arbitrary text to the JSON decoder. It must never panic; on
// error the clock is unchanged, and anything accepted survives a round trip.
//
// Tests VC-8, VC-9.
func FuzzVectorUnmarshalJSON(f *testing.F) {
	for _, seed := range []string{`{}`, `null`, `{"a":1,"b":0}`, `{"b":3, "a":1}`, `[1]`, `{"a":-1}`,
		`{"a":1.5}`, `{"a":18446744073709551616}`, `{"a":"1"}`, `{"a":1,"a":2}`, `{"":1}`, `{"a":1} x`,
		`{"a":1`, `{"a\u0000b":7}`, `{"a":1e3}`, ``} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		original, _ := NewVector(map[string]uint64{"keep": 9})
		v := original.Clone()
		if err := v.UnmarshalJSON(data); err != nil {
			if v.Compare(original) != Equal {
				t.Fatalf("failed decode changed the clock to %v", v)
			}
			return
		}
		out, err := v.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var back Vector
		if err := back.UnmarshalJSON(out); err != nil {
			t.Fatalf("re-decoding %s: %v", out, err)
		}
		if !slices.Equal(back.entries, v.entries) {
			t.Fatalf("round trip %v -> %s -> %v", v, out, back)
		}
	})
}

// FuzzHLCUpdate drives an HLC with arbitrary physical readings and remote timestamps, packed
// as 8-byte physical, 8-byte remote wall, 2-byte remote logical, 1-byte choice records. The
// clock must never go backwards, never fall below physical time, and UpdateChecked must
// reject exactly the timestamps too far ahead.
//
// Tests HLC-3, HLC-4, HLC-6.
func FuzzHLCUpdate(f *testing.F) {
	f.Add(uint64(50), mustHex("00000000000000640000000000000068000300"+"00000000000000010000000000000002ffff01"+"ffffffffffffffffffffffffffffffffffff02"))
	f.Add(uint64(0), []byte{})
	f.Fuzz(func(t *testing.T, maxOffset uint64, script []byte) {
		var pt uint64
		h, _ := NewHLC(func() uint64 { return pt }, nil)
		prev := h.Last()
		for len(script) >= 19 {
			rec := script[:19]
			script = script[19:]
			pt = be64(rec[0:8])
			remote := Timestamp{Wall: be64(rec[8:16]), Logical: uint16(rec[16])<<8 | uint16(rec[17])}
			var now Timestamp
			var err error
			switch rec[18] % 3 {
			case 0:
				now, err = h.Now()
			case 1:
				now, err = h.Update(remote)
			case 2:
				now, err = h.UpdateChecked(remote, maxOffset)
				tooFar := remote.Wall > pt && remote.Wall-pt > maxOffset
				var off *ClockOffsetError
				if errors.As(err, &off) != tooFar {
					t.Fatalf("UpdateChecked(%v, %d) at pt %d: err = %v", remote, maxOffset, pt, err)
				}
			}
			if err != nil {
				// Refused (offset, or no timestamp above the largest): the clock stays put.
				if now != prev || h.Last() != prev {
					t.Fatalf("refused event (%v) moved the clock %v -> %v", err, prev, h.Last())
				}
				var ovf *TimestampOverflowError
				if errors.As(err, &ovf) && (ovf.Last != prev || !errors.Is(err, ErrHLCOverflow)) {
					t.Fatalf("overflow error %+v at clock %v", ovf, prev)
				}
				continue
			}
			if !prev.Less(now) {
				t.Fatalf("clock went from %v to %v", prev, now)
			}
			if now.Wall < pt {
				t.Fatalf("l = %d below pt = %d", now.Wall, pt)
			}
			prev = now
		}
	})
}

func be64(b []byte) uint64 {
	var x uint64
	for _, c := range b[:8] {
		x = x<<8 | uint64(c)
	}
	return x
}
