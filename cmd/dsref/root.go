package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// findRepoRoot walks up from start to the folder holding dsref's go.mod, so that every subcommand
// works from any folder inside the repository.
func findRepoRoot(start string) (string, error) {
	dir, err := filepath.Abs(start)
	if err != nil {
		return "", err
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && isDsrefModule(data) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod for module github.com/dsref/dsref in %s or any parent folder", start)
		}
		dir = parent
	}
}

func isDsrefModule(goMod []byte) bool {
	const want = "module github.com/dsref/dsref"
	for _, line := range splitLines(goMod) {
		if line == want {
			return true
		}
	}
	return false
}

func splitLines(b []byte) []string {
	var lines []string
	start := 0
	for i, c := range b {
		if c == '\n' {
			lines = append(lines, string(b[start:i]))
			start = i + 1
		}
	}
	return append(lines, string(b[start:]))
}
