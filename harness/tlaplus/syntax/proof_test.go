package syntax_test

import (
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
)

// TestProofsEndWhereSANYEndsThem parses proofs by the TLA+ 2 proof grammar: each module's units
// after its theorem are the definitions listed, so a proof neither swallows a unit that follows it
// nor stops inside itself at a keyword or a line starting at column 1.
func TestProofsEndWhereSANYEndsThem(t *testing.T) {
	for _, c := range []struct {
		name, proof string
		defs        []string // the definitions after the theorem, in order
	}{
		{"declarations in a step's ASSUME", "<1>1. ASSUME NEW VARIABLE x, NEW CONSTANT c, CONSTANT d, NEW STATE P PROVE TRUE\n  OBVIOUS\n<1> QED\nA == 1", []string{"A"}},
		{"an instance defined in a step", "<1> DEFINE N == INSTANCE Naturals\n<1> M == INSTANCE Naturals\n<1> QED\nA == 1", []string{"A"}},
		{"indented definition after BY", "  BY TRUE\n  A == 1\nB == A", []string{"A", "B"}},
		{"indented definition after a QED step", "<1> QED\n  BY TRUE\n  A == 1", []string{"A"}},
		{"facts continued at column 1", "<1>1. TRUE\n  BY DEF A,\nB\n<1> QED\nA == 1\nB == 1", []string{"A", "B"}},
		{"BY without facts", "BY\nA == 1", []string{"A"}},
		{"BY without facts before a step", "<1>1. TRUE BY\n<1>2. TRUE BY <1>1\n<1> QED BY\n<1>2, <1>1\nA == 1", []string{"A"}},
		{"step names in formulas", "<1>1. TRUE\n<1>2. (<1>1 <=> TRUE) /\\ <1>1!1 BY <1>1\n<1>3. @ = T!1\n<1> QED BY <1>2 => <1>1\nA == 1", []string{"A"}},
		{"selectors with arguments", "<1>1. SUFFICES ASSUME NEW v PROVE T!(v)!2!(1)!:\n<1> QED BY T!(1)', IInv!(q)'\nA == 1", []string{"A"}},
		// SANY's ProofStepDotLexeme takes any number of dots (its parse corpus, proofs.txt).
		{"step labels with several dots", "<1>a..... TRUE\n<1>b..... DEFINE op2 == 2\n<1>c... QED\nA == 1", []string{"A"}},
		// A theorem's proof is inside level -1 (tla+.jj's correctLevel): its steps may be written
		// <0>, and a <*> or <+> beginning it is level 0 (SANY's parse corpus, proofs.txt).
		{"a step name with selectors taking arguments", "<1>a. TRUE\n<1> QED BY <1>a!<<!>>!3!(x, y)!:!@, <1>a\nA == 1", []string{"A"}},
		{"level-0 steps", "<*> 1\n<0> 2\n  <+> 3\n  <1> 4\n  <*> QED\n<0> 5\n<*> QED\nA == 1", []string{"A"}},
		{"a level-0 proof with subproofs", "<+> 1\n  PROOF\n  <+> 2\n  <1> QED\n    PROOF\n    <*> 3\n      <1000> 4\n      <*> QED\n    <2> QED\n<0> QED\nA == 1", []string{"A"}},
		{"a QED step with steps of its own", "<1>1. TRUE\n  <2>1. TRUE\n  <2> QED\n    <3> QED\n<1> QED\nA == 1", []string{"A"}},
		{"every kind of step", strings.Join([]string{
			"<1> SUFFICES ASSUME NEW n \\in Nat PROVE n + 0 = n",
			"  PROOF OBVIOUS",
			"<1> USE DEF A",
			"<1> HIDE DEF A",
			"<1>a. PICK k \\in Nat : k = n BY ONLY <1>1!2, MODULE Naturals DEFS +",
			"<1> TAKE m, j",
			"<1> WITNESS 1, 2",
			"<1> HAVE TRUE",
			"<1>2. CASE n > 0",
			"  <+> TRUE OBVIOUS",
			"  <*> QED OMITTED",
			"<1> INSTANCE Naturals",
			"<1> F(x) == x  G[y \\in Nat] == y",
			"<1> DEFINE a ++ b == a  -. a == a  a ^# == a",
			"<1>q. QED BY <1>a, <1>2, SMTT(10), Zenon DEF A, F, G",
			"A == 1",
		}, "\n"), []string{"A"}},
	} {
		src := "---- MODULE M ----\nTHEOREM T == TRUE\n" + c.proof + "\n====\n"
		m, err := syntax.ParseModule("m.tla", []byte(src))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		var defs []string
		for _, u := range m.Units[1:] {
			if d, ok := u.(*ast.OpDef); ok {
				defs = append(defs, d.Name)
			} else {
				t.Errorf("%s: unit %T after the theorem", c.name, u)
			}
		}
		if strings.Join(defs, " ") != strings.Join(c.defs, " ") {
			t.Errorf("%s: definitions after the theorem %v, want %v", c.name, defs, c.defs)
		}
	}
}

// TestProofErrors checks that malformed proofs are refused, as SANY refuses them; positions
// counted by hand.
func TestProofErrors(t *testing.T) {
	for _, c := range []struct{ proof, want string }{
		{"<1>1. TRUE\nA == 1", "m.tla:4:1: expected a step at level 1 (the proof ends with a QED step), found identifier A"},
		{"<1>1. TRUE\n<2>1. TRUE\n<1> QED", "m.tla:5:1: step <1> at level 1 comes before the QED step of the proof at level 2"},
		{"<1> QED\n<1>2. TRUE", "m.tla:4:1: expected a definition or declaration, found proof step <1>2."},
		{"<1>1. TRUE BY TRUE\n  <2>1. TRUE\n<1> QED", "m.tla:4:3: step <2>1 follows a step at level 1 that already has its proof"},
		{"<2>1. TRUE\n  <1>1. TRUE", "m.tla:4:3: step <1>1 at level 1 comes before the QED step of the proof at level 2"},
		{"<1> PICK x : \n<1> QED", "m.tla:4:1: expected an expression, found proof step <1>"},
		{"<1> PICK x \n<1> QED", "m.tla:4:1: expected `:`, found proof step <1>"},
		{"<1>1. TRUE\n  <3>1. TRUE\n  <3> QED\n  <2>1. TRUE\n<1> QED", "m.tla:6:3: step <2>1 follows a step at level 1 that already has its proof"},
		{"PROOF\nA == 1", "m.tla:4:1: expected a proof (BY, OBVIOUS, OMITTED or a step such as <1>1.), found identifier A"},
		{"<1>1. ASSUME NEW x <1> QED", "m.tla:3:7: ASSUME has no matching PROVE"},
		// A <*> beginning a theorem's proof is level 0, so a <1> after it begins that step's
		// proof and the theorem's proof has no QED step, as SANY's correctLevel has it.
		{"<*> TRUE\n<1> QED", "m.tla:5:1: expected a step at level 0 (the proof ends with a QED step), found ===="},
	} {
		src := "---- MODULE M ----\nTHEOREM T == TRUE\n" + c.proof + "\n====\n"
		_, err := syntax.ParseModule("m.tla", []byte(src))
		if err == nil {
			t.Errorf("%q: parsed, want error %s", c.proof, c.want)
			continue
		}
		if err.Error() != c.want {
			t.Errorf("%q:\n got  %s\n want %s", c.proof, err, c.want)
		}
	}
}
