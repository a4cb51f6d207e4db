package expr

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// This file evaluates parsed expressions, so that a flow can be simulated
// without Genesys Cloud. It follows Architect's documented behaviour where it
// is known. Where it is not, the rule the evaluator uses is marked NOTE.

// Datum is the run-time value of an expression, where Value is the export
// format's value object. A NOT_SET datum has NotSet true and, where known,
// the type it would have had. Only the field that matches Type is
// meaningful.
type Datum struct {
	Type   Type
	NotSet bool

	Str  string
	Int  int64
	Dec  float64
	Bool bool
	Time time.Time
	Dur  time.Duration
	// Items are the elements of a collection, in order.
	Items []Datum
	// Props are the properties of an object (phone number, queue, user),
	// keyed by lower-case property name.
	Props map[string]Datum
	// Audio is the sequence an Audio value plays; a Prompt value holds one
	// segment.
	Audio []AudioSegment
}

// AudioSegment is one part of an Audio value: TTS text or a prompt name such
// as PromptSystem.on_hold_music.
type AudioSegment struct {
	TTS    string
	Prompt string
}

// String renders the segment as `TTS "text"` or `prompt NAME`.
func (s AudioSegment) String() string {
	if s.Prompt != "" {
		return "prompt " + s.Prompt
	}
	return fmt.Sprintf("TTS %q", s.TTS)
}

// StringValue returns a String value.
func StringValue(s string) Datum { return Datum{Type: String, Str: s} }

// IntValue returns an Integer value.
func IntValue(n int64) Datum { return Datum{Type: Integer, Int: n} }

// DecimalValue returns a Decimal value.
func DecimalValue(d float64) Datum { return Datum{Type: Decimal, Dec: d} }

// BoolValue returns a Boolean value.
func BoolValue(b bool) Datum { return Datum{Type: Boolean, Bool: b} }

// DateTimeValue returns a DateTime value in UTC.
func DateTimeValue(t time.Time) Datum { return Datum{Type: DateTime, Time: t.UTC()} }

// DurationValue returns a Duration value.
func DurationValue(d time.Duration) Datum { return Datum{Type: Duration, Dur: d} }

// NotSetValue returns NOT_SET of type t.
func NotSetValue(t Type) Datum { return Datum{Type: t, NotSet: true} }

// CollectionValue returns a collection of elem values. The items are not
// copied.
func CollectionValue(elem Type, items ...Datum) Datum {
	return Datum{Type: CollectionOf(elem), Items: items}
}

// ObjectValue returns an object value of type t, such as a Queue, with the
// given String properties.
func ObjectValue(t Type, props map[string]string) Datum {
	v := Datum{Type: t, Props: map[string]Datum{}}
	for name, s := range props {
		v.Props[strings.ToLower(name)] = StringValue(s)
	}
	return v
}

// AudioValue returns an Audio value that plays the segments in order.
func AudioValue(segments ...AudioSegment) Datum { return Datum{Type: Audio, Audio: segments} }

