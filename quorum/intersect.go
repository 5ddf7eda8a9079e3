package quorum

import "fmt"

// MaxCheckMembers bounds the exhaustive checks: they enumerate all 2^N subsets of the members.
const MaxCheckMembers = 20

// kinds lists the quorum kinds, in the order checks visit them.
var kinds = [...]Kind{Phase1, Phase2}

// subsets calls visit with every subset of members, in the order of a binary counter over the
// members' positions, until visit returns false. It enumerates 2^members.Len() sets.
func subsets(members Set, visit func(Set) bool) {
	ids := members.IDs()
	n := len(ids)
	for mask := uint64(0); mask < uint64(1)<<uint(n); mask++ {
		var s Set
		for i := 0; i < n; i++ {
			if mask&(1<<uint(i)) != 0 {
				s |= 1 << uint(ids[i])
			}
		}
		if !visit(s) {
			return
		}
	}
}

// MinimalQuorums returns the quorums of kind k from which no member can be removed, in the
// order of a binary counter over member positions. It fails for systems with more than
// MaxCheckMembers members.
//
//
func MinimalQuorums(s System, k Kind) ([]Set, error) {
	members := s.Members()
	if members.Len() > MaxCheckMembers {
		return nil, fmt.Errorf("quorum: %v: %d members, more than the %d an exhaustive enumeration allows",
			s, members.Len(), MaxCheckMembers)
	}
	var out []Set
	subsets(members, func(q Set) bool {
		if isMinimal(s, k, q) {
			out = append(out, q)
		}
		return true
	})
	return out, nil
}

func isMinimal(s System, k Kind, q Set) bool {
	if !s.IsQuorum(k, q) {
		return false
	}
	for id := range q.All() {
		if s.IsQuorum(k, q.Without(id)) {
			return false
		}
	}
	return true
}

// CheckIntersection verifies by enumeration, for a system with at most MaxCheckMembers members,
// every intersection the system promises (MustIntersect): for each minimal quorum A of kind a it
// asks whether the members outside A still hold a quorum of kind b. It returns nil if every
// promise holds, a *DisjointError naming two minimal disjoint quorums if one fails, or an error
// if the system is too large to enumerate.
//
//
func CheckIntersection(s System) error {
	members := s.Members()
	if members.Len() > MaxCheckMembers {
		return fmt.Errorf("quorum: %v: %d members, more than the %d an exhaustive check allows",
			s, members.Len(), MaxCheckMembers)
	}
	for _, a := range kinds {
		for _, b := range kinds {
			if b < a || !s.MustIntersect(a, b) {
				continue
			}
			var found error
			subsets(members, func(q Set) bool {
				if !isMinimal(s, a, q) || !s.IsQuorum(b, members&^q) {
					return true
				}
				found = &DisjointError{System: s.String(), Reason: "exhaustive check",
					KindA: a, A: q, KindB: b, B: shrink(s, b, members&^q)}
				return false
			})
			if found != nil {
				return found
			}
		}
	}
	return nil
}
