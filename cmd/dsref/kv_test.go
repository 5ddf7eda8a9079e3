package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKVUsageErrors(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"kv", "serve", "-id", "1"}, 2, "-cluster is empty"},
		{[]string{"kv", "serve", "-id", "4", "-cluster", "1=127.0.0.1:7001"}, 2, "not a member"},
		{[]string{"kv", "serve", "-cluster", "1=127.0.0.1", "-id", "1"}, 2, "address"},
		{[]string{"kv", "serve", "-bogus"}, 2, "flag provided but not defined: -bogus"},
		{[]string{"kv", "serve", "-id", "1", "-cluster", "1=127.0.0.1:7001", "-log-level", "loud"}, 2, "-log-level"},
		{[]string{"kv", "local", "-nodes", "0"}, 2, "want 1 to 9"},
		{[]string{"kv", "put", "onlykey"}, 2, "want 2 arguments"},
		{[]string{"kv", "frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"kv", "get", "-addr", "127.0.0.1:1", "k"}, 1, "node unreachable"},
		{[]string{"kv", "serve", "-h"}, 0, "usage: dsref kv serve"},
		{[]string{"kv", "merge-traces"}, 2, "want at least one trace file"},
		{[]string{"kv", "merge-traces", "/nonexistent/trace.ndjson"}, 1, "no such file"},
		{[]string{"kv", "serve", "-id", "1", "-cluster", "1=127.0.0.1:7001", "-peer-cert", "a.pem"}, 2, "needs all of -peer-cert, -peer-key and -peer-ca"},
		{[]string{"kv", "serve", "-id", "1", "-cluster", "1=127.0.0.1:7001", "-peer-cert", "a.pem", "-peer-key", "b.pem", "-peer-ca", "c.pem"}, 2, "-peer-cert/-peer-key"},
	}
	for _, tc := range cases {
		var out, errb bytes.Buffer
		code := dispatch(tc.args, &out, &errb)
		if code != tc.code || !strings.Contains(out.String()+errb.String(), tc.want) {
			t.Errorf("dsref %s: exit %d, want %d with %q; stdout:\n%s\nstderr:\n%s", strings.Join(tc.args, " "), code, tc.code, tc.want, out.String(), errb.String())
		}
	}
}

func TestKVMergeTraces(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.ndjson")
	b := filepath.Join(dir, "b.ndjson")
	os.WriteFile(a, []byte(`{"node":1,"action":"Restart","vc":{"1":1}}`+"\n"+`{"node":1,"action":"X","vc":{"1":2,"2":1}}`+"\n"), 0o644)
	os.WriteFile(b, []byte(`{"node":2,"action":"Restart","vc":{"2":1}}`+"\n"), 0o644)
	var out, errb bytes.Buffer
	if code := dispatch([]string{"kv", "merge-traces", a, b}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	want := `{"action":"Header","spec":"TraceRaft","protocol":"raft","nodes":[1,2],"preVote":true,"checkQuorum":true,"t":0}
{"action":"Restart","node":1,"t":0,"vc":{"1":1}}
{"action":"Restart","node":2,"t":0,"vc":{"2":1}}
{"action":"X","node":1,"t":0,"vc":{"1":2,"2":1}}
`
	if out.String() != want {
		t.Fatalf("merged:\n%s\nwant:\n%s", out.String(), want)
	}
	os.WriteFile(b, []byte(`{"action":"Restart"}`+"\n"), 0o644)
	out.Reset()
	errb.Reset()
	if code := dispatch([]string{"kv", "merge-traces", a, b}, &out, &errb); code != 1 || !strings.Contains(errb.String(), `line 1: no "node" field`) {
		t.Fatalf("exit %d, stderr %s", code, errb.String())
	}
}
