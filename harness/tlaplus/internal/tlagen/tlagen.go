// Package tlagen generates large TLA+ modules for the parser's and loader's memory tests and
// benchmarks: the kinds of input a 50 MB module really is (a generated trace, a constant table),
// this repository's specifications repeated, and the densest input the grammar allows.
package tlagen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// TraceModule returns a module Trace of about n bytes of the kind tools generate: a TLC
// `-dumpTrace tla` style sequence of records, one a line (with strings, numbers, tuples and
// sets of the model values s0..s4), and a constant table (a set of tuples), followed by a small specification (Init, Next, TypeOK) that dsref check can run, so
// that the module is parsed and checked without its trace being evaluated.
func TraceModule(n int) []byte {
	var b strings.Builder
	b.Grow(n + 256)
	b.WriteString("---- MODULE Trace ----\nEXTENDS Naturals, Sequences\nCONSTANTS s0, s1, s2, s3, s4\nVARIABLE i\n\nTrace == <<\n")
	roles := []string{"Follower", "Candidate", "Leader"}
	for k := 0; b.Len() < n*3/4; k++ {
		if k > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, "  [i |-> %d, term |-> %d, role |-> %q, log |-> <<%d, %d>>, votes |-> {s%d, s%d}, commit |-> %d]",
			k, k/7, roles[k%3], k/3, k/5, k%5, (k+1)%5, k/11)
	}
	b.WriteString("\n>>\n\nTable == {\n")
	for k := 0; b.Len() < n-120; k++ {
		if k > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, "  <<%d, \"v%d\", %d>>", k, k*31%1000, k%97)
	}
	b.WriteString("\n}\n\nInit == i = 1\nNext == i' = (i % 3) + 1\nTypeOK == i \\in 1..3\n====\n")
	return []byte(b.String())
}

// TraceConfig is a configuration that checks TraceModule's specification.
const TraceConfig = "CONSTANTS s0 = s0 s1 = s1 s2 = s2 s3 = s3 s4 = s4\nINIT Init\nNEXT Next\nINVARIANT TypeOK\n"

// DenseModule returns the densest module of about n bytes: one definition 1+1+...+1, an
// operator every other byte.
func DenseModule(n int) []byte {
	return []byte("---- MODULE M ----\nEXTENDS Naturals\nX == " + strings.Repeat("1+", n/2) + "1\n====\n")
}

// ProofModule returns a module Proofs of about n bytes of TLAPS-style theorems, each with a
// structured proof of the shapes the tlaplus/Examples proofs use (SUFFICES ASSUME NEW, CASE,
// PICK, DEFINE, nested steps, BY facts with DEF lists and step names), so that the memory the
// kept proof trees take is measured and bounded like the rest of the syntax tree.
func ProofModule(n int) []byte {
	var b strings.Builder
	b.Grow(n + 512)
	b.WriteString("---- MODULE Proofs ----\nEXTENDS Naturals, FiniteSets, TLAPS\nCONSTANT N\nVARIABLE x\n" +
		"TypeOK == x \\in 0..N\nInit == x = 0\nInc == x < N /\\ x' = x + 1\nReset == x = N /\\ x' = 0\n" +
		"Next == Inc \\/ Reset\nSpec == Init /\\ [][Next]_x\n")
	for k := 0; b.Len() < n-64; k++ {
		fmt.Fprintf(&b, `THEOREM T%d == Spec => []TypeOK
<1>1. Init => TypeOK
  BY DEF Init, TypeOK
<1>2. TypeOK /\ [Next]_x => TypeOK'
  <2> SUFFICES ASSUME TypeOK, [Next]_x, NEW m%d \in Nat PROVE TypeOK'
    OBVIOUS
  <2>1. CASE Inc
    <3>1. PICK y \in 0..N : y = x + 1
      BY <2>1 DEF Inc, TypeOK
    <3> DEFINE z == y + %d
    <3>2. z \in Nat
      BY <3>1, SMT DEF z
    <3> QED
      BY <2>1, <3>2 DEF Inc, TypeOK
  <2>2. CASE Reset
    BY <2>2 DEF Reset, TypeOK
  <2>3. CASE UNCHANGED x
    BY <2>3 DEF TypeOK
  <2> QED
    BY <2>1, <2>2, <2>3 DEF Next
<1> QED
  BY <1>1, <1>2, PTL DEF Spec
`, k, k, k)
	}
	b.WriteString("====\n")
	return []byte(b.String())
}

// Specs returns the modules of the .tla files in dir, one after another, repeated to at least n
// bytes: a file of many modules, as syntax.ParseFile reads it.
func Specs(dir string, n int) ([]byte, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.tla"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no .tla files in %s", dir)
	}
	var all []byte
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		all = append(all, src...)
		all = append(all, '\n')
	}
	out := make([]byte, 0, n+len(all))
	for len(out) < n {
		out = append(out, all...)
	}
	return out, nil
}
