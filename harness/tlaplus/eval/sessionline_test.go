package eval

import (
	"testing"
	"unsafe"
)

// sessionSink keeps the sessions TestSessionsOwnTheirCacheLines makes on the heap.
var sessionSink []*Session

// TestSessionsOwnTheirCacheLines: sessions made one after the other (a model checker's workers
// make two each) do not share a cache line: each begins on a 64-byte boundary and is one line
// long (see Session's padding).
func TestSessionsOwnTheirCacheLines(t *testing.T) {
	if n := unsafe.Sizeof(Session{}); n != 64 {
		t.Fatalf("a Session is %d bytes, want 64", n)
	}
	s := &Spec{}
	sessionSink = nil
	for range 8 {
		sessionSink = append(sessionSink, s.NewSession(nil))
	}
	for i, ss := range sessionSink {
		if a := uintptr(unsafe.Pointer(ss)); a%64 != 0 {
			t.Fatalf("session %d at %#x, not on a cache line's boundary", i, a)
		}
	}
	sessionSink = nil
}
