//go:build !unix

package simtest

import "time"

// cpuTime is unknown here; BenchmarkSeeds then reports wall-time figures only.
func cpuTime() time.Duration { return 0 }
