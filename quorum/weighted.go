package quorum

import (
	"fmt"
	"math/bits"
	"sort"
	"strconv"
	"strings"
)

// MaxTotalVotes bounds the sum of votes of a weighted system, which keeps the exact intersection
// check at construction (a subset-sum table of that many entries) cheap.
const MaxTotalVotes = 1 << 20

// Weighted is Gifford's weighted voting (SOSP 1979): member i holds votes[i] votes, a read
// (Phase1) quorum holds at least r votes and a write (Phase2) quorum at least w. Gifford's rule
// r + w > V and 2w > V (V the total) makes reads meet writes and writes meet writes.
//
// TLA+: Weighted(n, v, k); invariant GiffordRuleSound in tla/Quorum.tla.
//
// Implements Q-W-1.
type Weighted struct {
	members Set
	votes   [MaxMembers]uint32 // indexed by member ID; 0 for non-members
	total   int
	r, w    int
}

// NewWeighted returns the weighted system in which the i-th member in ascending ID order holds
// votes[i] votes. Every member needs at least one vote, the total may not exceed
// MaxTotalVotes, and 1 <= r, w <= V.
// Gifford's rule admits the configuration at once; otherwise NewWeighted decides exactly
// whether a read quorum can miss a write quorum, or two write quorums miss each other, and
// returns a *DisjointError naming such a pair. Whole votes can make a configuration safe that
// the rule rejects (votes 2,2 with r=1, w=3): that one is accepted.
func NewWeighted(r, w int, members Set, votes []int) (*Weighted, error) {
	s := &Weighted{members: members, r: r, w: w}
	if members.Len() == 0 {
		return nil, fmt.Errorf("quorum: weighted: the system needs at least one member")
	}
	if len(votes) != members.Len() {
		return nil, fmt.Errorf("quorum: weighted %v: %d vote counts given for %d members", members, len(votes), members.Len())
	}
	i := 0
	for id := range members.All() {
		v := votes[i]
		if v < 1 || v > MaxTotalVotes {
			return nil, fmt.Errorf("quorum: weighted %v: member %d has %d votes, want 1..%d", members, id, v, MaxTotalVotes)
		}
		s.votes[id] = uint32(v)
		s.total += v
		i++
	}
	if s.total > MaxTotalVotes {
		return nil, fmt.Errorf("quorum: weighted %v: %d votes in total, more than %d", members, s.total, MaxTotalVotes)
	}
	if r < 1 || r > s.total {
		return nil, fmt.Errorf("quorum: %v: r=%d is outside 1..V=%d", s, r, s.total)
	}
	if w < 1 || w > s.total {
		return nil, fmt.Errorf("quorum: %v: w=%d is outside 1..V=%d", s, w, s.total)
	}
	if r+w > s.total && 2*w > s.total {
		return s, nil // Gifford's rule: the closed-form check.
	}
	if err := s.findDisjoint(); err != nil {
		return nil, err
	}
	return s, nil
}

// findDisjoint looks for a write quorum whose complement still holds a read quorum (votes in
// [w, V-r]) or a write quorum (votes in [w, V-w]), using a subset-sum table over the votes.
//
// Implements Q-W-2.
func (s *Weighted) findDisjoint() error {
	// via[x] is 1 + the member whose addition first reached vote total x; 0 if unreachable.
	via := make([]int8, s.total+1)
	via[0] = -1
	for id := range s.members.All() {
		v := int(s.votes[id])
		for x := s.total; x >= v; x-- {
			if via[x] == 0 && via[x-v] != 0 {
				via[x] = int8(id + 1)
			}
		}
	}
	subsetWith := func(x int) Set {
		var out Set
		for x > 0 {
			id := int(via[x]) - 1
			out = out.With(id)
			x -= int(s.votes[id])
		}
		return out
	}
	try := func(kindA Kind, needA int, reason string) error {
		for x := s.w; x <= s.total-needA; x++ {
			if via[x] == 0 {
				continue
			}
			b := subsetWith(x)
			return &DisjointError{System: s.String(), Reason: reason,
				KindA: kindA, A: shrink(s, kindA, s.members.Minus(b)), KindB: Phase2, B: shrink(s, Phase2, b)}
		}
		return nil
	}
	if err := try(Phase1, s.r, fmt.Sprintf("r+w=%d <= V=%d", s.r+s.w, s.total)); err != nil {
		return err
	}
	return try(Phase2, s.w, fmt.Sprintf("2w=%d <= V=%d", 2*s.w, s.total))
}

