package i3

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// maxDepth bounds the nesting of a parsed document. Architect exports nest
// a few dozen levels; the bound keeps a hostile file from exhausting the
// stack.
const maxDepth = 10000

// Parse reads one JSON document, keeping object keys in document order and
// numbers as written. Trailing data after the document is an error. Errors
// name the byte offset where the document stops being valid JSON.
func Parse(data []byte) (Value, error) {
	return parse(&jsonParser{data: data})
}

// ParseStrict is Parse for a document that is to become an export file. It
// also rejects what encoding/json accepts but Architect never writes:
// invalid UTF-8 in a string, an escaped lone surrogate such as "\ud800"
// (both of which encoding/json turns into U+FFFD) and a key that appears
// twice in one object. A UTF-8 byte order mark at the start is skipped.
// Byte offsets in errors count from the start of data, mark included.
func ParseStrict(data []byte) (Value, error) {
	p := &jsonParser{data: data, strict: true}
	if bytes.HasPrefix(data, byteOrderMark) {
		p.pos = len(byteOrderMark)
	}
	return parse(p)
}

func parse(p *jsonParser) (Value, error) {
	p.skipSpace()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(p.data) {
		return nil, fmt.Errorf("unexpected data after the JSON document at byte %d", p.pos)
	}
	return v, nil
}

// jsonParser is a recursive-descent JSON reader. It replaces
// encoding/json's token stream, which allocated an interface value per
// token and dominated the time of a build.
type jsonParser struct {
	data []byte
	pos  int
	// strict turns on the checks of ParseStrict.
	strict bool
}

func (p *jsonParser) errorf(format string, args ...any) error {
	if p.pos >= len(p.data) {
		return fmt.Errorf("JSON document ends early at byte %d (truncated?)", p.pos)
	}
	return fmt.Errorf("invalid JSON at byte %d: %s", p.pos, fmt.Sprintf(format, args...))
}

func (p *jsonParser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// value reads the value at p.pos; the caller has skipped leading space.
func (p *jsonParser) value(depth int) (Value, error) {
	if p.pos >= len(p.data) {
		return nil, p.errorf("")
	}
	if depth > maxDepth {
		return nil, p.errorf("nested more than %d levels", maxDepth)
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		return p.string()
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	}
	for _, lit := range []struct {
		text  string
		value Value
	}{{"true", true}, {"false", false}, {"null", nil}} {
		if len(p.data)-p.pos >= len(lit.text) && string(p.data[p.pos:p.pos+len(lit.text)]) == lit.text {
			p.pos += len(lit.text)
			return lit.value, nil
		}
	}
	return nil, p.unexpectedByte()
}

func (p *jsonParser) object(depth int) (*Object, error) {
	p.pos++ // {
	obj := &Object{}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return obj, nil
	}
	var keys map[string]bool // the keys read so far, in strict mode only
	for {
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, p.errorf("expected an object key")
		}
		keyStart := p.pos
		key, err := p.string()
		if err != nil {
			return nil, err
		}
		if p.strict {
			if keys == nil {
				keys = map[string]bool{}
			}
			if keys[key] {
				p.pos = keyStart
				return nil, p.errorf("duplicate object key %q; an Architect document has each key once per object", key)
			}
			keys[key] = true
		}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.errorf("expected ':' after an object key")
		}
		p.pos++
		p.skipSpace()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		obj.Members = append(obj.Members, Member{key, v})
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.errorf("")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return obj, nil
		default:
			return nil, p.errorf("expected ',' or '}' in an object")
		}
	}
}

func (p *jsonParser) array(depth int) ([]Value, error) {
	p.pos++ // [
	list := []Value{}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return list, nil
	}
	for {
		p.skipSpace()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.errorf("")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return list, nil
		default:
			return nil, p.errorf("expected ',' or ']' in an array")
		}
	}
}

// string reads a string literal. Plain ASCII and UTF-8 text is sliced out
// directly; a literal with escapes is decoded by encoding/json, which
// handles surrogate pairs and rejects invalid escapes.
func (p *jsonParser) string() (string, error) {
	start := p.pos
	p.pos++ // opening quote
	escaped := false
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		switch {
		case c == '"':
			p.pos++
			raw := p.data[start:p.pos]
			if p.strict {
				if err := p.checkStrictString(start, escaped); err != nil {
					return "", err
				}
			}
			if !escaped && utf8.Valid(raw) {
				return string(raw[1 : len(raw)-1]), nil
			}
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				p.pos = start
				return "", p.errorf("invalid string literal: %v", err)
			}
			return s, nil
		case c == '\\':
			escaped = true
			p.pos += 2
		case c < 0x20:
			return "", p.errorf("control character in a string literal")
		default:
			p.pos++
		}
	}
	p.pos = len(p.data)
	return "", p.errorf("")
}

// number reads a number literal as written, after checking it against the
// JSON grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *jsonParser) number() (Number, error) {
	start := p.pos
	if p.data[p.pos] == '-' {
		p.pos++
	}
	switch {
	case p.pos < len(p.data) && p.data[p.pos] == '0':
		p.pos++
	case p.digits() == 0:
		return "", p.errorf("invalid number")
	}
	if p.pos < len(p.data) && p.data[p.pos] == '.' {
		p.pos++
		if p.digits() == 0 {
			return "", p.errorf("invalid number: no digits after '.'")
		}
	}
	if p.pos < len(p.data) && (p.data[p.pos] == 'e' || p.data[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.data) && (p.data[p.pos] == '+' || p.data[p.pos] == '-') {
			p.pos++
		}
		if p.digits() == 0 {
			return "", p.errorf("invalid number: no digits in the exponent")
		}
	}
	return Number(p.data[start:p.pos]), nil
}

func (p *jsonParser) digits() int {
	n := 0
	for p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
		p.pos++
		n++
	}
	return n
}
