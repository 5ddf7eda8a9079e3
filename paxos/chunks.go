package paxos

// chunkSize is how many entries one chunk of an entryChunks holds.
const chunkSize = 256

// entryChunks is a sequence of entries stored in fixed-size chunks, so that it grows without
// copying what it holds and drops a prefix by dropping chunks: the logs of a long-running node
// would otherwise spend their time copying themselves into ever larger slices.
type entryChunks struct {
	chunks [][]Entry // every chunk has length chunkSize
	first  int       // index in chunks[0] of element 0
	n      int       // number of elements
}

func (c *entryChunks) len() int { return c.n }

// at returns element i, which must be below len.
func (c *entryChunks) at(i int) *Entry {
	i += c.first
	return &c.chunks[i/chunkSize][i%chunkSize]
}

// grow makes the sequence n elements long (n >= len); the new elements are zero.
func (c *entryChunks) grow(n int) {
	for c.first+n > len(c.chunks)*chunkSize {
		c.chunks = append(c.chunks, make([]Entry, chunkSize))
	}
	c.n = n
}

// push appends e.
func (c *entryChunks) push(e Entry) {
	c.grow(c.n + 1)
	*c.at(c.n - 1) = e
}

// within returns elements i..i+n-1 (n >= 1, i+n <= len), or the first of them: those in the
// chunk that holds element i. The slice's capacity ends where it does.
func (c *entryChunks) within(i, n int) []Entry {
	k := i + c.first
	end := min(chunkSize, k%chunkSize+n)
	return c.chunks[k/chunkSize][k%chunkSize : end : end]
}

// pushAll appends the elements of es.
func (c *entryChunks) pushAll(es []Entry) {
	for len(es) > 0 {
		k := c.first + c.n
		if k == len(c.chunks)*chunkSize {
			c.chunks = append(c.chunks, make([]Entry, chunkSize))
		}
		m := copy(c.chunks[k/chunkSize][k%chunkSize:], es)
		c.n += m
		es = es[m:]
	}
}

// dropFront removes the first k elements (k <= len), freeing the chunks they filled.
func (c *entryChunks) dropFront(k int) {
	for i := 0; i < k; {
		s := c.within(i, k-i)
		clear(s)
		i += len(s)
	}
	c.first += k
	c.n -= k
	if c.n == 0 && len(c.chunks) > 0 {
		// Keep one (zeroed) chunk: a log emptied at every step must not allocate at every
		// step.
		last := c.chunks[len(c.chunks)-1]
		clear(c.chunks)
		c.chunks, c.first = append(c.chunks[:0], last), 0
		return
	}
	drop := c.first / chunkSize
	clear(c.chunks[:drop])
	c.chunks = c.chunks[drop:]
	c.first -= drop * chunkSize
}

// entrySegments is a sequence of entries held mostly as the slices it was given, which must
// never change (Ready.Decided is such a slice): keeping them copies no entry. Short slices are
// copied into a block of its own instead, where one segment grows over many of them, since a
// segment per entry would cost more than the entry.
type entrySegments struct {
	segs  [][]Entry
	n     int
	own   []Entry // the block short slices are copied into (appended to only)
	open  bool    // the last segment is own[start:], and grows with the next short slice
	start int
}

// copyBelow is the length under which entrySegments copies a slice.
const copyBelow = 16

func (s *entrySegments) len() int { return s.n }

// push appends the entries of seg.
func (s *entrySegments) push(seg []Entry) {
	s.n += len(seg)
	if len(seg) >= copyBelow {
		s.segs, s.open = append(s.segs, seg), false
		return
	}
	for len(seg) > 0 {
		if len(s.own) == cap(s.own) {
			s.own, s.open = make([]Entry, 0, chunkSize), false
		}
		if !s.open {
			s.segs, s.open, s.start = append(s.segs, nil), true, len(s.own)
		}
		k := min(len(seg), cap(s.own)-len(s.own))
		s.own = append(s.own, seg[:k]...)
		seg = seg[k:]
		s.segs[len(s.segs)-1] = s.own[s.start:len(s.own):len(s.own)]
	}
}

// dropFront removes the first k elements (k <= len).
func (s *entrySegments) dropFront(k int) {
	s.n -= k
	i := 0
	for k > 0 && k >= len(s.segs[i]) {
		k -= len(s.segs[i])
		i++
	}
	if k > 0 {
		s.segs[i] = s.segs[i][k:]
		if s.open && i == len(s.segs)-1 {
			s.start += k
		}
	}
	if i == len(s.segs) {
		s.open = false
	}
	clear(s.segs[:i])
	s.segs = s.segs[i:]
}

// appendTo appends every element to dst.
func (s *entrySegments) appendTo(dst []Entry) []Entry {
	for _, seg := range s.segs {
		dst = append(dst, seg...)
	}
	return dst
}
