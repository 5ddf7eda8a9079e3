package session

import (
	"errors"
	"strconv"
	"testing"
)

func newTable(t *testing.T, cfg Config) *Table {
	t.Helper()
	tb, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// counter is a state machine that counts how often it ran.
type counter struct{ runs int }

func (c *counter) exec() []byte {
	c.runs++
	return []byte("r" + strconv.Itoa(c.runs))
}

// TestDuplicateReturnsTheCachedResponse: a retried request does not run again and gets the
// first response; a new request runs.
//
// Tests RAFT-SESSION-1, RAFT-SESSION-2.
func TestDuplicateReturnsTheCachedResponse(t *testing.T) {
	tb := newTable(t, Config{})
	id, err := tb.Register(7, 100)
	if err != nil || id != 7 {
		t.Fatalf("Register = %d, %v; want 7 (the log index)", id, err)
	}
	var sm counter
	r1, dup, err := tb.Apply(Request{Session: id, Seq: 1, Time: 101}, sm.exec)
	if err != nil || dup || string(r1) != "r1" {
		t.Fatalf("first apply = %q, %v, %v", r1, dup, err)
	}
	r1again, dup, err := tb.Apply(Request{Session: id, Seq: 1, Time: 102}, sm.exec)
	if err != nil || !dup || string(r1again) != "r1" || sm.runs != 1 {
		t.Fatalf("retry = %q, dup %v, %v after %d runs; want the cached r1, one run", r1again, dup, err, sm.runs)
	}
	r2, dup, err := tb.Apply(Request{Session: id, Seq: 2, Ack: 2, Time: 103}, sm.exec)
	if err != nil || dup || string(r2) != "r2" {
		t.Fatalf("second request = %q, %v, %v", r2, dup, err)
	}
	// Request 1 was acknowledged (Ack 2): a very late copy of it must not run again.
	if _, _, err := tb.Apply(Request{Session: id, Seq: 1, Time: 104}, sm.exec); !errors.Is(err, ErrResponseDiscarded) {
		t.Fatalf("late copy of an acknowledged request: err %v, want ErrResponseDiscarded", err)
	}
	if sm.runs != 2 {
		t.Fatalf("%d runs, want 2", sm.runs)
	}
}

// TestUnknownSessionIsRefused: requests of sessions never registered, or expired, do not run.
//
// Tests RAFT-SESSION-3, RAFT-SESSION-4.
func TestUnknownSessionIsRefused(t *testing.T) {
	tb := newTable(t, Config{Timeout: 10})
	var sm counter
	if _, _, err := tb.Apply(Request{Session: 3, Seq: 1}, sm.exec); !errors.Is(err, ErrUnknownSession) {
		t.Fatalf("never registered: err %v", err)
	}
	id, _ := tb.Register(5, 0)
	if _, _, err := tb.Apply(Request{Session: id, Seq: 1, Time: 10}, sm.exec); err != nil {
		t.Fatal(err)
	}
	// Idle for exactly Timeout: still open. One more unit: expired.
	if _, _, err := tb.Apply(Request{Session: id, Seq: 2, Time: 20}, sm.exec); err != nil {
		t.Fatalf("idle for Timeout: %v", err)
	}
	if _, _, err := tb.Apply(Request{Session: id, Seq: 3, Time: 31}, sm.exec); !errors.Is(err, ErrUnknownSession) {
		t.Fatalf("idle for Timeout+1: err %v, want ErrUnknownSession", err)
	}
	if sm.runs != 2 || tb.Len() != 0 {
		t.Fatalf("%d runs, %d sessions; want 2, 0", sm.runs, tb.Len())
	}
	if _, _, err := tb.Apply(Request{Session: id, Seq: 0}, sm.exec); err == nil {
		t.Fatal("sequence number 0 accepted")
	}
}

// TestLogTimeNeverGoesBackwards: a new leader whose clock is behind cannot revive or extend
// what the log's time already decided.
//
// Tests RAFT-SESSION-4.
func TestLogTimeNeverGoesBackwards(t *testing.T) {
	tb := newTable(t, Config{Timeout: 10})
	a, _ := tb.Register(1, 100)
	b, _ := tb.Register(2, 100)
	tb.Advance(105)
	var sm counter
	// Stamped 50 by a leader with a slow clock: log time stays 105.
	if _, _, err := tb.Apply(Request{Session: a, Seq: 1, Time: 50}, sm.exec); err != nil {
		t.Fatal(err)
	}
	if tb.Time() != 105 {
		t.Fatalf("time %d, want 105", tb.Time())
	}
	tb.Advance(111) // b idle since 100: 11 > 10
	if tb.Has(b) || !tb.Has(a) {
		t.Fatalf("after 111: has a %v, has b %v; want a only", tb.Has(a), tb.Has(b))
	}
}

// TestMemoryIsBounded: the table never holds more than MaxSessions sessions (the least
// recently active goes) nor more than MaxResponses responses per session (the oldest goes,
// and its request is then refused rather than run twice).
//
// Tests RAFT-SESSION-3.
func TestMemoryIsBounded(t *testing.T) {
	tb := newTable(t, Config{MaxSessions: 2, MaxResponses: 2})
	var sm counter
	a, _ := tb.Register(1, 0)
	b, _ := tb.Register(2, 0)
	if _, _, err := tb.Apply(Request{Session: a, Seq: 1}, sm.exec); err != nil { // a is now the most recent
		t.Fatal(err)
	}
	c, _ := tb.Register(3, 0) // evicts b
	if tb.Len() != 2 || tb.Has(b) || !tb.Has(a) || !tb.Has(c) {
		t.Fatalf("after a third registration: %d sessions, a %v b %v c %v", tb.Len(), tb.Has(a), tb.Has(b), tb.Has(c))
	}
	// Three outstanding requests (no Ack) with room for two responses.
	for seq := uint64(2); seq <= 3; seq++ {
		if _, _, err := tb.Apply(Request{Session: a, Seq: seq}, sm.exec); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := tb.Apply(Request{Session: a, Seq: 1}, sm.exec); !errors.Is(err, ErrResponseDiscarded) {
		t.Fatalf("request whose response was evicted: err %v", err)
	}
	if r, dup, err := tb.Apply(Request{Session: a, Seq: 3}, sm.exec); err != nil || !dup || string(r) != "r3" {
		t.Fatalf("retry of 3 = %q, %v, %v", r, dup, err)
	}
	if sm.runs != 3 {
		t.Fatalf("%d runs, want 3", sm.runs)
	}
}

func TestRegisterRefusesReuseAndBadConfig(t *testing.T) {
	tb := newTable(t, Config{})
	if _, err := tb.Register(4, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := tb.Register(4, 0); err == nil {
		t.Fatal("index 4 registered twice")
	}
	if _, err := tb.Register(0, 0); err == nil {
		t.Fatal("index 0 registered")
	}
	if _, err := New(Config{MaxSessions: -1}); err == nil {
		t.Fatal("negative MaxSessions accepted")
	}
}
