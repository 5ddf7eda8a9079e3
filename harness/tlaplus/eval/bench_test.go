package eval

import (
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

const benchSpec = `---- MODULE Bench ----
EXTENDS Naturals, Sequences, FiniteSets
CONSTANT Server
VARIABLES term, log, msgs
Quorum == {Q \in SUBSET Server : Cardinality(Q) * 2 > Cardinality(Server)}
LastTerm(l) == IF Len(l) = 0 THEN 0 ELSE l[Len(l)].term
Request(i, j) == [type |-> "vote", from |-> i, to |-> j, term |-> term[i], last |-> LastTerm(log[i])]
Sends == {Request(i, j) : i, j \in Server}
Bump(i) == [term EXCEPT ![i] = @ + 1]
Elected(i) == \E Q \in Quorum : \A j \in Q : term[j] <= term[i]
Min(S) == CHOOSE x \in S : \A y \in S : x <= y
LogMatching ==
    \A i, j \in Server :
        \A n \in 1..Min({Len(log[i]), Len(log[j])}) :
            log[i][n].term = log[j][n].term => SubSeq(log[i], 1, n) = SubSeq(log[j], 1, n)
====`

func benchState(b *testing.B) (*Spec, *Context) {
	servers := value.MustSet(value.ModelValue{Name: "s1"}, value.ModelValue{Name: "s2"}, value.ModelValue{Name: "s3"})
	s, err := LoadSource("Bench.tla", []byte(benchSpec), Options{Constants: []Constant{{Name: "Server", Value: servers}}})
	if err != nil {
		b.Fatal(err)
	}
	terms, _ := value.NewFunc(append([]value.Value(nil), servers.Elems()...), []value.Value{value.Int(1), value.Int(2), value.Int(2)})
	entry, _ := value.NewRecord([]string{"term", "value"}, []value.Value{value.Int(1), value.Str("v")})
	logs, _ := value.NewFunc(append([]value.Value(nil), servers.Elems()...), []value.Value{value.Tuple{entry}, value.Tuple{}, value.Tuple{entry, entry}})
	return s, &Context{State: []value.Value{terms, logs, value.EmptySet}}
}

// BenchmarkEvalMessages builds the set of nine vote-request records of a three-server Raft state.
func BenchmarkEvalMessages(b *testing.B) {
	s, ctx := benchState(b)
	x := parse(&testing.T{}, "Sends")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.NewSession(ctx).Eval(x, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvalQuantifiers decides a nested \E/\A over the quorums of three servers.
func BenchmarkEvalQuantifiers(b *testing.B) {
	s, ctx := benchState(b)
	x := parse(&testing.T{}, `\A i \in Server : Elected(i) \/ TRUE`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.NewSession(ctx).Eval(x, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvalExcept updates one entry of a function with EXCEPT and @.
func BenchmarkEvalExcept(b *testing.B) {
	s, ctx := benchState(b)
	x := parse(&testing.T{}, `Bump(CHOOSE i \in Server : TRUE)`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.NewSession(ctx).Eval(x, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvalLogMatching checks Raft's LogMatching invariant (a user-defined Min through
// CHOOSE inside nested quantifiers, the shape that dominates model checking MCRaft) on one state.
func BenchmarkEvalLogMatching(b *testing.B) {
	s, ctx := benchState(b)
	x := parse(&testing.T{}, "LogMatching")
	b.ReportAllocs()
	for b.Loop() {
		ok, err := s.NewSession(ctx).EvalBool(x, nil)
		if err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}
