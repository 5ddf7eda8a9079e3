package clocks

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
)

// minEncodedEntry is the fewest bytes one entry can take: a one-byte length, a one-byte node ID
// and a one-byte counter. Decoders use it to reject entry counts the input cannot hold before
// allocating anything.
const minEncodedEntry = 3

// AppendBinary appends the binary encoding of v to buf and returns the extended buffer:
//
//	uvarint(number of entries)
//	for each entry, in ascending node order:
//	    uvarint(len(node)) node-bytes uvarint(counter)
//
// Counters are never 0 and node IDs never empty, so every clock has exactly one encoding.
//
// Implements VC-7.
func (v Vector) AppendBinary(buf []byte) ([]byte, error) {
	buf = binary.AppendUvarint(buf, uint64(len(v.entries)))
	for _, e := range v.entries {
		buf = binary.AppendUvarint(buf, uint64(len(e.Node)))
		buf = append(buf, e.Node...)
		buf = binary.AppendUvarint(buf, e.Counter)
	}
	return buf, nil
}

// MarshalBinary returns the binary encoding described at AppendBinary.
//
// Implements VC-7.
func (v Vector) MarshalBinary() ([]byte, error) {
	size := uvarintLen(uint64(len(v.entries)))
	for _, e := range v.entries {
		size += uvarintLen(uint64(len(e.Node))) + len(e.Node) + uvarintLen(e.Counter)
	}
	return v.AppendBinary(make([]byte, 0, size))
}

// MaxEncodedVectorSize is the longest input UnmarshalBinary and UnmarshalJSON accept: 16 MiB,
// room for more than a million entries. Longer input is refused unread.
const MaxEncodedVectorSize = 16 << 20

// A DecodeError reports malformed encoded input: what was wrong and at which byte offset.
type DecodeError struct {
	Format string // "vector clock binary", "vector clock JSON", ...
	Offset int    // byte offset into the input where the problem was found; -1 when Reason names the place
	Reason string
}

func (e *DecodeError) Error() string {
	if e.Offset < 0 {
		return fmt.Sprintf("clocks: decoding %s: %s", e.Format, e.Reason)
	}
	return fmt.Sprintf("clocks: decoding %s: at byte %d: %s", e.Format, e.Offset, e.Reason)
}

// UnmarshalBinary decodes data, which must be exactly one encoding produced by AppendBinary,
// into v. Input longer than MaxEncodedVectorSize is refused unread. The whole input is
// validated before anything is allocated or changed, so on error v is left unchanged.
// Decoding then makes at most two allocations, both bounded by the input: one string holding
// every node ID, and the entry list unless v's own has room (like append, and like
// encoding/json with slices, it then reuses it, which copies of v share). An entry takes 32
// bytes and at least 3 input bytes, so decoding n bytes allocates at most 12n bytes.
//
// Implements VC-7, VC-9.
func (v *Vector) UnmarshalBinary(data []byte) error {
	count, nodeBytes, err := validateVectorBinary(data)
	if err != nil {
		return err
	}
	if count == 0 {
		v.entries = v.entries[:0]
		return nil
	}
	entries := v.entries[:0]
	if cap(entries) < count {
		entries = make([]slot, 0, count)
	}
	var names strings.Builder
	names.Grow(nodeBytes)
	_, off := binary.Uvarint(data)
	for range count {
		// Validated above; the common one-byte varints are decoded inline.
		l := uint64(data[off])
		if l < 0x80 {
			off++
		} else {
			var k int
			l, k = binary.Uvarint(data[off:])
			off += k
		}
		node := data[off : off+int(l)]
		key := keyAt(data, off, int(l))
		off += int(l)
		c := uint64(data[off])
		if c < 0x80 {
			off++
		} else {
			var k int
			c, k = binary.Uvarint(data[off:])
			off += k
		}
		start := names.Len()
		names.Write(node)
		// The builder only appends and Grow made room for every name, so all names share one
		// allocation and a suffix taken now is exactly the name just written.
		entries = append(entries, slot{Entry: Entry{Node: names.String()[start:], Counter: c}, key: key})
	}
	v.entries = entries
	return nil
}

// keyAt returns nodeKeyBytes(data[off:off+n]). When eight bytes are available it loads them
// in one go and clears the bytes past the node ID, instead of copying the ID byte by byte.
func keyAt(data []byte, off, n int) uint64 {
	if off+8 > len(data) {
		return nodeKeyBytes(data[off : off+n])
	}
	x := binary.BigEndian.Uint64(data[off : off+8])
	if n < 8 {
		x &^= 1<<(64-8*uint(n)) - 1
	}
	return x
}

