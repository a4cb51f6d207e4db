package expr

import (
	"strconv"
	"strings"
)

// MaxDepth is the maximum nesting of an expression: parentheses, calls,
// indexes, unary operators and chains of binary operators all count. Deeper
// expressions are rejected, so neither the parser nor the checker can run out
// of stack.
//
// NOTE: Architect's own limit is not known; 200 levels is far beyond any
// expression a person writes.
const MaxDepth = 200

// namespaces are the prefixes of variable names, in their canonical
// spelling. A name such as Flow.OrbitNumber is one variable; anything after
// a further "." is property access.
var namespaces = []string{"Flow", "Call", "Task", "System", "Prompt", "PromptSystem", "State", "Session", "Memory", "Utility"}

// binaryPrec gives each binary operator's precedence; higher binds tighter.
// All binary operators associate to the left.
var binaryPrec = map[string]int{
	"or":  1,
	"and": 2,
	"==":  3, "!=": 3,
	"<": 4, "<=": 4, ">": 4, ">=": 4,
	"+": 5, "-": 5,
	"*": 6, "/": 6, "%": 6,
	"^": 7,
}

// parser builds a Node tree from expression text. It stops at the first
// syntax error, because later errors in the same text are mostly echoes.
type parser struct {
	sc    scanner
	tok   token
	errs  *errorList
	depth int // current nesting of parseExpr calls
}

// Parse parses src into a syntax tree without type checking. Types are set
// only on literal nodes. On a syntax error the tree is nil.
func Parse(src string) (*Node, []Error) {
	var errs errorList
	n := parse(src, &errs)
	return n, errs.errs
}

func parse(src string, errs *errorList) (root *Node) {
	p := &parser{errs: errs}
	p.sc = scanner{src: src, pos: 1, errf: errs.add}
	defer catch()
	p.next()
	root = p.parseExpr()
	if p.tok.kind != tokEOF {
		p.fail(p.tok.pos, "expected end of expression, found %s", p.tok.describe())
	}
	if len(errs.errs) > 0 {
		return nil
	}
	return root
}

func (p *parser) next() { p.tok = p.sc.next() }

// fail reports a syntax error and abandons parsing. After an invalid
// character or escape the syntax error is mostly an echo of it, so it is
// reported only when it is the first error.
func (p *parser) fail(pos int, format string, args ...any) {
	if len(p.errs.errs) == 0 {
		p.errs.add(pos, format, args...)
	}
	panic(bailout{})
}

func (p *parser) is(op string) bool { return p.tok.kind == tokOp && p.tok.text == op }

// expect consumes the operator op or fails.
func (p *parser) expect(op string) token {
	if !p.is(op) {
		p.fail(p.tok.pos, "expected %q, found %s", op, p.tok.describe())
	}
	t := p.tok
	p.next()
	return t
}

// checkDepth fails when n is deeper than MaxDepth.
func (p *parser) checkDepth(n *Node) *Node {
	if n.depth >= MaxDepth {
		p.fail(n.Pos, "expression is nested too deeply (more than %d levels)", MaxDepth)
	}
	return n
}

// parseExpr parses a full expression, including the ternary operator, which
// binds loosest and associates to the right.
func (p *parser) parseExpr() *Node {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > MaxDepth {
		p.fail(p.tok.pos, "expression is nested too deeply (more than %d levels)", MaxDepth)
	}

	cond := p.parseBinary(1)
	if !p.is("?") {
		return cond
	}
	pos := p.tok.pos
	p.next()
	then := p.parseExpr()
	p.expect(":")
	els := p.parseExpr()
	return p.checkDepth(newNode(KindTernary, pos, "?", cond, then, els))
}

// parseBinary parses operators of precedence minPrec and above. A chain of
// operators of one level is built in a loop, so long chains do not recurse.
func (p *parser) parseBinary(minPrec int) *Node {
	left := p.parseUnary()
	for p.tok.kind == tokOp {
		prec, ok := binaryPrec[p.tok.text]
		if !ok || prec < minPrec {
			break
		}
		op := p.tok
		p.next()
		right := p.parseBinary(prec + 1)
		left = p.checkDepth(newNode(KindBinary, op.pos, op.text, left, right))
	}
	return left
}

// parseUnary parses "-" and "!" prefixes. A "-" written directly before a
// number is part of the literal (-3), as Architect stores it.
func (p *parser) parseUnary() *Node {
	if !p.is("-") && !p.is("!") {
		return p.parsePostfix()
	}
	op := p.tok
	p.next()
	if op.text == "-" && (p.tok.kind == tokInt || p.tok.kind == tokDecimal) && p.tok.pos == op.end {
		lit := p.parseNumber(p.tok, "-")
		p.next()
		return p.parsePostfixOf(lit)
	}

	p.depth++
	defer func() { p.depth-- }()
	if p.depth > MaxDepth {
		p.fail(op.pos, "expression is nested too deeply (more than %d levels)", MaxDepth)
	}
	// NOTE: no export with a unary operator has been seen; the node is keyed
	// by the operator with one operand, by analogy with binary operators.
	return p.checkDepth(newNode(KindUnary, op.pos, op.text, p.parseUnary()))
}

