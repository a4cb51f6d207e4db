package i3

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestParseStrictRejects(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"invalid UTF-8 byte", "{\"k\":\"ab\xffc\"}", "at byte 8: invalid UTF-8 byte 0xFF"},
		{"invalid UTF-8 in a key", "{\"k\xc3\":1}", "at byte 3: invalid UTF-8 byte 0xC3"},
		{"surrogate encoded as UTF-8", "[\"\xed\xa0\x80\"]", "at byte 2: invalid UTF-8 byte 0xED"},
		{"lone high surrogate", `{"k":"a\ud800"}`, `at byte 7: lone UTF-16 surrogate \ud800`},
		{"lone low surrogate", `["\uDC00"]`, `at byte 2: lone UTF-16 surrogate \uDC00`},
		{"high surrogate before a letter", `["\ud800\u0041"]`, `at byte 2: lone UTF-16 surrogate \ud800`},
		{"two high surrogates", `["\ud83d\ud83d\ude00"]`, `at byte 2: lone UTF-16 surrogate \ud83d`},
		{"surrogate after an escaped backslash", `["\\\ud800"]`, `at byte 4: lone UTF-16 surrogate \ud800`},
		{"duplicate key", `{"a":1,"b":2,"a":3}`, `at byte 13: duplicate object key "a"`},
		{"duplicate key written with an escape", `{"a":1,"\u0061":2}`, `at byte 7: duplicate object key "a"`},
		{"duplicate key in a nested object", `{"x":[{"k":1},{"k":1,"k":2}]}`, `at byte 21: duplicate object key "k"`},
		{"offset counts the byte order mark", "\xef\xbb\xbf{\"a\":1,\"a\":2}", `at byte 10: duplicate object key "a"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseStrict([]byte(tt.in))
			if err == nil {
				t.Fatalf("ParseStrict(%q) succeeded, want an error containing %q", tt.in, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseStrict(%q) error %q, want it to contain %q", tt.in, err, tt.want)
			}
		})
	}
}

// TestParseStrictCasesStillParse checks that the strict checks did not
// change Parse, which accepts what encoding/json accepts.
func TestParseStrictCasesStillParse(t *testing.T) {
	for _, in := range []string{
		"{\"k\":\"ab\xffc\"}", `{"k":"a\ud800"}`, `["\uDC00"]`, `{"a":1,"b":2,"a":3}`, `{"a":1,"\u0061":2}`,
	} {
		checkAgainstEncodingJSON(t, in)
	}
}

func TestParseStrictAccepts(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // Marshal of the result
	}{
		{"surrogate pair", `["\ud83d\ude00"]`, `["` + "\U0001F600" + `"]`},
		{"escaped backslash before ud800", `["\\ud800"]`, `["\\ud800"]`},
		{"non-surrogate escape", `["\u00e9\u0041"]`, `["éA"]`},
		{"UTF-8 text", `{"k":"データ"}`, `{"k":"データ"}`},
		{"same key in two objects", `[{"k":1},{"k":2}]`, `[{"k":1},{"k":2}]`},
		{"same key at two depths", `{"k":{"k":1}}`, `{"k":{"k":1}}`},
		{"byte order mark", "\xef\xbb\xbf {\"k\":1}", `{"k":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := ParseStrict([]byte(tt.in))
			if err != nil {
				t.Fatalf("ParseStrict(%q): %v", tt.in, err)
			}
			if got := string(Marshal(v)); got != tt.want {
				t.Errorf("Marshal(ParseStrict(%q)) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseNamesByteOrderMark(t *testing.T) {
	_, err := Parse([]byte("\xef\xbb\xbf{}"))
	if err == nil {
		t.Fatal("Parse accepted a leading byte order mark, which encoding/json rejects")
	}
	if !strings.Contains(err.Error(), "byte order mark") {
		t.Errorf("Parse error %q, want it to name the byte order mark", err)
	}
}

func TestParseShowsNonASCIIByteInHex(t *testing.T) {
	_, err := Parse([]byte("[\xe9]"))
	want := "invalid JSON at byte 1: unexpected byte 0xE9"
	if err == nil || err.Error() != want {
		t.Errorf("Parse error %v, want %q", err, want)
	}
}

func TestDecodeIgnoresSurroundingWhitespace(t *testing.T) {
	valid := string(EncodeJSON([]byte(`{"name":"F","type":"inboundcall","flowSequenceItemList":[]}`)))
	for _, data := range []string{
		valid + "\n", valid + "\r\n", valid + "\n\n", valid + " \t\n", "\n" + valid, "  " + valid + "  ",
	} {
		doc, err := Decode([]byte(data))
		if err != nil {
			t.Errorf("Decode(%q): %v", data, err)
			continue
		}
		if got := doc.String("name"); got != "F" {
			t.Errorf("Decode(%q): name %q, want F", data, got)
		}
	}
}

func TestDecodeBase64OffsetCountsLeadingSpace(t *testing.T) {
	data := " \n" + base64.StdEncoding.EncodeToString([]byte("%7B%7D"))[:4] + "@@@@"
	_, err := Decode([]byte(data))
	want := "invalid base64: illegal base64 data at byte 6"
	if err == nil || err.Error() != want {
		t.Errorf("Decode(%q) error %v, want %q", data, err, want)
	}
}
