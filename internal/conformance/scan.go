package conformance

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// A Report is everything Scan found: requirements, citations and what is wrong with them.
type Report struct {
	Requirements []Requirement // in spec file order
	Citations    []Citation
	// ModelChecked maps a TLA+ definition ("Module!Name") to the MC*.cfg files that check it as an
	// invariant or property.
	ModelChecked map[string][]string
	// TraceValidated maps a TLA+ definition ("Module!Name") to the trace specs whose validated
	// traces took it (an action) or checked it on every state (an invariant): see TraceRecord.
	TraceValidated map[string][]string
}

// skipDir reports folders that hold no code of this module.
func skipDir(name string) bool {
	return name == ".git" || name == "vendor" || name == "node_modules" || strings.HasPrefix(name, ".")
}

// Scan reads the repository at root.
func Scan(root string) (*Report, error) {
	specs, err := specFiles(root)
	if err != nil {
		return nil, err
	}
	r := &Report{ModelChecked: map[string][]string{}, TraceValidated: map[string][]string{}}
	for _, rel := range specs {
		reqs, err := parseSpec(root, rel)
		if err != nil {
			return nil, err
		}
		r.Requirements = append(r.Requirements, reqs...)
	}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		cites, err := fileCitations(root, rel)
		if err != nil {
			return err
		}
		r.Citations = append(r.Citations, cites...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := r.readModelConfigs(root); err != nil {
		return nil, err
	}
	if err := r.readTraceRecord(root); err != nil {
		return nil, err
	}
	sort.SliceStable(r.Citations, func(i, j int) bool {
		a, b := r.Citations[i], r.Citations[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return r, nil
}

// fileCitations dispatches on the file's kind; files of other kinds cite nothing.
func fileCitations(root, rel string) ([]Citation, error) {
	isGo := strings.HasSuffix(rel, ".go")
	isTLA := strings.HasPrefix(rel, "tla/") && strings.HasSuffix(rel, ".tla")
	isScript := strings.Contains("/"+rel, "/testdata/") && strings.HasSuffix(rel, ".txt")
	if !isGo && !isTLA && !isScript {
		return nil, nil
	}
	if isGo && strings.Contains("/"+rel, "/testdata/") {
		return nil, nil // Go files under testdata are inputs, not code
	}
	src, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		return nil, err
	}
	switch {
	case isGo:
		return goCitations(rel, src, goPackageName(rel))
	case isTLA:
		return tlaCitations(rel, src, strings.TrimSuffix(filepath.Base(rel), ".tla"))
	default:
		return scriptCitations(rel, src), nil
	}
}

// goPackageName names a Go file's package by its import path below the module, e.g. "raft/rafttest".
func goPackageName(rel string) string {
	dir := filepath.ToSlash(filepath.Dir(rel))
	if dir == "." {
		return "dsref"
	}
	return dir
}

var cfgWordRE = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)

// readModelConfigs records which definitions each tla/MC*.cfg checks as INVARIANT(S) or PROPERTY(IES).
// A model MCFoo.cfg checks definitions of the modules MCFoo extends; as the report only needs to
// know that a cited definition is checked somewhere, a definition name is matched in any module.
// Only models the checker completes count: tla/models.json records their counts, whatever their
// tier (fast, slow, or soak: checked only on demand, but completed). Models it marks unchecked
// (too large for the checker so far) or lists without counts do not count.
func (r *Report) readModelConfigs(root string) error {
	cfgs, err := filepath.Glob(filepath.Join(root, "tla", "MC*.cfg"))
	if err != nil {
		return err
	}
	incomplete, err := incompleteModels(filepath.Join(root, "tla", "models.json"))
	if err != nil {
		return err
	}
	checked := map[string][]string{} // definition name -> cfg files
	for _, cfg := range cfgs {
		if incomplete[filepath.Base(cfg)] {
			continue
		}
		data, err := os.ReadFile(cfg)
		if err != nil {
			return err
		}
		inList := false
		for _, line := range strings.Split(string(data), "\n") {
			if i := strings.Index(line, `\*`); i >= 0 {
				line = line[:i]
			}
			words := cfgWordRE.FindAllString(line, -1)
			for _, w := range words {
				switch w {
				case "INVARIANT", "INVARIANTS", "PROPERTY", "PROPERTIES":
					inList = true
					continue
				case "CONSTANT", "CONSTANTS", "INIT", "NEXT", "SPECIFICATION", "CONSTRAINT", "CONSTRAINTS",
					"ACTION_CONSTRAINT", "ACTION_CONSTRAINTS", "SYMMETRY", "VIEW", "ALIAS", "POSTCONDITION", "CHECK_DEADLOCK":
					inList = false
					continue
				}
				if inList {
					name := filepath.Base(cfg)
					checked[w] = appendUnique(checked[w], name)
				}
			}
		}
	}
	for _, c := range r.Citations {
		if c.Kind != Model {
			continue
		}
		def := c.Symbol[strings.Index(c.Symbol, "!")+1:]
		if files, ok := checked[def]; ok {
			r.ModelChecked[c.Symbol] = files
		}
	}
	return nil
}

// incompleteModels reads the model manifest kept by the model checker's tests
// (harness/tlaplus/check.Manifest) and returns the configurations it lists without recorded
// counts: marked unchecked, or with no distinct states. The tier (slow, soak) does not matter: a
// model checked only on demand is still a completed one. A missing manifest marks none.
func incompleteModels(path string) (map[string]bool, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var manifest struct {
		Models []struct {
			Config    string `json:"config"`
			Distinct  int64  `json:"distinct"`
			Unchecked string `json:"unchecked"`
		} `json:"models"`
	}
	if err := json.Unmarshal(data, &manifest); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	out := map[string]bool{}
	for _, m := range manifest.Models {
		if m.Unchecked != "" || m.Distinct <= 0 {
			out[m.Config] = true
		}
	}
	return out, nil
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// A Problem is one reason the repository does not conform.
type Problem struct {
	Where string // file:line
	What  string
}

func (p Problem) String() string { return fmt.Sprintf("%s: %s", p.Where, p.What) }

// Problems lists duplicate declarations, citations of undeclared IDs and requirements that no test
// cites (a benchmark does not count: see Citation.Checks), in file order.
func (r *Report) Problems() []Problem {
	var probs []Problem
	declared := map[string]Requirement{}
	for _, req := range r.Requirements {
		if prev, dup := declared[req.ID]; dup {
			probs = append(probs, Problem{
				Where: fmt.Sprintf("%s:%d", req.Spec, req.Line),
				What:  fmt.Sprintf("requirement %s is declared again (first at %s:%d)", req.ID, prev.Spec, prev.Line),
			})
			continue
		}
		declared[req.ID] = req
	}
	tested := map[string]bool{}
	for _, c := range r.Citations {
		if _, ok := declared[c.ID]; !ok {
			probs = append(probs, Problem{
				Where: fmt.Sprintf("%s:%d", c.File, c.Line),
				What:  fmt.Sprintf("%s cites %s, which no spec declares", c.Symbol, c.ID),
			})
			continue
		}
		if c.Checks() {
			tested[c.ID] = true
		}
	}
	for _, req := range r.Requirements {
		if !tested[req.ID] {
			probs = append(probs, Problem{
				Where: fmt.Sprintf("%s:%d", req.Spec, req.Line),
				What:  fmt.Sprintf("requirement %s is cited by no test", req.ID),
			})
		}
	}
	return probs
}

// Only returns the part of the report about the requirements declared in one spec file (e.g.
// "spec/raft.md"): its requirements and the citations of them or of IDs sharing their prefixes.
func (r *Report) Only(spec string) *Report {
	out := &Report{ModelChecked: r.ModelChecked, TraceValidated: r.TraceValidated}
	prefixes := map[string]bool{}
	for _, req := range r.Requirements {
		if req.Spec == spec {
			out.Requirements = append(out.Requirements, req)
			prefixes[idPrefix(req.ID)] = true
		}
	}
	for _, c := range r.Citations {
		if prefixes[idPrefix(c.ID)] {
			out.Citations = append(out.Citations, c)
		}
	}
	return out
}

func idPrefix(id string) string { return id[:strings.LastIndex(id, "-")] }
