package i3

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Flow types, as the "type" member of an export document writes them.
const (
	InboundCall = "inboundcall"
	InQueueCall = "inqueuecall"
)

// extensions maps each flow type this project writes to its export file
// extension.
var extensions = map[string]string{
	InboundCall: ".i3InboundFlow",
	InQueueCall: ".i3InQueueFlow",
}

// Extension returns the export file extension of a flow type, or "" for a
// type this package has no extension for.
func Extension(flowType string) string {
	return extensions[flowType]
}

// TypeFromName returns the flow type that a file name's extension stands
// for, or "" when the extension is not one of Extension's.
func TypeFromName(name string) string {
	ext := filepath.Ext(name)
	for flowType, e := range extensions {
		if strings.EqualFold(ext, e) {
			return flowType
		}
	}
	return ""
}

// Encode writes doc as an export file: compact JSON, percent-encoded, then
// base64. It checks that doc is a flow document first.
func Encode(doc *Object) ([]byte, error) {
	if err := CheckFlow(doc); err != nil {
		return nil, err
	}
	return EncodeJSON(Marshal(doc)), nil
}

// EncodeJSON percent-encodes compact JSON text and returns its base64.
func EncodeJSON(compact []byte) []byte {
	escaped := percentEncode(compact)
	out := make([]byte, base64.StdEncoding.EncodedLen(len(escaped)))
	base64.StdEncoding.Encode(out, escaped)
	return out
}

// Decode reads an export file and returns its flow document. Whitespace
// around the base64 text, such as the final newline an editor adds, is
// ignored. The error names the damaged layer (base64, percent-encoding,
// JSON or the flow document) and the byte offset where it can.
func Decode(data []byte) (*Object, error) {
	leading := len(data) - len(bytes.TrimLeftFunc(data, unicode.IsSpace))
	data = bytes.TrimSpace(data)

	if len(data) == 0 {
		return nil, fmt.Errorf("empty file, expected base64 text")
	}
	if len(data)%4 != 0 {
		return nil, fmt.Errorf("base64 text has %d bytes, not a multiple of 4 (truncated?)", len(data))
	}
	escaped := make([]byte, base64.StdEncoding.DecodedLen(len(data)))
	n, err := base64.StdEncoding.Strict().Decode(escaped, data)
	var corrupt base64.CorruptInputError
	if errors.As(err, &corrupt) {
		// The offset counts from the start of the file, before trimming.
		return nil, fmt.Errorf("invalid base64: illegal base64 data at byte %d", int64(corrupt)+int64(leading))
	}
	if err != nil {
		return nil, fmt.Errorf("invalid base64: %v", err)
	}

	text, err := percentDecode(escaped[:n])
	if err != nil {
		return nil, err
	}

	v, err := Parse(text)
	if err != nil {
		return nil, err
	}
	doc, ok := v.(*Object)
	if !ok {
		return nil, fmt.Errorf("the JSON document is %s, expected a flow object", kind(v))
	}
	if err := CheckFlow(doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// CheckFlow reports an error unless doc has the members every Architect
// flow export has: a non-empty string "type", a string "name" and a
// "flowSequenceItemList" array.
func CheckFlow(doc *Object) error {
	if doc == nil {
		return fmt.Errorf("not a flow document: missing")
	}
	if s, ok := mustGet(doc, "type").(string); !ok || s == "" {
		return fmt.Errorf("not a flow document: missing the \"type\" string")
	}
	if _, ok := mustGet(doc, "name").(string); !ok {
		return fmt.Errorf("not a flow document: missing the \"name\" string")
	}
	if _, ok := mustGet(doc, "flowSequenceItemList").([]Value); !ok {
		return fmt.Errorf("not a flow document: missing the \"flowSequenceItemList\" array")
	}
	return nil
}

func mustGet(o *Object, key string) Value {
	v, _ := o.Get(key)
	return v
}

func kind(v Value) string {
	switch v.(type) {
	case []Value:
		return "an array"
	case string:
		return "a string"
	case Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "an object"
}

// unreserved reports whether encodeURIComponent leaves c as it is.
func unreserved(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-_.!~*'()", c) >= 0
}

const upperHex = "0123456789ABCDEF"

func percentEncode(text []byte) []byte {
	out := make([]byte, 0, len(text)*2)
	for _, c := range text {
		if unreserved(c) {
			out = append(out, c)
			continue
		}
		out = append(out, '%', upperHex[c>>4], upperHex[c&0xf])
	}
	return out
}

func percentDecode(escaped []byte) ([]byte, error) {
	out := make([]byte, 0, len(escaped))
	for i := 0; i < len(escaped); i++ {
		c := escaped[i]
		if c != '%' {
			out = append(out, c)
			continue
		}
		if i+2 >= len(escaped) {
			return nil, fmt.Errorf("invalid percent-encoding at byte %d: %q ends early (truncated?)", i, escaped[i:])
		}
		hi, ok1 := unhex(escaped[i+1])
		lo, ok2 := unhex(escaped[i+2])
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("invalid percent-encoding at byte %d: %q is not %%XX with two hex digits", i, escaped[i:i+3])
		}
		out = append(out, hi<<4|lo)
		i += 2
	}
	if !utf8.Valid(out) {
		return nil, fmt.Errorf("invalid percent-encoding: the decoded text is not valid UTF-8")
	}
	return out, nil
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
