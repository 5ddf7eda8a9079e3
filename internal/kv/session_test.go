package kv

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestStoreSessions: a command committed twice in a session runs once (the second copy gets
// the first result, marked Duplicate); without a session it runs twice; a session that was
// never opened, or expired by log time, runs nothing.
//
// Tests RAFT-SESSION-2, RAFT-SESSION-4.
func TestStoreSessions(t *testing.T) {
	s := NewStore()
	reg, err := s.Apply(4, Command{Op: OpRegister, Time: 1000})
	require.NoError(t, err)
	require.Equal(t, uint64(4), reg.Session)
	cas := Command{ClientID: 4, Seq: 1, Time: 1001, Op: OpCAS, Key: "k", OldAbsent: true, Value: "x"}
	first, err := s.Apply(5, cas)
	require.NoError(t, err)
	require.True(t, first.Swapped)
	again, err := s.Apply(6, cas) // the retry, committed again
	require.NoError(t, err)
	require.Equal(t, Result{Index: 5, Swapped: true, Duplicate: true}, again)

	plain := cas
	plain.ClientID, plain.Seq = 0, 0
	res, err := s.Apply(7, plain)
	require.NoError(t, err)
	require.False(t, res.Swapped, "without a session the second CAS runs (and fails)")

	_, err = s.Apply(8, Command{ClientID: 99, Seq: 1, Time: 1002, Op: OpPut, Key: "k", Value: "y"})
	require.ErrorIs(t, err, ErrSessionExpired)
	_, err = s.Apply(9, Command{ClientID: 4, Seq: 2, Time: 1001 + SessionTimeout + 1, Op: OpPut, Key: "k", Value: "y"})
	require.ErrorIs(t, err, ErrSessionExpired)
	v, _ := s.Get("k")
	require.Equal(t, "x", v)
	require.Equal(t, uint64(9), s.Applied())
}

// TestSessionRetryAppliesOnce runs a real cluster: a client opens a session, a CAS is sent
// twice with the same request number (a retry after a lost answer) and takes effect once, a
// session write sent to a follower is forwarded and answered, and malformed session parameters
// are refused.
//
// Tests RAFT-SESSION-1, RAFT-SESSION-2.
func TestSessionRetryAppliesOnce(t *testing.T) {
	c := startInProcess(t, 3)
	cl := c.clients[0]
	retry(t, func(ctx context.Context) (struct{}, error) { return struct{}{}, cl.OpenSession(ctx) })
	id := cl.Session()
	require.NotZero(t, id)

	send := func(path, body string) (int, Result) {
		req, err := http.NewRequest("POST", cl.Base+path, strings.NewReader(body))
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		var r Result
		json.Unmarshal(b, &r)
		return resp.StatusCode, r
	}
	path := "/v1/cas/k?session=" + itoa(id) + "&seq=1"
	body := `{"old_absent": true, "new": "once"}`
	var first Result
	for {
		code, r := send(path, body)
		if code == http.StatusOK {
			first = r
			break
		}
		require.Contains(t, []int{http.StatusServiceUnavailable, http.StatusGatewayTimeout}, code)
	}
	require.True(t, first.Swapped)
	code, dup := send(path, body)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, Result{Index: first.Index, Swapped: true, Duplicate: true}, dup)

	// The client's own numbering continues after the raw requests above.
	cl.seq = 1
	res := retry(t, func(ctx context.Context) (Result, error) { return cl.Put(ctx, "k", "twice") })
	require.False(t, res.Duplicate)
	r := retry(t, func(ctx context.Context) (ReadResult, error) { return c.clients[1].Get(ctx, "k") })
	require.Equal(t, "twice", r.Value)

	for _, q := range []string{"?session=0&seq=1", "?session=" + itoa(id), "?session=x&seq=1", "?session=" + itoa(id) + "&seq=0"} {
		code, _ := send("/v1/cas/k"+q, body)
		require.Equal(t, http.StatusBadRequest, code, q)
	}
	code, _ = send("/v1/cas/k?session=123456&seq=1", body)
	require.Equal(t, http.StatusGone, code, "an unknown session")
	_, err := (&Client{Base: cl.Base, session: 123456}).Put(context.Background(), "k", "no")
	require.True(t, errors.Is(err, ErrSessionExpired), "%v", err)
}

func itoa(v uint64) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// A session write whose first attempt timed out (it may have taken effect) and whose retries
// are refused (no leader) until the deadline ends with ErrTimeout, not ErrNoLeader: the refusal
// of a retry says nothing of the first attempt. Without that, a history checker is told the
// write never happened while it did (the realtest nemeses found it as a non-linearizable
// history). A write whose every attempt was refused ends with ErrNoLeader.
func TestSessionWriteOutcomeIsUnknownAfterATimeout(t *testing.T) {
	for _, tc := range []struct {
		first int
		want  error
	}{{http.StatusGatewayTimeout, ErrTimeout}, {http.StatusServiceUnavailable, ErrNoLeader}} {
		ctx, cancel := context.WithCancel(context.Background())
		calls := 0
		// The node answers tc.first, then 503; the client gives up (its context ends) as the
		// third answer arrives, so that no attempt is cut short.
		rt := roundTripper(func(r *http.Request) (*http.Response, error) {
			calls++
			code := http.StatusServiceUnavailable
			if calls == 1 {
				code = tc.first
			}
			if calls == 3 {
				cancel()
			}
			return &http.Response{StatusCode: code, Body: io.NopCloser(strings.NewReader(`{"error":"test"}`)), Request: r}, nil
		})
		c := &Client{Base: "http://node", HTTP: &http.Client{Transport: rt}, RetryEvery: time.Millisecond}
		c.session = 7
		_, err := c.Put(ctx, "k", "v")
		cancel()
		require.ErrorIs(t, err, tc.want, "first answer %d", tc.first)
		require.Equal(t, 3, calls)
		if tc.want == ErrTimeout {
			require.NotErrorIs(t, err, ErrNoLeader)
		}
	}
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
