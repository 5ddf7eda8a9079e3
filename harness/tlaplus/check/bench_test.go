package check

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
)

// BenchmarkLargestModel measures the checker's throughput on the repository's largest CI model
// (tla/MCRaft.cfg) with 1 and 2 workers. Each iteration explores for DSREF_BENCH_SECONDS seconds
// (default 20) and reports generated and distinct states per second; run it with -benchtime=1x.
// DSREF_BENCH_DIR points it at another copy of the tla/ folder.
func BenchmarkLargestModel(b *testing.B) {
	dir := filepath.Join("..", "..", "..", "tla")
	if d := os.Getenv("DSREF_BENCH_DIR"); d != "" {
		dir = d
	}
	conf, err := cfg.ParseFile(filepath.Join(dir, "MCRaft.cfg"))
	if err != nil {
		b.Fatal(err)
	}
	secs := 20
	if s := os.Getenv("DSREF_BENCH_SECONDS"); s != "" {
		if secs, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	for _, workers := range []int{1, 2} {
		b.Run("workers="+strconv.Itoa(workers), func(b *testing.B) {
			var gen, dist int64
			var elapsed time.Duration
			for i := 0; i < b.N; i++ {
				ctx, cancel := context.WithTimeout(context.Background(), time.Duration(secs)*time.Second)
				res, err := Check(ctx, filepath.Join(dir, "MCRaft.tla"), conf, Options{Workers: workers})
				cancel()
				if err != nil && !errors.Is(err, context.DeadlineExceeded) {
					b.Fatal(err)
				}
				gen += res.Generated
				dist += res.Distinct
				elapsed += res.Elapsed
			}
			b.ReportMetric(float64(gen)/elapsed.Seconds(), "generated/s")
			b.ReportMetric(float64(dist)/elapsed.Seconds(), "distinct/s")
		})
	}
}

// BenchmarkEngine measures the search engine alone, on a model written in Go (a 300x300 grid:
// 90,000 states, 179,401 generated), with 1 and 2 workers: the checker's own overhead per state
// without the TLA+ evaluator.
func BenchmarkEngine(b *testing.B) {
	off := false
	for _, workers := range []int{1, 2} {
		b.Run("workers="+strconv.Itoa(workers), func(b *testing.B) {
			var gen, dist int64
			var elapsed time.Duration
			for i := 0; i < b.N; i++ {
				res, err := explore(context.Background(), grid(300), true, Options{Workers: workers, Deadlock: &off})
				if err != nil {
					b.Fatal(err)
				}
				gen += res.Generated
				dist += res.Distinct
				elapsed += res.Elapsed
			}
			b.ReportMetric(float64(gen)/elapsed.Seconds(), "generated/s")
			b.ReportMetric(float64(dist)/elapsed.Seconds(), "distinct/s")
		})
	}
}
