package conformance

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// TraceRecord is tla/traces.json, the record trace validation keeps of what it has validated,
// as tla/models.json is the model checker's: for each trace spec, the module whose behaviour the
// implementation's traces were checked against, the actions of that module the validated traces
// took and the invariants checked on every state of them. The trace-validation tooling writes
// it and fails when it is stale; the conformance report only reads it, so that generating
// CONFORMANCE.md stays fast and deterministic.
type TraceRecord struct {
	Validations []TraceValidation `json:"validations"`
}

// TraceValidation is one trace spec's entry in TraceRecord.
type TraceValidation struct {
	TraceSpec  string   `json:"trace_spec"` // e.g. "TraceRaft.tla", in tla/
	Module     string   `json:"module"`     // the module validated against, e.g. "Raft"
	Source     string   `json:"source"`     // where the traces come from, e.g. "dsref sim -protocol raft, seeds 1..50"
	Actions    []string `json:"actions"`    // actions of Module that validated traces took
	Invariants []string `json:"invariants"` // invariants of Module checked on every trace state
}

// readTraceRecord reads root/tla/traces.json into r.TraceValidated: a definition "Module!Name"
// listed there maps to the trace specs that validated it. A missing file validates nothing; a
// definition the record names that tla/Module.tla does not define is an error, since the
// status it would grant could not be checked.
func (r *Report) readTraceRecord(root string) error {
	path := filepath.Join(root, "tla", "traces.json")
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var rec TraceRecord
	if err := dec.Decode(&rec); err != nil {
		return fmt.Errorf("tla/traces.json: %v", err)
	}
	for i, v := range rec.Validations {
		if v.TraceSpec == "" || v.Module == "" {
			return fmt.Errorf("tla/traces.json: validation %d: trace_spec and module are required", i+1)
		}
		defs, err := tlaDefinitions(filepath.Join(root, "tla", v.Module+".tla"))
		if err != nil {
			return fmt.Errorf("tla/traces.json: %s: %v", v.TraceSpec, err)
		}
		for _, name := range append(append([]string(nil), v.Actions...), v.Invariants...) {
			if !defs[name] {
				return fmt.Errorf("tla/traces.json: %s lists %s, which tla/%s.tla does not define", v.TraceSpec, name, v.Module)
			}
			sym := v.Module + "!" + name
			r.TraceValidated[sym] = appendUnique(r.TraceValidated[sym], v.TraceSpec)
		}
	}
	return nil
}

// tlaDefinitions returns the names a TLA+ module defines at the start of a line.
func tlaDefinitions(path string) (map[string]bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	defs := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for sc.Scan() {
		if m := tlaDefRE.FindStringSubmatch(sc.Text()); m != nil {
			defs[m[1]] = true
		}
	}
	return defs, sc.Err()
}
