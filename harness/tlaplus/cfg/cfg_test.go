package cfg

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseEveryKeyword(t *testing.T) {
	src := `\* a full configuration
(* block (* nested *) comment *)
CONSTANTS
    N = 3
    Neg = -2
    Name = "a\"b\n"
    Flag = TRUE
    Procs = {p1, p2, {p3}}
    Pair = <<1, "x">>
    Empty = {}
    Max <- MaxImpl
    Op(_, _) <- OpImpl
    Small <- [Inner] SmallImpl
    K = [Inner] 7
    \prec <- Less
CONSTANT Solo = solo
INVARIANT TypeOK
INVARIANTS Safety Agreement
PROPERTY Refines
PROPERTIES Live1 Live2
CONSTRAINT Bound
CONSTRAINTS Bound2
ACTION_CONSTRAINT Step
ACTION_CONSTRAINTS Step2
SYMMETRY Sym
VIEW V
ALIAS A
POSTCONDITION Post
CHECK_DEADLOCK FALSE
SPECIFICATION Spec
`
	c, err := Parse("full.cfg", src)
	require.NoError(t, err)
	var got []string
	for _, k := range c.Constants {
		s := k.Name.Name
		if k.Arity > 0 {
			s += "/" + string(rune('0'+k.Arity))
		}
		if k.Kind == Assign {
			s += " = "
		} else {
			s += " <- "
		}
		if k.Module != "" {
			s += "[" + k.Module + "] "
		}
		if k.Kind == Assign {
			s += k.Value.String()
		} else {
			s += k.Target.Name
		}
		got = append(got, s)
	}
	require.Equal(t, []string{
		"N = 3", "Neg = -2", `Name = "a\"b\n"`, "Flag = TRUE", "Procs = {p1, p2, {p3}}",
		`Pair = <<1, "x">>`, "Empty = {}", "Max <- MaxImpl", "Op/2 <- OpImpl",
		"Small <- [Inner] SmallImpl", "K = [Inner] 7", `\prec <- Less`, "Solo = solo",
	}, got)
	require.Equal(t, Pos{File: "full.cfg", Line: 4, Col: 5}, c.Constants[0].Name.Pos)
	require.Equal(t, []string{"TypeOK", "Safety", "Agreement"}, names(c.Invariants))
	require.Equal(t, []string{"Refines", "Live1", "Live2"}, names(c.Properties))
	require.Equal(t, []string{"Bound", "Bound2"}, names(c.Constraints))
	require.Equal(t, []string{"Step", "Step2"}, names(c.ActionConstraints))
	require.Equal(t, "Sym", c.Symmetry.Name)
	require.Equal(t, "V", c.View.Name)
	require.Equal(t, "A", c.Alias.Name)
	require.Equal(t, "Post", c.Postcondition.Name)
	require.Equal(t, "Spec", c.Specification.Name)
	require.False(t, c.DeadlockChecked())
	require.Equal(t, []string{"p1", "p2", "p3", "solo"}, c.ModelValues())
}

func names(ns []Name) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.Name)
	}
	return out
}

func TestInitNextAndDefaultDeadlock(t *testing.T) {
	c, err := Parse("m.cfg", "INIT Init NEXT Next")
	require.NoError(t, err)
	require.Equal(t, "Init", c.Init.Name)
	require.Equal(t, "Next", c.Next.Name)
	require.Equal(t, Pos{File: "m.cfg", Line: 1, Col: 16}, c.Next.Pos)
	require.Nil(t, c.Specification)
	require.True(t, c.DeadlockChecked())
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"INVARIENT TypeOK", "e.cfg:1:1: expected a configuration keyword"},
		{"INIT Init NEXT Next\nINIT Other", "e.cfg:2:1: INIT given twice (first at e.cfg:1:6)"},
		{"INIT A B", `e.cfg:1:8: INIT takes exactly one name, found a second one "B"`},
		{"INIT", "e.cfg:1:5: expected an operator name after INIT, found end of file"},
		{"INVARIANT {x}", "e.cfg:1:11: expected an operator name after INVARIANT"},
		{"CONSTANT N 3", `e.cfg:1:12: expected = or <- after constant N, found "3"`},
		{"CONSTANT N = ", "e.cfg:1:14: expected a value"},
		{"CONSTANT N = {1, 2", `e.cfg:1:19: expected "," or "}" in a value list, found end of file`},
		{"CONSTANT N = 1 N = 2", "e.cfg:1:16: constant N assigned twice (first at e.cfg:1:10)"},
		{"CONSTANT N = \"abc", "e.cfg:1:14: unterminated string"},
		{"CONSTANT N = \"a\\qb\"", "e.cfg:1:16: unknown escape sequence"},
		{"CONSTANT N = 99999999999999999999", "e.cfg:1:14: integer 99999999999999999999 does not fit in 64 bits"},
		{"CONSTANT N <- [M 3", `e.cfg:1:18: expected "]", found "3"`},
		{"CONSTANT F(_, x) <- G", "e.cfg:1:15: expected _ in the parameter list of F"},
		{"CONSTANT F(_) = 3", "e.cfg:1:10: operator constant F takes parameters"},
		{"CONSTANT F(0) = 1 F(1, 2) = 3", "e.cfg:1:19: The arity of the operator F is inconsistent in the configuration file."},
		{"CONSTANT F(0) <- G", `e.cfg:1:15: expected = or <- after constant F, found "<-"`},
		{"CONSTANT F(0) = 1 F = 2", "e.cfg:1:19: constant F assigned twice (first at e.cfg:1:10)"},
		{"CHECK_DEADLOCK yes", "e.cfg:1:16: expected TRUE or FALSE after CHECK_DEADLOCK"},
		{"(* open", "e.cfg:1:1: unterminated comment"},
		{"INIT I NEXT N SPECIFICATION S", "e.cfg:1:29: SPECIFICATION cannot be combined with INIT or NEXT"},
		{"INIT I", "e.cfg:1:6: INIT given without NEXT"},
		{"INIT I ; NEXT N", "e.cfg:1:8: unexpected character ';'"},
	}
	for _, tc := range cases {
		_, err := Parse("e.cfg", tc.src)
		require.Error(t, err, tc.src)
		require.True(t, strings.HasPrefix(err.Error(), tc.want), "input %q\n got: %v\nwant: %s", tc.src, err, tc.want)
	}
}

