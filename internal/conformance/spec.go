package conformance

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// idPattern matches a requirement ID: upper-case words joined by '-' and a positive number.
const idPattern = `[A-Z][A-Z0-9]*(?:-[A-Z][A-Z0-9]*)*-[1-9][0-9]*`

var declRE = regexp.MustCompile(`^- \*\*(` + idPattern + `)\*\*:\s*(.*)$`)

// A Requirement is one numbered normative statement of a spec.
type Requirement struct {
	ID      string
	Summary string // the statement's first sentence
	Spec    string // spec file, relative to the repository root, e.g. "spec/clocks.md"
	Line    int
}

// parseSpec reads the requirements declared in one spec file.
func parseSpec(root, rel string) ([]Requirement, error) {
	data, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		return nil, err
	}
	var reqs []Requirement
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for line := 1; sc.Scan(); line++ {
		m := declRE.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		summary := firstSentence(m[2])
		if summary == "" {
			return nil, fmt.Errorf("%s:%d: requirement %s has no text", rel, line, m[1])
		}
		reqs = append(reqs, Requirement{ID: m[1], Summary: summary, Spec: rel, Line: line})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", rel, err)
	}
	return reqs, nil
}

// firstSentence returns text up to and including the first full stop that ends a sentence.
func firstSentence(text string) string {
	text = strings.TrimSpace(text)
	for i := 0; i < len(text); i++ {
		if text[i] == '.' && (i+1 == len(text) || text[i+1] == ' ') {
			return text[:i+1]
		}
	}
	return text
}

// specFiles lists spec/*.md except the README that explains the conventions.
func specFiles(root string) ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(root, "spec", "*.md"))
	if err != nil {
		return nil, err
	}
	var rels []string
	for _, m := range matches {
		if strings.EqualFold(filepath.Base(m), "README.md") {
			continue
		}
		rel, err := filepath.Rel(root, m)
		if err != nil {
			return nil, err
		}
		rels = append(rels, filepath.ToSlash(rel))
	}
	sort.Strings(rels)
	return rels, nil
}
