package wal

import (
	"errors"
	"fmt"
)

// CorruptionError reports damage that a crash cannot explain: a bad record in any segment but
// the last, a bad record in the last segment followed by evidence that it had been synced,
// a missing segment, a gap in the entries, or a damaged snapshot file. The log refuses to open
// rather than lose or invent data.
type CorruptionError struct {
	File   string // path of the damaged file
	Offset int64  // byte offset of the damage in File, -1 if the whole file is at fault
	Reason string
}

func (e *CorruptionError) Error() string {
	if e.Offset < 0 {
		return fmt.Sprintf("wal: %s: %s", e.File, e.Reason)
	}
	return fmt.Sprintf("wal: %s at offset %d: %s", e.File, e.Offset, e.Reason)
}

// TornTail reports the end of the last segment that a crash left half-written, and that Open
// truncated: Offset is where the kept data ends; the Dropped bytes after it (up to the first
// run of unwritten zeros) held no complete batch, so nothing in them was ever acknowledged.
type TornTail struct {
	File    string
	Offset  int64
	Dropped int64
	Reason  string
}

func (t *TornTail) String() string {
	return fmt.Sprintf("%s: torn tail at offset %d truncated (%d bytes dropped: %s)", t.File, t.Offset, t.Dropped, t.Reason)
}

// ErrClosed is returned by calls on a closed log.
var ErrClosed = errors.New("wal: log is closed")
