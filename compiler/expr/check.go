package expr

import (
	"fmt"
	"strings"
)

// Reference is one distinct variable an expression reads, as listed in the
// export's metaData.references.
type Reference struct {
	ID       string `json:"id"`
	Type     Type   `json:"type"`
	IsSysRef bool   `json:"isSysRef"`
	Name     string `json:"name"` // as written in the expression
}

// Checked is a parsed and type-checked expression.
type Checked struct {
	Source     string
	Root       *Node
	Type       Type
	References []Reference // distinct by id, in order of first use in the text
}

// Check parses src and type-checks it against the catalog, the built-in
// variables and env. It returns the expression's type, or the errors found
// (at most MaxErrors), sorted by position.
func Check(src string, env *Env) (Type, []Error) {
	c, errs := CheckTree(src, env)
	if len(errs) > 0 {
		return "", errs
	}
	return c.Type, nil
}

// CheckTree is Check that also returns the typed tree, with the implicit
// conversions inserted, and the variables it references. The result is nil
// when there are errors.
func CheckTree(src string, env *Env) (*Checked, []Error) {
	var errs errorList
	root := parse(src, &errs)
	if root == nil {
		return nil, errs.errs
	}

	c := &checker{env: env, errs: &errs, seen: map[string]bool{}}
	func() {
		defer catch()
		root = c.expr(root)
	}()
	if len(errs.errs) > 0 {
		sortErrors(errs.errs)
		return nil, errs.errs
	}
	return &Checked{Source: src, Root: root, Type: root.Type, References: c.refs}, nil
}

func sortErrors(errs []Error) {
	for i := 1; i < len(errs); i++ {
		for j := i; j > 0 && errs[j].Pos < errs[j-1].Pos; j-- {
			errs[j], errs[j-1] = errs[j-1], errs[j]
		}
	}
}

// checker assigns types, resolves names and inserts implicit conversions.
type checker struct {
	env  *Env
	errs *errorList
	refs []Reference
	seen map[string]bool // reference ids already in refs
}

func (c *checker) errorf(pos int, format string, args ...any) { c.errs.add(pos, format, args...) }

// expr checks n and returns it, or the conversion node wrapping it. It sets
// n.Type, and a failed subexpression gets the type invalid.
func (c *checker) expr(n *Node) *Node {
	switch n.Kind {
	case KindLiteral:
	case KindNotSet:
		n.Type = Any
	case KindVar:
		c.variable(n)
	case KindCall:
		c.call(n)
	case KindBinary:
		c.binary(n)
	case KindUnary:
		c.unary(n)
	case KindIndex:
		c.index(n)
	case KindProperty:
		c.property(n)
	case KindTernary:
		c.ternary(n)
	default:
		panic(fmt.Sprintf("expr: unexpected node kind %d", n.Kind))
	}
	return n
}

func (c *checker) variable(n *Node) {
	if v, ok := c.env.Lookup(n.Text); ok {
		n.Type, n.ID = v.Type, v.ID
	} else if b, ok := LookupBuiltin(n.Text); ok {
		n.Type, n.ID, n.System = b.Type, b.ID, true
	} else {
		c.errorf(n.Pos, "unknown variable %s%s", n.Text, didYouMean(n.Text, c.variableNames()))
		n.Type = invalid
		return
	}
	if !c.seen[n.ID] {
		c.seen[n.ID] = true
		c.refs = append(c.refs, Reference{ID: n.ID, Type: n.Type, IsSysRef: n.System, Name: n.Text})
	}
}

func (c *checker) variableNames() []string {
	var names []string
	if c.env != nil {
		for name := range c.env.Vars {
			names = append(names, name)
		}
	}
	for _, b := range builtins {
		names = append(names, b.Name)
	}
	return names
}

// operandTypes checks every operand in source order and returns their types.
// Index nodes store [index, collection], so the collection is checked first.
func (c *checker) operandTypes(n *Node) []Type {
	order := make([]int, len(n.Operands))
	for i := range order {
		order[i] = i
	}
	if n.Kind == KindIndex || n.Kind == KindProperty {
		order[0], order[1] = 1, 0
	}
	for _, i := range order {
		n.Operands[i] = c.expr(n.Operands[i])
	}
	types := make([]Type, len(n.Operands))
	for i, o := range n.Operands {
		types[i] = o.Type
	}
	return types
}

