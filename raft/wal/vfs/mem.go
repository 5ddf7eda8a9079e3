package vfs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"path"
	"sort"
	"sync"
)

// ErrCrashed is returned by every call on a Mem after its simulated crash.
var ErrCrashed = errors.New("vfs: simulated crash")

// Mem is an in-memory file system with a crash model. It keeps, for every file, what reads
// see and what is durable, and for the whole file system the list of operations that have not
// reached stable storage yet, in the order they were issued:
//
//   - a WriteAt, Truncate or Allocate on a file is pending until Sync on that file;
//   - a Create, Rename or Remove is pending until SyncDir on its directory.
//
// A crash freezes the file system: SetCrashAt makes the n-th mutating call (counting Create,
// WriteAt, Truncate, Allocate, Sync, Rename, Remove and SyncDir from 1) fail with ErrCrashed
// instead of taking effect, except that a crashing WriteAt joins the pending operations so a
// reboot may persist part of it. The Reboot methods then build the file system a restarted
// machine would find: durable state plus some of the pending operations, chosen by the method
// (none, a prefix with one write torn at any byte, or an arbitrary subset of sectors, which is
// how unsynced writes reach a disk out of order). FlipBit corrupts durable data.
//
// Paths are slash-separated and cleaned; directories exist once MkdirAll made them (MkdirAll
// is durable at once: a log creates its directories before it relies on them).
type Mem struct {
	mu      sync.Mutex
	names   map[string]*inode // what lookups see
	durable map[string]*inode // the names that survive a crash
	dirs    map[string]bool
	pending []*op
	steps   int
	crashAt int
	crashed bool
	locks   map[string]bool
}

type inode struct {
	data    []byte // what reads see
	durable []byte // what survives a crash
}

type opKind uint8

const (
	opWrite opKind = iota + 1
	opTruncate
	opCreate
	opRename
	opRemove
)

var opNames = [...]string{"", "write", "truncate", "create", "rename", "remove"}

// op is one pending operation. Data operations name their inode; name operations their paths.
type op struct {
	kind     opKind
	ino      *inode
	path     string // the file for data ops; the name created, removed, or renamed from
	path2    string // rename target
	off      int64
	data     []byte
	size     int64 // truncate
	crashing bool  // the write that was in progress at the crash
}

// PendingOp describes an operation that had not reached stable storage when the file system
// crashed, as Pending lists them.
type PendingOp struct {
	Kind     string // "write", "truncate", "create", "rename" or "remove"
	Path     string
	Target   string // rename target
	Off      int64  // write offset
	Len      int    // write length
	Size     int64  // truncate size
	Crashing bool   // the write in progress at the crash
}

func (p PendingOp) String() string {
	switch p.Kind {
	case "write":
		s := fmt.Sprintf("write %s [%d, %d)", p.Path, p.Off, p.Off+int64(p.Len))
		if p.Crashing {
			s += " (in progress)"
		}
		return s
	case "truncate":
		return fmt.Sprintf("truncate %s to %d", p.Path, p.Size)
	case "rename":
		return fmt.Sprintf("rename %s to %s", p.Path, p.Target)
	}
	return p.Kind + " " + p.Path
}

// NewMem returns an empty in-memory file system with a root directory "/".
func NewMem() *Mem {
	return &Mem{names: map[string]*inode{}, durable: map[string]*inode{}, dirs: map[string]bool{"/": true, ".": true}}
}

func clean(name string) string { return path.Clean(name) }

// SetCrashAt makes the n-th mutating call from now on (1 = the next one) crash; 0 disarms.
func (m *Mem) SetCrashAt(n int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n <= 0 {
		m.crashAt = 0
		return
	}
	m.crashAt = m.steps + n
}

// Steps returns the number of mutating calls made so far.
func (m *Mem) Steps() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.steps
}

// Crashed reports whether the simulated crash happened.
func (m *Mem) Crashed() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.crashed
}

// Crash freezes the file system now, as if the machine lost power.
func (m *Mem) Crash() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.crashed = true
}

// step counts a mutating call and reports whether it must crash instead of taking effect.
func (m *Mem) step() error {
	if m.crashed {
		return ErrCrashed
	}
	m.steps++
	if m.crashAt != 0 && m.steps >= m.crashAt {
		m.crashed = true
		return ErrCrashed
	}
	return nil
}

