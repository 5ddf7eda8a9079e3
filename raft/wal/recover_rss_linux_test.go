//go:build linux

package wal_test

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/dsref/dsref/raft/wal"
)

// recoverChildEnv names the log directory a child process opens for BenchmarkRecoverRSS.
const recoverChildEnv = "DSREF_WAL_RECOVER_DIR"

// TestRecoverChild is the child of BenchmarkRecoverRSS: it opens the log named by
// $DSREF_WAL_RECOVER_DIR, holds the recovered state, and exits. Run alone it only opens an empty
// log.
func TestRecoverChild(t *testing.T) {
	dir := os.Getenv(recoverChildEnv)
	if dir == "" {
		dir = t.TempDir()
	}
	start := time.Now()
	w, st, err := wal.Open(dir, wal.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("recovered %d entries in %v\n", len(st.Entries), time.Since(start))
	w.Close()
}

// BenchmarkRecoverRSS measures the peak resident memory of a whole process that opens a log of
// 1,000,000 entries of 128 bytes with a snapshot at 900,000 (segments released), and the
// process's wall time, by running TestRecoverChild in a child process.
func BenchmarkRecoverRSS(b *testing.B) {
	dir := b.TempDir()
	buildLog(b, dir, 1_000_000, 900_000, true)
	var rss int64
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestRecoverChild$")
		cmd.Env = append(os.Environ(), recoverChildEnv+"="+dir)
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("%v: %s", err, out)
		}
		rss = max(rss, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss)
	}
	b.ReportMetric(float64(rss)/1024, "MiB-peak-RSS")
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/process")
	b.ReportMetric(0, "ns/op")
}
