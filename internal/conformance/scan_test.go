package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeTree creates files (path -> content) below a fresh temporary root.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for rel, content := range files {
		path := filepath.Join(root, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	}
	return root
}

const toySpec = `# Toy

Prose that declares nothing: **T-9** is not a list item.

- **T-1**: Tick increments the counter. More detail
  on a continuation line.
- **T-2**: Merge takes the maximum.
- **TOY-SUB-3**: Sub-prefixed IDs work.
`

const toyGo = `package toy

// Counter is a toy clock.
type Counter struct{ n int }

// Tick advances c. Implements T-1.
func (c *Counter) Tick() { c.n++ }

func Merge(a, b int) int {
	// Implements T-2 and TOY-SUB-3.
	if a > b {
		return a
	}
	return b
}
`

const toyTest = `package toy

import "testing"

// Tests T-1.
func TestTick(t *testing.T) {}

func TestMerge(t *testing.T) {
	// Tests T-2, TOY-SUB-3.
}
`

const toyTLA = `---- MODULE Toy ----
\* Checks T-1.
TypeOK == TRUE

Merged == TRUE \* Checks T-2.
====
`

func TestScanAttributesCitations(t *testing.T) {
	root := writeTree(t, map[string]string{
		"spec/README.md":           "- **X-1**: conventions file, ignored.\n",
		"spec/toy.md":              toySpec,
		"toy/toy.go":               toyGo,
		"toy/toy_test.go":          toyTest,
		"toy/testdata/script.txt":  "# Tests T-2.\nrun\n----\nok\n",
		"toy/testdata/ignored.go":  "package x // Implements NOPE-1.\n",
		"tla/Toy.tla":              toyTLA,
		"tla/MCToy.cfg":            "INIT Init\nNEXT Next\nINVARIANT TypeOK \\* Merged is not listed\n",
		"tla/MCToyHuge.cfg":        "INIT Init\nNEXT Next\nINVARIANT Merged\n",
		"tla/models.json":          `{"models": [{"config": "MCToyHuge.cfg", "unchecked": "too large"}, {"config": "MCToy.cfg", "distinct": 3}]}`,
		".git/hidden/x.go":         "package x // Implements NOPE-2.\n",
		"notes/unrelated_file.txt": "# Tests NOPE-3.\n",
	})
	r, err := Scan(root)
	require.NoError(t, err)

	var ids []string
	for _, req := range r.Requirements {
		ids = append(ids, req.ID+"="+req.Summary)
	}
	assert.Equal(t, []string{"T-1=Tick increments the counter.", "T-2=Merge takes the maximum.", "TOY-SUB-3=Sub-prefixed IDs work."}, ids)

	got := map[string]bool{}
	for _, c := range r.Citations {
		got[c.Kind.String()+" "+c.ID+" "+c.Symbol] = true
	}
	want := []string{
		"implementation T-1 toy.Counter.Tick",
		"implementation T-2 toy.Merge",
		"implementation TOY-SUB-3 toy.Merge",
		"test T-1 TestTick",
		"test T-2 TestMerge",
		"test TOY-SUB-3 TestMerge",
		"test T-2 toy/testdata/script.txt",
		"model T-1 Toy!TypeOK",
		"model T-2 Toy!Merged",
	}
	for _, w := range want {
		assert.True(t, got[w], "missing citation %q", w)
	}
	assert.Len(t, r.Citations, len(want), "citations: %v", r.Citations)
	assert.Empty(t, r.Problems())
	assert.Equal(t, "tested, model-checked", r.Status("T-1"))
	assert.Equal(t, "tested", r.Status("T-2"), "Merged is only in a model the manifest marks unchecked")
	assert.Equal(t, []string{"MCToy.cfg"}, r.ModelChecked["Toy!TypeOK"])
}