// TestEmptySections: INVARIANT(S), PROPERTY(IES), CONSTRAINT(S), ACTION_CONSTRAINT(S) and
// CONSTANT(S) may list nothing, as TLC reads them (a model generator writes such sections).
func TestEmptySections(t *testing.T) {
	c, err := Parse("m.cfg", "CONSTANTS\nINVARIANTS\nPROPERTIES\nINIT Init\nNEXT Next\nCONSTRAINT\nACTION_CONSTRAINTS\nINVARIANT TypeOK\nPROPERTY")
	require.NoError(t, err)
	require.Equal(t, []string{"TypeOK"}, names(c.Invariants))
	require.Empty(t, c.Properties)
	require.Empty(t, c.Constraints)
	require.Empty(t, c.ActionConstraints)
	require.Empty(t, c.Constants)
	require.Equal(t, "Next", c.Next.Name)
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"CONSTANTS N = 3 S = {a, b}\nINIT Init NEXT Next\nINVARIANT TypeOK",
		"SPECIFICATION Spec CHECK_DEADLOCK FALSE",
		"CONSTANT F(_) <- [M] G (* c *) \\* x",
		`CONSTANT s = "x\"y" t = <<1, {2}>>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		c, err := Parse("fuzz.cfg", src)
		if err == nil && c == nil {
			t.Fatal("nil config without error")
		}
		if err != nil && !strings.HasPrefix(err.Error(), "fuzz.cfg:") {
			t.Fatalf("error without position: %v", err)
		}
	})
}

// TestConfigOverMaxSizeIsRefused checks Parse and ParseFile refuse a configuration longer than
// MaxSourceSize, naming the file, its size and the bound.
func TestConfigOverMaxSizeIsRefused(t *testing.T) {
	old := MaxSourceSize
	MaxSourceSize = 100
	defer func() { MaxSourceSize = old }()
	src := "CONSTANT N = 1\n" + strings.Repeat("\\* padding\n", 9)
	if _, err := Parse("m.cfg", src[:100]); err != nil {
		t.Fatalf("a configuration of exactly MaxSourceSize bytes: %v", err)
	}
	path := filepath.Join(t.TempDir(), "m.cfg")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{func() error { _, err := Parse("m.cfg", src); return err }(), func() error { _, err := ParseFile(path); return err }()} {
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf(":1:1: the configuration is %d bytes, more than the 100", len(src))) {
			t.Errorf("error %v, want the size refused", err)
		}
	}
}

// TestDeepValueIsRefused checks a value nested beyond maxValueDepth is an error naming where,
// not a stack overflow, and that one nested maxValueDepth deep parses.
func TestDeepValueIsRefused(t *testing.T) {
	ok := "CONSTANT A = " + strings.Repeat("{", maxValueDepth) + strings.Repeat("}", maxValueDepth) + "\n"
	if _, err := Parse("m.cfg", ok); err != nil {
		t.Fatalf("nesting %d: %v", maxValueDepth, err)
	}
	n := 2_000_000
	deep := "CONSTANT A = " + strings.Repeat("<<", n/2) + strings.Repeat("{", n/2) + strings.Repeat("}", n/2) + strings.Repeat(">>", n/2) + "\n"
	_, err := Parse("m.cfg", deep)
	if want := fmt.Sprintf("m.cfg:1:%d: value nested more than %d sets and tuples deep", 14+2*maxValueDepth, maxValueDepth); err == nil || err.Error() != want {
		t.Fatalf("nesting %d: error %v, want %s", n, err, want)
	}
}

// TestOperatorTableLines: CONSTANT F(a1, ..., an) = v, TLC's lines of an operator constant's
// table (ModelConfig, SpecProcessor.makeConstantTable; its ConstantOperatorConfiguration test),
// one entry per line, in the order written.
func TestOperatorTableLines(t *testing.T) {
	c, err := Parse("t.cfg", "CONSTANT\n  F(0) = 1\n  F(1) = 2\n  G(\"a\", {1}) = TRUE\n  F(2) = 2\n")
	require.NoError(t, err)
	var got []string
	for _, k := range c.Constants {
		var args []string
		for _, a := range k.Args {
			args = append(args, a.String())
		}
		got = append(got, k.Name.Name+"("+strings.Join(args, ", ")+") = "+k.Value.String())
	}
	require.Equal(t, []string{"F(0) = 1", "F(1) = 2", `G("a", {1}) = TRUE`, "F(2) = 2"}, got)
}
