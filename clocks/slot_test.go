package clocks

import (
	"testing"

	"pgregory.net/rapid"
)

// TestPropSlotKeysOrderLikeStrings checks that the sort keys Compare and Merge use agree with
// string equality and order, including IDs with zero bytes and long shared prefixes.
//
// Tests VC-4.
func TestPropSlotKeysOrderLikeStrings(t *testing.T) {
	idGen := rapid.OneOf(
		rapid.StringMatching(`[a\x00b]{0,10}`),
		rapid.StringMatching(`node-with-long-name-[0-9]{0,2}`),
		rapid.String(),
	)
	rapid.Check(t, func(t *rapid.T) {
		s, u := idGen.Draw(t, "s"), idGen.Draw(t, "u")
		x, y := newSlot(s, 1), newSlot(u, 1)
		if nodeKeyBytes([]byte(s)) != x.key {
			t.Fatalf("nodeKeyBytes(%q) = %#x, nodeKey = %#x", s, nodeKeyBytes([]byte(s)), x.key)
		}
		// keyAt reads the same key straight from an encoded buffer, with or without eight
		// bytes of room after the ID's start.
		pad := rapid.IntRange(0, 9).Draw(t, "padding")
		buf := append(append([]byte("\x01"), s...), make([]byte, pad)...)
		for i := 1 + len(s); i < len(buf); i++ {
			buf[i] = 0xff
		}
		if got := keyAt(buf, 1, len(s)); got != x.key {
			t.Fatalf("keyAt(%q + %d bytes) = %#x, want %#x", s, pad, got, x.key)
		}
		if sameNode(&x, &y) != (s == u) {
			t.Fatalf("sameNode(%q, %q) = %v", s, u, sameNode(&x, &y))
		}
		if nodeBefore(&x, &y) != (s < u) {
			t.Fatalf("nodeBefore(%q, %q) = %v", s, u, nodeBefore(&x, &y))
		}
	})
	for _, c := range []struct{ s, u string }{{"a", "a\x00"}, {"", "\x00"}, {"abcdefgh", "abcdefgh\x00"}, {"abcdefghX", "abcdefghY"}} {
		x, y := newSlot(c.s, 1), newSlot(c.u, 1)
		if sameNode(&x, &y) || !nodeBefore(&x, &y) || nodeBefore(&y, &x) {
			t.Errorf("%q vs %q: sameNode %v, before %v, after %v", c.s, c.u, sameNode(&x, &y), nodeBefore(&x, &y), nodeBefore(&y, &x))
		}
	}
}
