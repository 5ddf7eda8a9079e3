package session

import (
	"bytes"
	"fmt"
	"testing"

	"pgregory.net/rapid"
)

// TestPropertyExactlyOnce drives a table as a state machine would under a client workload with
// retries, reordering and lost acknowledgements, and checks after every step: no request ever
// runs twice; a duplicate gets exactly the first response; the bounds hold; an open session
// idle for at most Timeout is never expired; and the table survives a snapshot round trip
// (encoding, decoding and encoding again give the same bytes).
//
// Tests RAFT-SESSION-1, RAFT-SESSION-2, RAFT-SESSION-3, RAFT-SESSION-4, RAFT-SESSION-5.
func TestPropertyExactlyOnce(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		cfg := Config{
			Timeout:      rapid.Uint64Range(0, 30).Draw(rt, "timeout"),
			MaxSessions:  rapid.IntRange(1, 4).Draw(rt, "maxSessions"),
			MaxResponses: rapid.IntRange(1, 3).Draw(rt, "maxResponses"),
		}
		tb, err := New(cfg)
		if err != nil {
			rt.Fatal(err)
		}
		type key struct{ session, seq uint64 }
		ran := map[key][]byte{} // every request that ran, with its response
		var ids []uint64        // sessions registered so far
		lastSeq := map[uint64]uint64{}
		var index, now uint64
		for step := 0; step < 60; step++ {
			index++
			now += rapid.Uint64Range(0, 8).Draw(rt, "dt")
			stamp := now - min(now, rapid.Uint64Range(0, 5).Draw(rt, "lag")) // a slow leader's clock
			switch op := rapid.IntRange(0, 9).Draw(rt, "op"); {
			case op == 0 || len(ids) == 0:
				id, err := tb.Register(index, stamp)
				if err != nil {
					rt.Fatal(err)
				}
				ids = append(ids, id)
			default:
				id := rapid.SampledFrom(ids).Draw(rt, "session")
				seq := lastSeq[id] + 1
				if lastSeq[id] > 0 && op < 6 {
					seq = rapid.Uint64Range(1, lastSeq[id]).Draw(rt, "retry") // a duplicate
				}
				lastSeq[id] = max(lastSeq[id], seq)
				ack := rapid.Uint64Range(0, seq).Draw(rt, "ack")
				before := tb.Time()
				wasOpen := tb.Has(id)
				k := key{id, seq}
				resp, dup, err := tb.Apply(Request{Session: id, Seq: seq, Ack: ack, Time: stamp}, func() []byte {
					if _, again := ran[k]; again {
						rt.Fatalf("request %d of session %d ran twice", seq, id)
					}
					r := []byte(fmt.Sprintf("%d.%d@%d", id, seq, index))
					ran[k] = r
					return r
				})
				switch {
				case err != nil:
					// Refused: only if the session is gone, or this request's response is.
				case dup && !bytes.Equal(resp, ran[k]):
					rt.Fatalf("duplicate of %d.%d got %q, first response %q", id, seq, resp, ran[k])
				case !dup && !bytes.Equal(resp, ran[k]):
					rt.Fatalf("request %d.%d returned %q, ran with %q", id, seq, resp, ran[k])
				}
				if wasOpen && tb.Time() == before && !tb.Has(id) {
					rt.Fatalf("session %d closed although log time did not move (%v)", id, err)
				}
				if err != nil && tb.Has(id) && ran[k] == nil {
					rt.Fatalf("request %d.%d of an open session, never run, was refused: %v", id, seq, err)
				}
			}
			if tb.Len() > cfg.MaxSessions {
				rt.Fatalf("%d sessions, MaxSessions %d", tb.Len(), cfg.MaxSessions)
			}
			for _, s := range tb.sessions {
				if len(s.responses) > cfg.MaxResponses {
					rt.Fatalf("session %d caches %d responses, MaxResponses %d", s.id, len(s.responses), cfg.MaxResponses)
				}
				if cfg.Timeout > 0 && tb.Time()-s.lastActive > cfg.Timeout {
					rt.Fatalf("session %d idle since %d is open at %d (timeout %d)", s.id, s.lastActive, tb.Time(), cfg.Timeout)
				}
			}
			enc, _ := tb.MarshalBinary()
			back, _ := New(cfg)
			if err := back.UnmarshalBinary(enc); err != nil {
				rt.Fatalf("decoding the table's own encoding: %v", err)
			}
			if again, _ := back.MarshalBinary(); !bytes.Equal(enc, again) {
				rt.Fatalf("round trip changed the table")
			}
			if rapid.Bool().Draw(rt, "restore") {
				tb = back // the state machine restarts from its snapshot
			}
		}
	})
}
