package expr

import "strings"

// Format renders a parsed or checked tree as Architect's normalized text:
// canonical function names, ", " between arguments, spaces around binary
// operators, and every binary or ternary operand that is itself an operator
// in parentheses. Implicit conversions are left out, because the author did
// not write them.
func Format(n *Node) string {
	var b strings.Builder
	format(&b, n, true)
	return b.String()
}

// QuoteString returns s as an Architect string literal, escaping \ and ".
func QuoteString(s string) string {
	var b strings.Builder
	quote(&b, s)
	return b.String()
}

func quote(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
}

// format writes n; top reports whether n needs no parentheses.
func format(b *strings.Builder, n *Node, top bool) {
	for n.Implicit {
		n = n.Operands[0]
	}
	switch n.Kind {
	case KindLiteral:
		if n.Type == String {
			quote(b, n.Text)
		} else {
			b.WriteString(n.Text)
		}
	case KindNotSet:
		b.WriteString("NOT_SET")
	case KindEmpty:
	case KindVar:
		b.WriteString(n.Text)
	case KindCall:
		b.WriteString(n.Op)
		b.WriteByte('(')
		for i, o := range n.Operands {
			if i > 0 {
				b.WriteString(", ")
			}
			format(b, o, true)
		}
		b.WriteByte(')')
	case KindBinary:
		open(b, top)
		format(b, n.Operands[0], false)
		b.WriteString(" " + n.Op + " ")
		format(b, n.Operands[1], false)
		closeParen(b, top)
	case KindUnary:
		// "-" directly before a number would read back as a negative
		// literal, and "--" as two operators only by luck, so such operands
		// get parentheses.
		o := n.Operands[0]
		number := o.Kind == KindLiteral && (o.Type == Integer || o.Type == Decimal)
		paren := n.Op == "-" && (number || o.Kind == KindUnary && o.Op == "-")
		b.WriteString(n.Op)
		if paren {
			b.WriteByte('(')
		}
		format(b, o, paren)
		if paren {
			b.WriteByte(')')
		}
	case KindIndex:
		format(b, n.Operands[1], false)
		b.WriteByte('[')
		format(b, n.Operands[0], true)
		b.WriteByte(']')
	case KindProperty:
		format(b, n.Operands[1], false)
		b.WriteByte('.')
		b.WriteString(n.Operands[0].Text)
	case KindTernary:
		open(b, top)
		format(b, n.Operands[0], false)
		b.WriteString(" ? ")
		format(b, n.Operands[1], false)
		b.WriteString(" : ")
		format(b, n.Operands[2], false)
		closeParen(b, top)
	}
}

func open(b *strings.Builder, top bool) {
	if !top {
		b.WriteByte('(')
	}
}

func closeParen(b *strings.Builder, top bool) {
	if !top {
		b.WriteByte(')')
	}
}
