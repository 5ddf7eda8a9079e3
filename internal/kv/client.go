package kv

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Client calls one node's HTTP API. After OpenSession its writes (Put, Delete, CAS) run in a
// client session: each takes effect exactly once, and one that times out or finds no leader is
// sent again, with the same request number, until it is answered or ctx ends. A Client with a
// session sends one write at a time.
type Client struct {
	// Base is the node's base URL, e.g. http://127.0.0.1:8001.
	Base string
	HTTP *http.Client
	// RetryEvery is how long a session's write waits before it is sent again; default 50ms.
	RetryEvery time.Duration

	mu      sync.Mutex // one session write at a time
	session uint64
	seq     uint64
}

// ErrUnreachable means the node could not be reached or answered nonsense; a request that
// was sent may or may not have taken effect.
var ErrUnreachable = errors.New("kv: node unreachable")

// ReadResult is the answer to a read.
type ReadResult struct {
	Key   string `json:"key"`
	Value string `json:"value"`
	Found bool   `json:"found"`
	Index uint64 `json:"index"`
}

func (c *Client) do(ctx context.Context, method, path string, body any, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(c.Base, "/")+path, rd)
	if err != nil {
		return err
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrUnreachable, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxValueSize+1<<16))
	if err != nil {
		return fmt.Errorf("%w: reading the answer: %v", ErrUnreachable, err)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error string `json:"error"`
		}
		json.Unmarshal(data, &e)
		switch resp.StatusCode {
		case http.StatusServiceUnavailable:
			return fmt.Errorf("%w (%s)", ErrNoLeader, e.Error)
		case http.StatusGatewayTimeout:
			return fmt.Errorf("%w (%s)", ErrTimeout, e.Error)
		case http.StatusGone:
			return fmt.Errorf("%w (%s)", ErrSessionExpired, e.Error)
		case http.StatusConflict:
			return fmt.Errorf("%w (%s)", ErrAlreadyAnswered, e.Error)
		}
		return fmt.Errorf("kv: %s: %s", resp.Status, e.Error)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%w: malformed answer: %v", ErrUnreachable, err)
	}
	return nil
}

func keyPath(prefix, key string) string { return prefix + url.PathEscape(key) }

// Get reads key linearizably.
func (c *Client) Get(ctx context.Context, key string) (ReadResult, error) {
	var r ReadResult
	err := c.do(ctx, http.MethodGet, keyPath("/v1/kv/", key), nil, &r)
	return r, err
}

// GetFromLeader reads key linearizably if the node is the leader; any other node refuses with
// ErrNoLeader instead of forwarding the read.
func (c *Client) GetFromLeader(ctx context.Context, key string) (ReadResult, error) {
	var r ReadResult
	err := c.do(ctx, http.MethodGet, keyPath("/v1/kv/", key)+"?forward=false", nil, &r)
	return r, err
}

// GetSerializable reads key from the node's applied state without confirming with the leader:
// possibly stale.
func (c *Client) GetSerializable(ctx context.Context, key string) (ReadResult, error) {
	var r ReadResult
	err := c.do(ctx, http.MethodGet, keyPath("/v1/kv/", key)+"?consistency=serializable", nil, &r)
	return r, err
}

// OpenSession registers a client session (thesis 6.3) through the node; the client's later
// writes run in it. Opening another replaces it.
func (c *Client) OpenSession(ctx context.Context) error {
	var r struct {
		Session uint64 `json:"session"`
	}
	if err := c.do(ctx, http.MethodPost, "/v1/session", nil, &r); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.session, c.seq = r.Session, 0
	return nil
}

// SetBase points the client at another node, keeping its session: a session is the cluster's,
// so its writes may continue through any node.
func (c *Client) SetBase(base string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Base = base
}

// Session returns the client's session ID, 0 if it has none.
func (c *Client) Session() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.session
}

// write sends a write, in the client's session if it has one: numbered once, and sent again
// while the answer is a timeout, no leader or an unreachable node, until ctx ends. A session
// that expired is dropped (ErrSessionExpired): open another. When ctx ends, the error says
// ErrTimeout if any attempt may have taken effect, whatever the last attempt's answer: a retry
// refused with ErrNoLeader does not undo an earlier attempt that timed out.
func (c *Client) write(ctx context.Context, method, path string, body any) (Result, error) {
	var r Result
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.session == 0 {
		err := c.do(ctx, method, path, body, &r)
		return r, err
	}
	c.seq++
	path += "?session=" + strconv.FormatUint(c.session, 10) + "&seq=" + strconv.FormatUint(c.seq, 10)
	every := c.RetryEvery
	if every <= 0 {
		every = 50 * time.Millisecond
	}
	uncertain := false // an attempt may have taken effect
	for {
		err := c.do(ctx, method, path, body, &r)
		switch {
		case err == nil:
			return r, nil
		case errors.Is(err, ErrSessionExpired):
			c.session = 0
			return r, err
		case !errors.Is(err, ErrTimeout) && !errors.Is(err, ErrNoLeader) && !errors.Is(err, ErrUnreachable):
			return r, err
		}
		uncertain = uncertain || !refused(err)
		select {
		case <-ctx.Done():
		case <-time.After(every):
		}
		if ctx.Err() != nil { // no attempt after the deadline
			if uncertain && !errors.Is(err, ErrTimeout) {
				err = fmt.Errorf("%w (an earlier attempt of session %d, request %d may have taken effect; the last attempt: %v)", ErrTimeout, c.session, c.seq, err)
			}
			return r, err
		}
	}
}

// refused reports whether a request certainly did not take effect: the node refused it (no
// leader), or the connection was refused before anything was sent.
func refused(err error) bool {
	return errors.Is(err, ErrNoLeader) || errors.Is(err, syscall.ECONNREFUSED)
}

// Put sets key to value.
func (c *Client) Put(ctx context.Context, key, value string) (Result, error) {
	return c.write(ctx, http.MethodPut, keyPath("/v1/kv/", key), map[string]string{"value": value})
}

// Delete removes key.
func (c *Client) Delete(ctx context.Context, key string) (Result, error) {
	return c.write(ctx, http.MethodDelete, keyPath("/v1/kv/", key), nil)
}

// CAS sets key to new if its value is old (or, with oldAbsent, if it has none).
func (c *Client) CAS(ctx context.Context, key, old string, oldAbsent bool, new string) (Result, error) {
	return c.write(ctx, http.MethodPost, keyPath("/v1/cas/", key), map[string]any{"old": old, "old_absent": oldAbsent, "new": new})
}

// Status returns the node's status.
func (c *Client) Status(ctx context.Context) (Status, error) {
	var s Status
	err := c.do(ctx, http.MethodGet, "/v1/status", nil, &s)
	return s, err
}
