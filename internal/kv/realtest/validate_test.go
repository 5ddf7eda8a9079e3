package realtest

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/harness/tlaplus/trace"
	"github.com/dsref/dsref/internal/kv"
	"github.com/dsref/dsref/tla"
)

// TestRealTraceIsARaftBehavior runs three real processes with traces on, under puts sent to
// any node (followers forward them), linearizable reads at the leader, a follower stopped and
// restarted, a paused node and a partition; then merges the nodes' traces by their vector
// clocks and has the trace validator check that the merged trace is a behavior of
// tla/Raft.tla (through tla/TraceRaft.tla). Two limits, both reported: reads go to the leader,
// because tla/TraceRaft.tla does not yet model the MsgReadIndexResp a leader sends for a read
// a follower forwarded; and the follower is stopped with SIGTERM, not kill -9, because the
// trace and the WAL are two files: kill -9 between their writes leaves one ahead of the other
// (the WAL holds a step the trace lacks, or the reverse), which the validator rightly rejects.
//
// Tests RAFT-NET-3, RAFT-PERSIST-1.
func TestRealTraceIsARaftBehavior(t *testing.T) {
	dir := t.TempDir()
	c, err := StartCluster(os.Args[0], dir, 3, true)
	require.NoError(t, err)
	defer c.Stop()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	ok := 0
	var mu sync.Mutex
	for cl := 0; cl < 4; cl++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(cl), 7))
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
				var err error
				if i%3 == 2 {
					if l := c.Leader(); l != 0 {
						_, err = c.Clients[l].Get(ctx, "k")
					}
				} else {
					_, err = c.Clients[uint64(rng.IntN(3)+1)].Put(ctx, "k", fmt.Sprintf("c%d-%d", cl, i))
				}
				cancel()
				if err == nil {
					mu.Lock()
					ok++
					mu.Unlock()
				}
			}
		}()
	}
	time.Sleep(400 * time.Millisecond)
	victim := uint64(1)
	if c.Leader() == 1 {
		victim = 2
	}
	c.Terminate(victim)
	time.Sleep(200 * time.Millisecond)
	require.NoError(t, c.Start(victim))
	time.Sleep(300 * time.Millisecond)
	c.Pause(victim)
	time.Sleep(200 * time.Millisecond)
	c.Resume(victim)
	c.Partition([]uint64{victim}, otherThan(victim))
	time.Sleep(300 * time.Millisecond)
	c.Heal()
	time.Sleep(300 * time.Millisecond)
	close(stop)
	wg.Wait()
	c.Stop()
	require.Greater(t, ok, 20, "too few operations succeeded")

	var traces [][]byte
	for id := uint64(1); id <= 3; id++ {
		b, err := os.ReadFile(c.TracePath(id))
		require.NoError(t, err)
		traces = append(traces, b)
	}
	merged, err := kv.MergeTraces(kv.NewTraceHeader([]uint64{1, 2, 3}), traces)
	require.NoError(t, err)
	res, err := trace.ValidateBytes(context.Background(), "merged.ndjson", merged, trace.Options{Spec: "TraceRaft.tla", Modules: tla.FS})
	require.NoError(t, err)
	if !res.OK() {
		path := filepath.Join(os.TempDir(), fmt.Sprintf("dsref-realtrace-%d.ndjson", time.Now().UnixNano()))
		os.WriteFile(path, merged, 0o644)
		t.Fatalf("the merged trace of the real processes is not a behavior of tla/Raft.tla; kept in %s, see go run ./cmd/dsref trace %s", path, path)
	}
	t.Logf("%d operations; merged trace of %d bytes validated against tla/TraceRaft.tla", ok, len(merged))

	// The same trace with one node's term changed in an early event must be rejected there.
	lines := bytes.Split(merged, []byte{'\n'})
	for i := len(lines) / 10; i < len(lines); i++ {
		if bytes.Contains(lines[i], []byte(`"action":"Persist"`)) && bytes.Contains(lines[i], []byte(`"term":1,`)) {
			lines[i] = bytes.Replace(lines[i], []byte(`"term":1,`), []byte(`"term":7,`), 1)
			res, err := trace.ValidateBytes(context.Background(), "edited.ndjson", bytes.Join(lines[:i+1], []byte{'\n'}), trace.Options{Spec: "TraceRaft.tla", Modules: tla.FS})
			require.NoError(t, err)
			require.False(t, res.OK(), "an edited term on line %d must be rejected", i+1)
			return
		}
	}
	t.Fatal("no Persist event of term 1 to edit")
}

func otherThan(id uint64) []uint64 {
	var out []uint64
	for i := uint64(1); i <= 3; i++ {
		if i != id {
			out = append(out, i)
		}
	}
	return out
}
