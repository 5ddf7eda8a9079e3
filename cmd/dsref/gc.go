package main

import (
	"bufio"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/check"
)

// collectLessOften sets GOGC=400 unless the user set GOGC. Model checking and simulation
// allocate short-lived values at a high rate beside a large set of long-lived states; with Go's
// default of 100, collection took a third of the CPU time (MCRaft with one worker: 50 s of CPU
// with GOGC=100, 33 s with 400, no better with 800). A heap allowed to grow to five times what is
// live would exhaust the machine on the largest models, so unless GOMEMLIMIT is set the runtime
// is also given a soft limit of three quarters of the machine's memory, past which it collects
// as often as it must.
func collectLessOften() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		if total := totalMemory("/proc/meminfo"); total > 0 {
			debug.SetMemoryLimit(total / 4 * 3)
		}
	}
}

// totalMemory reads MemTotal, in bytes, from a Linux meminfo file; 0 if it cannot.
func totalMemory(meminfo string) int64 {
	f, err := os.Open(meminfo)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 3 && fields[0] == "MemTotal:" && fields[2] == "kB" {
			kb, err := strconv.ParseInt(fields[1], 10, 64)
			if err != nil || kb <= 0 {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}

// spareProcessor gives Go's collector a processor the search's workers do not take, unless the
// user set GOMAXPROCS (see check.CollectorProcs).
func spareProcessor(workers int) {
	if n := check.CollectorProcs(workers, runtime.GOMAXPROCS(0), os.Getenv("GOMAXPROCS")); n != runtime.GOMAXPROCS(0) {
		runtime.GOMAXPROCS(n)
	}
}
