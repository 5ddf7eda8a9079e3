package check

// CollectorProcs returns the GOMAXPROCS to run workers parallel search workers with, procs being
// the current one and env the GOMAXPROCS variable: one more than the workers when they would
// take every processor. The collector marks concurrently with a quarter of the processors plus
// any that is idle. With every processor running a worker none is idle, so a mark takes several
// times longer while the workers go on allocating, and whatever they allocate during a mark
// survives that collection as if it were live, which GOGC=400 then lets the heap grow to five
// times: ReadersWriters with 4 actors and its liveness property, 2 workers on 2 processors,
// held 0.44 KB per state at collections, 0.35 with a third processor (an earlier build held
// 0.49 with two workers, 0.36 with one, 0.28 with two and marking stopping the world). The
// spare processor is idle outside collections. dsref check applies it, and BenchmarkScaling
// measures the runs as dsref check makes them.
func CollectorProcs(workers, procs int, env string) int {
	if env != "" || workers < procs {
		return procs
	}
	return workers + 1
}
