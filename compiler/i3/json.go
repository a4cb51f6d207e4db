package i3

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// Parse reads one JSON document, keeping object keys in document order and
// numbers as written. Trailing data after the document is an error.
func Parse(data []byte) (Value, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := parseValue(dec)
	if err != nil {
		return nil, jsonError(dec, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("unexpected data after the JSON document at byte %d", dec.InputOffset())
	}
	return v, nil
}

func jsonError(dec *json.Decoder, err error) error {
	var syntax *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("JSON document ends early at byte %d (truncated?)", dec.InputOffset())
	case errors.As(err, &syntax):
		return fmt.Errorf("invalid JSON at byte %d: %v", syntax.Offset, err)
	}
	return fmt.Errorf("invalid JSON at byte %d: %v", dec.InputOffset(), err)
}

func parseValue(dec *json.Decoder) (Value, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return parseObject(dec)
		}
		return parseArray(dec)
	case json.Number:
		return Number(t), nil
	}
	return tok, nil // string, bool or nil
}

func parseObject(dec *json.Decoder) (*Object, error) {
	obj := &Object{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("expected an object key, found %v", tok)
		}
		v, err := parseValue(dec)
		if err != nil {
			return nil, err
		}
		obj.Members = append(obj.Members, Member{key, v})
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, err
	}
	return obj, nil
}

func parseArray(dec *json.Decoder) ([]Value, error) {
	list := []Value{}
	for dec.More() {
		v, err := parseValue(dec)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	if _, err := dec.Token(); err != nil { // the closing bracket
		return nil, err
	}
	return list, nil
}

// Marshal writes v as compact JSON: no spaces, keys in order, strings
// escaped as JavaScript's JSON.stringify escapes them (only the quote, the
// backslash and control characters), which is what Architect writes.
func Marshal(v Value) []byte {
	var buf bytes.Buffer
	writeValue(&buf, v, "", 0)
	return buf.Bytes()
}

// MarshalIndent writes v as JSON indented by two spaces per level, with
// ": " after keys and "[]" and "{}" for empty containers, and no final
// newline.
func MarshalIndent(v Value) []byte {
	var buf bytes.Buffer
	writeValue(&buf, v, "  ", 0)
	return buf.Bytes()
}

func writeValue(buf *bytes.Buffer, v Value, indent string, depth int) {
	switch t := v.(type) {
	case nil:
		buf.WriteString("null")
	case bool:
		buf.WriteString(strconv.FormatBool(t))
	case Number:
		buf.WriteString(string(t))
	case string:
		writeString(buf, t)
	case *Object:
		writeObject(buf, t, indent, depth)
	case []Value:
		writeArray(buf, t, indent, depth)
	default:
		panic(fmt.Sprintf("i3: cannot write a %T as JSON", v))
	}
}

func writeObject(buf *bytes.Buffer, obj *Object, indent string, depth int) {
	if obj == nil {
		buf.WriteString("null")
		return
	}
	if len(obj.Members) == 0 {
		buf.WriteString("{}")
		return
	}
	buf.WriteByte('{')
	for i, m := range obj.Members {
		if i > 0 {
			buf.WriteByte(',')
		}
		newline(buf, indent, depth+1)
		writeString(buf, m.Key)
		buf.WriteByte(':')
		if indent != "" {
			buf.WriteByte(' ')
		}
		writeValue(buf, m.Value, indent, depth+1)
	}
	newline(buf, indent, depth)
	buf.WriteByte('}')
}

func writeArray(buf *bytes.Buffer, list []Value, indent string, depth int) {
	if len(list) == 0 {
		buf.WriteString("[]")
		return
	}
	buf.WriteByte('[')
	for i, v := range list {
		if i > 0 {
			buf.WriteByte(',')
		}
		newline(buf, indent, depth+1)
		writeValue(buf, v, indent, depth+1)
	}
	newline(buf, indent, depth)
	buf.WriteByte(']')
}

func newline(buf *bytes.Buffer, indent string, depth int) {
	if indent == "" {
		return
	}
	buf.WriteByte('\n')
	for range depth {
		buf.WriteString(indent)
	}
}

const hexDigits = "0123456789abcdef"

func writeString(buf *bytes.Buffer, s string) {
	buf.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			buf.WriteRune(r) // invalid UTF-8 becomes U+FFFD, as in encoding/json
			i += size
			continue
		}
		switch {
		case c == '"':
			buf.WriteString(`\"`)
		case c == '\\':
			buf.WriteString(`\\`)
		case c == '\b':
			buf.WriteString(`\b`)
		case c == '\f':
			buf.WriteString(`\f`)
		case c == '\n':
			buf.WriteString(`\n`)
		case c == '\r':
			buf.WriteString(`\r`)
		case c == '\t':
			buf.WriteString(`\t`)
		case c < 0x20:
			buf.WriteString(`\u00`)
			buf.WriteByte(hexDigits[c>>4])
			buf.WriteByte(hexDigits[c&0xf])
		default:
			buf.WriteByte(c)
		}
		i++
	}
	buf.WriteByte('"')
}
