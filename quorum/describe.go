package quorum

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Describe renders, for humans, where each member's acknowledged index stands and what the
// system commits, in the style of etcd-io/raft's quorum package: each member gets a bar of one
// "x" per member whose index is strictly lower, so the member at which a quorum is reached is
// easy to spot.
//
//	majority {0-2}
//	      idx
//	x>      5    (id=0)
//	xx>     7    (id=1)
//	>       3    (id=2)
//	committed 5
//
//
func Describe(s System, acked []Index) string {
	type row struct {
		id  int
		idx Index
		bar int
	}
	var rows []row
	for id := range s.Members().All() {
		var idx Index
		if id < len(acked) {
			idx = acked[id]
		}
		rows = append(rows, row{id: id, idx: idx})
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].idx < rows[j].idx })
	width := 0
	for i := range rows {
		if i > 0 && rows[i-1].idx < rows[i].idx {
			width = i
		}
		rows[i].bar = width
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].id < rows[j].id })

	var b strings.Builder
	fmt.Fprintf(&b, "%v\n", s)
	fmt.Fprintf(&b, "%s    idx\n", strings.Repeat(" ", width))
	for _, r := range rows {
		fmt.Fprintf(&b, "%s>%s %5d    (id=%d)\n", strings.Repeat("x", r.bar), strings.Repeat(" ", width-r.bar), r.idx, r.id)
	}
	fmt.Fprintf(&b, "committed %s\n", FormatIndex(s.CommittedIndex(acked)))
	return b.String()
}

// FormatIndex writes an index in decimal, and MaxIndex as "∞".
func FormatIndex(i Index) string {
	if i == MaxIndex {
		return "∞"
	}
	return strconv.FormatUint(uint64(i), 10)
}
