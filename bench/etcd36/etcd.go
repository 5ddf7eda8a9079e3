// Package etcd adapts go.etcd.io/raft/v3 v3.6.0 to the side-by-side driver
// (bench/raftcores/driver). bench/etcd37 adapts v3.7.0, whose messages are protobuf pointers
// (one module cannot require both versions); the two adapters do the same steps, and their
// benchmark files are kept identical by raftcores' TestEtcdBenchmarksAreIdentical.
package etcd

import (
	"fmt"

	"github.com/dsref/dsref/bench/raftcores"
	"github.com/dsref/dsref/bench/raftcores/driver"
	"go.etcd.io/raft/v3"
	pb "go.etcd.io/raft/v3/raftpb"
)

// Etcd is go.etcd.io/raft/v3 as a driver.Library, with the same limits as dsref's.
type Etcd struct{}

var _ driver.Library[pb.Message] = Etcd{}

type node struct {
	rn *raft.RawNode
	st *raft.MemoryStorage
}

// NewNode implements driver.Library. The peers are the voters of an initial snapshot at index
// 1, as etcd's own tests start a cluster.
func (Etcd) NewNode(id uint64, peers []uint64) (driver.Node[pb.Message], error) {
	st := raft.NewMemoryStorage()
	snap := pb.Snapshot{Metadata: pb.SnapshotMetadata{Index: 1, Term: 1, ConfState: pb.ConfState{Voters: peers}}}
	if err := st.ApplySnapshot(snap); err != nil {
		return nil, err
	}
	rn, err := raft.NewRawNode(&raft.Config{
		ID:              id,
		Storage:         st,
		ElectionTick:    10,
		HeartbeatTick:   1,
		MaxSizePerMsg:   raftcores.MaxSizePerMsg,
		MaxInflightMsgs: raftcores.MaxInflightMsgs,
		Logger:          discard{},
	})
	if err != nil {
		return nil, err
	}
	return &node{rn: rn, st: st}, nil
}

// Campaign implements driver.Library.
func (Etcd) Campaign(n driver.Node[pb.Message]) error { return n.(*node).rn.Campaign() }

// To implements driver.Library.
func (Etcd) To(m pb.Message) uint64 { return m.To }

func (n *node) Propose(data []byte) error { return n.rn.Propose(data) }
func (n *node) HasReady() bool            { return n.rn.HasReady() }
func (n *node) Step(m pb.Message) error   { return n.rn.Step(m) }

// ProposeBatch steps one MsgProp carrying every entry, which is what etcd's Propose does for
// one.
func (n *node) ProposeBatch(data [][]byte) error {
	ents := make([]pb.Entry, len(data))
	for i, d := range data {
		ents[i].Data = d
	}
	return n.rn.Step(pb.Message{Type: pb.MsgProp, Entries: ents})
}

func (n *node) Handle(send func(pb.Message)) (int, error) {
	rd := n.rn.Ready()
	if err := n.st.Append(rd.Entries); err != nil {
		return 0, err
	}
	if !raft.IsEmptyHardState(rd.HardState) {
		if err := n.st.SetHardState(rd.HardState); err != nil {
			return 0, err
		}
	}
	for _, m := range rd.Messages {
		send(m)
	}
	applied := 0
	for i := range rd.CommittedEntries {
		if rd.CommittedEntries[i].Type == pb.EntryNormal && len(rd.CommittedEntries[i].Data) > 0 {
			applied++
		}
	}
	n.rn.Advance(rd)
	return applied, nil
}

// discard is a raft.Logger that prints nothing: the benchmark measures the library, not its
// logging.
type discard struct{}

func (discard) Debug(...any)              {}
func (discard) Debugf(string, ...any)     {}
func (discard) Error(...any)              {}
func (discard) Errorf(string, ...any)     {}
func (discard) Info(...any)               {}
func (discard) Infof(string, ...any)      {}
func (discard) Warning(...any)            {}
func (discard) Warningf(string, ...any)   {}
func (discard) Fatal(v ...any)            { panic(v) }
func (discard) Fatalf(f string, v ...any) { panic(fmt.Sprintf(f, v...)) }
func (discard) Panic(v ...any)            { panic(v) }
func (discard) Panicf(f string, v ...any) { panic(fmt.Sprintf(f, v...)) }