func (c *checker) call(n *Node) {
	args := c.operandTypes(n)
	fn := lookupFunction(n.Text)
	if fn == nil {
		c.errorf(n.Pos, "unknown function %s%s", n.Text, didYouMean(n.Text, Functions()))
		n.Type = invalid
		return
	}
	n.Op = fn.Name

	var fits []Signature
	for _, s := range fn.Overloads {
		if len(args) == len(s.Params) || s.Variadic && len(args) >= len(s.Params) {
			fits = append(fits, s)
		}
	}
	if len(fits) == 0 {
		c.errorf(n.Pos, "%s expects %s, got %d", fn.Name, arityText(fn.Overloads), len(args))
		n.Type = invalid
		return
	}

	best, bestConv := -1, 0
	var bestParams []Type
	var bestResult Type
	for i, s := range fits {
		params, result, ok := instantiate(s, args)
		if !ok {
			continue
		}
		conv, ok := conversions(args, params)
		if ok && (best < 0 || conv < bestConv) {
			best, bestConv, bestParams, bestResult = i, conv, params, result
		}
	}
	if best < 0 {
		c.errorf(n.Pos, "%s expects %s, got (%s)", fn.Name, signaturesText(fits), typeList(args))
		n.Type = invalid
		return
	}
	for i := range n.Operands {
		n.Operands[i] = c.convert(n.Operands[i], bestParams[i])
	}
	n.Type = bestResult
}

// instantiate binds the type variable of a generic signature to the argument
// types and returns the parameter list expanded to len(args).
func instantiate(s Signature, args []Type) (params []Type, result Type, ok bool) {
	var bound Type
	params = make([]Type, len(args))
	for i := range args {
		p := s.Params[min(i, len(s.Params)-1)]
		params[i] = p
		switch p {
		case typeVar:
			if bound, ok = join(bound, args[i]); !ok {
				return nil, "", false
			}
		case typeVarColl:
			switch {
			case args[i].IsCollection():
				if bound, ok = join(bound, args[i].Elem()); !ok {
					return nil, "", false
				}
			case args[i] != invalid && args[i] != Any:
				return nil, "", false
			}
		}
	}
	if bound == "" || bound == invalid {
		bound = Any
	}
	subst := func(t Type) Type {
		switch t {
		case typeVar:
			return bound
		case typeVarColl:
			return CollectionOf(bound)
		}
		return t
	}
	for i := range params {
		params[i] = subst(params[i])
	}
	return params, subst(s.Result), true
}

// join returns the type both a and b convert to: equal types, Integer with
// Decimal (Decimal), and NOT_SET or an invalid operand with anything.
func join(a, b Type) (Type, bool) {
	switch {
	case a == "" || a == Any || a == invalid:
		return b, true
	case b == Any || b == invalid || a == b:
		return a, true
	case a == Integer && b == Decimal, a == Decimal && b == Integer:
		return Decimal, true
	}
	return "", false
}

// assignable reports whether a value of type from can be passed where to is
// expected, and whether that needs an implicit conversion.
func assignable(from, to Type) (ok, conv bool) {
	switch {
	case from == to, to == Any, from == Any, from == invalid, to == invalid:
		return true, false
	case from == Integer && to == Decimal:
		return true, true
	}
	return false, false
}

func conversions(args, params []Type) (count int, ok bool) {
	for i := range args {
		ok, conv := assignable(args[i], params[i])
		if !ok {
			return 0, false
		}
		if conv {
			count++
		}
	}
	return count, true
}

// convert wraps n in the implicit conversion to type to, if one is needed,
// and gives a NOT_SET operand the type of the parameter it is passed to.
//
// NOTE: exports show implicit conversions as calls at the converted
// operand's position; Integer to Decimal is the only conversion inserted
// here, because it is the only one whose node is known.
func (c *checker) convert(n *Node, to Type) *Node {
	if n.Kind == KindNotSet && to != invalid {
		n.Type = to
		return n
	}
	if _, conv := assignable(n.Type, to); !conv {
		return n
	}
	w := newNode(KindCall, n.Pos, "ToDecimal", n)
	w.Text, w.Type, w.Implicit = "ToDecimal", Decimal, true
	return w
}

var comparable = map[Type]bool{Integer: true, Decimal: true, String: true, DateTime: true, Date: true, Time: true, Duration: true}

func numeric(t Type) bool { return t == Integer || t == Decimal }

func (c *checker) binary(n *Node) {
	types := c.operandTypes(n)
	l, r := types[0], types[1]
	if l == invalid || r == invalid {
		n.Type = invalid
		return
	}

	result, operand := c.binaryType(n.Op, l, r)
	if result == "" {
		c.errorf(n.Pos, "operator %s cannot be applied to %s and %s", n.Op, l.Name(), r.Name())
		n.Type = invalid
		return
	}
	if operand != "" {
		n.Operands[0] = c.convert(n.Operands[0], operand)
		n.Operands[1] = c.convert(n.Operands[1], operand)
	}
	n.Type = result
}

