package session

import (
	"errors"
	"fmt"
)

// Errors Apply returns instead of running a request.
var (
	// ErrUnknownSession: the session was never registered, or it expired or was evicted. The
	// client cannot know whether its earlier commands ran.
	ErrUnknownSession = errors.New("session: unknown or expired session")
	// ErrResponseDiscarded: the request ran before, but its response is no longer cached (the
	// client acknowledged it, or more than MaxResponses later requests ran since).
	ErrResponseDiscarded = errors.New("session: the request already ran and its response was discarded")
)

// Defaults applied by New to zero Config fields.
const (
	DefaultMaxSessions  = 1 << 16
	DefaultMaxResponses = 16
)

// Config bounds a Table.
type Config struct {
	// plantedBug is empty (see rules.go); a test build selects a planted bug through it.
	plantedBug

	// Timeout is how long, in log time, a session may go without a request before it expires.
	// Zero means never: only MaxSessions evicts sessions.
	Timeout uint64
	// MaxSessions is the most sessions the table holds; registering one more evicts the least
	// recently active. Default DefaultMaxSessions.
	MaxSessions int
	// MaxResponses is the most responses cached per session, that is, how many requests a
	// client may have outstanding. Default DefaultMaxResponses.
	MaxResponses int
	// Trace, if set, receives an event for every entry Register and Apply take, named after
	// the action of tla/Session.tla it implements (see TraceEvent).
	Trace func(TraceEvent)
}

// Request identifies one client command as the log carries it.
type Request struct {
	// Session is the ID Register returned.
	Session uint64
	// Seq numbers the client's commands, from 1; a retry carries the number of the attempt it
	// repeats.
	Seq uint64
	// Ack is the lowest sequence number whose response the client has not received: responses
	// of requests numbered below it are discarded. Zero acknowledges nothing.
	Ack uint64
	// Time is the log time of the entry: the time the leader stamped on it when it proposed it,
	// in any unit the application chooses (the table only compares and subtracts).
	Time uint64
}

// Table is the session table. Its zero value is not usable; call New. It is not safe for
// concurrent use: the state machine applies entries one at a time.
type Table struct {
	cfg      Config
	now      uint64 // log time: the largest Time seen
	sessions map[uint64]*session
	// lru links the sessions from the least to the most recently active. Log time never goes
	// backwards, so this is also the order of their last activity, and expiry pops the front.
	lru list
	// traceIDs is the scratch list of open sessions a trace event carries.
	traceIDs []uint64
}

// session is one client's record.
type session struct {
	id         uint64
	lastActive uint64
	// floor: a request numbered at most floor whose response is not cached ran before (its
	// response was acknowledged or evicted), or is refused as if it had.
	floor     uint64
	responses []response // at most MaxResponses, in the order they were cached
	prev      *session
	next      *session
}

type response struct {
	seq  uint64
	data []byte
}

// New returns an empty table.
func New(cfg Config) (*Table, error) {
	if cfg.MaxSessions == 0 {
		cfg.MaxSessions = DefaultMaxSessions
	}
	if cfg.MaxResponses == 0 {
		cfg.MaxResponses = DefaultMaxResponses
	}
	if cfg.MaxSessions < 0 || cfg.MaxResponses < 0 {
		return nil, fmt.Errorf("session: Config.MaxSessions (%d) and MaxResponses (%d) must be positive", cfg.MaxSessions, cfg.MaxResponses)
	}
	return &Table{cfg: cfg, sessions: map[uint64]*session{}}, nil
}

// Register opens a session for the command at log index index, applied at log time now, and
// returns its ID, which is index: every replica gives the same session the same ID, and no two
// sessions ever share one. When the table is full, the least recently active session is
// evicted.
//
// Implements RAFT-SESSION-1, RAFT-SESSION-4.
func (t *Table) Register(index, now uint64) (uint64, error) {
	if index == 0 {
		return 0, errors.New("session: register at log index 0")
	}
	t.Advance(now)
	if _, ok := t.sessions[index]; ok {
		return 0, fmt.Errorf("session: log index %d already registered a session", index)
	}
	for len(t.sessions) >= t.cfg.MaxSessions {
		t.remove(t.lru.front())
	}
	s := &session{id: index, lastActive: t.now}
	t.sessions[index] = s
	t.lru.pushBack(s)
	t.trace(true, Request{Session: index, Time: now}, OutcomeRegistered, nil)
	return index, nil
}

