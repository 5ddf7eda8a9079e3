package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	if !strings.Contains(out.String(), "MCHour.cfg") || !strings.Contains(out.String(), "24 generated, 12 distinct, depth 1") {
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
	if !strings.Contains(out.String(), "not run (slow; run without -short)") {
		t.Fatalf("a slow model should be skipped with -short:\n%s", out.String())
	}
}
