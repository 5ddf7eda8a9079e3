//go:build unix

package check

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user and system) the process has used so far, for the CPU
// time a check of the temporal properties takes (TemporalCheck.CPU).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