// TestModelCheckedThroughTiers checks which manifest entries make a cited definition
// model-checked: a model with recorded counts counts whatever its tier (a soak model is checked
// only on demand, but completed, exactly as a slow one); a model marked unchecked, or listed
// without counts, does not.
func TestModelCheckedThroughTiers(t *testing.T) {
	models := []struct{ cfg, entry string }{
		{"MCFast", `"distinct": 12`},
		{"MCSlow", `"distinct": 12, "slow": true`},
		{"MCSoak", `"distinct": 12, "soak": true`},
		{"MCSoakUnchecked", `"distinct": 12, "soak": true, "unchecked": "not finished"`},
		{"MCSoakNoCounts", `"distinct": 0, "soak": true`},
		{"MCSlowUnchecked", `"slow": true, "unchecked": "hours"`},
	}
	files := map[string]string{}
	var spec, tla, test strings.Builder
	var entries []string
	test.WriteString("package m\n")
	for i, m := range models {
		fmt.Fprintf(&spec, "- **M-%d**: checked by %s.\n", i+1, m.cfg)
		fmt.Fprintf(&tla, "Inv%d == TRUE \\* Checks M-%d.\n", i+1, i+1)
		fmt.Fprintf(&test, "\n// Tests M-%d.\nfunc TestM%d() {}\n", i+1, i+1)
		files["tla/"+m.cfg+".cfg"] = fmt.Sprintf("INIT Init\nNEXT Next\nINVARIANT Inv%d\n", i+1)
		entries = append(entries, fmt.Sprintf(`{"config": "%s.cfg", %s}`, m.cfg, m.entry))
	}
	files["spec/m.md"] = spec.String()
	files["tla/M.tla"] = "---- MODULE M ----\n" + tla.String() + "====\n"
	files["m/m_test.go"] = test.String()
	files["tla/models.json"] = `{"models": [` + strings.Join(entries, ", ") + `]}`
	r, err := Scan(writeTree(t, files))
	require.NoError(t, err)
	want := map[string]string{
		"MCFast":          "tested, model-checked",
		"MCSlow":          "tested, model-checked",
		"MCSoak":          "tested, model-checked",
		"MCSoakUnchecked": "tested",
		"MCSoakNoCounts":  "tested",
		"MCSlowUnchecked": "tested",
	}
	for i, m := range models {
		assert.Equal(t, want[m.cfg], r.Status(fmt.Sprintf("M-%d", i+1)), m.cfg)
	}
	assert.Equal(t, []string{"MCSoak.cfg"}, r.ModelChecked["M!Inv3"])
}

func TestProblems(t *testing.T) {
	root := writeTree(t, map[string]string{
		"spec/a.md":       "- **A-1**: Tested.\n- **A-2**: Only implemented.\n",
		"spec/b.md":       "- **A-1**: Declared twice.\n",
		"a/a.go":          "package a\n\n// Implements A-2, A-7.\nfunc F() {}\n",
		"a/a_test.go":     "package a\n\n// Tests A-1.\nfunc TestF() {}\n",
		"tla/A.tla":       "\\* Checks A-1.\nInv == TRUE\n",
		"a/other_test.go": "package a\n",
	})
	r, err := Scan(root)
	require.NoError(t, err)
	var got []string
	for _, p := range r.Problems() {
		got = append(got, p.String())
	}
	assert.Equal(t, []string{
		"spec/b.md:1: requirement A-1 is declared again (first at spec/a.md:1)",
		"a/a.go:3: a.F cites A-7, which no spec declares",
		"spec/a.md:2: requirement A-2 is cited by no test",
	}, got)

	only := r.Only("spec/a.md")
	assert.Len(t, only.Requirements, 2)
	assert.Len(t, only.Problems(), 2, "the duplicate lives in spec/b.md")
}

func TestMisplacedCitationsAreErrors(t *testing.T) {
	for name, files := range map[string]map[string]string{
		"tla citation above prose": {"tla/A.tla": "\\* Checks A-1.\nVARIABLE x\nInv == TRUE\n"},
		"tla citation at the end":  {"tla/A.tla": "Inv == TRUE\n\\* Checks A-1.\n"},
		"go citation after all":    {"a/a.go": "package a\n\nfunc F() {}\n\n// Implements A-1.\n"},
		"unparsable go":            {"a/a.go": "package a\nfunc {\n"},
	} {
		t.Run(name, func(t *testing.T) {
			root := writeTree(t, files)
			_, err := Scan(root)
			require.Error(t, err)
			assert.Contains(t, err.Error(), filepath.ToSlash(firstKey(files)))
		})
	}
}