// shrink removes members from the quorum q of kind k, in ascending ID order, while it stays a
// quorum, so that error messages name minimal quorums.
func shrink(s System, k Kind, q Set) Set {
	for id := range q.All() {
		if s.IsQuorum(k, q.Without(id)) {
			q = q.Without(id)
		}
	}
	return q
}

// Members returns the set of members.
func (s *Weighted) Members() Set { return s.members }

// Votes returns the votes of member id (0 for non-members).
func (s *Weighted) Votes(id int) int {
	if !s.members.Has(id) {
		return 0
	}
	return int(s.votes[id])
}

// R returns the votes a read (Phase1) quorum needs.
func (s *Weighted) R() int { return s.r }

// W returns the votes a write (Phase2) quorum needs.
func (s *Weighted) W() int { return s.w }

// TotalVotes returns V.
func (s *Weighted) TotalVotes() int { return s.total }

func (s *Weighted) need(k Kind) int {
	if k == Phase1 {
		return s.r
	}
	return s.w
}

func (s *Weighted) sum(set Set) int {
	total := 0
	for rest := uint64(set & s.members); rest != 0; rest &= rest - 1 {
		total += int(s.votes[bits.TrailingZeros64(rest)])
	}
	return total
}

// IsQuorum reports whether the members of set hold at least r (Phase1) or w (Phase2) votes.
//
//
func (s *Weighted) IsQuorum(k Kind, set Set) bool { return s.sum(set) >= s.need(k) }

// CommittedIndex walks the members from the highest acknowledged index down, adding votes
// until they reach w: the index where that happens is the largest one a write quorum holds.
//
//
func (s *Weighted) CommittedIndex(acked []Index) Index {
	type ackVotes struct {
		idx   Index
		votes uint32
	}
	var buf [MaxMembers]ackVotes
	n := 0
	for rest := uint64(s.members); rest != 0; rest &= rest - 1 {
		id := bits.TrailingZeros64(rest)
		var idx Index
		if id < len(acked) {
			idx = acked[id]
		}
		// Insertion into descending order.
		j := n
		for j > 0 && buf[j-1].idx < idx {
			buf[j] = buf[j-1]
			j--
		}
		buf[j] = ackVotes{idx, s.votes[id]}
		n++
	}
	got := 0
	for i := 0; i < n; i++ {
		got += int(buf[i].votes)
		if got >= s.w {
			return buf[i].idx
		}
	}
	return 0 // unreachable: w <= V
}

// VoteResult compares granted votes, and votes not yet rejected, against r.
//
//
func (s *Weighted) VoteResult(granted, rejected Set) VoteResult {
	rejected &= s.members
	if s.sum(granted&^rejected) >= s.r {
		return Won
	}
	if s.sum(s.members&^rejected) < s.r {
		return Lost
	}
	return Pending
}

// FaultTolerance removes the heaviest members first: the worst failures take the most votes.
//
//
func (s *Weighted) FaultTolerance() int {
	weights := make([]int, 0, s.members.Len())
	for id := range s.members.All() {
		weights = append(weights, int(s.votes[id]))
	}
	sort.Sort(sort.Reverse(sort.IntSlice(weights)))
	left, need := s.total, max(s.r, s.w)
	f := 0
	for _, v := range weights {
		if left-v < need {
			break
		}
		left -= v
		f++
	}
	return f
}

// MustIntersect holds for read with write and write with write, not read with read.
func (s *Weighted) MustIntersect(a, b Kind) bool { return a != b || a == Phase2 }

func (s *Weighted) String() string {
	parts := make([]string, 0, s.members.Len())
	for id := range s.members.All() {
		parts = append(parts, strconv.Itoa(int(s.votes[id])))
	}
	return fmt.Sprintf("weighted r=%d w=%d votes=%s %v", s.r, s.w, strings.Join(parts, ","), s.members)
}