// Pending lists the operations that had not reached stable storage, oldest first.
func (m *Mem) Pending() []PendingOp {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]PendingOp, len(m.pending))
	for i, o := range m.pending {
		out[i] = PendingOp{Kind: opNames[o.kind], Path: o.path, Target: o.path2, Off: o.off, Len: len(o.data), Size: o.size, Crashing: o.crashing}
	}
	return out
}

// RebootDropUnsynced returns the file system after a crash in which no pending operation
// reached the disk.
func (m *Mem) RebootDropUnsynced() *Mem {
	return m.reboot(func(int, *op) []bool { return nil })
}

// RebootPrefix returns the file system after a crash in which the first n pending operations
// reached the disk whole, the next one only its first tear bytes if it is a write (nothing if
// tear <= 0 or it is not a write), and none of the rest.
func (m *Mem) RebootPrefix(n, tear int) *Mem {
	return m.reboot(func(i int, o *op) []bool {
		switch {
		case i < n:
			return all
		case i == n && o.kind == opWrite && tear > 0:
			keep := make([]bool, len(o.data))
			for b := 0; b < tear && b < len(keep); b++ {
				keep[b] = true
			}
			return keep
		}
		return nil
	})
}

// RebootRandom returns the file system after a crash in which an arbitrary subset of the
// pending writes' sectors (sector bytes each, aligned to the file offset) reached the disk, in
// no particular order, each truncate independently, and a prefix of the name operations.
func (m *Mem) RebootRandom(rng *rand.Rand, sector int) *Mem {
	if sector <= 0 {
		sector = 512
	}
	m.mu.Lock()
	names := 0
	for _, o := range m.pending {
		if o.kind >= opCreate {
			names++
		}
	}
	m.mu.Unlock()
	keepNames := rng.IntN(names + 1)
	seen := 0
	return m.reboot(func(_ int, o *op) []bool {
		switch o.kind {
		case opWrite:
			keep := make([]bool, len(o.data))
			for b := 0; b < len(keep); {
				end := min(len(keep), b+sector-int((o.off+int64(b))%int64(sector)))
				if rng.IntN(2) == 0 {
					for i := b; i < end; i++ {
						keep[i] = true
					}
				}
				b = end
			}
			return keep
		case opTruncate:
			if rng.IntN(2) == 0 {
				return all
			}
			return nil
		default:
			seen++
			if seen <= keepNames {
				return all
			}
			return nil
		}
	})
}

// all is the keep mask meaning "the whole operation".
var all = []bool{}

// reboot builds the post-crash file system; keep says for each pending operation nil (lost),
// all (persisted whole) or, for a write, which of its bytes persisted.
func (m *Mem) reboot(keep func(i int, o *op) []bool) *Mem {
	m.mu.Lock()
	defer m.mu.Unlock()
	// Copy every durable inode once, so that renames keep sharing.
	copies := map[*inode]*inode{}
	get := func(ino *inode) *inode {
		c, ok := copies[ino]
		if !ok {
			c = &inode{data: append([]byte(nil), ino.durable...)}
			copies[ino] = c
		}
		return c
	}
	names := map[string]*inode{}
	for p, ino := range m.durable {
		names[p] = get(ino)
	}
	for i, o := range m.pending {
		k := keep(i, o)
		if k == nil {
			continue
		}
		switch o.kind {
		case opWrite:
			c := get(o.ino)
			if len(k) == 0 {
				c.data = writeAt(c.data, o.off, o.data)
				continue
			}
			for b, ok := range k {
				if ok {
					c.data = writeAt(c.data, o.off+int64(b), o.data[b:b+1])
				}
			}
		case opTruncate:
			c := get(o.ino)
			c.data = resize(c.data, o.size)
		case opCreate:
			names[o.path] = get(o.ino)
		case opRename:
			if ino, ok := names[o.path]; ok {
				names[o.path2] = ino
				delete(names, o.path)
			}
		case opRemove:
			delete(names, o.path)
		}
	}
	out := NewMem()
	for d := range m.dirs {
		out.dirs[d] = true
	}
	for p, ino := range names {
		ino.durable = append([]byte(nil), ino.data...)
		out.names[p] = ino
		out.durable[p] = ino
	}
	return out
}

