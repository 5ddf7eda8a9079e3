package transport_test

import (
	"fmt"
	"net"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/transport"
)

// Example connects two nodes on loopback and sends one message with a vector clock.
func Example() {
	ln1, _ := net.Listen("tcp", "127.0.0.1:0")
	ln2, _ := net.Listen("tcp", "127.0.0.1:0")
	got := make(chan raft.Message, 1)
	t1, _ := transport.New(transport.Config{ClusterID: 42, ID: 1, Listener: ln1,
		Peers: map[uint64]string{2: ln2.Addr().String()}, Handler: func(raft.Message, []byte) {}})
	t2, _ := transport.New(transport.Config{ClusterID: 42, ID: 2, Listener: ln2,
		Peers: map[uint64]string{1: ln1.Addr().String()}, Handler: func(m raft.Message, _ []byte) { got <- m }})
	defer t1.Close()
	defer t2.Close()

	t1.Send(raft.Message{Type: raft.MsgHeartbeat, From: 1, To: 2, Term: 3}, []byte{1, 1, '1', 5})
	fmt.Println(<-got)
	// Output: 1->2 MsgHeartbeat Term:3 Log:0/0
}
