package eval

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

func repoTLA(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "tla")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test")
		}
		dir = parent
	}
}

// TestRepositorySpecsLoad loads every module in tla/ and, for every MC*.cfg, the model with the
// configuration's constants, and checks its ASSUMEs. Package semantic's own test runs the
// name, arity and level checks over the same files, so they are skipped here.
func TestRepositorySpecsLoad(t *testing.T) {
	dir := repoTLA(t)
	mods, _ := filepath.Glob(filepath.Join(dir, "*.tla"))
	if len(mods) == 0 {
		t.Fatalf("no modules in %s", dir)
	}
	for _, path := range mods {
		if _, err := LoadFile(path, Options{SkipSemanticCheck: true}); err != nil {
			t.Errorf("%s: %v", filepath.Base(path), err)
		}
	}
	cfgs, _ := filepath.Glob(filepath.Join(dir, "MC*.cfg"))
	for _, path := range cfgs {
		conf, err := cfg.ParseFile(path)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(path), err)
			continue
		}
		consts, err := configConstants(conf)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(path), err)
			continue
		}
		name := strings.TrimSuffix(path, ".cfg") + ".tla"
		if _, err := os.Stat(name); err != nil {
			// Several configurations may share one MC module: MCRaftLarge.cfg checks MCRaft.tla.
			continue
		}
		spec, err := LoadFile(name, Options{Constants: consts, SkipSemanticCheck: true})
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(path), err)
			continue
		}
		if missing := spec.MissingConstants(); len(missing) > 0 {
			t.Errorf("%s leaves constants without a value: %v", filepath.Base(path), missing)
		}
		if err := spec.NewSession(nil).CheckAssumptions(); err != nil {
			t.Errorf("%s: %v", filepath.Base(path), err)
		}
	}
}

func configConstants(conf *cfg.Config) ([]Constant, error) {
	var out []Constant
	for _, c := range conf.Constants {
		if c.Kind == cfg.Substitute {
			out = append(out, Constant{Name: c.Name.Name, Substitute: c.Target.Name})
			continue
		}
		v, err := configValue(c.Value)
		if err != nil {
			return nil, err
		}
		out = append(out, Constant{Name: c.Name.Name, Value: v})
	}
	return out, nil
}

func configValue(v cfg.Value) (value.Value, error) {
	switch v := v.(type) {
	case cfg.Int:
		return value.MakeInt(v.V, v.String())
	case cfg.Str:
		return value.Str(v.V), nil
	case cfg.Bool:
		return value.Bool(v.V), nil
	case cfg.ModelValue:
		return value.ModelValue{Name: v.Name}, nil
	case cfg.Set:
		var elems []value.Value
		for _, e := range v.Elems {
			x, err := configValue(e)
			if err != nil {
				return nil, err
			}
			elems = append(elems, x)
		}
		return value.NewSet(elems...)
	case cfg.Tuple:
		var t value.Tuple
		for _, e := range v.Elems {
			x, err := configValue(e)
			if err != nil {
				return nil, err
			}
			t = append(t, x)
		}
		return t, nil
	}
	return nil, fmt.Errorf("unsupported configuration value %s", v)
}
