package check

import (
	"fmt"
	"unsafe"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// orbitHasher fingerprints states under a SYMMETRY group without building a single permuted
// value. A state's fingerprint is the least, over the group's permutations p (the identity
// included), of a hash of p applied to the state: the group maps the orbit of a state onto
// itself, so every state of the orbit has the same least hash, and states of different orbits
// collide only as any two 64-bit fingerprints may. TLC instead builds each permuted state and
// keeps the least in its value order (TLCStateMut.fingerPrint), which sorts every permuted set;
// both identify exactly the orbits, so the counts are the same.
//
// The hash of a value under p is computed for all permutations in one walk of the value: a
// value without model values moved by the group (an integer, a string, most sets of integers)
// hashes the same under every permutation, and only the others carry a vector of hashes, one per
// permutation. Sets and functions hash as the sum of a mix of their elements' (or key-value
// pairs') hashes, which needs no order, so the image of a set under p is hashed without sorting
// it; a tuple or record hashes as the function it is, so that equal values hash alike whatever
// their representation. With no permutations (a model without SYMMETRY) it is a plain
// fingerprint, which its memo spares most of a successor's values. An orbitHasher belongs to
// one worker.
type orbitHasher struct {
	n int // permutations, the identity first
	// moved maps each model value some permutation moves to its image's hash under each one.
	moved map[string][]uint64
	// vecs holds the vectors of the values being hashed, as a stack of n-word entries.
	vecs []uint64
	// acc is the state's hash under each permutation.
	acc []uint64
	// memo remembers the hashes of the sets, functions, records and tuples hashed lately (see
	// lookup): values are immutable and successors share most of theirs with their parent and
	// with each other (a variable an action leaves unchanged, the messages of a message set),
	// so most of a state is found here instead of hashed again.
	memo []orbitMemo
	// memoVecs holds memo[i]'s vector at i*n.
	memoVecs []uint64
}

// orbitMemo is an entry of orbitHasher.memo: the value (kept, so that its address is not reused
// while the entry names it), its address, its length if it is a tuple (a negative number for
// each other kind), and its hash or vector.
type orbitMemo struct {
	keep   value.Value
	addr   uintptr
	len    int
	u      uint64
	hasVec bool
}

// orbitMemoBytes bounds the vectors an orbitHasher keeps.
const orbitMemoBytes = 4 << 20

func newOrbitHasher(perms []*permutation) *orbitHasher {
	o := &orbitHasher{n: len(perms) + 1, moved: map[string][]uint64{}}
	for _, p := range perms {
		for _, name := range p.from {
			o.moved[name] = nil
		}
	}
	for name := range o.moved {
		vec := make([]uint64, o.n)
		vec[0] = hashModel(name)
		for j, p := range perms {
			img := name
			if to, ok := p.of(value.ModelValue{Name: name}); ok {
				img = to.(value.ModelValue).Name
			}
			vec[j+1] = hashModel(img)
		}
		o.moved[name] = vec
	}
	o.acc = make([]uint64, o.n)
	entries := 4096
	for entries > 256 && entries*o.n*8 > orbitMemoBytes {
		entries /= 2
	}
	o.memo = make([]orbitMemo, entries)
	o.memoVecs = make([]uint64, entries*o.n)
	return o
}

// lookup returns the index of the memo entry for the composite value at address addr of
// length or kind n, and whether it holds that value's hash.
func (o *orbitHasher) lookup(addr uintptr, n int) (int, bool) {
	i := int((addr>>4 ^ addr>>17) & uintptr(len(o.memo)-1))
	e := &o.memo[i]
	return i, e.addr == addr && e.len == n && e.keep != nil
}

// found returns the hash held by entry i, pushing its vector if it has one (see hash).
func (o *orbitHasher) found(i int) (uint64, int) {
	e := &o.memo[i]
	if !e.hasVec {
		return e.u, -1
	}
	off := o.push()
	copy(o.vecs[off:off+o.n], o.memoVecs[i*o.n:])
	return 0, off
}

// store records in entry i the hash of v (u, or the vector at vec).
func (o *orbitHasher) store(i int, v value.Value, addr uintptr, n int, u uint64, vec int) {
	o.memo[i] = orbitMemo{keep: v, addr: addr, len: n, u: u, hasVec: vec >= 0}
	if vec >= 0 {
		copy(o.memoVecs[i*o.n:(i+1)*o.n], o.vecs[vec:vec+o.n])
	}
}

// fingerprint returns the least hash of s's images under the group.
func (o *orbitHasher) fingerprint(s State) (uint64, error) {
	for j := range o.acc {
		o.acc[j] = 0x9e3779b97f4a7c15
	}
	for _, v := range s {
		o.vecs = o.vecs[:0]
		u, vec, err := o.hash(v)
		if err != nil {
			return 0, err
		}
		// The variables' hashes are mixed already: a polynomial in them, mixed once at the
		// end, tells apart states that differ in any of them.
		if vec < 0 {
			for j := range o.acc {
				o.acc[j] = o.acc[j]*0x9e3779b97f4a7c15 + u
			}
			continue
		}
		for j, h := range o.vecs[vec : vec+o.n] {
			o.acc[j] = o.acc[j]*0x9e3779b97f4a7c15 + h
		}
	}
	least := mixHash(o.acc[0])
	for _, h := range o.acc[1:] {
		least = min(least, mixHash(h))
	}
	return least, nil
}

// Tags separating the kinds of values in the hash.
const (
	orbitBool uint64 = 0x6c8e9cf570932bd5 + iota
	orbitInt
	orbitString
	orbitModel
	orbitFunc
	orbitSet
)

// hash returns v's hash under every permutation: u when it is the same under all (vec < 0), or
// the offset in o.vecs of the vector of n hashes, then the topmost entry of the stack.
func (o *orbitHasher) hash(v value.Value) (u uint64, vec int, err error) {
	var addr uintptr
	var n int
	switch x := v.(type) {
	case value.Tuple:
		if len(x) == 0 {
			return o.hashValue(v)
		}
		addr, n = uintptr(unsafe.Pointer(&x[0])), len(x)
	case *value.Record:
		addr, n = uintptr(unsafe.Pointer(x)), -1
	case *value.Func:
		addr, n = uintptr(unsafe.Pointer(x)), -2
	case *value.Set:
		addr, n = uintptr(unsafe.Pointer(x)), -3
	default:
		return o.hashValue(v)
	}
	i, ok := o.lookup(addr, n)
	if ok {
		u, vec = o.found(i)
		return u, vec, nil
	}
	if u, vec, err = o.hashValue(v); err != nil {
		return 0, 0, err
	}
	o.store(i, v, addr, n, u, vec)
	return u, vec, nil
}

// hashValue is hash without the memo.
func (o *orbitHasher) hashValue(v value.Value) (u uint64, vec int, err error) {
	switch x := v.(type) {
	case value.Bool:
		return hashBool(bool(x)), -1, nil
	case value.Int:
		return hashInt(int64(x)), -1, nil
	case value.Str:
		return hashString(orbitString, string(x)), -1, nil
	case value.ModelValue:
		if images, ok := o.moved[x.Name]; ok {
			off := o.push()
			copy(o.vecs[off:], images)
			return 0, off, nil
		}
		return hashModel(x.Name), -1, nil
	case value.Tuple:
		var f fold
		for i, e := range x {
			if err := o.pair(&f, hashInt(int64(i+1)), -1, e); err != nil {
				return 0, 0, err
			}
		}
		u, vec = o.finish(&f, orbitFunc)
		return u, vec, nil
	case *value.Record:
		var f fold
		for i, name := range x.Names() {
			if err := o.pair(&f, hashString(orbitString, name), -1, x.ValueAt(i)); err != nil {
				return 0, 0, err
			}
		}
		u, vec = o.finish(&f, orbitFunc)
		return u, vec, nil
	case value.SetValue:
		s, err := x.Enumerate()
		if err != nil {
			return 0, 0, fmt.Errorf("fingerprinting a state: %w", err)
		}
		var f fold
		for _, e := range s.Elems() {
			eu, evec, err := o.hash(e)
			if err != nil {
				return 0, 0, err
			}
			o.add(&f, eu, evec)
		}
		u, vec = o.finish(&f, orbitSet)
		return u, vec, nil
	}
	fv, err := value.AsFunc(v)
	if err != nil {
		return 0, 0, fmt.Errorf("fingerprinting a state: %w", err)
	}
	var f fold
	for i := 0; i < fv.Len(); i++ {
		ku, kvec, err := o.hash(fv.DomainAt(i))
		if err != nil {
			return 0, 0, err
		}
		if err := o.pair(&f, ku, kvec, fv.ValueAt(i)); err != nil {
			return 0, 0, err
		}
	}
	u, vec = o.finish(&f, orbitFunc)
	return u, vec, nil
}

// fold accumulates the sum of the mixed hashes of a set's elements or a function's pairs: sum
// for the part that is the same under every permutation, and the vector at vec (if vec is
// set) for the rest.
type fold struct {
	sum    uint64
	vec    int
	hasVec bool
	n      uint64
}

// push puts a zeroed vector on the stack and returns its offset.
func (o *orbitHasher) push() int {
	off := len(o.vecs)
	for range o.n {
		o.vecs = append(o.vecs, 0)
	}
	return off
}

// add folds in an element whose hash is u, or the vector at evec (the top of the stack).
func (o *orbitHasher) add(f *fold, u uint64, evec int) {
	f.n++
	if evec < 0 {
		f.sum += mixHash(u)
		return
	}
	e := o.vecs[evec : evec+o.n]
	if !f.hasVec {
		// The element's vector becomes the accumulator.
		for j := range e {
			e[j] = mixHash(e[j])
		}
		f.vec, f.hasVec = evec, true
		return
	}
	acc := o.vecs[f.vec : f.vec+o.n]
	for j := range acc {
		acc[j] += mixHash(e[j])
	}
	o.vecs = o.vecs[:evec]
}

// pair folds in the pair of a key (hash ku, or the vector at kvec) and the value v.
func (o *orbitHasher) pair(f *fold, ku uint64, kvec int, v value.Value) error {
	vu, vvec, err := o.hash(v)
	if err != nil {
		return err
	}
	switch {
	case kvec < 0 && vvec < 0:
		o.add(f, pairHash(ku, vu), -1)
		return nil
	case kvec < 0:
		e := o.vecs[vvec : vvec+o.n]
		for j := range e {
			e[j] = pairHash(ku, e[j])
		}
		o.add(f, 0, vvec)
	case vvec < 0:
		e := o.vecs[kvec : kvec+o.n]
		for j := range e {
			e[j] = pairHash(e[j], vu)
		}
		o.add(f, 0, kvec)
	default:
		k, e := o.vecs[kvec:kvec+o.n], o.vecs[vvec:vvec+o.n]
		for j := range k {
			k[j] = pairHash(k[j], e[j])
		}
		o.vecs = o.vecs[:vvec]
		o.add(f, 0, kvec)
	}
	return nil
}

// finish returns the hash of the set or function f accumulated, tagged with tag.
func (o *orbitHasher) finish(f *fold, tag uint64) (uint64, int) {
	base := tag + f.n*0x9e3779b97f4a7c15 + f.sum
	if !f.hasVec {
		return mixHash(base), -1
	}
	acc := o.vecs[f.vec : f.vec+o.n]
	for j := range acc {
		acc[j] = mixHash(base + acc[j])
	}
	return 0, f.vec
}

func pairHash(k, v uint64) uint64 { return mixHash(k*0xc2b2ae3d27d4eb4f + v) }

func hashInt(i int64) uint64 { return mixHash(orbitInt ^ uint64(i)*0x9e3779b97f4a7c15) }

// hashBool mixes twice: mixHash(orbitBool + 1) was hashInt(0), since orbitInt is orbitBool + 1,
// so TRUE and 0 had one fingerprint. Every 64-bit input to mixHash is some integer's, so a
// boolean's is a pseudo-random one, nowhere near the small integers specs use.
func hashBool(b bool) uint64 {
	if b {
		return mixHash(mixHash(orbitBool + 1))
	}
	return mixHash(mixHash(orbitBool))
}

func hashModel(name string) uint64 { return hashString(orbitModel, name) }

// hashString is FNV-1a of s, seeded with tag and mixed.
func hashString(tag uint64, s string) uint64 {
	h := 0xcbf29ce484222325 ^ tag
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 0x100000001b3
	}
	return mixHash(h + uint64(len(s)))
}

// mixHash is splitmix64's finalizer: a bijection with full avalanche.
func mixHash(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
