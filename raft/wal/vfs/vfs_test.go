package vfs_test

import (
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/raft/wal/vfs"
)

// exercise runs the same calls on any FS and checks what reads see before a crash.
func exercise(t *testing.T, fsys vfs.FS, dir string) {
	require.NoError(t, fsys.MkdirAll(filepath.Join(dir, "d")))
	f, err := fsys.Create(filepath.Join(dir, "d", "a"))
	require.NoError(t, err)
	_, err = fsys.Create(filepath.Join(dir, "d", "a"))
	require.Error(t, err, "Create must refuse an existing name")
	require.NoError(t, f.Allocate(64))
	n, err := f.WriteAt([]byte("hello"), 3)
	require.NoError(t, err)
	require.Equal(t, 5, n)
	size, err := f.Size()
	require.NoError(t, err)
	require.Equal(t, int64(64), size)
	require.NoError(t, f.Sync())
	require.NoError(t, f.Truncate(8))
	require.NoError(t, f.Close())
	require.NoError(t, fsys.Rename(filepath.Join(dir, "d", "a"), filepath.Join(dir, "d", "b")))
	require.NoError(t, fsys.SyncDir(filepath.Join(dir, "d")))
	b, err := fsys.ReadFile(filepath.Join(dir, "d", "b"))
	require.NoError(t, err)
	require.Equal(t, []byte("\x00\x00\x00hello"), b)
	names, err := fsys.List(filepath.Join(dir, "d"))
	require.NoError(t, err)
	require.Equal(t, []string{"b"}, names)
	require.NoError(t, fsys.Remove(filepath.Join(dir, "d", "b")))
}

func TestOS(t *testing.T) { exercise(t, vfs.OS, t.TempDir()) }

func TestMem(t *testing.T) { exercise(t, vfs.NewMem(), "/") }

func TestMemCrashModel(t *testing.T) {
	m := vfs.NewMem()
	require.NoError(t, m.MkdirAll("/d"))
	f, err := m.Create("/d/f")
	require.NoError(t, err)
	_, err = f.WriteAt([]byte("durable"), 0)
	require.NoError(t, err)
	require.NoError(t, f.Sync())
	// The name is not durable yet: a crash loses the file.
	_, err = m.RebootDropUnsynced().ReadFile("/d/f")
	require.Error(t, err)
	require.NoError(t, m.SyncDir("/d"))
	_, err = f.WriteAt([]byte("UNSYNCED"), 7)
	require.NoError(t, err)

	b, err := m.RebootDropUnsynced().ReadFile("/d/f")
	require.NoError(t, err)
	require.Equal(t, "durable", string(b))
	b, _ = m.RebootPrefix(1, 0).ReadFile("/d/f")
	require.Equal(t, "durableUNSYNCED", string(b))
	b, _ = m.RebootPrefix(0, 3).ReadFile("/d/f")
	require.Equal(t, "durableUNS", string(b), "a write torn after 3 bytes")

	// Random sectors: every outcome keeps the durable prefix and takes each 4-byte sector of
	// the unsynced write whole or not at all.
	seen := map[string]bool{}
	for seed := uint64(0); seed < 64; seed++ {
		b, _ := m.RebootRandom(rand.New(rand.NewPCG(seed, 0)), 4).ReadFile("/d/f")
		require.Equal(t, "durable", string(b[:7]))
		seen[string(b)] = true
	}
	require.Greater(t, len(seen), 4, "random reboots must differ: %v", seen)

	// A crash at the next mutating call freezes everything.
	m.SetCrashAt(1)
	_, err = f.WriteAt([]byte("x"), 0)
	require.ErrorIs(t, err, vfs.ErrCrashed)
	require.ErrorIs(t, f.Sync(), vfs.ErrCrashed)
	require.True(t, m.Crashed())
	pend := m.Pending()
	require.Len(t, pend, 2)
	require.True(t, pend[1].Crashing)

	require.NoError(t, m.FlipBit("/d/f", 0, 0))
	b, _ = m.RebootDropUnsynced().ReadFile("/d/f")
	require.Equal(t, "eurable", string(b))
}