// String renders v for people: strings quoted, collections in brackets,
// NOT_SET as NOT_SET.
func (v Datum) String() string {
	if v.NotSet {
		return "NOT_SET"
	}
	switch {
	case v.Type == String:
		return strconv.Quote(v.Str)
	case v.Type.IsCollection():
		parts := make([]string, len(v.Items))
		for i, item := range v.Items {
			parts[i] = item.String()
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case v.Type == Audio || v.Type == Prompt:
		parts := make([]string, len(v.Audio))
		for i, s := range v.Audio {
			parts[i] = s.String()
		}
		return strings.Join(parts, ", ")
	case v.Props != nil:
		return fmt.Sprintf("%s %s", v.Type.Name(), propsText(v.Props))
	}
	s, err := toString(v)
	if err != nil {
		return fmt.Sprintf("<%s>", v.Type.Name())
	}
	return s
}

func propsText(props map[string]Datum) string {
	var parts []string
	for _, name := range []string{"id", "name", "e164", "email"} {
		if p, ok := props[name]; ok {
			parts = append(parts, name+"="+p.String())
		}
	}
	return "{" + strings.Join(parts, " ") + "}"
}

// Scope supplies what an expression reads while it is evaluated.
type Scope struct {
	// Var returns the value of a flow variable or built-in by name as
	// written. Names match case-insensitively, as in Env.
	Var func(name string) (Datum, bool)
	// Now is the clock that GetCurrentDateTimeUtc and
	// System.CurrentDateTimeUtc read, fixed for one evaluation.
	Now time.Time
	// Queues are the org's queues that FindQueue and FindQueueById find,
	// each an object of type Queue with id and name properties.
	Queues []Datum
}

// RuntimeError is an error an expression raises while it is evaluated, such
// as an index out of range. In a flow it sends the call to the flow's error
// handling. Pos is the 1-based character offset of the failing node.
type RuntimeError struct {
	Pos int
	Msg string
}

// Error renders e as "POS: message".
func (e *RuntimeError) Error() string { return fmt.Sprintf("%d: %s", e.Pos, e.Msg) }

// Eval evaluates the expression tree n. The tree may come from Parse or from
// CheckTree; only a checked tree carries the types that NOT_SET literals and
// implicit conversions need, so prefer CheckTree. Failures are returned as
// *RuntimeError.
func Eval(n *Node, s *Scope) (v Datum, err error) {
	e := &evaluator{scope: s}
	defer func() {
		if r := recover(); r != nil {
			re, ok := r.(*RuntimeError)
			if !ok {
				panic(r)
			}
			err = re
		}
	}()
	return e.eval(n), nil
}

type evaluator struct {
	scope *Scope
}

// fail abandons the evaluation with a runtime error at pos.
func (e *evaluator) fail(pos int, format string, args ...any) {
	panic(&RuntimeError{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func (e *evaluator) eval(n *Node) Datum {
	switch n.Kind {
	case KindLiteral:
		return e.literal(n)
	case KindNotSet, KindEmpty:
		return NotSetValue(n.Type)
	case KindVar:
		return e.variable(n)
	case KindCall:
		return e.call(n)
	case KindBinary:
		return e.binary(n)
	case KindUnary:
		return e.unary(n)
	case KindIndex:
		return e.index(n)
	case KindProperty:
		return e.property(n)
	case KindTernary:
		cond := e.need(n.Operands[0], "the condition of ?:")
		if cond.Bool {
			return e.eval(n.Operands[1])
		}
		return e.eval(n.Operands[2])
	}
	e.fail(n.Pos, "unexpected node kind %d", n.Kind)
	return Datum{}
}

func (e *evaluator) literal(n *Node) Datum {
	switch n.Type {
	case Integer:
		i, err := strconv.ParseInt(n.Text, 10, 64)
		if err != nil {
			e.fail(n.Pos, "integer literal %s is out of range", n.Text)
		}
		return IntValue(i)
	case Decimal:
		d, err := strconv.ParseFloat(n.Text, 64)
		if err != nil {
			e.fail(n.Pos, "invalid decimal literal %s", n.Text)
		}
		return DecimalValue(d)
	case Boolean:
		return BoolValue(n.Text == "true")
	}
	return StringValue(n.Text)
}

func (e *evaluator) variable(n *Node) Datum {
	if e.scope != nil && e.scope.Var != nil {
		if v, ok := e.scope.Var(n.Text); ok {
			return v
		}
	}
	name := strings.ToLower(n.Text)
	switch {
	case name == "system.currentdatetimeutc":
		return DateTimeValue(e.now())
	case name == "system.maxint":
		return IntValue(math.MaxInt64)
	case name == "system.minint":
		return IntValue(math.MinInt64)
	case strings.HasPrefix(name, "promptsystem."), strings.HasPrefix(name, "prompt."):
		return Datum{Type: Prompt, Audio: []AudioSegment{{Prompt: n.Text}}}
	}
	e.fail(n.Pos, "variable %s has no value", n.Text)
	return Datum{}
}

func (e *evaluator) now() time.Time {
	if e.scope == nil {
		return time.Time{}
	}
	return e.scope.Now.UTC()
}

// need evaluates n and fails when the value is NOT_SET, which every
// operator and most functions reject. what names the operand in the
// message.
//
// NOTE: Architect's documentation does not say, function by function, what a
// NOT_SET argument does. The evaluator treats it as a runtime error, except
// in IsSet, IsNotSet, IsNotSetOrEmpty, == and != and the branches of If and
// ?:, which are defined on NOT_SET.
func (e *evaluator) need(n *Node, what string) Datum {
	v := e.eval(n)
	if v.NotSet {
		e.fail(n.Pos, "%s is NOT_SET", what)
	}
	return v
}

// ---- operators ----

func (e *evaluator) binary(n *Node) Datum {
	op := n.Op
	if op == "and" || op == "or" {
		// Both operators short-circuit, so `Count(x) > 0 and x[0] == ""`
		// does not index an empty collection.
		left := e.need(n.Operands[0], "the left operand of "+op)
		if op == "and" && !left.Bool || op == "or" && left.Bool {
			return left
		}
		return BoolValue(e.need(n.Operands[1], "the right operand of "+op).Bool)
	}
	if op == "==" || op == "!=" {
		eq := e.equal(n, e.eval(n.Operands[0]), e.eval(n.Operands[1]))
		return BoolValue(eq == (op == "=="))
	}

	l := e.need(n.Operands[0], "the left operand of "+op)
	r := e.need(n.Operands[1], "the right operand of "+op)
	switch op {
	case "<", "<=", ">", ">=":
		c := e.compare(n, l, r)
		return BoolValue(op == "<" && c < 0 || op == "<=" && c <= 0 || op == ">" && c > 0 || op == ">=" && c >= 0)
	case "+", "-":
		if v, ok := e.timeArith(n, l, r); ok {
			return v
		}
	}
	return e.arith(n, l, r)
}

// equal compares two values for == and !=. NOT_SET equals only NOT_SET.
//
// NOTE: string comparison is case-sensitive here; whether Architect's ==
// ignores case is not documented where this project could check it.
func (e *evaluator) equal(n *Node, l, r Datum) bool {
	if l.NotSet || r.NotSet {
		return l.NotSet && r.NotSet
	}
	if l.Type.IsCollection() || r.Type.IsCollection() {
		if len(l.Items) != len(r.Items) {
			return false
		}
		for i := range l.Items {
			if !e.equal(n, l.Items[i], r.Items[i]) {
				return false
			}
		}
		return true
	}
	switch {
	case isNumber(l) && isNumber(r):
		return e.compare(n, l, r) == 0
	case l.Type != r.Type:
		e.fail(n.Pos, "cannot compare %s with %s", l.Type.Name(), r.Type.Name())
	case l.Props != nil:
		return l.Props["id"].Str == r.Props["id"].Str && l.Props["e164"].Str == r.Props["e164"].Str
	case l.Type == Boolean:
		return l.Bool == r.Bool
	case l.Type == Audio || l.Type == Prompt:
		return fmt.Sprint(l.Audio) == fmt.Sprint(r.Audio)
	}
	return e.compare(n, l, r) == 0
}

func isNumber(v Datum) bool { return v.Type == Integer || v.Type == Decimal }

// compare orders two values of one comparable type, or two numbers.
func (e *evaluator) compare(n *Node, l, r Datum) int {
	switch {
	case l.Type == Integer && r.Type == Integer:
		return cmpOrdered(l.Int, r.Int)
	case isNumber(l) && isNumber(r):
		return cmpOrdered(decimal(l), decimal(r))
	case l.Type != r.Type:
		e.fail(n.Pos, "cannot compare %s with %s", l.Type.Name(), r.Type.Name())
	case l.Type == String:
		return strings.Compare(l.Str, r.Str)
	case l.Type == DateTime, l.Type == Date, l.Type == Time:
		return l.Time.Compare(r.Time)
	case l.Type == Duration:
		return cmpOrdered(l.Dur, r.Dur)
	}
	e.fail(n.Pos, "cannot order values of type %s", l.Type.Name())
	return 0
}

func cmpOrdered[T int64 | float64 | time.Duration](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func decimal(v Datum) float64 {
	if v.Type == Integer {
		return float64(v.Int)
	}
	return v.Dec
}

// timeArith handles DateTime ± Duration, Duration + DateTime,
// DateTime - DateTime and Duration ± Duration.
func (e *evaluator) timeArith(n *Node, l, r Datum) (Datum, bool) {
	sign := time.Duration(1)
	if n.Op == "-" {
		sign = -1
	}
	switch {
	case l.Type == DateTime && r.Type == Duration:
		return DateTimeValue(l.Time.Add(sign * r.Dur)), true
	case l.Type == Duration && r.Type == DateTime && n.Op == "+":
		return DateTimeValue(r.Time.Add(l.Dur)), true
	case l.Type == DateTime && r.Type == DateTime && n.Op == "-":
		return DurationValue(l.Time.Sub(r.Time)), true
	case l.Type == Duration && r.Type == Duration:
		return DurationValue(l.Dur + sign*r.Dur), true
	}
	return Datum{}, false
}

// arith applies + - * / % ^ to two numbers. Integer arithmetic that
// overflows 64 bits is a runtime error; Integer / Integer truncates.
//
// NOTE: Architect stores decimals exactly; the evaluator uses float64, so a
// long decimal can round differently.
func (e *evaluator) arith(n *Node, l, r Datum) Datum {
	if !isNumber(l) || !isNumber(r) {
		e.fail(n.Pos, "operator %s cannot be applied to %s and %s", n.Op, l.Type.Name(), r.Type.Name())
	}
	if l.Type == Integer && r.Type == Integer {
		return IntValue(e.intArith(n, l.Int, r.Int))
	}
	a, b := decimal(l), decimal(r)
	switch n.Op {
	case "+":
		return DecimalValue(a + b)
	case "-":
		return DecimalValue(a - b)
	case "*":
		return DecimalValue(a * b)
	case "/", "%":
		if b == 0 {
			e.fail(n.Pos, "division by zero")
		}
		if n.Op == "/" {
			return DecimalValue(a / b)
		}
		return DecimalValue(math.Mod(a, b))
	case "^":
		return DecimalValue(math.Pow(a, b))
	}
	e.fail(n.Pos, "unknown operator %s", n.Op)
	return Datum{}
}

func (e *evaluator) intArith(n *Node, a, b int64) int64 {
	overflow := func() { e.fail(n.Pos, "integer overflow in %d %s %d", a, n.Op, b) }
	switch n.Op {
	case "+":
		s := a + b
		if (s > a) != (b > 0) {
			overflow()
		}
		return s
	case "-":
		d := a - b
		if (d < a) != (b > 0) {
			overflow()
		}
		return d
	case "*":
		if a != 0 && (a*b/a != b || a == -1 && b == math.MinInt64 || b == -1 && a == math.MinInt64) {
			overflow()
		}
		return a * b
	case "/", "%":
		if b == 0 {
			e.fail(n.Pos, "division by zero")
		}
		if a == math.MinInt64 && b == -1 {
			overflow()
		}
		if n.Op == "/" {
			return a / b
		}
		return a % b
	case "^":
		if b < 0 {
			e.fail(n.Pos, "negative exponent %d on an Integer; write a Decimal base", b)
		}
		switch a {
		case 0, 1:
			if b == 0 {
				return 1
			}
			return a
		case -1:
			if b%2 == 0 {
				return 1
			}
			return -1
		}
		// |a| >= 2, so the loop overflows within 64 steps.
		p := float64(1)
		result := int64(1)
		for i := int64(0); i < b; i++ {
			p *= float64(a)
			result *= a
			if math.Abs(p) > math.MaxInt64 {
				overflow()
			}
		}
		return result
	}
	e.fail(n.Pos, "unknown operator %s", n.Op)
	return 0
}

func (e *evaluator) unary(n *Node) Datum {
	v := e.need(n.Operands[0], "the operand of "+n.Op)
	switch {
	case n.Op == "!" && v.Type == Boolean:
		return BoolValue(!v.Bool)
	case n.Op == "-" && v.Type == Integer:
		if v.Int == math.MinInt64 {
			e.fail(n.Pos, "integer overflow in -%d", v.Int)
		}
		return IntValue(-v.Int)
	case n.Op == "-" && v.Type == Decimal:
		return DecimalValue(-v.Dec)
	case n.Op == "-" && v.Type == Duration:
		return DurationValue(-v.Dur)
	}
	e.fail(n.Pos, "operator %s cannot be applied to %s", n.Op, v.Type.Name())
	return Datum{}
}

// index evaluates coll[i]. Collections are indexed from 0; an index outside
// the collection is a runtime error.
func (e *evaluator) index(n *Node) Datum {
	coll := e.need(n.Operands[1], "the indexed collection")
	i := e.need(n.Operands[0], "the collection index")
	if !coll.Type.IsCollection() {
		e.fail(n.Pos, "cannot index %s, which is not a collection", coll.Type.Name())
	}
	if i.Type != Integer {
		e.fail(n.Operands[0].Pos, "collection index must be Integer, got %s", i.Type.Name())
	}
	if i.Int < 0 || i.Int >= int64(len(coll.Items)) {
		e.fail(n.Pos, "index %d is out of range for a collection of %d items", i.Int, len(coll.Items))
	}
	return coll.Items[i.Int]
}

// property evaluates obj.name.
//
// NOTE: a property of a NOT_SET object is NOT_SET here, so that
// ToPhoneNumber("sip:...").e164 is NOT_SET; Architect's documentation does not
// say whether it raises an error instead.
func (e *evaluator) property(n *Node) Datum {
	obj := e.eval(n.Operands[1])
	name := n.Operands[0].Text
	if obj.NotSet {
		t := n.Type
		if t == "" {
			t = String
		}
		return NotSetValue(t)
	}
	if p, ok := obj.Props[strings.ToLower(name)]; ok {
		return p
	}
	e.fail(n.Pos, "%s has no property %s", obj.Type.Name(), name)
	return Datum{}
}

// ---- functions ----

// call evaluates a function call by its canonical name. If evaluates only
// the branch its condition selects; every other function evaluates all
// arguments first, left to right.
func (e *evaluator) call(n *Node) Datum {
	fn, ok := LookupFunction(n.Text)
	if !ok {
		e.fail(n.Pos, "unknown function %s", n.Text)
	}
	if fn.Name == "If" {
		if len(n.Operands) != 3 {
			e.fail(n.Pos, "If expects 3 arguments, got %d", len(n.Operands))
		}
		if e.need(n.Operands[0], "the condition of If").Bool {
			return e.eval(n.Operands[1])
		}
		return e.eval(n.Operands[2])
	}

	args := make([]Datum, len(n.Operands))
	for i, o := range n.Operands {
		args[i] = e.eval(o)
	}
	c := &callEval{e: e, n: n, name: fn.Name, args: args}
	if f, ok := notSetFunctions[fn.Name]; ok {
		return f(c)
	}
	for i := range args {
		c.arg(i)
	}
	f, ok := evalFunctions[fn.Name]
	if !ok {
		e.fail(n.Pos, "the simulator does not evaluate %s", fn.Name)
	}
	return f(c)
}

// callEval is one function call being evaluated.
type callEval struct {
	e    *evaluator
	n    *Node
	name string
	args []Datum
}

func (c *callEval) fail(format string, args ...any) {
	c.e.fail(c.n.Pos, "%s: %s", c.name, fmt.Sprintf(format, args...))
}

// arg returns argument i and fails when it is NOT_SET.
func (c *callEval) arg(i int) Datum {
	if i >= len(c.args) {
		c.fail("expects at least %d arguments, got %d", i+1, len(c.args))
	}
	if c.args[i].NotSet {
		c.e.fail(c.n.Operands[i].Pos, "%s: argument %d is NOT_SET", c.name, i+1)
	}
	return c.args[i]
}

func (c *callEval) str(i int) string {
	v := c.arg(i)
	if v.Type != String {
		c.fail("argument %d must be String, got %s", i+1, v.Type.Name())
	}
	return v.Str
}

func (c *callEval) int(i int) int64 {
	v := c.arg(i)
	if v.Type != Integer {
		c.fail("argument %d must be Integer, got %s", i+1, v.Type.Name())
	}
	return v.Int
}

func (c *callEval) num(i int) float64 {
	v := c.arg(i)
	if !isNumber(v) {
		c.fail("argument %d must be a number, got %s", i+1, v.Type.Name())
	}
	return decimal(v)
}

func (c *callEval) dateTime(i int) time.Time {
	v := c.arg(i)
	if v.Type != DateTime {
		c.fail("argument %d must be DateTime, got %s", i+1, v.Type.Name())
	}
	return v.Time
}

func (c *callEval) coll(i int) Datum {
	v := c.arg(i)
	if !v.Type.IsCollection() {
		c.fail("argument %d must be a collection, got %s", i+1, v.Type.Name())
	}
	return v
}

// count returns a character count argument, which must not be negative.
func (c *callEval) count(i int) int {
	n := c.int(i)
	if n < 0 {
		c.fail("argument %d is %d; a character count cannot be negative", i+1, n)
	}
	return int(min(n, math.MaxInt32))
}

// notSetFunctions are defined on NOT_SET arguments.
var notSetFunctions = map[string]func(c *callEval) Datum{
	"IsSet":    func(c *callEval) Datum { return BoolValue(!c.args[0].NotSet) },
	"IsNotSet": func(c *callEval) Datum { return BoolValue(c.args[0].NotSet) },
	"IsNotSetOrEmpty": func(c *callEval) Datum {
		v := c.args[0]
		return BoolValue(v.NotSet || v.Type == String && v.Str == "" || v.Type.IsCollection() && len(v.Items) == 0)
	},
	// ToPhoneNumber returns NOT_SET for text that is not a phone number,
	// such as a sip: address.
	"ToPhoneNumber": func(c *callEval) Datum {
		v := c.arg(0)
		e164, ok := ParseE164(v.Str)
		if !ok {
			return NotSetValue(PhoneNumber)
		}
		return ObjectValue(PhoneNumber, map[string]string{"e164": e164})
	},
	// FindQueue and FindQueueById return NOT_SET when the org has no such
	// queue. Queue names match exactly and ids ignore case.
	"FindQueue": func(c *callEval) Datum {
		name := c.str(0)
		return c.findQueue(func(q Datum) bool { return q.Props["name"].Str == name })
	},
	"FindQueueById": func(c *callEval) Datum {
		id := c.str(0)
		return c.findQueue(func(q Datum) bool { return strings.EqualFold(q.Props["id"].Str, id) })
	},
}

func (c *callEval) findQueue(match func(Datum) bool) Datum {
	if c.e.scope != nil {
		for _, q := range c.e.scope.Queues {
			if match(q) {
				return q
			}
		}
	}
	return NotSetValue(Queue)
}

// ParseE164 returns the E.164 form (+ and 1 to 15 digits) of a phone
// number written as tel:+15551234567, +1 555 123 4567 or similar: a "tel:"
// prefix, visual separators (space, -, ., parentheses) and parameters after
// ";" are ignored. A number without a leading + or country code, and any
// other URI such as sip:, is not accepted.
//
// NOTE: Architect's ToPhoneNumber also parses national numbers in some
// cases; the simulator accepts only numbers in international form.
func ParseE164(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) >= 4 && strings.EqualFold(s[:4], "tel:") {
		s = s[4:]
	}
	s, _, _ = strings.Cut(s, ";")
	if !strings.HasPrefix(s, "+") {
		return "", false
	}
	digits := make([]byte, 0, len(s))
	for _, r := range s[1:] {
		switch {
		case r >= '0' && r <= '9':
			digits = append(digits, byte(r))
		case strings.ContainsRune(" -.()", r):
		default:
			return "", false
		}
	}
	if len(digits) == 0 || len(digits) > 15 || digits[0] == '0' {
		return "", false
	}
	return "+" + string(digits), true
}

// evalFunctions evaluates the catalog functions whose arguments are all set.
var evalFunctions = map[string]func(c *callEval) Datum{
	// Conversions.
	"ToString": func(c *callEval) Datum {
		s, err := toString(c.args[0])
		if err != nil {
			c.fail("%v", err)
		}
		return StringValue(s)
	},
	"ToInt":      toInt,
	"ToDecimal":  toDecimal,
	"ToBool":     toBool,
	"ToDateTime": toDateTime,

	// Audio.
	"ToAudioTTS": func(c *callEval) Datum { return AudioValue(AudioSegment{TTS: c.str(0)}) },
	"ToAudio":    func(c *callEval) Datum { return AudioValue(c.arg(0).Audio...) },
	"AudioPlaybackOptions": func(c *callEval) Datum {
		return AudioValue(c.arg(0).Audio...)
	},

	// Strings.
	"Append": appendValues,
	"Left": func(c *callEval) Datum {
		r := []rune(c.str(0))
		return StringValue(string(r[:min(c.count(1), len(r))]))
	},
	"Right": func(c *callEval) Datum {
		r := []rune(c.str(0))
		return StringValue(string(r[len(r)-min(c.count(1), len(r)):]))
	},
	"Substring": func(c *callEval) Datum {
		r := []rune(c.str(0))
		start, length := c.count(1), c.count(2)
		if start > len(r) {
			c.fail("start %d is beyond the end of a %d-character string", start, len(r))
		}
		return StringValue(string(r[start:min(start+length, len(r))]))
	},
	"Length":     func(c *callEval) Datum { return IntValue(int64(utf8.RuneCountInString(c.str(0)))) },
	"Lower":      func(c *callEval) Datum { return StringValue(strings.ToLower(c.str(0))) },
	"Upper":      func(c *callEval) Datum { return StringValue(strings.ToUpper(c.str(0))) },
	"Trim":       func(c *callEval) Datum { return StringValue(strings.TrimSpace(c.str(0))) },
	"Replace":    func(c *callEval) Datum { return StringValue(strings.ReplaceAll(c.str(0), c.str(1), c.str(2))) },
	"StartsWith": func(c *callEval) Datum { return BoolValue(strings.HasPrefix(c.str(0), c.str(1))) },
	"EndsWith":   func(c *callEval) Datum { return BoolValue(strings.HasSuffix(c.str(0), c.str(1))) },
	// Find returns the 0-based character offset of the first match, or -1.
	"Find": func(c *callEval) Datum {
		s := c.str(0)
		i := strings.Index(s, c.str(1))
		if i < 0 {
			return IntValue(-1)
		}
		return IntValue(int64(utf8.RuneCountInString(s[:i])))
	},
	"Split": func(c *callEval) Datum {
		var items []Datum
		for _, part := range strings.Split(c.str(0), c.str(1)) {
			items = append(items, StringValue(part))
		}
		return CollectionValue(String, items...)
	},
	"Contains": func(c *callEval) Datum {
		if v := c.arg(0); v.Type == String {
			return BoolValue(strings.Contains(v.Str, c.str(1)))
		}
		for _, item := range c.coll(0).Items {
			if c.e.equal(c.n, item, c.args[1]) {
				return BoolValue(true)
			}
		}
		return BoolValue(false)
	},

	// Collections.
	"Count": func(c *callEval) Datum { return IntValue(int64(len(c.coll(0).Items))) },
	"GetAt": func(c *callEval) Datum {
		coll, i := c.coll(0), c.int(1)
		if i < 0 || i >= int64(len(coll.Items)) {
			c.fail("index %d is out of range for a collection of %d items", i, len(coll.Items))
		}
		return coll.Items[i]
	},
	"MakeList": func(c *callEval) Datum {
		elem := c.n.Type.Elem()
		if elem == "" && len(c.args) > 0 {
			elem = c.args[0].Type
		}
		return CollectionValue(elem, append([]Datum(nil), c.args...)...)
	},
	"AddItem": func(c *callEval) Datum {
		coll := c.coll(0)
		items := append(append([]Datum(nil), coll.Items...), c.args[1])
		return Datum{Type: coll.Type, Items: items}
	},

	// Numbers.
	"Abs": func(c *callEval) Datum {
		if v := c.arg(0); v.Type == Integer {
			if v.Int == math.MinInt64 {
				c.fail("integer overflow")
			}
			return IntValue(max(v.Int, -v.Int))
		}
		return DecimalValue(math.Abs(c.num(0)))
	},
	"Min":     func(c *callEval) Datum { return pick(c, -1) },
	"Max":     func(c *callEval) Datum { return pick(c, 1) },
	"Round":   func(c *callEval) Datum { return c.toInteger(math.Round(c.num(0))) },
	"Floor":   func(c *callEval) Datum { return c.toInteger(math.Floor(c.num(0))) },
	"Ceiling": func(c *callEval) Datum { return c.toInteger(math.Ceil(c.num(0))) },

	// Dates, times and durations.
	"GetCurrentDateTimeUtc": func(c *callEval) Datum { return DateTimeValue(c.e.now()) },
	"AddSeconds":            func(c *callEval) Datum { return c.addDuration(time.Second) },
	"AddMinutes":            func(c *callEval) Datum { return c.addDuration(time.Minute) },
	"AddHours":              func(c *callEval) Datum { return c.addDuration(time.Hour) },
	"AddDays": func(c *callEval) Datum {
		return DateTimeValue(c.dateTime(0).AddDate(0, 0, int(c.int(1))))
	},
	"AddMonths": func(c *callEval) Datum {
		return DateTimeValue(c.dateTime(0).AddDate(0, int(c.int(1)), 0))
	},
	"AddYears": func(c *callEval) Datum {
		return DateTimeValue(c.dateTime(0).AddDate(int(c.int(1)), 0, 0))
	},
	// DateTimeDiff returns the first DateTime minus the second.
	"DateTimeDiff": func(c *callEval) Datum { return DurationValue(c.dateTime(0).Sub(c.dateTime(1))) },
	"MakeDateTime": func(c *callEval) Datum {
		f := make([]int, 6)
		for i := range f {
			f[i] = int(c.int(i))
		}
		return DateTimeValue(time.Date(f[0], time.Month(f[1]), f[2], f[3], f[4], f[5], 0, time.UTC))
	},
	"MakeDuration": func(c *callEval) Datum {
		d := time.Duration(c.int(0))*24*time.Hour + time.Duration(c.int(1))*time.Hour +
			time.Duration(c.int(2))*time.Minute + time.Duration(c.int(3))*time.Second
		return DurationValue(d)
	},
	"MakeDurationFromMilliseconds": func(c *callEval) Datum {
		return DurationValue(time.Duration(c.int(0)) * time.Millisecond)
	},

	// Prompts.
	"FindUserPrompt": func(c *callEval) Datum {
		return Datum{Type: Prompt, Audio: []AudioSegment{{Prompt: "Prompt." + c.str(0)}}}
	},
	"FindSystemPrompt": func(c *callEval) Datum {
		return Datum{Type: Prompt, Audio: []AudioSegment{{Prompt: "PromptSystem." + c.str(0)}}}
	},
}

// addDuration adds argument 2, a count of unit, to the DateTime argument 1.
// The result must stay within the years 1 to 9999.
func (c *callEval) addDuration(unit time.Duration) Datum {
	t, n := c.dateTime(0), c.int(1)
	limit := int64(math.MaxInt64 / int64(unit))
	if n > limit || n < -limit {
		c.fail("adding %d to a DateTime overflows", n)
	}
	out := t.Add(time.Duration(n) * unit)
	if out.Year() < 1 || out.Year() > 9999 || (n > 0) != out.After(t) && n != 0 {
		c.fail("adding %d to %s leaves the DateTime range", n, formatDateTime(t))
	}
	return DateTimeValue(out)
}

func (c *callEval) toInteger(f float64) Datum {
	if math.IsNaN(f) || f >= math.MaxInt64 || f < math.MinInt64 {
		c.fail("%v does not fit an Integer", f)
	}
	return IntValue(int64(f))
}

// pick returns the smaller (sign -1) or larger (sign 1) of two numbers,
// keeping Integer when both are.
func pick(c *callEval, sign int) Datum {
	a, b := c.arg(0), c.arg(1)
	if cmp := c.e.compare(c.n, a, b); cmp*sign >= 0 {
		return a
	}
	return b
}

func appendValues(c *callEval) Datum {
	if c.args[0].Type == Audio || c.args[0].Type == Prompt {
		var segments []AudioSegment
		for _, a := range c.args {
			segments = append(segments, a.Audio...)
		}
		return AudioValue(segments...)
	}
	var b strings.Builder
	for i := range c.args {
		b.WriteString(c.str(i))
	}
	return StringValue(b.String())
}

func toInt(c *callEval) Datum {
	v := c.arg(0)
	switch v.Type {
	case Integer:
		return v
	case Decimal:
		return c.toInteger(math.Trunc(v.Dec))
	case Boolean:
		if v.Bool {
			return IntValue(1)
		}
		return IntValue(0)
	case String:
		i, err := strconv.ParseInt(strings.TrimSpace(v.Str), 10, 64)
		if err != nil {
			c.fail("%q is not an Integer", v.Str)
		}
		return IntValue(i)
	}
	c.fail("cannot convert %s to Integer", v.Type.Name())
	return Datum{}
}

func toDecimal(c *callEval) Datum {
	v := c.arg(0)
	switch v.Type {
	case Integer, Decimal:
		return DecimalValue(decimal(v))
	case String:
		d, err := strconv.ParseFloat(strings.TrimSpace(v.Str), 64)
		if err != nil || math.IsInf(d, 0) || math.IsNaN(d) {
			c.fail("%q is not a Decimal", v.Str)
		}
		return DecimalValue(d)
	}
	c.fail("cannot convert %s to Decimal", v.Type.Name())
	return Datum{}
}

func toBool(c *callEval) Datum {
	v := c.arg(0)
	switch v.Type {
	case Boolean:
		return v
	case Integer:
		return BoolValue(v.Int != 0)
	case String:
		switch strings.ToLower(strings.TrimSpace(v.Str)) {
		case "true":
			return BoolValue(true)
		case "false":
			return BoolValue(false)
		}
		c.fail("%q is not a Boolean; write true or false", v.Str)
	}
	c.fail("cannot convert %s to Boolean", v.Type.Name())
	return Datum{}
}

func toDateTime(c *callEval) Datum {
	v := c.arg(0)
	if v.Type == DateTime {
		return v
	}
	t, err := time.Parse(time.RFC3339Nano, c.str(0))
	if err != nil {
		c.fail("%q is not an ISO 8601 date and time such as 2024-05-01T12:00:00.000Z", v.Str)
	}
	return DateTimeValue(t)
}

// dateTimeLayout is the format ToString writes a DateTime in: ISO 8601 in UTC with
// milliseconds.
//
// NOTE: the format is the ISO 8601 form that Genesys Cloud's APIs use; the
// exact text of Architect's ToString(DateTime) has not been observed.
const dateTimeLayout = "2006-01-02T15:04:05.000Z"

func formatDateTime(t time.Time) string { return t.UTC().Format(dateTimeLayout) }

// toString converts a value to text as ToString does.
func toString(v Datum) (string, error) {
	if v.NotSet {
		return "", fmt.Errorf("argument 1 is NOT_SET")
	}
	switch v.Type {
	case String:
		return v.Str, nil
	case Integer:
		return strconv.FormatInt(v.Int, 10), nil
	case Decimal:
		return strconv.FormatFloat(v.Dec, 'f', -1, 64), nil
	case Boolean:
		return strconv.FormatBool(v.Bool), nil
	case DateTime:
		return formatDateTime(v.Time), nil
	case Duration:
		return formatDuration(v.Dur), nil
	case PhoneNumber:
		return v.Props["e164"].Str, nil
	}
	return "", fmt.Errorf("the simulator does not convert %s to String", v.Type.Name())
}

// formatDuration writes d in ISO 8601 form, such as PT1H30M or -PT5S.
func formatDuration(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	var b strings.Builder
	b.WriteString(sign + "P")
	if days := d / (24 * time.Hour); days > 0 {
		fmt.Fprintf(&b, "%dD", days)
		d -= days * 24 * time.Hour
	}
	if d == 0 {
		if b.Len() == len(sign)+1 {
			b.WriteString("T0S")
		}
		return b.String()
	}
	b.WriteByte('T')
	if h := d / time.Hour; h > 0 {
		fmt.Fprintf(&b, "%dH", h)
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 {
		fmt.Fprintf(&b, "%dM", m)
		d -= m * time.Minute
	}
	if d > 0 {
		b.WriteString(strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + "S")
	}
	return b.String()
}