func (p *parser) parsePostfix() *Node { return p.parsePostfixOf(p.parsePrimary()) }

// parsePostfixOf parses indexing x[i] and property access x.name after x.
func (p *parser) parsePostfixOf(x *Node) *Node {
	for {
		switch {
		case p.is("["):
			pos := p.tok.pos
			p.next()
			index := p.parseExpr()
			p.expect("]")
			x = p.checkDepth(newNode(KindIndex, pos, "[", index, x))
		case p.is("."):
			pos := p.tok.pos
			p.next()
			if p.tok.kind != tokIdent {
				p.fail(p.tok.pos, "expected property name, found %s", p.tok.describe())
			}
			name := &Node{Kind: KindLiteral, Pos: p.tok.pos, Text: p.tok.text, Type: String}
			p.next()
			x = p.checkDepth(newNode(KindProperty, pos, ".", name, x))
		default:
			return x
		}
	}
}

func (p *parser) parsePrimary() *Node {
	t := p.tok
	switch t.kind {
	case tokString:
		p.next()
		return &Node{Kind: KindLiteral, Pos: t.pos, Text: t.text, Type: String}
	case tokInt, tokDecimal:
		p.next()
		return p.parseNumber(t, "")
	case tokIdent:
		return p.parseName()
	case tokOp:
		if t.text == "(" {
			p.next()
			x := p.parseExpr()
			p.expect(")")
			return x
		}
		if t.text == "," {
			p.fail(t.pos, "empty argument before \",\"")
		}
	}
	p.fail(t.pos, "expected expression, found %s", t.describe())
	return nil
}

// parseNumber builds an integer or decimal literal; sign is "" or "-".
func (p *parser) parseNumber(t token, sign string) *Node {
	pos := t.pos
	if sign != "" {
		pos--
	}
	text := sign + t.text
	if t.kind == tokDecimal {
		return &Node{Kind: KindLiteral, Pos: pos, Text: text, Type: Decimal}
	}
	if _, err := strconv.ParseInt(text, 10, 64); err != nil {
		p.errs.add(pos, "integer literal %s is out of range (64-bit)", text)
	}
	return &Node{Kind: KindLiteral, Pos: pos, Text: text, Type: Integer}
}

// parseName parses true, false, NOT_SET, a variable such as Flow.X, or a
// function call.
func (p *parser) parseName() *Node {
	t := p.tok
	p.next()

	if p.is("(") {
		return p.parseCall(t)
	}
	switch {
	case strings.EqualFold(t.text, "true"), strings.EqualFold(t.text, "false"):
		return &Node{Kind: KindLiteral, Pos: t.pos, Text: strings.ToLower(t.text), Type: Boolean}
	case strings.EqualFold(t.text, "NOT_SET"):
		return &Node{Kind: KindNotSet, Pos: t.pos, Text: "NOT_SET"}
	}

	if canonicalNamespace(t.text) != "" && p.is(".") {
		p.next()
		if p.tok.kind != tokIdent {
			p.fail(p.tok.pos, "expected variable name after %s., found %s", t.text, p.tok.describe())
		}
		name := t.text + "." + p.tok.text
		p.next()
		return &Node{Kind: KindVar, Pos: t.pos, Text: name}
	}
	if fn := lookupFunction(t.text); fn != nil {
		p.fail(p.tok.pos, "expected \"(\" after function name %s, found %s", fn.Name, p.tok.describe())
	}
	p.fail(t.pos, "unknown name %s; variable names start with a prefix such as Flow. or Call.", t.text)
	return nil
}

// parseCall parses the argument list of a call to the function named by t.
func (p *parser) parseCall(name token) *Node {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > MaxDepth {
		p.fail(name.pos, "expression is nested too deeply (more than %d levels)", MaxDepth)
	}

	p.expect("(")
	var args []*Node
	if !p.is(")") {
		for {
			if p.is(",") || p.is(")") {
				p.fail(p.tok.pos, "empty argument before %q", p.tok.text)
			}
			args = append(args, p.parseExpr())
			if !p.is(",") {
				break
			}
			p.next()
		}
	}
	p.expect(")")
	n := newNode(KindCall, name.pos, name.text, args...)
	n.Text = name.text
	return p.checkDepth(n)
}

// canonicalNamespace returns the canonical spelling of a variable prefix,
// matched case-insensitively, or "" when s is not one.
func canonicalNamespace(s string) string {
	for _, ns := range namespaces {
		if strings.EqualFold(s, ns) {
			return ns
		}
	}
	return ""
}
