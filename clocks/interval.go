package clocks

import (
	"fmt"
	"math"
	"time"
)

// Interval is a time known only to lie somewhere in [Earliest, Latest], as returned by
// TrueTime's TT.now().
type Interval struct {
	Earliest, Latest time.Time
}

// Before reports whether i definitely ends before j begins: every instant of i is earlier than
// every instant of j. Overlapping intervals are neither Before nor After each other.
//
// Implements IC-2.
func (i Interval) Before(j Interval) bool { return i.Latest.Before(j.Earliest) }

// After reports whether i definitely begins after j ends.
//
// Implements IC-2.
func (i Interval) After(j Interval) bool { return i.Earliest.After(j.Latest) }

// Overlaps reports whether the order of i and j is uncertain: neither is Before the other.
//
// Implements IC-2.
func (i Interval) Overlaps(j Interval) bool { return !i.Before(j) && !i.After(j) }

// Contains reports whether t lies in [Earliest, Latest].
func (i Interval) Contains(t time.Time) bool { return !t.Before(i.Earliest) && !t.After(i.Latest) }

// IntervalClock reads an injected physical clock that is known to be within a fixed uncertainty
// of true time, in the style of Spanner's TrueTime, and reports time as an interval.
type IntervalClock struct {
	now         func() time.Time
	uncertainty time.Duration
}

// NewIntervalClock returns a clock reading now, whose error against true time is at most
// uncertainty. A nil now or a negative uncertainty is an error.
//
// Implements IC-1.
func NewIntervalClock(now func() time.Time, uncertainty time.Duration) (*IntervalClock, error) {
	if now == nil {
		return nil, fmt.Errorf("clocks: NewIntervalClock needs a physical clock")
	}
	if uncertainty < 0 {
		return nil, fmt.Errorf("clocks: interval clock uncertainty %v is negative", uncertainty)
	}
	return &IntervalClock{now: now, uncertainty: uncertainty}, nil
}

// Uncertainty returns the clock's error bound.
func (c *IntervalClock) Uncertainty() time.Duration { return c.uncertainty }

// Now returns [t - uncertainty, t + uncertainty] for the physical reading t; true time lies
// inside it.
//
// Implements IC-1.
func (c *IntervalClock) Now() Interval {
	t := c.now()
	return Interval{Earliest: t.Add(-c.uncertainty), Latest: t.Add(c.uncertainty)}
}

// After reports whether t has definitely passed: t is earlier than Now().Earliest (TrueTime's
// TT.after).
//
// Implements IC-2.
func (c *IntervalClock) After(t time.Time) bool { return t.Before(c.Now().Earliest) }

// Before reports whether t has definitely not arrived: t is later than Now().Latest (TrueTime's
// TT.before).
//
// Implements IC-2.
func (c *IntervalClock) Before(t time.Time) bool { return t.After(c.Now().Latest) }

// CommitWait returns how long to wait before t has definitely passed, so that a transaction
// stamped t may release its locks: the smallest d with t < Now().Earliest + d, or 0 when t has
// already passed. Waiting d is enough only if the physical clock advances at the rate of true
// time; callers should check After(t) once the wait is over. A wait longer than the largest
// Duration (about 292 years) saturates to it rather than wrap negative.
//
// Implements IC-3.
func (c *IntervalClock) CommitWait(t time.Time) time.Duration {
	earliest := c.Now().Earliest
	if t.Before(earliest) {
		return 0
	}
	d := t.Sub(earliest) // saturates at the largest Duration
	if d == math.MaxInt64 {
		return d
	}
	return d + time.Nanosecond
}
