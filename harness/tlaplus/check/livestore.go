package check

import (
	"fmt"
	"os"
	"sync"
)

// liveStore holds the records of the behavior graph (see liveGraph) in chunks of words kept
// outside Go's heap, as TLC keeps its behavior graph outside the JVM's (tlc2.tool.liveness.
// DiskGraph: a nodes file of successor records, a table from fingerprints to file positions).
// Outside the heap, the records are not scanned by the collector and do not count towards the
// heap's growth: a heap allowed to grow to five times what is live (cmd/dsref sets GOGC=400)
// would otherwise hold five times the graph. Chunks are mapped anonymously up to limit bytes;
// past it each new chunk is mapped from a temporary file, which the kernel writes back and
// evicts under memory pressure and reads again when the check touches it: a graph larger than
// the memory left is checked from the disk, as TLC's is. The file is removed as soon as it is
// created, so that nothing is left behind whichever way the process ends.
type liveStore struct {
	chunkWords int   // the words of a chunk, unless a record needs more
	limit      int64 // bytes of chunks mapped anonymously before the rest goes to the file; < 0: no limit
	dir        string

	mu       sync.Mutex
	chunks   [][]uint64
	maps     [][]byte // the mappings to release, one per chunk
	inMemory int64    // bytes of chunks mapped anonymously
	spilled  int64    // bytes of chunks mapped from the file
	file     *os.File
}

// Default sizes of the behavior graph's store.
const (
	// DefaultLiveMemory is the default of Options.LiveMemory.
	DefaultLiveMemory = 1 << 30
	liveChunkWords    = 1 << 20 // 8 MiB
)

func newLiveStore(opts Options) *liveStore {
	st := &liveStore{chunkWords: liveChunkWords, limit: opts.LiveMemory, dir: opts.LiveDir}
	if st.limit == 0 {
		st.limit = DefaultLiveMemory
	}
	if opts.liveChunkWords > 0 {
		st.chunkWords = opts.liveChunkWords
	}
	return st
}

// chunk returns a new chunk of at least words words and its number.
func (st *liveStore) chunk(words int) (int32, []uint64, error) {
	words = max(words, st.chunkWords)
	page := os.Getpagesize()
	size := (words*8 + page - 1) / page * page
	st.mu.Lock()
	defer st.mu.Unlock()
	var m []byte
	var err error
	if st.limit >= 0 && st.inMemory+int64(size) > st.limit && canSpill {
		m, err = st.spill(size)
	} else {
		m, err = mapAnon(size)
		if err == nil {
			st.inMemory += int64(size)
		}
	}
	if err != nil {
		return 0, nil, fmt.Errorf("liveness: allocating %d bytes of the behavior graph: %w", size, err)
	}
	st.maps = append(st.maps, m)
	st.chunks = append(st.chunks, wordsOf(m))
	return int32(len(st.chunks) - 1), st.chunks[len(st.chunks)-1], nil
}

// spill maps size more bytes of the file, creating it on first use.
func (st *liveStore) spill(size int) ([]byte, error) {
	if st.file == nil {
		f, err := os.CreateTemp(st.dir, "dsref-liveness-*")
		if err != nil {
			return nil, err
		}
		// Unlinked at once: the space is the process's until it unmaps and closes the file.
		if err := os.Remove(f.Name()); err != nil {
			f.Close()
			return nil, err
		}
		st.file = f
	}
	off := st.spilled
	if err := st.file.Truncate(off + int64(size)); err != nil {
		return nil, err
	}
	m, err := mapFile(st.file, off, size)
	if err != nil {
		return nil, err
	}
	st.spilled += int64(size)
	return m, nil
}

// spilledBytes returns how many bytes of chunks were mapped from the file.
func (st *liveStore) spilledBytes() int64 {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.spilled
}

// words returns the words of chunk c.
func (st *liveStore) words(c int32) []uint64 { return st.chunks[c] }

// close releases every chunk and the file. The graph must not be read afterwards.
func (st *liveStore) close() error {
	if st == nil {
		return nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	var first error
	for _, m := range st.maps {
		if err := unmap(m); err != nil && first == nil {
			first = err
		}
	}
	st.maps, st.chunks = nil, nil
	if st.file != nil {
		if err := st.file.Close(); err != nil && first == nil {
			first = err
		}
		st.file = nil
	}
	return first
}

// fpIndex maps the fingerprints of the graph's nodes to their numbers: an open-addressing
// table of two flat arrays outside Go's heap (TLC's NodePtrTable), half full at most.
type fpIndex struct {
	keys []uint64
	ids  []int32 // node number + 1; 0: empty
	n    int
	mk   []byte // the mappings of keys and ids
	mi   []byte
}

// add maps fp to id.
func (x *fpIndex) add(fp uint64, id int32) error {
	if 2*(x.n+1) > len(x.keys) {
		if err := x.grow(); err != nil {
			return err
		}
	}
	x.put(fp, id)
	x.n++
	return nil
}

func (x *fpIndex) put(fp uint64, id int32) {
	mask := uint64(len(x.keys) - 1)
	for i := mix(fp) & mask; ; i = (i + 1) & mask {
		if x.ids[i] == 0 {
			x.keys[i], x.ids[i] = fp, id+1
			return
		}
	}
}

// get returns the number of the node with fingerprint fp.
func (x *fpIndex) get(fp uint64) (int32, bool) {
	if len(x.keys) == 0 {
		return 0, false
	}
	mask := uint64(len(x.keys) - 1)
	for i := mix(fp) & mask; ; i = (i + 1) & mask {
		switch {
		case x.ids[i] == 0:
			return 0, false
		case x.keys[i] == fp:
			return x.ids[i] - 1, true
		}
	}
}

// mix spreads a fingerprint's bits over the table (fingerprints are hashes already, but of
// the model's choosing: a VIEW or a test may give regular ones).
func mix(fp uint64) uint64 {
	fp ^= fp >> 33
	fp *= 0xff51afd7ed558ccd
	fp ^= fp >> 33
	return fp
}

func (x *fpIndex) grow() error {
	size := max(1024, 2*len(x.keys))
	mk, err := mapAnon(size * 8)
	if err != nil {
		return fmt.Errorf("liveness: allocating the behavior graph's index: %w", err)
	}
	mi, err := mapAnon(size * 4)
	if err != nil {
		unmap(mk)
		return fmt.Errorf("liveness: allocating the behavior graph's index: %w", err)
	}
	old := *x
	x.keys, x.mk, x.mi = wordsOf(mk)[:size], mk, mi
	x.ids = int32sOf(mi)[:size]
	for i, id := range old.ids {
		if id != 0 {
			x.put(old.keys[i], id-1)
		}
	}
	return old.release()
}

// release unmaps the table.
func (x *fpIndex) release() error {
	var first error
	for _, m := range [][]byte{x.mk, x.mi} {
		if m != nil {
			if err := unmap(m); err != nil && first == nil {
				first = err
			}
		}
	}
	*x = fpIndex{}
	return first
}
