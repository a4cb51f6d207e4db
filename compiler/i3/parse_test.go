package i3

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

var parseCases = []string{
	`{}`, `[]`, `""`, `0`, `-0.5e+3`, `true`, `null`,
	`{"a":[1,2,{"b":"c\"\\\u00e9\ud83d\ude00"}],"z":false}`,
	` { "k" : [ ] } `, `"é – データ"`,
	`{`, `[1,]`, `{"a" 1}`, `{"a":1,}`, `01`, `1.`, `1e`, `-`, `tru`, `"a`, `"\x"`, "\"a\x01\"", `[1] [2]`, `{"a":1}}`,
}

// TestParseAgreesWithEncodingJSON checks that Parse accepts exactly the
// documents encoding/json accepts and reads the same values.
func TestParseAgreesWithEncodingJSON(t *testing.T) {
	for _, in := range parseCases {
		checkAgainstEncodingJSON(t, in)
	}
}

func checkAgainstEncodingJSON(t *testing.T, in string) {
	t.Helper()
	v, err := Parse([]byte(in))
	valid := json.Valid([]byte(in))
	if (err == nil) != valid {
		t.Fatalf("Parse(%q): error %v, but json.Valid = %v", in, err, valid)
	}
	if err != nil {
		if !strings.Contains(err.Error(), "byte ") {
			t.Errorf("Parse(%q): error %q does not name a byte offset", in, err)
		}
		return
	}
	// Numbers are compared as written: encoding/json accepts numbers that
	// do not fit a float64, and so does Parse.
	want, err := decodeNumbers([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeNumbers(Marshal(v))
	if err != nil {
		t.Fatalf("Marshal(Parse(%q)) is not JSON: %v", in, err)
	}
	if gotJSON, wantJSON := mustJSON(t, got), mustJSON(t, want); gotJSON != wantJSON {
		t.Errorf("Parse(%q) read %s, encoding/json read %s", in, gotJSON, wantJSON)
	}
}

func decodeNumbers(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestParseRejectsDeepNesting(t *testing.T) {
	in := strings.Repeat("[", maxDepth+10) + strings.Repeat("]", maxDepth+10)
	if _, err := Parse([]byte(in)); err == nil || !strings.Contains(err.Error(), "nested more than") {
		t.Errorf("Parse of %d nested arrays: %v", maxDepth+10, err)
	}
}

func FuzzParse(f *testing.F) {
	for _, in := range parseCases {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if strings.Count(in, "[")+strings.Count(in, "{") > maxDepth {
			return
		}
		checkAgainstEncodingJSON(t, in)
	})
}
