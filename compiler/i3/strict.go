package i3

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// byteOrderMark is the UTF-8 encoding of U+FEFF, which some Windows editors
// write at the start of a text file.
var byteOrderMark = []byte{0xEF, 0xBB, 0xBF}

// unexpectedByte returns the error for a byte at p.pos that cannot start a
// JSON value. A non-ASCII byte is shown in hex, because quoting it as a
// character would show its Latin-1 reading ('ï' for the first byte of a
// byte order mark).
func (p *jsonParser) unexpectedByte() error {
	c := p.data[p.pos]
	if p.pos == 0 && bytes.HasPrefix(p.data, byteOrderMark) {
		return p.errorf("the document starts with a UTF-8 byte order mark (EF BB BF), which JSON does not allow; remove it")
	}
	if c >= utf8.RuneSelf {
		return p.errorf("unexpected byte 0x%02X", c)
	}
	return p.errorf("unexpected character %q", c)
}

// checkStrictString checks the string literal from start to p.pos, quotes
// included, for invalid UTF-8 and, when it has escapes, for \u escapes of
// lone surrogates. The error names the offset of the first bad byte or
// escape. Malformed escapes are left to encoding/json, which rejects them
// after this check.
func (p *jsonParser) checkStrictString(start int, escaped bool) error {
	end := p.pos
	for i := start; i < end; {
		r, size := utf8.DecodeRune(p.data[i:end])
		if r == utf8.RuneError && size == 1 {
			p.pos = i
			return p.errorf("invalid UTF-8 byte 0x%02X in a string literal", p.data[i])
		}
		i += size
	}
	if !escaped {
		return nil
	}
	for i := start + 1; i < end-1; i++ {
		if p.data[i] != '\\' {
			continue
		}
		r, ok := hexEscape(p.data[i:end])
		if !ok {
			i++ // skip the escaped character, which may be a backslash
			continue
		}
		if !utf16.IsSurrogate(r) {
			i += 5
			continue
		}
		if r < 0xDC00 {
			// A high surrogate must be followed by a low one.
			low, ok := hexEscape(p.data[i+6 : end])
			if ok && 0xDC00 <= low && low <= 0xDFFF {
				i += 11
				continue
			}
		}
		p.pos = i
		return p.errorf("lone UTF-16 surrogate %s in a string literal; encode the character as a surrogate pair or as UTF-8", p.data[i:i+6])
	}
	return nil
}

// hexEscape reads the \uXXXX escape at the start of b.
func hexEscape(b []byte) (rune, bool) {
	if len(b) < 6 || b[0] != '\\' || b[1] != 'u' {
		return 0, false
	}
	var r rune
	for _, c := range b[2:6] {
		d, ok := unhex(c)
		if !ok {
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	return r, true
}
