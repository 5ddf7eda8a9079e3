package sim

import "fmt"

// agreement checks State Machine Safety across the cluster (per-slot agreement, for Paxos): every
// node applies the same command at each log index. It remembers the command applied at each index
// by the first node that applied it.
type agreement struct {
	at  [][]byte
	set []bool
}

// record notes that node id applied cmd at index and reports a disagreement with what another
// node applied there before.
func (a *agreement) record(id int, index uint64, cmd []byte) error {
	if index >= uint64(len(a.at)) {
		grow := make([][]byte, int(index)*2+8)
		copy(grow, a.at)
		a.at = grow
		set := make([]bool, len(grow))
		copy(set, a.set)
		a.set = set
	}
	if !a.set[index] {
		a.set[index] = true
		a.at[index] = cmd
		return nil
	}
	if string(a.at[index]) != string(cmd) {
		return fmt.Errorf("StateMachineSafety: node %d applied %s at index %d, another node applied %s there",
			id, describeCmd(cmd), index, describeCmd(a.at[index]))
	}
	return nil
}

// describeCmd renders an applied command for a report.
func describeCmd(b []byte) string {
	if len(b) == 0 {
		return "no-op"
	}
	cmd, err := DecodeCommand(b)
	if err != nil {
		return fmt.Sprintf("%q", b)
	}
	return fmt.Sprintf("%s(%s,%q) of client %d seq %d", cmd.Kind, cmd.Key, cmd.Value, cmd.Client, cmd.Seq)
}
