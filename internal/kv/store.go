package kv

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// Op is the kind of a command.
type Op string

// The commands that change the store; reads do not go through the log (ReadIndex).
const (
	OpPut    Op = "put"
	OpDelete Op = "delete"
	OpCAS    Op = "cas"
)

// Command is one log entry's payload. ID identifies the request so that the node that proposed
// it can answer its client when it applies. ClientID and Seq are carried for client sessions
// (exactly-once, thesis 6.3): today every command is applied as it arrives; a session table in
// the state machine will use them to answer duplicates from its cache.
type Command struct {
	ID       uint64 `json:"id"`
	ClientID uint64 `json:"client,omitempty"`
	Seq      uint64 `json:"seq,omitempty"`
	Op       Op     `json:"op"`
	Key      string `json:"key"`
	Value    string `json:"value,omitempty"`
	// Old is the expected value of a compare-and-swap; OldAbsent expects no value at all.
	Old       string `json:"old,omitempty"`
	OldAbsent bool   `json:"old_absent,omitempty"`
}

// Result is what applying a command returns to its client.
type Result struct {
	Index   uint64 `json:"index"`             // the log index the command was applied at
	Found   bool   `json:"found"`             // the key had a value before the command
	Prev    string `json:"prev,omitempty"`    // that value
	Swapped bool   `json:"swapped,omitempty"` // for cas: the swap happened
}

// DecodeCommand parses a log entry; errors name what was wrong.
func DecodeCommand(b []byte) (Command, error) {
	var c Command
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("kv: malformed command: %w", err)
	}
	switch c.Op {
	case OpPut, OpDelete, OpCAS:
	default:
		return c, fmt.Errorf("kv: command %d: unknown op %q", c.ID, c.Op)
	}
	return c, nil
}

// Store is the replicated state machine: a map from keys to values.
type Store struct {
	data    map[string]string
	applied uint64
}

// NewStore returns an empty store.
func NewStore() *Store { return &Store{data: map[string]string{}} }

// Apply applies a command committed at index.
func (s *Store) Apply(index uint64, c Command) Result {
	prev, found := s.data[c.Key]
	r := Result{Index: index, Found: found, Prev: prev}
	switch c.Op {
	case OpPut:
		s.data[c.Key] = c.Value
	case OpDelete:
		delete(s.data, c.Key)
	case OpCAS:
		if (c.OldAbsent && !found) || (!c.OldAbsent && found && prev == c.Old) {
			s.data[c.Key] = c.Value
			r.Swapped = true
		}
	}
	s.applied = index
	return r
}

// Skip records that index was applied without a command (a leader's no-op).
func (s *Store) Skip(index uint64) { s.applied = index }

// Get reads a key.
func (s *Store) Get(key string) (string, bool) {
	v, ok := s.data[key]
	return v, ok
}

// Applied is the index of the last entry applied.
func (s *Store) Applied() uint64 { return s.applied }

// Len is the number of keys.
func (s *Store) Len() int { return len(s.data) }

// Keys returns the keys in order.
func (s *Store) Keys() []string { return slices.Sorted(maps.Keys(s.data)) }
