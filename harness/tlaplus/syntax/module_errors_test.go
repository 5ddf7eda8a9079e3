package syntax_test

import (
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/syntax"
)

// TestModuleErrors checks the messages for malformed modules; positions
// are counted by hand from the sources.
func TestModuleErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"no module here", "m.tla:1:1: expected a module header `---- MODULE Name ----`, found none"},
		{"---- MODULE M ----\nFoo = 1\n====", "m.tla:2:5: expected `==` in the definition of Foo, found `=`"},
		{"---- MODULE M ----\nFoo == 1\n", "m.tla:3:1: expected `====` ending module M, found end of input"},
		{"---- MODULE M\nFoo == 1\n====", "m.tla:2:1: expected `----` closing the module header, found identifier Foo"},
		{"---- MODULE M ----\nCONSTANT F(x)\n====", "m.tla:2:12: expected `_`, found identifier x"},
		{"---- MODULE M ----\nVARIABLE 1\n====", "m.tla:2:10: expected an identifier, found number 1"},
		{"---- MODULE M ----\nFoo == LET IN 1\n====", "m.tla:2:12: expected a definition after LET, found IN"},
		{"---- MODULE M ----\nTHEOREM ASSUME x\n====", "m.tla:2:9: ASSUME has no matching PROVE"},
		{"---- MODULE M ----\nI == INSTANCE\n====", "m.tla:3:1: expected an identifier, found ===="},
		{"---- MODULE M ----\nF == [a |-> 1 EXCEPT]\n====", "m.tla:2:15: expected `]`, found EXCEPT"},
		{"---- MODULE M ----\nF == [f EXCEPT !a = 1]\n====", "m.tla:2:17: expected `[` or `.` after `!` in EXCEPT, found identifier a"},
		{"---- MODULE M ----\nF == CASE a -> 1 [] OTHER\n====", "m.tla:3:1: expected `->`, found ===="},
		{"---- MODULE M ----\nF == \\A : TRUE\n====", "m.tla:2:9: expected an identifier, found `:`"},
		{"---- MODULE M ----\nF == x.1\n====", "m.tla:2:8: expected a field name after `.`, found number 1"},
		{"---- MODULE M ----\nF == 1 ^^\n====", "m.tla:3:1: expected an expression, found ===="},
		{"---- MODULE M ----\nF == \"abc\x01\n====", "m.tla:2:6: string literal is not terminated"},
		{"---- MODULE M ----\nF == a ` b\n====", "m.tla:2:8: unexpected character '`'"},
	} {
		_, err := syntax.ParseModule("m.tla", []byte(c.src))
		if err == nil {
			t.Errorf("%q: parsed, want error %s", c.src, c.want)
			continue
		}
		if err.Error() != c.want {
			t.Errorf("%q:\n got  %s\n want %s", c.src, err, c.want)
		}
	}
}
