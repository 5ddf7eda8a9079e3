package value

import "testing"

// raftLikeState is a state of a three-server Raft model: terms, logs and a set of messages.
func raftLikeState(b *testing.B) Value {
	servers := []Value{ModelValue{"s1"}, ModelValue{"s2"}, ModelValue{"s3"}}
	entry, _ := NewRecord([]string{"term", "value"}, []Value{Int(1), ModelValue{"v1"}})
	terms, _ := NewFunc(append([]Value(nil), servers...), []Value{Int(1), Int(2), Int(2)})
	logs, _ := NewFunc(append([]Value(nil), servers...), []Value{Tuple{entry}, Tuple{}, Tuple{entry, entry}})
	var msgs []Value
	for i, from := range servers {
		m, _ := NewRecord([]string{"type", "from", "to", "term"}, []Value{Str("vote"), from, servers[(i+1)%3], Int(int64(i))})
		msgs = append(msgs, m)
	}
	set, err := NewSet(msgs...)
	if err != nil {
		b.Fatal(err)
	}
	return Tuple{terms, logs, set}
}

func BenchmarkFingerprintState(b *testing.B) {
	s := raftLikeState(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Fingerprint(s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompareEqualStates(b *testing.B) {
	s, t := raftLikeState(b), raftLikeState(b)
	b.ReportAllocs()
	for b.Loop() {
		if c, err := Compare(s, t); c != 0 || err != nil {
			b.Fatal(c, err)
		}
	}
}

func BenchmarkNewSetOfRecords(b *testing.B) {
	var recs []Value
	for i := 0; i < 16; i++ {
		r, _ := NewRecord([]string{"a", "b"}, []Value{Int(int64(i % 4)), Int(int64(15 - i))})
		recs = append(recs, r)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewSet(append([]Value(nil), recs...)...); err != nil {
			b.Fatal(err)
		}
	}
}
