package quorum

import (
	"fmt"
	"math/bits"
)

// Grid arranges rows×cols members in a grid, in ascending ID order row by row; a quorum (of
// either kind) holds one full row and one full column, about 2·sqrt(N) members. Any two quorums
// intersect because the row of one crosses the column of the other.
//
// TLA+: Grid(rows, cols); invariant GridIntersects in tla/Quorum.tla.
//
// Implements Q-GRID-1.
type Grid struct {
	members    Set
	rows, cols int
	rowSets    []Set
	colSets    []Set
}

// NewGrid returns the grid system over members, which must number rows×cols.
func NewGrid(rows, cols int, members Set) (*Grid, error) {
	if rows < 1 || cols < 1 {
		return nil, fmt.Errorf("quorum: grid rows=%d cols=%d %v: rows and cols must be at least 1", rows, cols, members)
	}
	if rows*cols != members.Len() {
		return nil, fmt.Errorf("quorum: grid rows=%d cols=%d %v: %d members do not fill a %dx%d grid",
			rows, cols, members, members.Len(), rows, cols)
	}
	g := &Grid{members: members, rows: rows, cols: cols, rowSets: make([]Set, rows), colSets: make([]Set, cols)}
	i := 0
	for id := range members.All() {
		g.rowSets[i/cols] = g.rowSets[i/cols].With(id)
		g.colSets[i%cols] = g.colSets[i%cols].With(id)
		i++
	}
	return g, nil
}

// Members returns the set of members.
func (g *Grid) Members() Set { return g.members }

// Rows returns the number of rows.
func (g *Grid) Rows() int { return g.rows }

// Cols returns the number of columns.
func (g *Grid) Cols() int { return g.cols }

// Row returns the members of row r (0-based).
func (g *Grid) Row(r int) Set { return g.rowSets[r] }

// Col returns the members of column c (0-based).
func (g *Grid) Col(c int) Set { return g.colSets[c] }

// IsQuorum reports whether s covers a full row and a full column.
//
//
func (g *Grid) IsQuorum(k Kind, s Set) bool {
	return coversOne(g.rowSets, s) && coversOne(g.colSets, s)
}

func coversOne(lines []Set, s Set) bool {
	for _, line := range lines {
		if line&^s == 0 {
			return true
		}
	}
	return false
}

// CommittedIndex: a row is fully acknowledged up to the minimum index in it, so the best row
// reaches the largest row minimum, and likewise for columns; a quorum needs both.
//
//
func (g *Grid) CommittedIndex(acked []Index) Index {
	return min(bestLine(g.rowSets, acked), bestLine(g.colSets, acked))
}

func bestLine(lines []Set, acked []Index) Index {
	var best Index
	for _, line := range lines {
		low := MaxIndex
		for rest := uint64(line); rest != 0; rest &= rest - 1 {
			id := bits.TrailingZeros64(rest)
			var idx Index
			if id < len(acked) {
				idx = acked[id]
			}
			low = min(low, idx)
		}
		best = max(best, low)
	}
	return best
}

// VoteResult: Won if the granted members cover a row and a column, Lost if the members not
// rejected no longer do.
//
//
func (g *Grid) VoteResult(granted, rejected Set) VoteResult {
	return monotoneVote(g, granted, rejected)
}

// monotoneVote is VoteResult for any monotone system: the best completion of a vote grants
// every outstanding member, so the vote is lost exactly when that completion is no quorum.
func monotoneVote(s System, granted, rejected Set) VoteResult {
	members := s.Members()
	rejected &= members
	if s.IsQuorum(Phase1, granted&members&^rejected) {
		return Won
	}
	if !s.IsQuorum(Phase1, members&^rejected) {
		return Lost
	}
	return Pending
}

// FaultTolerance is min(rows, cols) - 1: one failure in each row (or each column) along a
// diagonal leaves no full row (column), and fewer failures always spare a row and a column.
//
//
func (g *Grid) FaultTolerance() int { return min(g.rows, g.cols) - 1 }

// MustIntersect is true for every pair of kinds.
func (g *Grid) MustIntersect(a, b Kind) bool { return true }

func (g *Grid) String() string {
	return fmt.Sprintf("grid rows=%d cols=%d %v", g.rows, g.cols, g.members)
}
