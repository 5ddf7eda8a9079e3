package eval

import (
	"bytes"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// AppendJSON writes v as the community module Json's JsonSerialize writes it: records and
// functions whose domain is not 1..n as objects, sequences and finite sets as arrays, model
// values as their names. It is how tools outside the evaluator (the model checker's -dump json
// and -dumpTrace json) write values in the same dialect as the specifications' own JSON.
func AppendJSON(b *bytes.Buffer, v value.Value) error { return appendJSON(b, v, jsonAny) }