// Apply runs exec for req unless the table has seen req before, and returns the response:
// exec's, or for a duplicate the one cached when it first ran (dup is then true). It refuses
// requests of unknown or expired sessions (ErrUnknownSession) and requests whose response was
// discarded (ErrResponseDiscarded) without running them. Expired sessions are removed first,
// at req.Time. The table keeps the response slice exec returns; exec must not modify it later.
//
// Implements RAFT-SESSION-2, RAFT-SESSION-3.
func (t *Table) Apply(req Request, exec func() []byte) (resp []byte, dup bool, err error) {
	if req.Seq == 0 {
		return nil, false, fmt.Errorf("session: session %d: request number 0 (they start at 1)", req.Session)
	}
	t.Advance(req.Time)
	s := t.sessions[req.Session]
	if s == nil {
		t.trace(false, req, OutcomeUnknownSession, nil)
		return nil, false, fmt.Errorf("%w: ID %d", ErrUnknownSession, req.Session)
	}
	s.lastActive = t.now
	t.lru.moveToBack(s)
	if req.Ack > 1 {
		t.acknowledge(s, req.Ack)
	}
	if r, ok := t.cached(s, req.Seq); ok {
		t.trace(false, req, OutcomeDuplicate, r)
		return r, true, nil
	}
	if req.Seq <= s.floor {
		t.trace(false, req, OutcomeDiscarded, nil)
		return nil, false, fmt.Errorf("%w: session %d, request %d", ErrResponseDiscarded, req.Session, req.Seq)
	}
	resp = exec()
	if len(s.responses) == t.cfg.MaxResponses {
		oldest := 0
		for i, r := range s.responses {
			if r.seq < s.responses[oldest].seq {
				oldest = i
			}
		}
		t.discarded(s, s.responses[oldest].seq)
		s.responses = append(s.responses[:oldest], s.responses[oldest+1:]...)
	}
	s.responses = append(s.responses, response{seq: req.Seq, data: resp})
	t.trace(false, req, OutcomeRan, resp)
	return resp, false, nil
}

// Advance moves log time to now (never backwards: a new leader's clock may be behind the old
// one's) and removes the sessions that have been idle for longer than Config.Timeout. Register
// and Apply call it; a state machine may also call it for entries that carry no request, so
// that sessions expire on schedule in a quiet cluster.
//
// Implements RAFT-SESSION-4.
func (t *Table) Advance(now uint64) {
	t.now = max(t.now, now)
	if t.cfg.Timeout == 0 {
		return
	}
	for s := t.lru.front(); s != nil && t.now-s.lastActive > t.cfg.Timeout; s = t.lru.front() {
		t.remove(s)
	}
}

// Len is the number of open sessions.
func (t *Table) Len() int { return len(t.sessions) }

// Time is the table's log time: the largest time it has seen.
func (t *Table) Time() uint64 { return t.now }

// Has reports whether session id is open.
func (t *Table) Has(id uint64) bool { return t.sessions[id] != nil }

func (t *Table) remove(s *session) {
	t.lru.remove(s)
	delete(t.sessions, s.id)
}

// acknowledge discards the responses of requests numbered below ack.
func (t *Table) acknowledge(s *session, ack uint64) {
	kept := s.responses[:0]
	for _, r := range s.responses {
		if r.seq >= ack {
			kept = append(kept, r)
		}
	}
	clear(s.responses[len(kept):])
	s.responses = kept
	t.discarded(s, ack-1)
}

// find returns the cached response of request seq.
func (s *session) find(seq uint64) ([]byte, bool) {
	for _, r := range s.responses {
		if r.seq == seq {
			return r.data, true
		}
	}
	return nil, false
}

// list is an intrusive doubly linked list of sessions.
type list struct{ head, tail *session }

func (l *list) front() *session { return l.head }

func (l *list) pushBack(s *session) {
	s.prev, s.next = l.tail, nil
	if l.tail != nil {
		l.tail.next = s
	} else {
		l.head = s
	}
	l.tail = s
}

func (l *list) remove(s *session) {
	if s.prev != nil {
		s.prev.next = s.next
	} else {
		l.head = s.next
	}
	if s.next != nil {
		s.next.prev = s.prev
	} else {
		l.tail = s.prev
	}
	s.prev, s.next = nil, nil
}

func (l *list) moveToBack(s *session) {
	if l.tail == s {
		return
	}
	l.remove(s)
	l.pushBack(s)
}
