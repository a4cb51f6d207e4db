package i3

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"
)

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
