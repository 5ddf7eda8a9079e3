package kv

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// MaxKeySize and MaxValueSize bound what a client may store.
const (
	MaxKeySize   = 1024
	MaxValueSize = 1 << 20
)

// The HTTP/JSON client API:
//
//	GET    /v1/kv/{key}       linearizable read (ReadIndex): {"key","value","found","index"}
//	GET    /v1/kv/{key}?consistency=serializable
//	                          this node's applied state, without asking the leader: fast, but
//	                          possibly stale (a partitioned node answers from its past)
//	GET    /v1/kv/{key}?forward=false
//	                          linearizable, answered only by the leader: any other node says
//	                          503 instead of forwarding the read to its leader
//	PUT    /v1/kv/{key}       body {"value": "..."}: {"index","found","prev"}
//	DELETE /v1/kv/{key}       {"index","found","prev"}
//	POST   /v1/cas/{key}      body {"old": "...", "old_absent": false, "new": "..."}: {"index","swapped","found","prev"}
//	GET    /v1/status         the node's Status
//	POST   /v1/session        open a client session: {"session","index"}
//
// PUT, DELETE and POST /v1/cas take ?session=ID&seq=N: the request runs at most once in that
// session however often it is sent (thesis 6.3), and a retry returns the first answer with
// "duplicate": true. Number a session's requests 1, 2, 3, ... and send one at a time: sending
// request N says the answers of those before it arrived.
//
// Errors are {"error": "..."} with 400 for a malformed request, 413 for one too large, 503 when
// there is no leader (the request had no effect), 504 on a timeout (it may have taken effect;
// in a session, send it again), 410 when the session expired or is unknown (unanswered
// requests of the session may or may not have taken effect) and 409 for a request answered
// before whose answer is no longer kept.
func (n *Node) handler(timeout time.Duration) http.Handler { return Handler(n, timeout) }

// Backend is what the HTTP API serves: a *Node, or anything else that answers the same calls
// (bench/kvcluster measures the API alone over a Backend that answers at once).
type Backend interface {
	Propose(ctx context.Context, cmd Command) (Result, error)
	Read(ctx context.Context, key string) (value string, found bool, index uint64, err error)
	LeaderRead(ctx context.Context, key string) (value string, found bool, index uint64, err error)
	LocalRead(ctx context.Context, key string) (value string, found bool, index uint64, err error)
	Status(ctx context.Context) (Status, error)
}

// Handler serves the HTTP/JSON client API (above) over n; each request waits at most timeout.
func Handler(n Backend, timeout time.Duration) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/kv/{key...}", func(w http.ResponseWriter, r *http.Request) {
		key, ok := keyOf(w, r)
		if !ok {
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		read := n.Read
		switch c := r.URL.Query().Get("consistency"); c {
		case "", "linearizable":
		case "serializable":
			read = n.LocalRead
		default:
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("consistency %q: want linearizable or serializable", c)})
			return
		}
		switch f := r.URL.Query().Get("forward"); f {
		case "", "true":
		case "false":
			if r.URL.Query().Get("consistency") == "serializable" {
				writeJSON(w, http.StatusBadRequest, map[string]string{"error": "forward=false goes with linearizable reads only"})
				return
			}
			read = n.LeaderRead
		default:
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("forward %q: want true or false", f)})
			return
		}
		v, found, index, err := read(ctx, key)
		if err != nil {
			writeErr(w, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"key": key, "value": v, "found": found, "index": index})
	})
	mux.HandleFunc("PUT /v1/kv/{key...}", func(w http.ResponseWriter, r *http.Request) {
		key, ok := keyOf(w, r)
		if !ok {
			return
		}
		var body struct {
			Value *string `json:"value"`
		}
		if !readBody(w, r, &body) {
			return
		}
		if body.Value == nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": `body must be {"value": "..."}`})
			return
		}
		serveCommand(n, w, r, timeout, Command{Op: OpPut, Key: key, Value: *body.Value})
	})
	mux.HandleFunc("DELETE /v1/kv/{key...}", func(w http.ResponseWriter, r *http.Request) {
		if key, ok := keyOf(w, r); ok {
			serveCommand(n, w, r, timeout, Command{Op: OpDelete, Key: key})
		}
	})
	mux.HandleFunc("POST /v1/cas/{key...}", func(w http.ResponseWriter, r *http.Request) {
		key, ok := keyOf(w, r)
		if !ok {
			return
		}
		var body struct {
			Old       string  `json:"old"`
			OldAbsent bool    `json:"old_absent"`
			New       *string `json:"new"`
		}
		if !readBody(w, r, &body) {
			return
		}
		if body.New == nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": `body must be {"old": "...", "new": "..."} or {"old_absent": true, "new": "..."}`})
			return
		}
		serveCommand(n, w, r, timeout, Command{Op: OpCAS, Key: key, Old: body.Old, OldAbsent: body.OldAbsent, Value: *body.New})
	})
	mux.HandleFunc("POST /v1/session", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		res, err := n.Propose(ctx, Command{Op: OpRegister})
		if err != nil {
			writeErr(w, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]uint64{"session": res.Session, "index": res.Index})
	})
	mux.HandleFunc("GET /v1/status", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		st, err := n.Status(ctx)
		if err != nil {
			writeErr(w, ErrTimeout)
			return
		}
		writeJSON(w, http.StatusOK, st)
	})
	return mux
}

func serveCommand(n Backend, w http.ResponseWriter, r *http.Request, timeout time.Duration, cmd Command) {
	q := r.URL.Query()
	if q.Has("session") || q.Has("seq") {
		var err error
		if cmd.ClientID, err = strconv.ParseUint(q.Get("session"), 10, 64); err != nil || cmd.ClientID == 0 {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("session %q: want the positive ID POST /v1/session returned", q.Get("session"))})
			return
		}
		if cmd.Seq, err = strconv.ParseUint(q.Get("seq"), 10, 64); err != nil || cmd.Seq == 0 {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("seq %q: want the request's positive number in the session", q.Get("seq"))})
			return
		}
	}
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	res, err := n.Propose(ctx, cmd)
	if err != nil {
		writeErr(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func keyOf(w http.ResponseWriter, r *http.Request) (string, bool) {
	key := r.PathValue("key")
	switch {
	case key == "":
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "empty key"})
		return "", false
	case len(key) > MaxKeySize:
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("key of %d bytes exceeds %d", len(key), MaxKeySize)})
		return "", false
	}
	return key, true
}

func readBody(w http.ResponseWriter, r *http.Request, v any) bool {
	r.Body = http.MaxBytesReader(w, r.Body, MaxValueSize+4096)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": fmt.Sprintf("body exceeds %d bytes", tooBig.Limit)})
		} else {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "malformed JSON body: " + err.Error()})
		}
		return false
	}
	if dec.More() {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "malformed JSON body: data after the object"})
		return false
	}
	return true
}

func writeErr(w http.ResponseWriter, err error) {
	code := http.StatusInternalServerError
	switch {
	case errors.Is(err, ErrNoLeader), errors.Is(err, ErrStopped):
		code = http.StatusServiceUnavailable
	case errors.Is(err, ErrTimeout):
		code = http.StatusGatewayTimeout
	case errors.Is(err, ErrSessionExpired):
		code = http.StatusGone
	case errors.Is(err, ErrAlreadyAnswered):
		code = http.StatusConflict
	}
	writeJSON(w, code, map[string]string{"error": err.Error()})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}
