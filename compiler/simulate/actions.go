package simulate

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/callpark/callpark/compiler/expr"
)

// actionFunc runs one action whose mapping is body, printed at depth.
type actionFunc func(m *machine, body *yaml.Node, depth int) (signal, error)

// actions lists the Archy action types the simulator runs. runActions
// rejects any other type, so a flow never silently skips an action.
var actions map[string]actionFunc

func init() {
	actions = map[string]actionFunc{
		"playAudio":    (*machine).playAudio,
		"disconnect":   (*machine).disconnect,
		"jumpToTask":   (*machine).jumpToTask,
		"jumpToMenu":   (*machine).jumpToMenu,
		"decision":     (*machine).decision,
		"updateData":   (*machine).updateData,
		"collectInput": (*machine).collectInput,
		"callData":     (*machine).callData,
		"loop":         (*machine).loop,
		"exitLoop":     (*machine).exitLoopAction,
	}
}

// runActions runs an action list in order until one ends the call, jumps,
// or raises a flow error.
func (m *machine) runActions(list *yaml.Node, depth int) (signal, error) {
	for _, item := range seq(list) {
		m.steps++
		if m.steps > MaxSteps {
			return end, fmt.Errorf("stopped after %d actions; the flow may loop forever", MaxSteps)
		}
		kind := keyOf(item)
		run, ok := actions[kind]
		if !ok {
			return end, fmt.Errorf("the simulator does not run %s actions (line %d)", kind, item.Line)
		}
		sig, err := run(m, item.Content[1], depth)
		if err != nil || sig != next {
			return sig, err
		}
	}
	return next, nil
}

// branch records that the action at Path index i took the output name and
// runs that output's actions. A missing output, or one without actions,
// continues after the action, as in Architect.
func (m *machine) branch(body *yaml.Node, depth, i int, name string) (signal, error) {
	m.output(depth+1, i, name)
	return m.runActions(field(field(field(body, "outputs"), name), "actions"), depth+2)
}

func (m *machine) playAudio(body *yaml.Node, depth int) (signal, error) {
	m.enter(depth, "playAudio", scalar(body, "name"))
	segments, err := m.audio(field(body, "audio"))
	if err != nil {
		return end, err
	}
	m.play(depth+1, segments)
	return next, nil
}

func (m *machine) disconnect(body *yaml.Node, depth int) (signal, error) {
	name := scalar(body, "name")
	m.enter(depth, "disconnect", name)
	if m.trace.Connected {
		m.trace.Outcome = fmt.Sprintf("the parked call is connected to the retriever, and the retrieval flow ended with disconnect %q", name)
	} else {
		m.trace.Outcome = fmt.Sprintf("the flow disconnected the call (disconnect %q)", name)
	}
	return end, nil
}

func (m *machine) jumpToTask(body *yaml.Node, depth int) (signal, error) {
	m.enter(depth, "jumpToTask", scalar(body, "name"))
	target, err := refID(scalar(body, "targetTaskRef"))
	if err != nil {
		return end, err
	}
	m.target = target
	return jump, nil
}

func (m *machine) jumpToMenu(body *yaml.Node, depth int) (signal, error) {
	m.enter(depth, "jumpToMenu", scalar(body, "name"))
	target, err := refID(scalar(body, "targetMenuRef"))
	if err != nil {
		return end, err
	}
	for _, item := range seq(field(m.flow.Root, "menus")) {
		if menu := field(item, "menu"); scalar(menu, "refId") == target {
			return m.menu(menu, depth+1)
		}
	}
	return end, fmt.Errorf("reference to unknown menu %q", target)
}

func (m *machine) decision(body *yaml.Node, depth int) (signal, error) {
	i := m.enter(depth, "decision", scalar(body, "name"))
	cond := field(body, "condition")
	v, err := m.value(cond, expr.Boolean)
	if err != nil {
		return end, err
	}
	if v.NotSet {
		return end, &flowError{fmt.Sprintf("the condition of decision %q is NOT_SET", scalar(body, "name"))}
	}
	m.line(depth+1, "condition %s is %s", valueText(cond), v)
	out := "no"
	if v.Bool {
		out = "yes"
	}
	return m.branch(body, depth, i, out)
}

