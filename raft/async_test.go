package raft

import (
	"errors"
	"strings"
	"testing"
)

// TestStorageMessagesStayLocal checks that nothing but a node's own storage speaks for it: the
// wire codec refuses the storage threads' message types, a node with synchronous writes
// refuses their responses, and one with asynchronous writes takes them only from its own
// threads. Node IDs cannot be the threads' addresses.
//
// Tests RAFT-PERSIST-5.
func TestStorageMessagesStayLocal(t *testing.T) {
	for _, typ := range []MessageType{MsgStorageAppend, MsgStorageAppendResp, MsgStorageApply, MsgStorageApplyResp} {
		b := MarshalMessage(Message{Type: typ, From: LocalAppendThread, To: 1, Term: 1})
		if _, err := UnmarshalMessage(b); err == nil || !strings.Contains(err.Error(), "local to a node") {
			t.Errorf("%s decoded from the wire: %v", typ, err)
		}
	}
	resp := Message{Type: MsgStorageAppendResp, From: LocalAppendThread, To: 1, Term: 1, Vote: 1, Index: 1, LogTerm: 1}
	for _, async := range []bool{false, true} {
		rn, err := NewRawNode(&Config{ID: 1, Peers: []uint64{1, 2, 3}, AsyncStorageWrites: async})
		if err != nil {
			t.Fatal(err)
		}
		err = rn.Step(resp)
		if !async && !errors.Is(err, ErrStepLocalMsg) {
			t.Errorf("synchronous node took a MsgStorageAppendResp: %v", err)
		}
		if async && err != nil {
			t.Errorf("asynchronous node refused its storage's response: %v", err)
		}
		forged := resp
		forged.From = 2
		if err := rn.Step(forged); !errors.Is(err, ErrStepLocalMsg) {
			t.Errorf("async=%v: took a MsgStorageAppendResp from node 2: %v", async, err)
		}
		write := Message{Type: MsgStorageAppend, From: LocalAppendThread, To: 1}
		if err := rn.Step(write); !errors.Is(err, ErrStepLocalMsg) {
			t.Errorf("async=%v: stepped a MsgStorageAppend: %v", async, err)
		}
	}
	for _, id := range []uint64{LocalAppendThread, LocalApplyThread} {
		if _, err := NewRawNode(&Config{ID: id, Peers: []uint64{id}}); err == nil {
			t.Errorf("node ID %d accepted", id)
		}
		if _, err := NewRawNode(&Config{ID: 1, Peers: []uint64{1, id}}); err == nil {
			t.Errorf("voter ID %d accepted", id)
		}
	}
}
