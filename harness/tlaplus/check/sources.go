package check

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/dsref/dsref/harness/tlaplus/semantic"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
)

// SourcesDigest returns a digest of what the entry's counts depend on in dir: its
// configuration and every module of its spec read from dir (the root and the modules it
// extends or instantiates there; standard modules aside), each module as syntax.Print renders
// its tree. Comments and layout do not change the digest; a changed definition, declaration,
// constant value or configuration keyword does. It is "sha256:" and 16 hex digits.
//
// A manifest entry records the digest of the sources it was counted with (Sources), so that a
// change to a module cannot leave counts behind that no run of go test would re-check.
func (e ManifestEntry) SourcesDigest(dir string) (string, error) {
	conf, err := cfg.ParseFile(filepath.Join(dir, e.Config))
	if err != nil {
		return "", err
	}
	spec, err := semantic.LoadFile(filepath.Join(dir, e.SpecFile()))
	if err != nil {
		return "", err
	}
	var names []string
	for name, m := range spec.Modules {
		if !m.Standard {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	h := sha256.New()
	fmt.Fprintf(h, "config %s\n%s", e.Config, canonicalConfig(conf))
	for _, name := range names {
		fmt.Fprintf(h, "module %s\n%s\n", name, syntax.Print(spec.Modules[name].AST))
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))[:16], nil
}

// canonicalConfig renders a configuration without its comments, layout or positions.
func canonicalConfig(c *cfg.Config) string {
	var b strings.Builder
	for _, k := range c.Constants {
		switch k.Kind {
		case cfg.Assign:
			fmt.Fprintf(&b, "CONSTANT %s/%d [%s] = %s\n", k.Name.Name, k.Arity, k.Module, k.Value)
		default:
			fmt.Fprintf(&b, "CONSTANT %s/%d [%s] <- %s\n", k.Name.Name, k.Arity, k.Module, k.Target.Name)
		}
	}
	single := func(kw string, n *cfg.Name) {
		if n != nil {
			fmt.Fprintf(&b, "%s %s\n", kw, n.Name)
		}
	}
	list := func(kw string, ns []cfg.Name) {
		for _, n := range ns {
			fmt.Fprintf(&b, "%s %s\n", kw, n.Name)
		}
	}
	single("INIT", c.Init)
	single("NEXT", c.Next)
	single("SPECIFICATION", c.Specification)
	list("INVARIANT", c.Invariants)
	list("PROPERTY", c.Properties)
	list("CONSTRAINT", c.Constraints)
	list("ACTION_CONSTRAINT", c.ActionConstraints)
	single("SYMMETRY", c.Symmetry)
	single("VIEW", c.View)
	single("ALIAS", c.Alias)
	single("POSTCONDITION", c.Postcondition)
	fmt.Fprintf(&b, "CHECK_DEADLOCK %v\n", c.DeadlockChecked())
	return b.String()
}

// StaleSources reports an entry whose recorded counts may not be those of the sources in dir:
// a soak model with counts (which neither go test nor a plain conform re-runs) that records no
// digest or another one than SourcesDigest's, or any entry recording a digest that is not the
// current one. Fast models are re-run by every go test and slow ones by every full conform
// (CI runs one), so their counts cannot go stale unnoticed; they may record a digest too.
func (e ManifestEntry) StaleSources(dir string) error {
	if e.Unchecked != "" || (e.Sources == "" && e.Tier() != Soak) {
		return nil
	}
	now, err := e.SourcesDigest(dir)
	if err != nil {
		return fmt.Errorf("%s: %w", e.Config, err)
	}
	run := fmt.Sprintf("`dsref check -workers %d -config %s %s` in %s", e.Workers(2), e.Config, e.SpecFile(), dir)
	switch e.Sources {
	case now:
		return nil
	case "":
		return fmt.Errorf("%s: a soak model records no sources: after %s, record its counts with \"sources\": %q",
			e.Config, run, now)
	}
	return fmt.Errorf("%s: counted with sources %s, but its configuration or a module it loads has changed since (now %s): "+
		"recount it (%s) and record the counts with \"sources\": %q", e.Config, e.Sources, now, run, now)
}