// updateData runs each statement `- TYPE: {variable: Flow.X, value: ...}`.
func (m *machine) updateData(body *yaml.Node, depth int) (signal, error) {
	m.enter(depth, "updateData", scalar(body, "name"))
	for _, st := range seq(field(body, "statements")) {
		if len(st.Content) != 2 {
			continue
		}
		name := scalar(st.Content[1], "variable")
		if err := m.assign(name, field(st.Content[1], "value"), depth+1); err != nil {
			return end, err
		}
	}
	return next, nil
}

// assign evaluates the value node and stores it in the flow variable.
func (m *machine) assign(name string, valueNode *yaml.Node, depth int) error {
	t, ok := m.varTypes[strings.ToLower(name)]
	if !ok {
		return fmt.Errorf("assignment to undeclared variable %s", name)
	}
	v, err := m.value(valueNode, t)
	if err != nil {
		return err
	}
	m.set(name, v, depth)
	return nil
}

func (m *machine) set(name string, v expr.Datum, depth int) {
	m.vars[strings.ToLower(name)] = v
	m.line(depth, "%s = %s", name, v)
}

// collectInput plays the input audio and takes the caller's next entry.
// An entry that is missing, empty, or shorter than the minimum number of
// digits takes the failure output, as a no-entry or inter-digit timeout
// does in Architect. So does an entry longer than the maximum.
//
// NOTE: with more digits than the maximum, Architect may instead stop
// collecting at the maximum and take success with the first digits. The
// simulator treats the whole entry as a wrong code.
func (m *machine) collectInput(body *yaml.Node, depth int) (signal, error) {
	i := m.enter(depth, "collectInput", scalar(body, "name"))
	segments, err := m.audio(field(body, "inputAudio"))
	if err != nil {
		return end, err
	}
	m.play(depth+1, segments)

	minDigits, maxDigits, err := digitRange(field(body, "digits"))
	if err != nil {
		return end, err
	}
	if len(m.digits) == 0 {
		m.line(depth+1, "the caller enters nothing, so the no-entry timeout%s expires", m.timeoutText(field(body, "noEntryTimeout")))
		return m.branch(body, depth, i, "failure")
	}
	entry := m.digits[0]
	m.digits = m.digits[1:]
	switch {
	case entry == "":
		m.line(depth+1, "the caller enters nothing, so the no-entry timeout%s expires", m.timeoutText(field(body, "noEntryTimeout")))
		return m.branch(body, depth, i, "failure")
	case len(entry) < minDigits || len(entry) > maxDigits:
		m.line(depth+1, "the caller enters %s: %d digits, but this input accepts %s", entry, len(entry), rangeText(minDigits, maxDigits))
		return m.branch(body, depth, i, "failure")
	}
	m.line(depth+1, "the caller enters %s", entry)
	if v := scalar(field(body, "inputData"), "var"); v != "" {
		m.set(v, expr.StringValue(entry), depth+1)
	}
	return m.branch(body, depth, i, "success")
}

// digitRange reads `digits: {range: {min, max}}` or `digits: {exact: N}`.
func digitRange(n *yaml.Node) (int, int, error) {
	if exact := scalar(n, "exact"); exact != "" {
		d, err := strconv.Atoi(exact)
		return d, d, err
	}
	r := field(n, "range")
	if r == nil {
		return 1, 1 << 10, nil
	}
	lo, err := strconv.Atoi(scalar(r, "min"))
	if err != nil {
		return 0, 0, fmt.Errorf("collect input: invalid digits.range.min: %w", err)
	}
	hi, err := strconv.Atoi(scalar(r, "max"))
	if err != nil {
		return 0, 0, fmt.Errorf("collect input: invalid digits.range.max: %w", err)
	}
	return lo, hi, nil
}

func rangeText(lo, hi int) string {
	if lo == hi {
		return fmt.Sprintf("exactly %d digits", lo)
	}
	return fmt.Sprintf("%d to %d digits", lo, hi)
}

func (m *machine) timeoutText(n *yaml.Node) string {
	if n == nil {
		return ""
	}
	v, err := m.value(n, expr.Duration)
	if err != nil || v.NotSet {
		return ""
	}
	return " (" + v.Dur.String() + ")"
}

