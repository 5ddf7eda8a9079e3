package eval

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

func loadJSONSpec(t *testing.T, env map[string]string) *Spec {
	t.Helper()
	src := `---- MODULE J ----
EXTENDS Json, IOUtils, Sequences, TLC
TraceLog == ndJsonDeserialize(IOEnv.JSON)
====`
	s, err := LoadSource("J.tla", []byte(src), Options{Env: env})
	require.NoError(t, err)
	return s
}

func TestNdJSONDeserializeAsTLCDoes(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "run.ndjson")
	require.NoError(t, os.WriteFile(path, []byte(`{"action":"Timeout","node":2,"ok":true,"log":[1,2]}

{"action":"Send","msg":{"to":3,"entries":[]}}
`), 0o644))
	s := loadJSONSpec(t, map[string]string{"JSON": path})
	for expr, want := range map[string]string{
		`Len(TraceLog)`:               `2`,
		`TraceLog[1].action`:          `"Timeout"`,
		`TraceLog[1].node + 1`:        `3`,
		`TraceLog[1].ok`:              `TRUE`,
		`TraceLog[1].log`:             `<<1, 2>>`,
		`TraceLog[2].msg.to`:          `3`,
		`TraceLog[2].msg.entries`:     `<<>>`,
		`DOMAIN TraceLog[2]`:          `{"action", "msg"}`,
		`ToJson(TraceLog[1])`:         `"{\"action\":\"Timeout\",\"log\":[1,2],\"node\":2,\"ok\":true}"`,
		`ToJson(<<1, "a", {3}>>)`:     `"[1,\"a\",[3]]"`,
		`ToJsonArray([a |-> 1].a)`:    ``,
		`atoi("-17") + atoi("42")`:    `25`,
		`zeroPadN(42, 5)`:             `"00042"`,
		`zeroPadN(123, 2)`:            `"123"`,
		`"JSON" \in DOMAIN IOEnv`:     `TRUE`,
		`"HOME" \in DOMAIN IOEnv`:     `FALSE`,
		`IOEnv.JSON = "` + path + `"`: `TRUE`,
	} {
		v, err := s.NewSession(nil).EvalString(expr)
		if want == "" {
			assert.Error(t, err, expr)
			continue
		}
		if assert.NoError(t, err, expr) {
			assert.Equal(t, want, v.String(), expr)
		}
	}
}

func TestJSONSerializeRoundTrips(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "out.ndjson")
	s := loadJSONSpec(t, map[string]string{"JSON": path})
	v, err := s.NewSession(nil).EvalString(`ndJsonSerialize("` + path + `", <<[a |-> 1, b |-> <<"x">>], [a |-> 2, b |-> <<>>]>>)`)
	require.NoError(t, err)
	assert.Equal(t, value.True, v)
	v, err = s.NewSession(nil).EvalString(`TraceLog[2].a + Len(TraceLog[1].b)`)
	require.NoError(t, err)
	assert.Equal(t, "3", v.String())
	plain := filepath.Join(dir, "plain.json")
	_, err = s.NewSession(nil).EvalString(`JsonSerialize("` + plain + `", <<1, 2>>)`)
	require.NoError(t, err)
	v, err = s.NewSession(nil).EvalString(`JsonDeserialize("` + plain + `")`)
	require.NoError(t, err)
	assert.Equal(t, "<<1, 2>>", v.String())
}

// TestJSONNumbersAsTLC checks that the Json module's readers convert numbers as TLC's does
// (tlc2.module.Json.getValue: gson's LazilyParsedNumber.intValue, the low 32 bits of the number
// truncated toward zero), so that a trace with fractional timestamps, as etcd-io/raft's trace
// logger writes them ("ts":1712329729.6024537), reads as in TLC; the expected values are Java's
// Integer.parseInt, (int) Long.parseLong and BigDecimal.intValue of each text. ReadNDJSON, the
// project's own trace reader, still refuses them (TestNdJSONBadInputNamesLineAndField).
func TestJSONNumbersAsTLC(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "n.ndjson")
	plain := filepath.Join(dir, "n.json")
	nums := `[1712329729.6024537, -2.5, 0.5, 1e3, 12345e-3, 3000000000, -3000000000, 4294967297.9, 2147483647, -2147483648, 1E+2, 36893488147419103237]`
	require.NoError(t, os.WriteFile(path, []byte(`{"ts":1712329729.6024537,"n":`+nums+`}`+"\n"), 0o644))
	require.NoError(t, os.WriteFile(plain, []byte(nums), 0o644))
	want := `<<1712329729, -2, 0, 1000, 12, -1294967296, 1294967296, 1, 2147483647, -2147483648, 100, 5>>`
	s := loadJSONSpec(t, map[string]string{"JSON": path})
	for expr, want := range map[string]string{
		`TraceLog[1].ts`:                   `1712329729`,
		`TraceLog[1].n`:                    want,
		`JsonDeserialize("` + plain + `")`: want,
	} {
		v, err := s.NewSession(nil).EvalString(expr)
		if assert.NoError(t, err, expr) {
			assert.Equal(t, want, v.String(), expr)
		}
	}
	// gson refuses a scale of 10,000 or more (NumberLimits.parseBigDecimal); so do we.
	require.NoError(t, os.WriteFile(plain, []byte(`[1e10000]`), 0o644))
	_, err := s.NewSession(nil).EvalString(`JsonDeserialize("` + plain + `")`)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "scale of -10000")
}

