package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTotalMemory(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	require.Equal(t, int64(24*1024*1024*1024), totalMemory(write("ok", "MemTotal:       25165824 kB\nMemFree:         1000 kB\n")))
	require.Equal(t, int64(0), totalMemory(write("units", "MemTotal: 25165824 MB\n")))
	require.Equal(t, int64(0), totalMemory(write("garbled", "MemTotal: lots kB\n")))
	require.Equal(t, int64(0), totalMemory(write("absent", "MemFree: 1000 kB\n")))
	require.Equal(t, int64(0), totalMemory(filepath.Join(dir, "missing")))
}

// TestCollectorProcs: a processor beyond the workers when they would take every one, unless
// GOMAXPROCS is set.
func TestCollectorProcs(t *testing.T) {
	for _, c := range []struct {
		workers, procs int
		env            string
		want           int
	}{
		{1, 2, "", 2},
		{2, 2, "", 3},
		{8, 8, "", 9},
		{4, 2, "", 5},
		{1, 1, "", 2},
		{2, 2, "2", 2},
		{3, 8, "", 8},
	} {
		require.Equal(t, c.want, collectorProcs(c.workers, c.procs, c.env), "%+v", c)
	}
}
