package kv

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/harness/tlaplus/trace"
	"github.com/dsref/dsref/tla"
)

// TestAsyncTraceSurvivesAKillAfterTheWrite runs a traced one-node store with AsyncWrites, then
// makes its trace what a kill -9 after a write reached the WAL, and before the node stepped the
// write's completion, leaves: the file ends at the write's StorageAppend. The restarted node
// recovers the write, so tla/Raft.tla's Restart (the last durable write) must find the
// completion in the trace: the node adds it from the WAL. The trace of both runs must be a
// behavior of tla/Raft.tla with AsyncWrites.
//
// Tests RAFT-PERSIST-5, RAFT-WAL-1.
func TestAsyncTraceSurvivesAKillAfterTheWrite(t *testing.T) {
	dir := t.TempDir()
	tracePath := filepath.Join(dir, "node-1.ndjson")
	run := func(puts int) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		ctx, cancel := context.WithCancel(context.Background())
		n, err := Start(ctx, Config{ID: 1, ClusterID: 9, Peers: map[uint64]string{1: ln.Addr().String()}, PeerListener: ln,
			DataDir: filepath.Join(dir, "data"), Tick: 5 * time.Millisecond, ElectionTicks: 10, TracePath: tracePath,
			AsyncWrites: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		require.NoError(t, err)
		for i := 0; i < puts; i++ {
			require.Eventually(t, func() bool {
				pctx, pcancel := context.WithTimeout(ctx, time.Second)
				defer pcancel()
				_, err := n.Propose(pctx, Command{Op: OpPut, Key: "k", Value: "v"})
				return err == nil
			}, liveness, 10*time.Millisecond)
		}
		cancel()
		n.Wait()
	}
	run(3)
	data, err := os.ReadFile(tracePath)
	require.NoError(t, err)
	cut := bytes.LastIndex(data, []byte(`"action":"HandleStorageAppendResponse"`))
	require.Positive(t, cut, "the trace holds no completed write")
	cut = bytes.LastIndexByte(data[:cut], '\n') + 1
	require.NoError(t, os.WriteFile(tracePath, data[:cut], 0o644))

	run(1)
	data, err = os.ReadFile(tracePath)
	require.NoError(t, err)
	merged, err := MergeTraces(NewTraceHeader([]uint64{1}), [][]byte{data})
	require.NoError(t, err)
	require.Contains(t, string(merged[:bytes.IndexByte(merged, '\n')]), `"asyncWrites":true`)
	res, err := trace.ValidateBytes(context.Background(), "async.ndjson", merged, trace.Options{Spec: "TraceRaft.tla", Modules: tla.FS})
	require.NoError(t, err)
	if !res.OK() {
		t.Fatalf("the trace is not a behavior of tla/Raft.tla: line %d: %s", res.Failure.Line, res.Failure.Reason)
	}
	require.Equal(t, 2, res.Actions["Restart"])
	t.Logf("%d events validated; StorageAppend %d, HandleStorageAppendResponse %d", res.Events, res.Actions["StorageAppend"], res.Actions["HandleStorageAppendResponse"])
}