// binaryType returns the result type of l op r, and the type both operands
// convert to, or "" for none. An empty result means op does not apply.
//
// NOTE: which operand types Architect accepts for + and - on dates and
// durations is inferred from its documentation, not seen in exports.
func (c *checker) binaryType(op string, l, r Type) (result, operand Type) {
	j, joined := join(l, r)
	switch op {
	case "and", "or":
		if ok, _ := assignable(l, Boolean); ok {
			if ok, _ := assignable(r, Boolean); ok {
				return Boolean, Boolean
			}
		}
	case "==", "!=":
		if joined {
			return Boolean, j
		}
	case "<", "<=", ">", ">=":
		if joined && comparable[j] {
			return Boolean, j
		}
	case "+", "-":
		switch {
		case joined && (numeric(j) || j == Duration):
			return j, j
		case l == DateTime && r == Duration:
			return DateTime, ""
		case op == "+" && l == Duration && r == DateTime:
			return DateTime, ""
		case op == "-" && l == DateTime && r == DateTime:
			return Duration, ""
		}
	case "*", "/", "%", "^":
		if joined && numeric(j) {
			return j, j
		}
	}
	return "", ""
}

func (c *checker) unary(n *Node) {
	t := c.operandTypes(n)[0]
	switch {
	case t == invalid:
	case n.Op == "!" && t == Boolean, n.Op == "-" && (numeric(t) || t == Duration):
	default:
		c.errorf(n.Pos, "operator %s cannot be applied to %s", n.Op, t.Name())
		t = invalid
	}
	n.Type = t
}

func (c *checker) index(n *Node) {
	types := c.operandTypes(n)
	index, coll := types[0], types[1]
	n.Type = invalid
	if ok, _ := assignable(index, Integer); !ok {
		c.errorf(n.Operands[0].Pos, "collection index must be Integer, got %s", index.Name())
	}
	switch {
	case coll == invalid:
	case !coll.IsCollection():
		c.errorf(n.Pos, "cannot index %s, which is not a collection", coll.Name())
	default:
		n.Type = coll.Elem()
	}
}

func (c *checker) property(n *Node) {
	obj := c.operandTypes(n)[1]
	name := n.Operands[0]
	n.Type = invalid
	if obj == invalid {
		return
	}
	props := properties[obj]
	if p, ok := props[strings.ToLower(name.Text)]; ok {
		n.Type = p.typ
		return
	}
	if len(props) == 0 {
		c.errorf(n.Pos, "%s has no properties", obj.Name())
		return
	}
	var names []string
	for _, p := range props {
		names = append(names, p.name)
	}
	c.errorf(name.Pos, "%s has no property %s%s", obj.Name(), name.Text, didYouMean(name.Text, names))
}

func (c *checker) ternary(n *Node) {
	types := c.operandTypes(n)
	n.Type = invalid
	if ok, _ := assignable(types[0], Boolean); !ok {
		c.errorf(n.Operands[0].Pos, "condition of ?: must be Boolean, got %s", types[0].Name())
	}
	j, ok := join(types[1], types[2])
	if !ok {
		c.errorf(n.Pos, "branches of ?: have different types %s and %s", types[1].Name(), types[2].Name())
		return
	}
	n.Operands[1] = c.convert(n.Operands[1], j)
	n.Operands[2] = c.convert(n.Operands[2], j)
	n.Type = j
}

// arityText renders the accepted argument counts: "2 arguments",
// "2 or 3 arguments", "at least 2 arguments".
func arityText(sigs []Signature) string {
	counts := map[int]bool{}
	var list []string
	variadicMin := -1
	for _, s := range sigs {
		if s.Variadic {
			if variadicMin < 0 || len(s.Params) < variadicMin {
				variadicMin = len(s.Params)
			}
			continue
		}
		if !counts[len(s.Params)] {
			counts[len(s.Params)] = true
			list = append(list, fmt.Sprint(len(s.Params)))
		}
	}
	if variadicMin >= 0 {
		return fmt.Sprintf("at least %d arguments", variadicMin)
	}
	word := "arguments"
	if len(list) == 1 && list[0] == "1" {
		word = "argument"
	}
	return strings.Join(list, " or ") + " " + word
}

// signaturesText renders overloads as "(DateTime, Integer) or (String)".
func signaturesText(sigs []Signature) string {
	parts := make([]string, len(sigs))
	for i, s := range sigs {
		params := typeList(s.Params)
		if s.Variadic {
			params += ", ..."
		}
		parts[i] = "(" + params + ")"
	}
	return strings.Join(parts, " or ")
}

func typeList(types []Type) string {
	names := make([]string, len(types))
	for i, t := range types {
		names[i] = t.Name()
	}
	return strings.Join(names, ", ")
}