func firstKey(m map[string]string) string {
	for k := range m {
		return k
	}
	return ""
}

func TestMarkdownTable(t *testing.T) {
	root := writeTree(t, map[string]string{
		"spec/toy.md":     "- **T-1**: Pipes | are escaped. Rest.\n- **T-2**: Untested.\n",
		"toy/toy_test.go": "package toy\n\n// Tests T-1.\nfunc TestA() {}\n\n// Tests T-1.\nfunc TestB() {}\n\n// Tests T-1.\nfunc TestC() {}\n\n// Tests T-1.\nfunc TestD() {}\n",
	})
	r, err := Scan(root)
	require.NoError(t, err)
	md := r.Markdown()
	assert.Contains(t, md, "## [spec/toy.md](spec/toy.md)")
	assert.Contains(t, md, "| T-1 | Pipes \\| are escaped. | — | — | `TestA`, `TestB`, `TestC` and 1 more | tested |\n")
	assert.Contains(t, md, "| T-2 | Untested. | — | — | — | UNTESTED |\n")
	assert.Equal(t, 1, strings.Count(md, "| Requirement |"))
}

// TestQuotedCitationsAreExamples plants citations that only show the form: quoted in a doc
// comment, in a doc comment's code block, quoted in a TLA+ comment and in a script's comment.
// None credits a requirement; the real citations beside them still do.
func TestQuotedCitationsAreExamples(t *testing.T) {
	root := writeTree(t, map[string]string{
		"spec/q.md": "- **Q-1**: Real.\n- **Q-2**: Only quoted.\n",
		"q/q.go": "package q\n\n// Script is a script's command. A comment in a script, such as \"# Tests Q-2.\",\n" +
			"// or `// Implements Q-2.`, or “Tests Q-2”, cites. Implements Q-1.\n//\n//\t// Implements Q-2.\n//\tfunc F() {}\ntype Script struct{}\n",
		"q/q_test.go":         "package q\n\n// Tests Q-1. A test cites as \"// Tests Q-2.\" does.\nfunc TestQ() {}\n",
		"q/testdata/q.txt":    "# Tests Q-1; \"# Tests Q-2\" is the form.\nrun\n----\nok\n",
		"tla/Q.tla":           "---- MODULE Q ----\n\\* Checks Q-1 (write \"\\* Checks Q-2.\" above a definition).\nInv == TRUE\n====\n",
		"q/doc_example.go":    "package q\n\n/*\nBlock comments quote too: \"Implements Q-2\".\n*/\nvar V = 1\n",
		"q/testdata/other.go": "package x\n",
	})
	r, err := Scan(root)
	require.NoError(t, err)
	var got []string
	for _, c := range r.Citations {
		got = append(got, c.Kind.String()+" "+c.ID+" "+c.Symbol)
	}
	assert.ElementsMatch(t, []string{
		"implementation Q-1 q.Script",
		"test Q-1 TestQ",
		"test Q-1 q/testdata/q.txt",
		"model Q-1 Q!Inv",
	}, got)
	assert.Equal(t, "UNTESTED", r.Status("Q-2"))
}