// FlipBit inverts one bit of a file, both in what reads see and in its durable content, as
// media corruption would.
func (m *Mem) FlipBit(name string, off int64, bit uint) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	ino, ok := m.names[clean(name)]
	if !ok {
		return &fs.PathError{Op: "flipbit", Path: name, Err: fs.ErrNotExist}
	}
	if off < 0 || off >= int64(len(ino.data)) {
		return fmt.Errorf("vfs: flipbit %s: offset %d outside the file's %d bytes", name, off, len(ino.data))
	}
	ino.data[off] ^= 1 << (bit % 8)
	if off < int64(len(ino.durable)) {
		ino.durable[off] ^= 1 << (bit % 8)
	}
	return nil
}

// WriteFile replaces a file's content durably (a test helper for planting damaged files).
func (m *Mem) WriteFile(name string, data []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	ino := &inode{data: append([]byte(nil), data...), durable: append([]byte(nil), data...)}
	m.names[clean(name)] = ino
	m.durable[clean(name)] = ino
}

func writeAt(b []byte, off int64, p []byte) []byte {
	if end := off + int64(len(p)); end > int64(len(b)) {
		b = resize(b, end)
	}
	copy(b[off:], p)
	return b
}

func resize(b []byte, size int64) []byte {
	if size <= int64(len(b)) {
		return b[:size:size]
	}
	return append(b, make([]byte, size-int64(len(b)))...)
}

func (m *Mem) Create(name string) (File, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	name = clean(name)
	if !m.dirs[path.Dir(name)] {
		return nil, &fs.PathError{Op: "create", Path: name, Err: fs.ErrNotExist}
	}
	if _, ok := m.names[name]; ok {
		return nil, &fs.PathError{Op: "create", Path: name, Err: fs.ErrExist}
	}
	if err := m.step(); err != nil {
		return nil, err
	}
	ino := &inode{}
	m.names[name] = ino
	m.pending = append(m.pending, &op{kind: opCreate, ino: ino, path: name})
	return &memFile{m: m, ino: ino, name: name}, nil
}

func (m *Mem) Open(name string) (File, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.crashed {
		return nil, ErrCrashed
	}
	name = clean(name)
	ino, ok := m.names[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memFile{m: m, ino: ino, name: name}, nil
}

func (m *Mem) ReadFile(name string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.crashed {
		return nil, ErrCrashed
	}
	ino, ok := m.names[clean(name)]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return append([]byte(nil), ino.data...), nil
}

func (m *Mem) Rename(oldname, newname string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	oldname, newname = clean(oldname), clean(newname)
	ino, ok := m.names[oldname]
	if !ok {
		return &fs.PathError{Op: "rename", Path: oldname, Err: fs.ErrNotExist}
	}
	if err := m.step(); err != nil {
		return err
	}
	m.names[newname] = ino
	delete(m.names, oldname)
	m.pending = append(m.pending, &op{kind: opRename, path: oldname, path2: newname})
	return nil
}

func (m *Mem) Remove(name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	name = clean(name)
	if _, ok := m.names[name]; !ok {
		return &fs.PathError{Op: "remove", Path: name, Err: fs.ErrNotExist}
	}
	if err := m.step(); err != nil {
		return err
	}
	delete(m.names, name)
	m.pending = append(m.pending, &op{kind: opRemove, path: name})
	return nil
}

func (m *Mem) List(dir string) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.crashed {
		return nil, ErrCrashed
	}
	dir = clean(dir)
	if !m.dirs[dir] {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: fs.ErrNotExist}
	}
	var out []string
	for p := range m.names {
		if path.Dir(p) == dir {
			out = append(out, path.Base(p))
		}
	}
	for d := range m.dirs {
		if d != dir && path.Dir(d) == dir {
			out = append(out, path.Base(d))
		}
	}
	sort.Strings(out)
	return out, nil
}

func (m *Mem) MkdirAll(dir string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.crashed {
		return ErrCrashed
	}
	for d := clean(dir); !m.dirs[d]; d = path.Dir(d) {
		m.dirs[d] = true
	}
	return nil
}

