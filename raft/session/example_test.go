package session_test

import (
	"fmt"

	"github.com/dsref/dsref/raft/session"
)

// A state machine applies committed entries through the table: a retried command that the log
// holds twice runs once, and the second copy gets the first copy's response.
func Example() {
	table, _ := session.New(session.Config{Timeout: 60_000}) // log time in milliseconds
	balance := 100

	// Entry 12 registers a client; its session ID is the entry's index.
	client, _ := table.Register(12, 1_000)

	withdraw := func(amount int) func() []byte {
		return func() []byte {
			balance -= amount
			return []byte(fmt.Sprintf("balance %d", balance))
		}
	}
	// Entries 13 and 15 both carry the client's request 1: it timed out waiting for the
	// first copy and retried through another leader.
	for _, time := range []uint64{1_010, 1_900} {
		resp, dup, err := table.Apply(session.Request{Session: client, Seq: 1, Time: time}, withdraw(30))
		fmt.Println(string(resp), dup, err)
	}
	// A client silent for longer than the timeout (in log time) has lost its session.
	_, _, err := table.Apply(session.Request{Session: client, Seq: 2, Time: 70_000}, withdraw(30))
	fmt.Println(err)
	// Output:
	// balance 70 false <nil>
	// balance 70 true <nil>
	// session: unknown or expired session: ID 12
}