// TestTestsComeBeforeBenchmarks checks the order of the evidence listed per requirement, and
// that a benchmark alone does not make a requirement tested.
func TestTestsComeBeforeBenchmarks(t *testing.T) {
	root := writeTree(t, map[string]string{
		"spec/b.md": "- **B-1**: Everything cites it.\n- **B-2**: Only measured.\n",
		"b/b_test.go": "package b\n\n// Tests B-1.\nfunc BenchmarkA() {}\n\n// Tests B-1.\nfunc ExampleA() {}\n\n// Tests B-1.\nfunc FuzzA() {}\n\n" +
			"// Tests B-1.\nfunc TestZ() {}\n\n// Tests B-2.\nfunc BenchmarkB() {}\n",
		"b/testdata/b.txt": "# Tests B-1.\n",
	})
	r, err := Scan(root)
	require.NoError(t, err)
	md := r.Markdown()
	assert.Contains(t, md, "| B-1 | Everything cites it. | — | — | `TestZ`, `b/testdata/b.txt`, `FuzzA` and 2 more | tested |\n")
	assert.Contains(t, md, "| B-2 | Only measured. | — | — | `BenchmarkB` | UNTESTED |\n")
	var got []string
	for _, p := range r.Problems() {
		got = append(got, p.String())
	}
	assert.Equal(t, []string{"spec/b.md:2: requirement B-2 is cited by no test"}, got)
}

// TestTraceValidated reads a tla/traces.json: a requirement whose cited TLA+ action or invariant
// it lists is trace-validated, whatever else backs it; a record naming a definition its module
// lacks, or holding an unknown field, is an error.
func TestTraceValidated(t *testing.T) {
	files := map[string]string{
		"spec/r.md": "- **R-1**: Timeout.\n- **R-2**: Safety.\n- **R-3**: Only validated.\n- **R-4**: Neither.\n",
		"tla/Raft.tla": "---- MODULE Raft ----\n\\* Checks R-1.\nTimeout == TRUE\n\\* Checks R-2.\nSafe == TRUE\n" +
			"\\* Checks R-3.\nRestart == TRUE\n\\* Checks R-4.\nUnseen == TRUE\n====\n",
		"tla/MCRaft.cfg":  "INIT Init\nNEXT Next\nINVARIANT Safe\n",
		"tla/models.json": `{"models": [{"config": "MCRaft.cfg", "distinct": 5}]}`,
		"tla/traces.json": `{"validations": [{"trace_spec": "TraceRaft.tla", "module": "Raft", "source": "sim seeds 1..3",
			"actions": ["Timeout", "Restart"], "invariants": ["Safe"]}]}`,
		"r/r_test.go": "package r\n\n// Tests R-1, R-2, R-4.\nfunc TestR() {}\n",
	}
	r, err := Scan(writeTree(t, files))
	require.NoError(t, err)
	assert.Equal(t, "tested, trace-validated", r.Status("R-1"))
	assert.Equal(t, "tested, model-checked, trace-validated", r.Status("R-2"))
	assert.Equal(t, "UNTESTED (trace-validated only)", r.Status("R-3"))
	assert.Equal(t, "tested", r.Status("R-4"))
	assert.Equal(t, Coverage{Tested: true, ModelChecked: true, TraceValidated: true}, r.Coverage("R-2"))
	assert.Equal(t, []string{"TraceRaft.tla"}, r.TraceValidated["Raft!Restart"])

	for name, record := range map[string]string{
		"undefined action": `{"validations": [{"trace_spec": "TraceRaft.tla", "module": "Raft", "actions": ["Vanish"]}]}`,
		"unknown field":    `{"validations": [{"trace_spec": "TraceRaft.tla", "module": "Raft", "action": ["Timeout"]}]}`,
		"no module":        `{"validations": [{"trace_spec": "TraceRaft.tla", "actions": ["Timeout"]}]}`,
		"missing module":   `{"validations": [{"trace_spec": "TraceX.tla", "module": "X", "actions": ["Timeout"]}]}`,
	} {
		files["tla/traces.json"] = record
		_, err := Scan(writeTree(t, files))
		assert.ErrorContains(t, err, "tla/traces.json", name)
	}
	files["tla/traces.json"] = `{"validations": [{"trace_spec": "TraceRaft.tla", "module": "Raft", "actions": ["Vanish"]}]}`
	_, err = Scan(writeTree(t, files))
	assert.EqualError(t, err, "tla/traces.json: TraceRaft.tla lists Vanish, which tla/Raft.tla does not define")
}
