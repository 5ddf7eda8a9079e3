package catalogue

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/sim/paxossim"
	"github.com/dsref/dsref/harness/sim/raftsim"
)

const (
	// shippedHashesEnv carries simHashes of the shipped build to a test build.
	shippedHashesEnv = "DSREF_SHIPPED_SIM_HASHES"
	hashesPrefix     = "shipped sim hashes: "
)

// simHashes runs a few seeds of every protocol with no planted bug and returns their event-log
// hashes, in one line.
func simHashes(t *testing.T) string {
	var b strings.Builder
	for _, p := range []sim.Protocol{raftsim.Protocol{}, paxossim.Protocol{}, paxossim.SynodLog{}} {
		for seed := uint64(1); seed <= 12; seed++ {
			res, err := sim.Run(p, sim.RunOptions{Options: sim.Options{Nodes: 3 + 2*int(seed%2), Seed: seed}})
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s/%d=%016x ", p.Name(), seed, res.Hash)
		}
	}
	return strings.TrimSpace(b.String())
}

// TestShippedSimHashes prints simHashes of this build for TestMutationNoneIsTheShippedProtocol,
// after checking that they are reproducible.
func TestShippedSimHashes(t *testing.T) {
	a, b := simHashes(t), simHashes(t)
	if a != b {
		t.Fatalf("two runs of the same seeds differ:\n%s\n%s", a, b)
	}
	t.Log(hashesPrefix + a)
}

// moduleRoot is the directory holding go.mod.
func moduleRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// goTest runs `go test args...` in dir and returns its combined output.
func goTest(t *testing.T, dir string, args ...string) (string, error) {
	gobin, err := exec.LookPath("go") // go test puts $GOROOT/bin first in PATH
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(gobin, append([]string{"test"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestCorrectCoresPassCatalogueSeeds runs the shipped cores on the same seed range the
// catalogue's first catches come from, so that a catch cannot be a false alarm of the harness.
func TestCorrectCoresPassCatalogueSeeds(t *testing.T) {
	for _, p := range []sim.Protocol{raftsim.Protocol{}, paxossim.Protocol{}, paxossim.SynodLog{}} {
		t.Run(p.Name(), func(t *testing.T) {
			t.Parallel()
			for seed := uint64(1); seed <= 100; seed++ {
				res, err := sim.Run(p, sim.RunOptions{Options: sim.Options{Nodes: 3 + 2*int(seed%2), Seed: seed}})
				if err != nil {
					t.Fatal(err)
				}
				if res.Failure != nil {
					t.Fatal(fmt.Sprint(res.Report()))
				}
			}
			// Nor with the long fault phase some catalogue entries use.
			for seed := uint64(1); seed <= 30; seed++ {
				res, err := sim.Run(p, sim.RunOptions{Options: sim.Options{Nodes: 3, Seed: seed}, FaultPhase: 20 * time.Second})
				if err != nil {
					t.Fatal(err)
				}
				if res.Failure != nil {
					t.Fatal(fmt.Sprint(res.Report()))
				}
			}
		})
	}
}
