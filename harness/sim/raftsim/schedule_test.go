package raftsim

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/sim"
	"pgregory.net/rapid"
)

// TestScheduleProperty lets rapid explore scheduler decisions on a correct 3-node cluster.
func TestScheduleProperty(t *testing.T) {
	t.Parallel()
	rapid.Check(t, sim.ScheduleProperty(Protocol{}, 3, ""))
}

// FuzzSchedule exposes the same property to go test -fuzz. rapid reads the input as its stream
// of choices; the seeds are inputs long enough to drive a whole schedule (a shorter input runs
// out of choices and rapid discards it).
func FuzzSchedule(f *testing.F) {
	f.Add(make([]byte, 64))
	f.Add(make([]byte, 1024))
	r := rand.New(rand.NewPCG(1, 1))
	for _, n := range []int{64, 256} {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		if n == 256 {
			f.Add(b)
		}
	}
	f.Fuzz(rapid.MakeFuzz(sim.ScheduleProperty(Protocol{}, 3, "")))
}

// recordingTB is a rapid.TB that records a failure instead of failing the test, so a test can
// assert that rapid finds a bug.
type recordingTB struct {
	testing.TB
	failed bool
	msg    string
	log    []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.failed, r.msg = true, fmt.Sprintf(format, args...)
}
func (r *recordingTB) Error(args ...any) { r.failed, r.msg = true, fmt.Sprint(args...) }
func (r *recordingTB) Fatalf(format string, args ...any) {
	r.failed, r.msg = true, fmt.Sprintf(format, args...)
}
func (r *recordingTB) Fatal(args ...any) { r.failed, r.msg = true, fmt.Sprint(args...) }
func (r *recordingTB) Fail()             { r.failed = true }
func (r *recordingTB) FailNow()          { r.failed = true }
func (r *recordingTB) Failed() bool      { return r.failed }
func (r *recordingTB) Logf(format string, args ...any) {
	r.log = append(r.log, fmt.Sprintf(format, args...))
}
func (r *recordingTB) Log(args ...any) { r.log = append(r.log, fmt.Sprint(args...)) }

// TestSchedulePropertyCatchesMinorityQuorum checks that the rapid driver can fail: with quorums
// of N/2 a 3-node cluster elects two leaders, and rapid finds (and shrinks) such a schedule.
func TestSchedulePropertyCatchesMinorityQuorum(t *testing.T) {
	t.Parallel()
	if err := flag.Set("rapid.nofailfile", "true"); err != nil {
		t.Fatal(err)
	}
	rec := &recordingTB{TB: t}
	rapid.Check(rec, sim.ScheduleProperty(Protocol{}, 3, "MinorityQuorum"))
	if !rec.failed || !strings.Contains(rec.msg, "ElectionSafety") {
		t.Fatalf("rapid found no ElectionSafety violation for MutationMinorityQuorum: %q", rec.msg)
	}
	t.Logf("rapid's failure and minimal schedule:\n%s\n%s", rec.msg, strings.Join(rec.log, "\n"))
}
