package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/check"
)

// writeModels makes a repository root whose tla/ holds HourClock as MCHour and the manifest.
func writeModels(t *testing.T, manifest string) string {
	t.Helper()
	root := t.TempDir()
	tla := filepath.Join(root, "tla")
	if err := os.Mkdir(tla, 0o755); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(corpusDir, "HourClock.tla"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"MCHour.tla":  strings.Replace(string(src), "MODULE HourClock", "MODULE MCHour", 1),
		"MCHour.cfg":  "SPECIFICATION Spec\nINVARIANT TypeOK\n",
		"models.json": manifest,
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(tla, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestConformModelCheckStage(t *testing.T) {
	good := `{"models": [{"config": "MCHour.cfg", "verdict": "ok", "generated": 24, "distinct": 12, "depth": 1, "counts": "hand"}]}`
	var out bytes.Buffer
	if err := conformModelCheck(&out, conformOptions{Root: writeModels(t, good), Short: true}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "MCHour.cfg") || !strings.Contains(out.String(), "MCHour.cfg                 ok       ok                         24         12     1") {
		t.Fatalf("unexpected output:\n%s", out.String())
	}

	wrong := strings.Replace(good, `"distinct": 12`, `"distinct": 13`, 1)
	out.Reset()
	err := conformModelCheck(&out, conformOptions{Root: writeModels(t, wrong), Short: true})
	if err == nil || !strings.Contains(err.Error(), "12 distinct states, want 13") {
		t.Fatalf("got %v, want a distinct-count mismatch\n%s", err, out.String())
	}

	unlisted := `{"models": []}`
	err = conformModelCheck(&out, conformOptions{Root: writeModels(t, unlisted), Short: true})
	if err == nil || !strings.Contains(err.Error(), "MCHour.cfg is not listed in the manifest") {
		t.Fatalf("got %v, want an unlisted-model error", err)
	}

	slow := strings.Replace(good, `"counts"`, `"slow": true, "counts"`, 1)
	out.Reset()
	if err := conformModelCheck(&out, conformOptions{Root: writeModels(t, slow), Short: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "MCHour.cfg                 not run  slow model: checked only by dsref conform without -short") {
		t.Fatalf("a slow model should be skipped with -short:\n%s", out.String())
	}
}

// TestConformModelCheckSoak checks that a soak model is listed as not run, with how to run it,
// by conform with and without -short, and is checked (and can fail) with -soak.
func TestConformModelCheckSoak(t *testing.T) {
	soak := `{"models": [{"config": "MCHour.cfg", "verdict": "ok", "generated": 24, "distinct": 12, "depth": 1, "soak": true, "counts": "hand"}]}`
	for _, short := range []bool{true, false} {
		var out bytes.Buffer
		if err := conformModelCheck(&out, conformOptions{Root: writeModels(t, soak), Short: short}); err != nil {
			t.Fatalf("short=%v: %v\n%s", short, err, out.String())
		}
		want := "model                      result   verdict             generated   distinct depth    time\n" +
			"MCHour.cfg                 not run  soak model: checked only by dsref conform -soak, or go test with DSREF_SOAK=1\n"
		if out.String() != want {
			t.Fatalf("short=%v: got\n%s\nwant\n%s", short, out.String(), want)
		}
	}
	for _, short := range []bool{true, false} {
		var out bytes.Buffer
		if err := conformModelCheck(&out, conformOptions{Root: writeModels(t, soak), Short: short, Soak: true}); err != nil {
			t.Fatalf("-soak short=%v: %v\n%s", short, err, out.String())
		}
		if !strings.Contains(out.String(), "MCHour.cfg                 ok       ok                         24         12     1") {
			t.Fatalf("-soak short=%v: the soak model should be checked:\n%s", short, out.String())
		}
	}
	wrong := strings.Replace(soak, `"generated": 24`, `"generated": 25`, 1)
	var out bytes.Buffer
	err := conformModelCheck(&out, conformOptions{Root: writeModels(t, wrong), Soak: true})
	if err == nil || !strings.Contains(err.Error(), "24 states generated, want 25") {
		t.Fatalf("got %v, want a generated-count mismatch\n%s", err, out.String())
	}
	unfinished := strings.Replace(soak, `"counts": "hand"`, `"counts": "none", "unchecked": "not finished"`, 1)
	err = conformModelCheck(&out, conformOptions{Root: writeModels(t, unfinished), Soak: true})
	if err == nil || !strings.Contains(err.Error(), "model MCHour.cfg: marked both soak and unchecked") {
		t.Fatalf("got %v, want a manifest error naming MCHour.cfg", err)
	}
}

func TestConformModelTier(t *testing.T) {
	for _, tc := range []struct {
		opts conformOptions
		want check.Tier
	}{
		{conformOptions{}, check.Slow},
		{conformOptions{Short: true}, check.Fast},
		{conformOptions{Soak: true}, check.Soak},
		{conformOptions{Short: true, Soak: true}, check.Soak},
	} {
		if got := modelTier(tc.opts); got != tc.want {
			t.Errorf("modelTier(%+v) = %v, want %v", tc.opts, got, tc.want)
		}
	}
}
