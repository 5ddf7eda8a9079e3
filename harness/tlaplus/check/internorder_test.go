package check

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/stretchr/testify/require"
)

// internOrderSpec's outcome in TLC depends on its intern order (util.UniqueString.compareTo:
// strings, record field names and model values are ordered by when TLC first interned them,
// value.InternOrder), which differs here from the order of their bytes. TLC interns, in turn:
// the configuration's model values as written (ModelConfig.parse, before SANY runs): m2, then
// m1; the identifiers of the module as SANY lexes it: Intern, M, x, y, m, B, Init, s, TRUE, b,
// 1, a, 2, ...; the contents of string literals in semantic analysis ("b" and "a" already were,
// as identifiers; "c" and "d" come after every identifier). So "b" < "a" < "c" < "d" and
// m2 < m1:
//   - CHOOSE s \in {"a", "b"} : TRUE is the first element of the normalized set, "b" (bytes:
//     "a");
//   - the records of y are normalized with b before a (RecordValue.normalize), and the set
//     orders them by their b field first (RecordValue.compareTo: names, then values): {[b |-> 1,
//     a |-> 2], [b |-> 2, a |-> 1]};
//   - CHOOSE v \in M : TRUE is m2 (bytes: m1).
//
// With x = "b", the next-state relation goes to "c" and "d", which stutter: 1 initial state, 2
// successors of it, 1 of each of them: 5 generated, 3 distinct, depth 2. With the byte order
// x = "a" stutters: 2 generated, 1 distinct, depth 1, and Inv (x = "a") holds.
const internOrderSpec = `---- MODULE Intern ----
CONSTANT M
VARIABLE x, y, m
B == "b"
Init == /\ x = CHOOSE s \in {"a", B} : TRUE
        /\ y = {[b |-> 1, a |-> 2], [a |-> 1, b |-> 2]}
        /\ m = CHOOSE v \in M : TRUE
Next == \/ x = "b" /\ x' \in {"c", "d"} /\ UNCHANGED <<y, m>>
        \/ x \in {"a", "c", "d"} /\ UNCHANGED <<x, y, m>>
Inv == x = "a"
====`

// TestInternOrderDecidesChoose: TLC reports Inv violated by the initial state, printed with the
// fields and elements in its order (see internOrderSpec); without INVARIANT it counts 5 / 3 /
// depth 2. Both fail with the byte order (no violation; 2 / 1 / 1).
func TestInternOrderDecidesChoose(t *testing.T) {
	res := checkSource(t, "Intern", internOrderSpec, "CONSTANT M = {m2, m1}\nINIT Init\nNEXT Next\nINVARIANT Inv", Options{Workers: 1})
	require.Equal(t, InvariantViolated, res.Verdict)
	var out bytes.Buffer
	WriteReport(&out, res)
	require.Contains(t, out.String(), "/\\ x = \"b\"\n/\\ y = {[b |-> 1, a |-> 2], [b |-> 2, a |-> 1]}\n/\\ m = m2\n")

	res = checkSource(t, "Intern", internOrderSpec, "CONSTANT M = {m2, m1}\nINIT Init\nNEXT Next", Options{Workers: 1})
	require.Equal(t, OK, res.Verdict)
	require.Equal(t, [3]int64{5, 3, 2}, [3]int64{res.Generated, res.Distinct, int64(res.Depth)})

	// Written the other way round, the configuration interns m1 first.
	res = checkSource(t, "Intern", internOrderSpec, "CONSTANT M = {m1, m2}\nINIT Init\nNEXT Next\nINVARIANT Inv", Options{Workers: 1})
	require.Equal(t, InvariantViolated, res.Verdict)
	out.Reset()
	WriteReport(&out, res)
	require.Contains(t, out.String(), "/\\ m = m1\n")
}

// TestInternOrderFollowsSANYsParse: SANY parses the root module, then the modules it extends in
// the order written (SpecObj.loadSpec: findNextUnresolvedExtention takes the root's first
// unparsed extendee each time), interning their identifiers as it lexes them, and only then, in
// semantic analysis, the contents of string literals. Ord EXTENDS B, A and writes "p" and "q"
// only as strings: TLC interns q (an identifier of B) before p (one of A), so CHOOSE s \in
// {"p", "q"} : TRUE is "q" and Inv (x = "p") is violated by the initial state. Taking the
// modules in the order of their names (A, then B), as before, made it "p", and Inv held.
func TestInternOrderFollowsSANYsParse(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"Ord.tla": "---- MODULE Ord ----\nEXTENDS B, A\nVARIABLE x\nInit == x = CHOOSE s \\in {\"p\", \"q\"} : TRUE\nNext == UNCHANGED x\nInv == x = \"p\"\n====\n",
		"B.tla":   "---- MODULE B ----\nq == 1\n====\n",
		"A.tla":   "---- MODULE A ----\np == 2\n====\n",
	} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644))
	}
	c, err := cfg.Parse("Ord.cfg", "INIT Init\nNEXT Next\nINVARIANT Inv")
	require.NoError(t, err)
	res, err := Check(context.Background(), filepath.Join(dir, "Ord.tla"), c, Options{Workers: 1})
	require.NoError(t, err)
	require.Equal(t, InvariantViolated, res.Verdict)
	var out bytes.Buffer
	WriteReport(&out, res)
	require.Contains(t, out.String(), "\nx = \"q\"\n")
}

