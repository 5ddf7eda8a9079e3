//go:build !unix

package check

import "time"

// processCPU is not known without getrusage: TemporalCheck.CPU stays 0.
func processCPU() time.Duration { return 0 }
