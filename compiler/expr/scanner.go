package expr

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenKind classifies a token.
type tokenKind int

const (
	tokEOF tokenKind = iota
	tokIdent
	tokString
	tokInt
	tokDecimal
	tokOp // punctuation and operators, including the words and, or
)

// token is one lexical unit. For tokString, text is the unescaped value; for
// all others it is the source text. For the words and/or it is lower case.
type token struct {
	kind tokenKind
	pos  int // 1-based code point offset of the first character
	end  int // code point offset just after the last character
	text string
}

// describe renders the token for "found X" in error messages.
func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "end of expression"
	case tokString:
		return "string literal"
	case tokIdent:
		return fmt.Sprintf("name %s", t.text)
	}
	return fmt.Sprintf("%q", t.text)
}

// scanner turns expression text into tokens on demand, so memory does not
// grow with the number of tokens.
type scanner struct {
	src  string
	off  int // byte offset of the next unread character
	pos  int // code point offset (1-based) of the next unread character
	errf func(pos int, format string, args ...any)
}

func (s *scanner) peekRune() (rune, int) {
	if s.off >= len(s.src) {
		return -1, 0
	}
	r := rune(s.src[s.off])
	if r < utf8.RuneSelf {
		return r, 1
	}
	return utf8.DecodeRuneInString(s.src[s.off:])
}

// advance consumes one character of size bytes.
func (s *scanner) advance(size int) {
	s.off += size
	s.pos++
}

func isIdentStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }
func isIdentPart(r rune) bool  { return isIdentStart(r) || isDigit(r) }
func isDigit(r rune) bool      { return '0' <= r && r <= '9' }

// next returns the next token. Invalid characters are reported through errf
// and the scanner goes on with the following character.
func (s *scanner) next() token {
	for {
		r, size := s.peekRune()
		switch r {
		case ' ', '\t', '\n', '\r':
			s.advance(size)
			continue
		}
		break
	}

	start, startOff := s.pos, s.off
	r, size := s.peekRune()
	switch {
	case r < 0:
		return token{kind: tokEOF, pos: start, end: start}
	case isIdentStart(r):
		for isIdentPart(r) {
			s.advance(size)
			r, size = s.peekRune()
		}
		text := s.src[startOff:s.off]
		if strings.EqualFold(text, "and") || strings.EqualFold(text, "or") {
			return token{kind: tokOp, pos: start, end: s.pos, text: strings.ToLower(text)}
		}
		return token{kind: tokIdent, pos: start, end: s.pos, text: text}
	case isDigit(r):
		return s.scanNumber(start, startOff)
	case r == '"':
		return s.scanString(start)
	}

	s.advance(size)
	two := ""
	if r2, size2 := s.peekRune(); r2 >= 0 {
		two = string(r) + string(r2)
		switch two {
		case "<=", ">=", "==", "!=":
			s.advance(size2)
			return token{kind: tokOp, pos: start, end: s.pos, text: two}
		case "&&", "||":
			s.advance(size2)
			word := map[string]string{"&&": "and", "||": "or"}[two]
			s.errf(start, "invalid operator %s; use %s", two, word)
			return token{kind: tokOp, pos: start, end: s.pos, text: word}
		}
	}
	switch r {
	case '(', ')', '[', ']', ',', '.', '?', ':', '+', '-', '*', '/', '%', '^', '!', '<', '>':
		return token{kind: tokOp, pos: start, end: s.pos, text: string(r)}
	case '=':
		s.errf(start, `invalid operator "="; use "==" to compare`)
		return token{kind: tokOp, pos: start, end: s.pos, text: "=="}
	}
	if r == utf8.RuneError && size == 1 {
		s.errf(start, "invalid UTF-8 byte 0x%02x", s.src[startOff])
	} else {
		s.errf(start, "invalid character %q", r)
	}
	return s.next()
}

// scanNumber reads digits with an optional fraction: 12 or 0.5.
func (s *scanner) scanNumber(start, startOff int) token {
	r, size := s.peekRune()
	for isDigit(r) {
		s.advance(size)
		r, size = s.peekRune()
	}
	kind := tokInt
	if r == '.' {
		next, _ := utf8.DecodeRuneInString(s.src[s.off+1:])
		if isDigit(next) {
			kind = tokDecimal
			s.advance(size)
			r, size = s.peekRune()
			for isDigit(r) {
				s.advance(size)
				r, size = s.peekRune()
			}
		}
	}
	if isIdentStart(r) {
		s.errf(s.pos, "invalid character %q in number", r)
	}
	return token{kind: kind, pos: start, end: s.pos, text: s.src[startOff:s.off]}
}

// scanString reads a double-quoted literal whose only escapes are \" and \\.
func (s *scanner) scanString(start int) token {
	s.advance(1)
	var b strings.Builder
	from := s.off
	for {
		r, size := s.peekRune()
		switch r {
		case -1:
			s.errf(start, "unterminated string literal")
			b.WriteString(s.src[from:s.off])
			return token{kind: tokString, pos: start, end: s.pos, text: b.String()}
		case '"':
			b.WriteString(s.src[from:s.off])
			s.advance(size)
			return token{kind: tokString, pos: start, end: s.pos, text: b.String()}
		case '\\':
			b.WriteString(s.src[from:s.off])
			escPos := s.pos
			s.advance(size)
			e, esize := s.peekRune()
			switch e {
			case '"', '\\':
				b.WriteRune(e)
				s.advance(esize)
			case -1:
				// The loop reports the missing closing quote.
			default:
				// NOTE: Architect's own rule for other escapes is not known;
				// the exports seen use only \" and \\, so others are rejected.
				s.errf(escPos, `invalid escape sequence \%c in string literal; only \" and \\ are allowed`, e)
				s.advance(esize)
			}
			from = s.off
		default:
			s.advance(size)
		}
	}
}