// loop runs `outputs.loop.actions` loopCount times, counting currentIndex
// from 0, until an exitLoop action runs.
func (m *machine) loop(body *yaml.Node, depth int) (signal, error) {
	i := m.enter(depth, "loop", scalar(body, "name"))
	count, err := m.value(field(body, "loopCount"), expr.Integer)
	if err != nil {
		return end, err
	}
	if count.NotSet {
		return end, &flowError{fmt.Sprintf("the loop count of loop %q is NOT_SET", scalar(body, "name"))}
	}
	index := scalar(field(body, "currentIndex"), "var")
	for n := int64(0); n < count.Int; n++ {
		if index != "" {
			m.set(index, expr.IntValue(n), depth+1)
		}
		sig, err := m.branch(body, depth, i, "loop")
		switch {
		case err != nil:
			return end, err
		case sig == exitLoop:
			return next, nil
		case sig != next:
			return sig, nil
		}
	}
	return next, nil
}

func (m *machine) exitLoopAction(body *yaml.Node, depth int) (signal, error) {
	m.enter(depth, "exitLoop", scalar(body, "name"))
	return exitLoop, nil
}

// menu plays a menu's audio and takes the choice whose dtmf key matches the
// first digit of the caller's next entry. Supported choices: menuDisconnect,
// menuJumpToTask and menuTask.
//
// NOTE: Architect repeats a menu after a selection timeout; the simulator
// ends the call when the caller selects nothing or an unknown key.
func (m *machine) menu(menu *yaml.Node, depth int) (signal, error) {
	m.line(depth, "menu %q", scalar(menu, "name"))
	segments, err := m.audio(field(menu, "audio"))
	if err != nil {
		return end, err
	}
	m.play(depth+1, segments)
	if len(m.digits) == 0 || m.digits[0] == "" {
		m.line(depth+1, "the caller selects nothing; the simulator ends the call here")
		m.trace.Outcome = "the caller made no menu selection"
		return end, nil
	}
	key := "digit_" + m.digits[0][:1]
	m.digits = m.digits[1:]
	for _, item := range seq(field(menu, "choices")) {
		kind, choice := keyOf(item), item.Content[1]
		if scalar(choice, "dtmf") != key {
			continue
		}
		m.line(depth+1, "the caller presses %s: %s %q", key, kind, scalar(choice, "name"))
		switch kind {
		case "menuDisconnect":
			m.trace.Outcome = fmt.Sprintf("the caller chose %q in menu %q and the call disconnected", scalar(choice, "name"), scalar(menu, "name"))
			return end, nil
		case "menuJumpToTask":
			target, err := refID(scalar(choice, "targetTaskRef"))
			m.target = target
			return jump, err
		case "menuTask":
			return m.runActions(field(field(choice, "task"), "actions"), depth+2)
		}
		return end, fmt.Errorf("the simulator does not run menu choices of type %s", kind)
	}
	m.line(depth+1, "the caller presses %s, which no choice uses; the simulator ends the call here", key)
	m.trace.Outcome = "the caller pressed a key that the menu does not offer"
	return end, nil
}

// ---- values ----

// value evaluates an Archy value mapping: exp, lit, var or noValue. An
// Integer converts to Decimal where want is Decimal.
func (m *machine) value(n *yaml.Node, want expr.Type) (expr.Datum, error) {
	var v expr.Datum
	var err error
	switch {
	case n == nil || field(n, "noValue") != nil:
		return expr.NotSetValue(want), nil
	case field(n, "exp") != nil:
		v, err = m.eval(scalar(n, "exp"))
	case field(n, "lit") != nil:
		v, err = literal(field(n, "lit"), want)
	case field(n, "var") != nil:
		name := scalar(n, "var")
		var ok bool
		if v, ok = m.vars[strings.ToLower(name)]; !ok {
			err = fmt.Errorf("variable %s is not declared", name)
		}
	default:
		err = fmt.Errorf("unsupported value at line %d; expected exp, lit, var or noValue", n.Line)
	}
	if err != nil {
		return expr.Datum{}, err
	}
	if want == expr.Decimal && v.Type == expr.Integer && !v.NotSet {
		v = expr.DecimalValue(float64(v.Int))
	}
	return v, nil
}

// valueText returns the source of a value mapping for the trace.
func valueText(n *yaml.Node) string {
	if e := scalar(n, "exp"); e != "" {
		return e
	}
	if l := field(n, "lit"); l != nil && l.Kind == yaml.ScalarNode {
		return strconv.Quote(l.Value)
	}
	return "(value)"
}

