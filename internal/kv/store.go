package kv

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/dsref/dsref/raft/session"
)

// Op is the kind of a command.
type Op string

// The commands that change the store, and the one that opens a client session; reads do not go
// through the log (ReadIndex).
const (
	OpPut      Op = "put"
	OpDelete   Op = "delete"
	OpCAS      Op = "cas"
	OpRegister Op = "register"
)

// Command is one log entry's payload. ID identifies the request so that the node that proposed
// it can answer its client when it applies. ClientID (the session, from a register command) and
// Seq (the client's request number) make a command take effect exactly once however often it is
// retried (thesis 6.3, raft/session); a command without a session is applied every time it is
// committed. Time is the log time: the proposing node's clock, in Unix milliseconds, by which
// sessions expire.
type Command struct {
	ID       uint64 `json:"id"`
	ClientID uint64 `json:"client,omitempty"`
	Seq      uint64 `json:"seq,omitempty"`
	Time     uint64 `json:"time,omitempty"`
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
	Session uint64 `json:"session,omitempty"` // for register: the new session's ID
	// Duplicate is set when the command had already been applied (a retry committed again):
	// the result is the one the first copy returned.
	Duplicate bool `json:"duplicate,omitempty"`
}

// Errors of commands that carry a session.
var (
	// ErrSessionExpired: the session is unknown, or expired or was evicted; the command did not
	// take effect now, and earlier requests of the session may or may not have.
	ErrSessionExpired = errors.New("kv: session unknown or expired; the session's unanswered requests may or may not have taken effect")
	// ErrAlreadyAnswered: the request was applied and answered before, and its answer is gone
	// (the client acknowledged a later request).
	ErrAlreadyAnswered = errors.New("kv: request already applied and answered; its result is no longer kept")
)

// Session table bounds of every node's store: a session expires after SessionTimeout of log
// time without a command; at most MaxSessions are open.
const (
	SessionTimeout = 60 * 60 * 1000 // one hour, in milliseconds
	MaxSessions    = session.DefaultMaxSessions
)

// Store is the replicated state machine: a map from keys to values, and the client sessions.
type Store struct {
	data     map[string]string
	sessions *session.Table
	applied  uint64
	// The snapshot's key order, kept between snapshots so that a snapshot sorts only the keys
	// added since the last one: sorted holds every key data held at the last snapshot (or
	// restore), in order, some perhaps deleted since; added the keys put since that data did
	// not hold (unordered, a key perhaps more than once). Every key of data is in one of them.
	// resort says added outgrew the store (keys deleted and put again and again, and no
	// snapshot): it is no longer kept, and the next snapshot sorts every key.
	sorted, added []string
	resort        bool
	// bytes is the sum of the lengths of every key and value.
	bytes int
}

// NewStore returns an empty store.
func NewStore() *Store {
	t, err := session.New(session.Config{Timeout: SessionTimeout, MaxSessions: MaxSessions})
	if err != nil {
		panic(err) // constant configuration
	}
	return &Store{data: map[string]string{}, sessions: t}
}

// Apply applies a command committed at index: a register opens a session (whose ID is index);
// a command with a session runs only if the session's table has not seen it, and a duplicate
// returns the first result; a command without a session runs. Every replica applies the same
// commands to the same effect, errors included.
//
// Implements RAFT-SESSION-2.
func (s *Store) Apply(index uint64, c Command) (Result, error) {
	s.applied = index
	switch {
	case c.Op == OpRegister:
		id, err := s.sessions.Register(index, c.Time)
		return Result{Index: index, Session: id}, err
	case c.ClientID == 0:
		s.sessions.Advance(c.Time)
		return s.run(index, c), nil
	}
	var res Result
	req := session.Request{Session: c.ClientID, Seq: c.Seq, Ack: c.Seq, Time: c.Time}
	out, dup, err := s.sessions.Apply(req, func() []byte {
		res = s.run(index, c)
		b, _ := json.Marshal(res)
		return b
	})
	switch {
	case errors.Is(err, session.ErrUnknownSession):
		return Result{Index: index}, fmt.Errorf("%w (session %d)", ErrSessionExpired, c.ClientID)
	case errors.Is(err, session.ErrResponseDiscarded):
		return Result{Index: index}, fmt.Errorf("%w (session %d, request %d)", ErrAlreadyAnswered, c.ClientID, c.Seq)
	case err != nil:
		return Result{Index: index}, err
	case dup:
		if err := json.Unmarshal(out, &res); err != nil {
			return Result{Index: index}, fmt.Errorf("kv: cached result of session %d, request %d: %w", c.ClientID, c.Seq, err)
		}
		res.Duplicate = true
	}
	return res, nil
}

// run executes a command on the data.
func (s *Store) run(index uint64, c Command) Result {
	prev, found := s.data[c.Key]
	r := Result{Index: index, Found: found, Prev: prev}
	switch c.Op {
	case OpPut:
		s.set(c.Key, c.Value, prev, found)
	case OpDelete:
		if found {
			delete(s.data, c.Key)
			s.bytes -= len(c.Key) + len(prev)
		}
	case OpCAS:
		if (c.OldAbsent && !found) || (!c.OldAbsent && found && prev == c.Old) {
			s.set(c.Key, c.Value, prev, found)
			r.Swapped = true
		}
	}
	return r
}

// set sets key to value; prev and found are its value before.
func (s *Store) set(key, value, prev string, found bool) {
	s.data[key] = value
	if found {
		s.bytes += len(value) - len(prev)
		return
	}
	s.bytes += len(key) + len(value)
	if s.resort {
		return
	}
	if len(s.added) > 2*len(s.data)+1024 {
		s.resort, s.sorted, s.added = true, nil, nil
		return
	}
	s.added = append(s.added, key)
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