// TestJSONRepeatedKeysAsTLC: JsonDeserialize and ndJsonDeserialize keep the last value of a key
// an object repeats, as TLC does: gson builds the object with JsonObject.add, whose map
// (LinkedTreeMap.put) replaces the value of a key it holds, and tlc2.module.Json.getRecordValue
// makes the record of the map's entries. They refused the object ("field a: appears twice").
// The project's own reader (ReadNDJSON) still refuses it (TestNdJSONBadInputNamesLineAndField).
func TestJSONRepeatedKeysAsTLC(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "dup.ndjson")
	plain := filepath.Join(dir, "dup.json")
	text := `{"a":1,"b":2,"a":3,"m":{"x":1,"y":[],"x":[1,{"z":1,"z":"s"}]}}`
	require.NoError(t, os.WriteFile(path, []byte(text+"\n"), 0o644))
	require.NoError(t, os.WriteFile(plain, []byte(text), 0o644))
	want := `[a |-> 3, b |-> 2, m |-> [x |-> <<1, [z |-> "s"]>>, y |-> <<>>]]`
	s := loadJSONSpec(t, map[string]string{"JSON": path})
	for _, expr := range []string{`TraceLog[1]`, `JsonDeserialize("` + plain + `")`} {
		v, err := s.NewSession(nil).EvalString(expr)
		if assert.NoError(t, err, expr) {
			assert.Equal(t, want, v.String(), expr)
		}
	}
}

// TestNdJSONBadInputNamesLineAndField checks that every malformed line is refused with its line
// number and, where it applies, the field at fault.
func TestNdJSONBadInputNamesLineAndField(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"{\"a\":1}\nnot json\n", "2: not JSON"},
		{"{\"a\":1}\n{\"a\":null}\n", "2: field a: is null"},
		{"{\"a\":{\"b\":[1,2.5]}}\n", "1: field a.b[2]: 2.5 is not an integer"},
		{"{\"t\":3000000000}\n", "1: field t: 3000000000 is outside TLC's integer range"},
		{"{\"a\":1,\"a\":2}\n", "1: field a: appears twice"},
		{"{\"a\":1} {\"b\":2}\n", "1: more than one JSON value"},
		{"{\"a\":1\n", "1: not JSON"},
		{"[" + strings.Repeat("[", 300) + "\n", "1: field " + "[1]"},
	} {
		var lines int
		err := ReadNDJSON(strings.NewReader(tc.text), func(int, value.Value) error { lines++; return nil })
		require.Error(t, err, tc.text)
		var le *LineError
		require.True(t, errors.As(err, &le), "%T %v", err, err)
		assert.Contains(t, err.Error(), tc.want, tc.text)
	}
	// The native reports the file name with the line.
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.ndjson")
	require.NoError(t, os.WriteFile(path, []byte("{}\n{\"x\":nul}\n"), 0o644))
	s := loadJSONSpec(t, map[string]string{"JSON": path})
	_, err := s.NewSession(nil).EvalString(`TraceLog`)
	require.Error(t, err)
	assert.Contains(t, err.Error(), path+":2: field x: not JSON")
}

func TestNdJSONLineLimit(t *testing.T) {
	long := strings.Repeat(" ", MaxNDJSONLine+1) + "{}\n"
	err := ReadNDJSON(strings.NewReader(long), func(int, value.Value) error { return nil })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "1: line longer than")
}

func TestIOUtilsRefusesPrograms(t *testing.T) {
	s := loadJSONSpec(t, nil)
	_, err := s.NewSession(nil).EvalString(`IOExec(<<"ls">>)`)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "IOExec: running a program is refused")
	_, err = s.NewSession(nil).EvalString(`atoi("4x")`)
	require.Error(t, err)
	// Without Options.Env, IOEnv is the process environment.
	t.Setenv("DSREF_IOENV_PROBE", "yes")
	v, err := s.NewSession(nil).EvalString(`IOEnv.DSREF_IOENV_PROBE`)
	require.NoError(t, err)
	assert.Equal(t, `"yes"`, v.String())
}