// eval checks and evaluates an expression. A runtime error is a flow
// error; an expression that does not check is a simulator error, because
// the compiler has already checked every expression.
func (m *machine) eval(text string) (expr.Datum, error) {
	c, ok := m.exprs[text]
	if !ok {
		var errs []expr.Error
		c, errs = expr.CheckTree(text, m.env)
		if len(errs) > 0 {
			return expr.Datum{}, fmt.Errorf("expression %q: %v", text, errs[0])
		}
		m.exprs[text] = c
	}
	v, err := expr.Eval(c.Root, m.scope())
	var re *expr.RuntimeError
	if errors.As(err, &re) {
		return expr.Datum{}, &flowError{fmt.Sprintf("expression %s failed at character %d: %s", text, re.Pos, re.Msg)}
	}
	return v, err
}

// scope exposes the flow variables and the built-ins the simulation sets:
// Call.Ani (the caller), Call.ConversationId, Flow.FlowName and
// Flow.StartDateTimeUtc (the fixed clock).
func (m *machine) scope() *expr.Scope {
	builtins := map[string]expr.Datum{
		"call.ani":              expr.StringValue(m.opts.Caller),
		"call.conversationid":   expr.StringValue(simulatedConversation),
		"flow.flowname":         expr.StringValue(m.flow.Name),
		"flow.startdatetimeutc": expr.DateTimeValue(m.opts.Now),
	}
	return &expr.Scope{
		Var: func(name string) (expr.Datum, bool) {
			key := strings.ToLower(name)
			if v, ok := m.vars[key]; ok {
				return v, true
			}
			v, ok := builtins[key]
			return v, ok
		},
		Now:    m.opts.Now,
		Queues: m.queues(),
	}
}

// literal converts an Archy `lit:` value to a datum of type t.
func literal(n *yaml.Node, t expr.Type) (expr.Datum, error) {
	if t == expr.Duration {
		return durationLiteral(n)
	}
	if n.Kind != yaml.ScalarNode {
		return expr.Datum{}, fmt.Errorf("unsupported %s literal at line %d", t.Name(), n.Line)
	}
	switch t {
	case expr.String:
		return expr.StringValue(n.Value), nil
	case expr.Integer:
		i, err := strconv.ParseInt(n.Value, 10, 64)
		return expr.IntValue(i), err
	case expr.Decimal:
		d, err := strconv.ParseFloat(n.Value, 64)
		return expr.DecimalValue(d), err
	case expr.Boolean:
		b, err := strconv.ParseBool(n.Value)
		return expr.BoolValue(b), err
	}
	return expr.Datum{}, fmt.Errorf("the simulator does not read %s literals (line %d)", t.Name(), n.Line)
}

// durationLiteral reads {hours: 1, minutes: 2, seconds: 3, ms: 4}.
func durationLiteral(n *yaml.Node) (expr.Datum, error) {
	units := map[string]time.Duration{"days": 24 * time.Hour, "hours": time.Hour, "minutes": time.Minute, "seconds": time.Second, "ms": time.Millisecond}
	var d time.Duration
	for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
		unit, ok := units[n.Content[i].Value]
		count, err := strconv.ParseInt(n.Content[i+1].Value, 10, 64)
		if !ok || err != nil {
			return expr.Datum{}, fmt.Errorf("invalid duration literal at line %d", n.Line)
		}
		d += time.Duration(count) * unit
	}
	return expr.DurationValue(d), nil
}

// audio returns what an Archy audio mapping plays: tts, prompt, an
// expression of type Audio or Prompt, or nothing for noValue.
func (m *machine) audio(n *yaml.Node) ([]expr.AudioSegment, error) {
	switch {
	case n == nil || field(n, "noValue") != nil:
		return nil, nil
	case field(n, "tts") != nil:
		return []expr.AudioSegment{{TTS: scalar(n, "tts")}}, nil
	case field(n, "prompt") != nil:
		return []expr.AudioSegment{{Prompt: scalar(n, "prompt")}}, nil
	case field(n, "exp") != nil:
		v, err := m.eval(scalar(n, "exp"))
		if err != nil {
			return nil, err
		}
		return v.Audio, nil
	}
	return nil, fmt.Errorf("unsupported audio at line %d; expected tts, prompt, exp or noValue", n.Line)
}