// byteOrderSpec interns a before b, as their bytes order them: loading it makes that the
// process's order.
const byteOrderSpec = "---- MODULE Bytes ----\nVARIABLE a, b\nInit == a = \"a\" /\\ b = \"b\"\nNext == UNCHANGED <<a, b>>\n====\n"

func loadSourceModel(t *testing.T, name, src, conf string) (*tlaModel, *cfg.Config) {
	t.Helper()
	c, err := cfg.Parse(name+".cfg", conf)
	require.NoError(t, err)
	m, err := loadModelWith(filepath.Join(t.TempDir(), name+".tla"), []byte(src), c, eval.Options{})
	require.NoError(t, err)
	return m, c
}

// TestInternOrderOfTheSpecRun: a specification loaded after another makes its own order the
// process's; running the first one afterwards evaluates in the first one's order again, so
// Intern's CHOOSE is still "b" and Inv is violated (in Bytes' order it is "a" and Inv holds).
func TestInternOrderOfTheSpecRun(t *testing.T) {
	intern, c := loadSourceModel(t, "Intern", internOrderSpec, "CONSTANT M = {m2, m1}\nINIT Init\nNEXT Next\nINVARIANT Inv")
	loadSourceModel(t, "Bytes", byteOrderSpec, "INIT Init\nNEXT Next")
	res, err := intern.run(context.Background(), c, Options{Workers: 1})
	require.NoError(t, err)
	require.Equal(t, InvariantViolated, res.Verdict)
}

// loadingWriter loads another specification the first time the run it is the Print writer of
// prints: a second load in the process while the first specification is checked.
type loadingWriter struct {
	t      *testing.T
	loaded bool
}

func (w *loadingWriter) Write(p []byte) (int, error) {
	if !w.loaded {
		w.loaded = true
		loadSourceModel(w.t, "Bytes", byteOrderSpec, "INIT Init\nNEXT Next")
	}
	return len(p), nil
}

// TestLoadDuringACheckIsAnError: the order is global to the process, so a load while a check
// runs reorders what the check builds afterwards; Check reports it instead of figures that may
// not be TLC's.
func TestLoadDuringACheckIsAnError(t *testing.T) {
	spec := "---- MODULE Printing ----\nEXTENDS Naturals, TLC\nVARIABLE x\nInit == x = 0\nNext == PrintT(x) /\\ x' = 1 - x\n====\n"
	w := &loadingWriter{t: t}
	_, err := checkSourceErr(t, "Printing", spec, "INIT Init\nNEXT Next", Options{Workers: 1, Print: w})
	require.True(t, w.loaded)
	require.ErrorContains(t, err, "another specification was loaded in this process while this one was checked")
}

// TestRecordPatternMembershipInInternOrder: membership in a set map whose element is a record
// an operator builds, x \in {C2(w, {}) : w \in SUBSET S} with C2(v, o) == [voters |-> v,
// outgoing |-> o], is decided from the record's fields without enumerating the set (eval's
// memberMap), which took the pattern's fields in the order of their bytes (outgoing, voters)
// while a record holds them in TLC's intern order (voters, then outgoing, as the module first
// writes them): Inv failed on the first initial state. The 4 records of voters \in SUBSET S are
// the initial states, each with the 4 of them as successors: 4 + 16 = 20 generated, 4 distinct,
// depth 1. (Raft.tla's c \in NextConfigs(config[i]), ConfigRecord, failed the same way.)
func TestRecordPatternMembershipInInternOrder(t *testing.T) {
	spec := `---- MODULE Pattern ----
VARIABLE x
S == {1, 2}
C2(v, o) == [voters |-> v, outgoing |-> o]
Init == x \in {C2(v, {}) : v \in SUBSET S}
Next == x' \in {C2(v, {}) : v \in SUBSET S}
Inv == x \in {C2(w, {}) : w \in SUBSET S}
====`
	res := checkSource(t, "Pattern", spec, "INIT Init\nNEXT Next\nINVARIANT Inv", Options{Workers: 1})
	require.Equal(t, OK, res.Verdict)
	require.Equal(t, [3]int64{20, 4, 1}, [3]int64{res.Generated, res.Distinct, int64(res.Depth)})
}
