// Package raftcores benchmarks dsref's raft core beside its Go peers through one driver
// (package driver): dsref and hashicorp/raft here, go.etcd.io/raft/v3 v3.6.0 and v3.7.0 in the
// sibling modules bench/etcd36 and bench/etcd37, and dsref's quorum package beside etcd's.
// See bench/README.md.
package raftcores

import (
	"github.com/dsref/dsref/bench/raftcores/driver"
	"github.com/dsref/dsref/raft"
)

// Limits every RawNode-style library gets, so that none is held back by a default: messages
// of up to 1 MiB and 256 in flight per follower.
const (
	MaxSizePerMsg   = 1 << 20
	MaxInflightMsgs = 256
)

// Dsref is dsref's raft as a driver.Library.
type Dsref struct{}

var _ driver.Library[raft.Message] = Dsref{}

type dsrefNode struct {
	rn *raft.RawNode
	st *raft.MemoryStorage
}

// NewNode implements driver.Library.
func (Dsref) NewNode(id uint64, peers []uint64) (driver.Node[raft.Message], error) {
	st := raft.NewMemoryStorage()
	rn, err := raft.NewRawNode(&raft.Config{
		ID:              id,
		Peers:           peers,
		Storage:         st,
		ElectionTick:    10,
		HeartbeatTick:   1,
		MaxSizePerMsg:   MaxSizePerMsg,
		MaxInflightMsgs: MaxInflightMsgs,
	})
	if err != nil {
		return nil, err
	}
	return &dsrefNode{rn: rn, st: st}, nil
}

// Campaign implements driver.Library.
func (Dsref) Campaign(n driver.Node[raft.Message]) error { return n.(*dsrefNode).rn.Campaign() }

// To implements driver.Library.
func (Dsref) To(m raft.Message) uint64 { return m.To }

func (n *dsrefNode) Propose(data []byte) error        { return n.rn.Propose(data) }
func (n *dsrefNode) ProposeBatch(data [][]byte) error { return n.rn.ProposeBatch(data...) }
func (n *dsrefNode) HasReady() bool                   { return n.rn.HasReady() }
func (n *dsrefNode) Step(m raft.Message) error        { return n.rn.Step(m) }

func (n *dsrefNode) Handle(send func(raft.Message)) (int, error) {
	rd := n.rn.Ready()
	if err := n.st.Append(rd.Entries); err != nil {
		return 0, err
	}
	if !rd.HardState.IsEmpty() {
		n.st.SetHardState(rd.HardState)
	}
	for _, m := range rd.Messages {
		send(m)
	}
	applied := 0
	for i := range rd.CommittedEntries {
		if len(rd.CommittedEntries[i].Data) > 0 {
			applied++
		}
	}
	n.rn.Advance(rd)
	return applied, nil
}
