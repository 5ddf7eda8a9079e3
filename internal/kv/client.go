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
	"strings"
)

// Client calls one node's HTTP API.
type Client struct {
	// Base is the node's base URL, e.g. http://127.0.0.1:8001.
	Base string
	HTTP *http.Client
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

// GetSerializable reads key from the node's applied state without confirming with the leader:
// possibly stale.
func (c *Client) GetSerializable(ctx context.Context, key string) (ReadResult, error) {
	var r ReadResult
	err := c.do(ctx, http.MethodGet, keyPath("/v1/kv/", key)+"?consistency=serializable", nil, &r)
	return r, err
}

// Put sets key to value.
func (c *Client) Put(ctx context.Context, key, value string) (Result, error) {
	var r Result
	err := c.do(ctx, http.MethodPut, keyPath("/v1/kv/", key), map[string]string{"value": value}, &r)
	return r, err
}

// Delete removes key.
func (c *Client) Delete(ctx context.Context, key string) (Result, error) {
	var r Result
	err := c.do(ctx, http.MethodDelete, keyPath("/v1/kv/", key), nil, &r)
	return r, err
}

// CAS sets key to new if its value is old (or, with oldAbsent, if it has none).
func (c *Client) CAS(ctx context.Context, key, old string, oldAbsent bool, new string) (Result, error) {
	var r Result
	err := c.do(ctx, http.MethodPost, keyPath("/v1/cas/", key), map[string]any{"old": old, "old_absent": oldAbsent, "new": new}, &r)
	return r, err
}

// Status returns the node's status.
func (c *Client) Status(ctx context.Context) (Status, error) {
	var s Status
	err := c.do(ctx, http.MethodGet, "/v1/status", nil, &s)
	return s, err
}
