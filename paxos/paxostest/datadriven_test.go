package paxostest

import (
	"strings"
	"testing"
)

// Tests PAXOS-10.
func TestParseDataDriven(t *testing.T) {
	ds, err := ParseDataDriven("s.txt", "# comment\n\ncmd a k=v l=(1,2)\n----\nline 1\nline 2\n\nnext\n----\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 || ds[0].Cmd != "cmd" || ds[0].Pos != "s.txt:3" || ds[0].Expected != "line 1\nline 2" {
		t.Fatalf("parsed %+v", ds)
	}
	if !ds[0].Has("a") || ds[0].Value("k", "") != "v" || strings.Join(ds[0].Values("l"), "|") != "1|2" || ds[0].Value("z", "d") != "d" {
		t.Fatalf("arguments %+v", ds[0].Args)
	}
	if ds[1].Cmd != "next" || ds[1].Expected != "" {
		t.Fatalf("second directive %+v", ds[1])
	}
	for in, want := range map[string]string{
		"cmd\nnot a separator\n": `s.txt:1: command "cmd" is not followed by a ---- line`,
		"cmd a=(1\n----\n":       "s.txt:1: unbalanced '('",
		"cmd a)\n----\n":         "s.txt:1: unbalanced ')' at column 6",
	} {
		if _, err := ParseDataDriven("s.txt", in); err == nil || err.Error() != want {
			t.Errorf("ParseDataDriven(%q) = %v, want %q", in, err, want)
		}
	}
}
