package i3

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/callpark/callpark/internal/blueprint"
)

var blueprintExports = []string{
	"Orbit - Parked Call Retrieval.i3InboundFlow",
	"InQueue - Orbit Call Park Hold.i3InQueueFlow",
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestBlueprintRoundTrip(t *testing.T) {
	dir := blueprint.Dir(t)
	for _, name := range blueprintExports {
		t.Run(name, func(t *testing.T) {
			data := readFile(t, filepath.Join(dir, name))
			doc, err := Decode(data)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			got, err := Encode(doc)
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			if !bytes.Equal(got, data) {
				t.Errorf("Encode(Decode(file)) differs from the file: %d bytes, want %d; first difference at byte %d",
					len(got), len(data), firstDifference(got, data))
			}
		})
	}
}

func TestBlueprintDecodedText(t *testing.T) {
	dir := blueprint.Dir(t)
	for _, name := range blueprintExports {
		t.Run(name, func(t *testing.T) {
			doc, err := Decode(readFile(t, filepath.Join(dir, name)))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			want := bytes.TrimRight(readFile(t, filepath.Join(dir, name+".decoded.json")), "\n")
			got := MarshalIndent(doc)
			if !bytes.Equal(got, want) {
				t.Errorf("MarshalIndent differs from %s.decoded.json at byte %d", name, firstDifference(got, want))
			}
			if TypeFromName(name) != doc.String("type") {
				t.Errorf("TypeFromName(%q) = %q, document type is %q", name, TypeFromName(name), doc.String("type"))
			}
		})
	}
}

func firstDifference(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func TestMarshalEscaping(t *testing.T) {
	obj := NewObject(2).
		Add("b", "quote \" backslash \\ tab \t nl \n cr \r bell \a unit \x1f <&> é \u2028").
		Add("a", []Value{Number("-3"), Number("1.50"), true, false, nil, NewObject(0), []Value{}})
	want := `{"b":"quote \" backslash \\ tab \t nl \n cr \r bell \u0007 unit \u001f <&> é ` + "\u2028" + `","a":[-3,1.50,true,false,null,{},[]]}`
	if got := string(Marshal(obj)); got != want {
		t.Errorf("Marshal:\n got %s\nwant %s", got, want)
	}
	back, err := Parse([]byte(want))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if got := string(Marshal(back)); got != want {
		t.Errorf("Marshal(Parse(x)) changed x:\n got %s\nwant %s", got, want)
	}
}

func TestMarshalIndentLayout(t *testing.T) {
	obj := NewObject(2).Add("k", []Value{Number("1"), NewObject(1).Add("x", "y")}).Add("e", []Value{})
	want := "{\n  \"k\": [\n    1,\n    {\n      \"x\": \"y\"\n    }\n  ],\n  \"e\": []\n}"
	if got := string(MarshalIndent(obj)); got != want {
		t.Errorf("MarshalIndent:\n got %s\nwant %s", got, want)
	}
}

func TestPercentEncodeKeepsUnreserved(t *testing.T) {
	in := "Az09-_.!~*'() \"{}:,/%é"
	want := "Az09-_.!~*'()%20%22%7B%7D%3A%2C%2F%25%C3%A9"
	if got := string(percentEncode([]byte(in))); got != want {
		t.Errorf("percentEncode(%q) = %q, want %q", in, got, want)
	}
	back, err := percentDecode([]byte(want))
	if err != nil || string(back) != in {
		t.Errorf("percentDecode(%q) = %q, %v; want %q", want, back, err, in)
	}
}

func TestParseKeepsKeyOrder(t *testing.T) {
	v, err := Parse([]byte(`{"z":1,"a":{"y":2,"b":3},"m":[{"q":1,"c":2}]}`))
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	var walk func(Value)
	walk = func(v Value) {
		switch t := v.(type) {
		case *Object:
			for _, m := range t.Members {
				keys = append(keys, m.Key)
				walk(m.Value)
			}
		case []Value:
			for _, e := range t {
				walk(e)
			}
		}
	}
	walk(v)
	if got, want := strings.Join(keys, ","), "z,a,y,b,m,q,c"; got != want {
		t.Errorf("keys in order %s, want %s", got, want)
	}
}

func encodeText(s string) []byte {
	return []byte(base64.StdEncoding.EncodeToString([]byte(s)))
}

func TestDecodeErrors(t *testing.T) {
	flow := `{"name":"F","type":"inboundcall","flowSequenceItemList":[]}`
	valid := EncodeJSON([]byte(flow))
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "empty file"},
		{"bad base64 character", append([]byte("$$$$"), valid[4:]...), "invalid base64"},
		{"truncated base64", valid[:len(valid)-3], "not a multiple of 4 (truncated?)"},
		{"truncated document", EncodeJSON([]byte(flow[:30])), "ends early"},
		{"bad percent escape", encodeText("%7B%ZZ%7D"), `invalid percent-encoding at byte 3: "%ZZ"`},
		{"percent escape cut off", encodeText("%7B%2"), "ends early (truncated?)"},
		{"not UTF-8", encodeText("%FF%FE"), "not valid UTF-8"},
		{"invalid JSON", EncodeJSON([]byte(`{"name" "F"}`)), "invalid JSON at byte"},
		{"trailing data", EncodeJSON([]byte(flow + `{}`)), "unexpected data after the JSON document"},
		{"array", EncodeJSON([]byte(`[1,2]`)), "is an array, expected a flow object"},
		{"object without type", EncodeJSON([]byte(`{"name":"F","flowSequenceItemList":[]}`)), `missing the "type" string`},
		{"object without items", EncodeJSON([]byte(`{"name":"F","type":"inboundcall"}`)), `missing the "flowSequenceItemList" array`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(tt.data)
			if err == nil {
				t.Fatalf("Decode succeeded, want an error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Decode error %q, want it to contain %q", err, tt.want)
			}
		})
	}
	if _, err := Decode(valid); err != nil {
		t.Errorf("Decode of the valid document: %v", err)
	}
}
