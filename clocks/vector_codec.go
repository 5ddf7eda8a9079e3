package clocks

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
// into v. On error v is left unchanged. Decoding makes exactly two allocations for a non-empty
// clock, both bounded by the input: the entry list, whose length the input must be able to
// hold before it is allocated, and one string holding every node ID.
//
// Implements VC-7, VC-9.
func (v *Vector) UnmarshalBinary(data []byte) error {
	const format = "vector clock binary"
	fail := func(off int, reason string, args ...any) error {
		return &DecodeError{Format: format, Offset: off, Reason: fmt.Sprintf(reason, args...)}
	}
	count, off := uvarint(data)
	if off <= 0 {
		return fail(0, "%s entry count", varintProblem(off))
	}
	if count > uint64(len(data)-off)/minEncodedEntry {
		return fail(0, "entry count %d cannot fit in the %d bytes that remain (an entry takes at least %d)", count, len(data)-off, minEncodedEntry)
	}
	if count == 0 {
		if off != len(data) {
			return fail(off, "%d unexpected trailing bytes", len(data)-off)
		}
		v.entries = nil
		return nil
	}
	n := int(count)
	entries := make([]Entry, n)
	// Every entry spends at least one byte on its length and one on its counter, so the node
	// IDs fit in what remains after those: one string for all of them, cut into pieces.
	var names strings.Builder
	names.Grow(len(data) - off - 2*n)
	var prev []byte
	for i := range entries {
		// One-byte varints, by far the most common, are decoded inline.
		l, k := uint64(0), 0
		if off < len(data) && data[off] < 0x80 {
			l, k = uint64(data[off]), 1
		} else if l, k = uvarint(data[off:]); k <= 0 {
			return fail(off, "entry %d: %s node ID length", i, varintProblem(k))
		}
		if l == 0 {
			return fail(off, "entry %d: empty node ID", i)
		}
		off += k
		if l > uint64(len(data)-off) {
			return fail(off, "entry %d: node ID length %d exceeds the %d bytes left", i, l, len(data)-off)
		}
		node := data[off : off+int(l)]
		if i > 0 && string(prev) >= string(node) {
			return fail(off, "entry %d: node ID %q does not sort after %q", i, node, prev)
		}
		prev = node
		off += int(l)
		c := uint64(0)
		if off < len(data) && data[off] < 0x80 {
			c, k = uint64(data[off]), 1
		} else if c, k = uvarint(data[off:]); k <= 0 {
			return fail(off, "entry %d (node %q): %s counter", i, node, varintProblem(k))
		}
		if c == 0 {
			return fail(off, "entry %d (node %q): zero counter (zero entries are implicit and never encoded)", i, node)
		}
		off += k
		start := names.Len()
		names.Write(node)
		// The builder only appends, so a suffix of its current string is exactly the node just
		// written, and stays valid as later nodes are appended.
		entries[i] = Entry{Node: names.String()[start:], Counter: c}
	}
	if off != len(data) {
		return fail(off, "%d unexpected trailing bytes", len(data)-off)
	}
	v.entries = entries
	return nil
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
// Implements VC-8, VC-9.
func (v *Vector) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	fail := func(off int64, format string, args ...any) error {
		return &DecodeError{Format: "vector clock JSON", Offset: int(off), Reason: fmt.Sprintf(format, args...)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return fail(dec.InputOffset(), "%v", jsonProblem(err))
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fail(0, "want a JSON object, got %v", describeToken(tok))
	}
	seen := map[string]bool{}
	var entries []Entry
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail(dec.InputOffset(), "%v", jsonProblem(err))
		}
		node, ok := tok.(string)
		if !ok {
			return fail(dec.InputOffset(), "want a node ID string, got %v", describeToken(tok))
		}
		if node == "" {
			return fail(-1, "empty node ID")
		}
		if seen[node] {
			return fail(-1, "duplicate node ID %q", node)
		}
		seen[node] = true
		tok, err = dec.Token()
		if err != nil {
			return fail(dec.InputOffset(), "%v", jsonProblem(err))
		}
		num, ok := tok.(json.Number)
		if !ok {
			return fail(-1, "node %q: want a non-negative integer counter, got %v", node, describeToken(tok))
		}
		counter, err := strconv.ParseUint(string(num), 10, 64)
		if err != nil {
			return fail(-1, "node %q: counter %s is not an integer in [0, 2^64)", node, num)
		}
		if counter != 0 {
			entries = append(entries, Entry{Node: node, Counter: counter})
		}
	}
	if _, err := dec.Token(); err != nil { // the closing '}'
		return fail(dec.InputOffset(), "%v", jsonProblem(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return fail(-1, "unexpected data after the object")
	}
	sortEntries(entries)
	v.entries = entries
	return nil
}

func jsonProblem(err error) string {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "unexpected end of input"
	}
	return err.Error()
}

func describeToken(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		return fmt.Sprintf("%q", string(t))
	case string:
		return fmt.Sprintf("string %q", t)
	case json.Number:
		return "number " + string(t)
	case bool:
		return fmt.Sprintf("%v", t)
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", tok)
}