func (m *Mem) SyncDir(dir string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	dir = clean(dir)
	if !m.dirs[dir] {
		return &fs.PathError{Op: "open", Path: dir, Err: fs.ErrNotExist}
	}
	if err := m.step(); err != nil {
		return err
	}
	// The directory's names become durable: apply its pending name operations in order.
	kept := m.pending[:0]
	for _, o := range m.pending {
		if o.kind < opCreate || (path.Dir(o.path) != dir && (o.path2 == "" || path.Dir(o.path2) != dir)) {
			kept = append(kept, o)
			continue
		}
		switch o.kind {
		case opCreate:
			m.durable[o.path] = o.ino
		case opRename:
			if ino, ok := m.durable[o.path]; ok {
				m.durable[o.path2] = ino
				delete(m.durable, o.path)
			} else if ino, ok := m.names[o.path2]; ok {
				m.durable[o.path2] = ino
			}
		case opRemove:
			delete(m.durable, o.path)
		}
	}
	m.pending = kept
	return nil
}

// Lock implements FS: locks live as long as the Mem (a crash does not release them, as a
// rebooted machine starts without them: Reboot returns a Mem with none).
func (m *Mem) Lock(name string) (io.Closer, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	name = clean(name)
	if m.locks == nil {
		m.locks = map[string]bool{}
	}
	if m.locks[name] {
		return nil, &fs.PathError{Op: "lock", Path: name, Err: ErrLocked}
	}
	m.locks[name] = true
	return lockCloser(func() error {
		m.mu.Lock()
		defer m.mu.Unlock()
		delete(m.locks, name)
		return nil
	}), nil
}

type lockCloser func() error

func (f lockCloser) Close() error { return f() }

type memFile struct {
	m      *Mem
	ino    *inode
	name   string
	closed bool
}

func (f *memFile) ReadAt(p []byte, off int64) (int, error) {
	f.m.mu.Lock()
	defer f.m.mu.Unlock()
	if f.m.crashed {
		return 0, ErrCrashed
	}
	if off < 0 {
		return 0, &fs.PathError{Op: "read", Path: f.name, Err: fs.ErrInvalid}
	}
	if off >= int64(len(f.ino.data)) {
		return 0, io.EOF
	}
	n := copy(p, f.ino.data[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (f *memFile) WriteAt(p []byte, off int64) (int, error) {
	f.m.mu.Lock()
	defer f.m.mu.Unlock()
	if off < 0 {
		return 0, &fs.PathError{Op: "write", Path: f.name, Err: fs.ErrInvalid}
	}
	o := &op{kind: opWrite, ino: f.ino, path: f.name, off: off, data: append([]byte(nil), p...)}
	if err := f.m.step(); err != nil {
		if f.m.steps == f.m.crashAt {
			o.crashing = true
			f.m.pending = append(f.m.pending, o)
		}
		return 0, err
	}
	f.ino.data = writeAt(f.ino.data, off, p)
	f.m.pending = append(f.m.pending, o)
	return len(p), nil
}

func (f *memFile) Sync() error {
	f.m.mu.Lock()
	defer f.m.mu.Unlock()
	if err := f.m.step(); err != nil {
		return err
	}
	f.ino.durable = append(f.ino.durable[:0], f.ino.data...)
	kept := f.m.pending[:0]
	for _, o := range f.m.pending {
		if o.ino != f.ino || o.kind >= opCreate {
			kept = append(kept, o)
		}
	}
	f.m.pending = kept
	return nil
}

func (f *memFile) Truncate(size int64) error {
	f.m.mu.Lock()
	defer f.m.mu.Unlock()
	if size < 0 {
		return &fs.PathError{Op: "truncate", Path: f.name, Err: fs.ErrInvalid}
	}
	if err := f.m.step(); err != nil {
		return err
	}
	f.ino.data = resize(f.ino.data, size)
	f.m.pending = append(f.m.pending, &op{kind: opTruncate, ino: f.ino, path: f.name, size: size})
	return nil
}

func (f *memFile) Allocate(size int64) error {
	f.m.mu.Lock()
	cur := int64(len(f.ino.data))
	f.m.mu.Unlock()
	if cur >= size {
		return nil
	}
	return f.Truncate(size)
}

func (f *memFile) Size() (int64, error) {
	f.m.mu.Lock()
	defer f.m.mu.Unlock()
	if f.m.crashed {
		return 0, ErrCrashed
	}
	return int64(len(f.ino.data)), nil
}

func (f *memFile) Close() error {
	f.closed = true
	return nil
}