// validateVectorBinary checks every rule of the encoding without allocating (except for the
// error) and returns the number of entries and the total length of the node IDs.
func validateVectorBinary(data []byte) (count, nodeBytes int, err error) {
	fail := func(off int, reason string, args ...any) error {
		return &DecodeError{Format: "vector clock binary", Offset: off, Reason: fmt.Sprintf(reason, args...)}
	}
	if len(data) > MaxEncodedVectorSize {
		return 0, 0, fail(0, "%d bytes exceed MaxEncodedVectorSize (%d)", len(data), MaxEncodedVectorSize)
	}
	n, off := uvarint(data)
	if off <= 0 {
		return 0, 0, fail(0, "%s entry count", varintProblem(off))
	}
	if n > uint64(len(data)-off)/minEncodedEntry {
		return 0, 0, fail(0, "entry count %d cannot fit in the %d bytes that remain (an entry takes at least %d)", n, len(data)-off, minEncodedEntry)
	}
	var prev []byte
	var prevKey uint64
	for i := range int(n) {
		// One-byte varints, by far the most common, are checked inline.
		l, k := uint64(0), 0
		if off < len(data) && data[off] < 0x80 {
			l, k = uint64(data[off]), 1
		} else if l, k = uvarint(data[off:]); k <= 0 {
			return 0, 0, fail(off, "entry %d: %s node ID length", i, varintProblem(k))
		}
		if l == 0 {
			return 0, 0, fail(off, "entry %d: empty node ID", i)
		}
		off += k
		if l > uint64(len(data)-off) {
			return 0, 0, fail(off, "entry %d: node ID length %d exceeds the %d bytes left", i, l, len(data)-off)
		}
		node := data[off : off+int(l)]
		// Compare the eight-byte keys first, as Compare does; only equal keys need the bytes.
		key := keyAt(data, off, int(l))
		if i > 0 && (key < prevKey || key == prevKey && string(prev) >= string(node)) {
			return 0, 0, fail(off, "entry %d: node ID %q does not sort after %q", i, node, prev)
		}
		prev, prevKey = node, key
		nodeBytes += int(l)
		off += int(l)
		c := uint64(0)
		if off < len(data) && data[off] < 0x80 {
			c, k = uint64(data[off]), 1
		} else if c, k = uvarint(data[off:]); k <= 0 {
			return 0, 0, fail(off, "entry %d (node %q): %s counter", i, node, varintProblem(k))
		}
		if c == 0 {
			return 0, 0, fail(off, "entry %d (node %q): zero counter (zero entries are implicit and never encoded)", i, node)
		}
		off += k
	}
	if off != len(data) {
		return 0, 0, fail(off, "%d unexpected trailing bytes", len(data)-off)
	}
	return int(n), nodeBytes, nil
}

// uvarintLen is the length of the uvarint encoding of x: one byte per started group of 7 bits.
func uvarintLen(x uint64) int {
	return (bits.Len64(x|1) + 6) / 7
}

// uvarint is binary.Uvarint that also rejects padded encodings (a final 0x00 byte after a
// continuation), which would give one clock several encodings. k is 0 for truncated input,
// -1 for more than 64 bits and -2 for a padded encoding.
func uvarint(data []byte) (uint64, int) {
	if len(data) > 0 && data[0] < 0x80 {
		return uint64(data[0]), 1 // the common one-byte case, without a call
	}
	v, k := binary.Uvarint(data)
	if k > 1 && data[k-1] == 0 {
		return 0, -2
	}
	if k < 0 {
		return 0, -1
	}
	return v, k
}

func varintProblem(k int) string {
	switch k {
	case 0:
		return "truncated"
	case -2:
		return "non-minimal (zero-padded)"
	}
	return "overlong (more than 64 bits)"
}

// MarshalJSON encodes v as a JSON object from node ID to counter with keys in ascending order,
// for example {"a":1,"b":3}; the empty clock is {}.
//
// Implements VC-8.
func (v Vector) MarshalJSON() ([]byte, error) {
	buf := []byte{'{'}
	for i, e := range v.entries {
		if i > 0 {
			buf = append(buf, ',')
		}
		key, err := json.Marshal(e.Node)
		if err != nil {
			return nil, err
		}
		buf = append(buf, key...)
		buf = append(buf, ':')
		buf = strconv.AppendUint(buf, e.Counter, 10)
	}
	return append(buf, '}'), nil
}

// UnmarshalJSON decodes a JSON object from node ID to non-negative integer counter into v.
// Zero counters are accepted and dropped (implicit zero); duplicate keys, empty keys,
// negative, fractional or out-of-range counters and trailing data are errors. The JSON literal
// null leaves v unchanged, as encoding/json expects. On error v is left unchanged.
//
// Input longer than MaxEncodedVectorSize is refused unread. The input is checked before anything
// is allocated, so malformed input allocates only its error; a valid clock then takes two
// allocations sized exactly: the entries (32 bytes per entry of at least 6 input bytes, as in
// "a":1,) and one string holding every node ID (at most three bytes per input byte, when
// invalid UTF-8 is replaced by U+FFFD). Decoding n bytes allocates at most about 8n bytes.
//
// Implements VC-8, VC-9.
func (v *Vector) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	if len(data) > MaxEncodedVectorSize {
		return &DecodeError{Format: "vector clock JSON", Offset: 0, Reason: fmt.Sprintf("%d bytes exceed MaxEncodedVectorSize (%d)", len(data), MaxEncodedVectorSize)}
	}
	p := jsonVector{data: data}
	if err := p.object(); err != nil {
		return err
	}
	if p.count == 0 {
		v.entries = nil
		return nil
	}
	p.fill = true
	p.entries = make([]slot, 0, p.count)
	p.names.Grow(p.nameBytes)
	if err := p.object(); err != nil {
		return err // unreachable: the first pass read the same input
	}
	entries := p.entries
	sortEntries(entries)
	kept := entries[:0]
	for i, e := range entries {
		if i > 0 && e.Node == entries[i-1].Node {
			return &DecodeError{Format: "vector clock JSON", Offset: -1, Reason: fmt.Sprintf("duplicate node ID %q", e.Node)}
		}
		if e.Counter != 0 {
			kept = append(kept, e)
		}
	}
	if len(kept) == 0 {
		kept = nil
	}
	v.entries = kept
	return nil
}