// The decoder keeps one stack of fields and elements for all the objects and arrays being
// decoded, and one table of strings for all the lines of a file: nesting and later lines must
// not see each other's.
func TestDecodeJSONNestingAndSharedState(t *testing.T) {
	src := "{\"a\":1,\"b\":[{\"c\":2,\"d\":[3,{\"e\":\"x\"}]},4],\"f\":{\"g\":[]},\"h\":\"y\"}\n" +
		"{\"b\":[],\"a\":{\"a\":[[1],[2,[3]]]}}\n{}\n[{\"c\":\"x\"},{\"c\":\"y\"}]\n"
	want := []string{
		`[a |-> 1, b |-> <<[c |-> 2, d |-> <<3, [e |-> "x"]>>], 4>>, f |-> [g |-> <<>>], h |-> "y"]`,
		`[a |-> [a |-> <<<<1>>, <<2, <<3>>>>>>], b |-> <<>>]`,
		`<<>>`,
		`<<[c |-> "x"], [c |-> "y"]>>`,
	}
	var got []string
	err := ReadNDJSON(strings.NewReader(src), func(_ int, v value.Value) error {
		got = append(got, v.String())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("decoded\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestToJsonAsTLC checks ToJson, ToJsonArray and ToJsonObject against TLC's own expectations and
// its writer's choices. From the JsonTests module of tlaplus/CommunityModules (tests/JsonTests.tla,
// which TLC runs: every ASSUME AssertEq(ToJson...(e), s) of it passes here): a function whose
// domain is 1..n is an array even for ToJsonObject (Json.getObjectNode(FcnRcdValue) writes it
// with getArrayNode when isValidSequence holds), where this engine wrote {"1":"a","2":"a"}. The
// record [y |-> 1, x |-> 2] is written in the order of its names array, y then x: TLC's record
// constructor (Tool, OPCODE_rc) keeps the order written, and the record is not normalized before
// getObjectNode(RecordValue) writes it; this engine wrote the fields sorted ({"x":2,"y":1}); as it keeps no record's order
// of construction, it writes TLC's normalized order (that of printing, value.InternOrder: y is
// met first in the text). The JsonTests expressions name strings the text does not hold, which
// that order sorts by their bytes, as TLC's test expects. A
// string is escaped as gson's JsonWriter does by default (JsonElement.toString, not HTML-safe:
// REPLACEMENT_CHARS), so <, >, &, = and ' stay as they are, which encoding/json wrote as \u003c
// and the like, and control characters are \t \b \n \r \f or \u00xx.
func TestToJsonAsTLC(t *testing.T) {
	src := `---- MODULE JO ----
EXTENDS Json, Integers, Sequences, TLC
Rec == [y |-> 1, x |-> 2]
====`
	s, err := LoadSource("JO.tla", []byte(src), Options{})
	require.NoError(t, err)
	for _, tc := range []struct{ expr, want string }{
		{`ToJsonObject([n \in 1..2 |-> "a"])`, `["a","a"]`},
		{`ToJsonObject(1 :> "b" @@ 0 :> "c")`, `{"0":"c","1":"b"}`},
		{`ToJsonArray([ {1, 0} -> {"a", "b"} ])`, `[{"0":"a","1":"a"},{"0":"a","1":"b"},{"0":"b","1":"a"},{"0":"b","1":"b"}]`},
		{`ToJson(SUBSET {2, 1})`, `[[],[1],[2],[1,2]]`},
		{`ToJsonObject(<<>>)`, `{}`},
		{`ToJsonArray(<<>>)`, `[]`},
		{`ToJson(Rec)`, `{"y":1,"x":2}`},
		{`ToJson(<<Rec>>)`, `[{"y":1,"x":2}]`},
		{`ToJson("a<b>&c='d'")`, `"a<b>&c='d'"`},
		{`ToJson("q\"s\\t\tn\nr\rf\f")`, `"q\"s\\t\tn\nr\rf\f"`},
	} {
		v, err := s.NewSession(nil).EvalString(tc.expr)
		if assert.NoError(t, err, tc.expr) {
			assert.Equal(t, value.Str(tc.want), v, tc.expr)
		}
	}
	var b bytes.Buffer
	writeJSONString(&b, "\x01\b\u2028\u2029\u00e9\xff")
	assert.Equal(t, `"\u0001\b\u2028\u2029`+"\u00e9"+`\ufffd"`, b.String())
}
