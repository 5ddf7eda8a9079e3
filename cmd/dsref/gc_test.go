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
