package simulate

import (
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/callpark/callpark/compiler"
	"github.com/callpark/callpark/compiler/archy"
	"github.com/callpark/callpark/compiler/expr"
)

// machine is the state of one simulated call.
type machine struct {
	res   *compiler.Result
	opts  Options
	flow  *archy.Flow
	env   *expr.Env
	trace *Trace

	// vars holds every flow variable by lower-case name, and varTypes
	// their declared types.
	vars     map[string]expr.Datum
	varTypes map[string]expr.Type
	// tasks maps a task's refId to its mapping node.
	tasks map[string]*yaml.Node
	// digits are the caller's entries not yet collected.
	digits []string
	// calls are the parked calls the find-waiting-calls data action
	// returned, by conversation id.
	calls map[string]waitingCall
	// target is the refId of the task that the last jump signal names.
	target string
	steps  int
	exprs  map[string]*expr.Checked
}

// signal reports to the caller of runActions how an action list ended.
type signal int

const (
	next     signal = iota // the list ran to its end; continue after it
	jump                   // a jumpToTask ran; machine.target names the task
	end                    // the call ended
	exitLoop               // an exitLoop action ran inside a loop
)

// flowError is an error inside the flow, such as an expression's runtime
// error, which Architect sends to the flow's error handling.
type flowError struct {
	msg string
}

func (e *flowError) Error() string { return e.msg }

func newMachine(res *compiler.Result, f compiler.Flow, opts Options) (*machine, error) {
	flow, errs := archy.Parse(f.Path, f.YAML, nil)
	if flow == nil {
		return nil, errs.Err()
	}
	m := &machine{
		res: res, opts: opts, flow: flow, trace: &Trace{},
		vars: map[string]expr.Datum{}, varTypes: map[string]expr.Type{},
		tasks: map[string]*yaml.Node{}, digits: opts.Digits,
		calls: map[string]waitingCall{}, exprs: map[string]*expr.Checked{},
	}
	if err := m.declare(); err != nil {
		return nil, err
	}
	for _, item := range seq(field(flow.Root, "tasks")) {
		task := field(item, "task")
		m.tasks[scalar(task, "refId")] = task
	}
	return m, nil
}

// declare builds the expression environment and gives every declared
// variable its initial value. A collection variable without one starts
// empty, any other variable NOT_SET.
func (m *machine) declare() error {
	var vars []expr.Var
	for _, item := range seq(field(m.flow.Root, "variables")) {
		if len(item.Content) != 2 {
			continue
		}
		decl, body := item.Content[0].Value, item.Content[1]
		t, ok := archy.VarType(decl)
		if !ok {
			return fmt.Errorf("the simulator does not support variable declarations of type %s", decl)
		}
		name := scalar(body, "name")
		vars = append(vars, expr.Var{Name: name, Type: t})
		m.varTypes[strings.ToLower(name)] = t

		init := expr.NotSetValue(t)
		if t.IsCollection() {
			init = expr.CollectionValue(t.Elem())
		}
		if lit := field(field(body, "initialValue"), "lit"); lit != nil {
			v, err := literal(lit, t)
			if err != nil {
				return fmt.Errorf("initial value of %s: %w", name, err)
			}
			init = v
		}
		m.vars[strings.ToLower(name)] = init
	}
	m.env = expr.NewEnv(vars...)
	return nil
}

// ---- trace output ----

func (m *machine) line(depth int, format string, args ...any) {
	m.trace.Lines = append(m.trace.Lines, Line{Depth: depth, Text: fmt.Sprintf(format, args...)})
}

// enter records the start of an action and returns its index in Path.
func (m *machine) enter(depth int, kind, name string) int {
	m.line(depth, "%s %q", kind, name)
	m.trace.Path = append(m.trace.Path, fmt.Sprintf("%s %q", kind, name))
	return len(m.trace.Path) - 1
}

// output records that the action at Path index i took output name.
func (m *machine) output(depth, i int, name string) {
	m.line(depth, "-> %s", name)
	m.trace.Path[i] += " -> " + name
}

// play records audio played to the caller.
func (m *machine) play(depth int, segments []expr.AudioSegment) {
	for _, s := range segments {
		m.line(depth, "plays %s", s)
		m.trace.Prompts = append(m.trace.Prompts, s.String())
	}
}

// ---- the call ----

func (m *machine) run() (*Trace, error) {
	var err error
	if m.flow.Kind == "inqueueCall" {
		err = m.runInQueue()
	} else {
		err = m.runInbound()
	}
	if err != nil {
		return nil, err
	}
	return m.trace, nil
}

func (m *machine) runInbound() error {
	m.line(0, "inbound call flow %q: call from %s, digits %s, %d matching parked call(s), clock %s",
		m.flow.Name, m.opts.Caller, digitsText(m.opts.Digits), m.opts.Matches, expr.DateTimeValue(m.opts.Now))
	if greeting := field(m.flow.Root, "initialGreeting"); greeting != nil {
		segments, err := m.audio(greeting)
		if err != nil {
			return m.handle(err)
		}
		m.line(0, "initial greeting")
		m.play(1, segments)
	}

	ref := scalar(m.flow.Root, "startUpRef")
	target, err := refID(ref)
	if err != nil {
		return err
	}
	if strings.Contains(ref, "/menus/") {
		return m.runFromMenu(target)
	}
	return m.runTasks(target)
}

// runTasks runs the task with refId target and every task it jumps to.
func (m *machine) runTasks(target string) error {
	for {
		task, ok := m.tasks[target]
		if !ok {
			return fmt.Errorf("reference to unknown task %q", target)
		}
		m.line(0, "task %s", scalar(task, "name"))
		sig, err := m.runActions(field(task, "actions"), 1)
		switch {
		case err != nil:
			return m.handle(err)
		case sig == jump:
			target = m.target
			continue
		case sig == next:
			// NOTE: Architect does not publish a task whose last path
			// lacks a terminating action; the simulator ends the call.
			m.line(1, "end of task without a terminating action; the call disconnects")
			m.trace.Outcome = "the task ended and the call disconnected"
		}
		return nil
	}
}

// runInQueue runs the in-queue flow's start-up actions opts.HoldRounds
// times. Architect repeats them while the call waits in the queue, so the
// simulation stops after a bound instead of at an end.
func (m *machine) runInQueue() error {
	m.line(0, "in-queue call flow %q: a parked caller waits in the holding queue, clock %s", m.flow.Name, expr.DateTimeValue(m.opts.Now))
	if music := field(field(field(m.flow.Root, "settingsInQueueCall"), "holdMusic"), "lit"); music != nil {
		m.line(0, "hold music: prompt %s, played whenever no action plays audio", scalar(music, "name"))
	}
	actions := field(m.flow.Root, "startUpTaskActions")
	for round := 1; round <= m.opts.HoldRounds; round++ {
		m.line(0, "round %d: start-up task actions", round)
		sig, err := m.runActions(actions, 1)
		switch {
		case err != nil:
			return m.handle(err)
		case sig == jump:
			return m.runTasks(m.target)
		case sig == end:
			return nil
		}
	}
	m.trace.Outcome = fmt.Sprintf("the caller is still waiting after %d rounds; the in-queue flow repeats its start-up actions until the call leaves the queue", m.opts.HoldRounds)
	return nil
}

// handle runs the flow's error handling for a flow error: it plays
// preHandlingAudio, then takes the errorHandling action. Other errors are
// returned unchanged.
func (m *machine) handle(err error) error {
	var fe *flowError
	if !errors.As(err, &fe) {
		return err
	}
	m.trace.ErrorHandled = true
	settings := field(m.flow.Root, "settingsErrorHandling")
	m.line(0, "error: %s", fe.msg)
	m.line(0, "error handling (settingsErrorHandling)")
	if pre := field(settings, "preHandlingAudio"); pre != nil {
		segments, audioErr := m.audio(pre)
		if audioErr != nil {
			return fmt.Errorf("error handling audio: %w", audioErr)
		}
		m.play(1, segments)
	}

	handling := field(settings, "errorHandling")
	switch {
	case handling == nil, field(handling, "disconnect") != nil:
		m.line(1, "disconnects the call")
		m.trace.Outcome = "the flow's error handling disconnected the call: " + fe.msg
		return nil
	case field(handling, "jumpToTask") != nil:
		target, refErr := refID(scalar(field(handling, "jumpToTask"), "targetTaskRef"))
		if refErr != nil {
			return refErr
		}
		return m.runTasks(target)
	}
	return fmt.Errorf("the simulator does not run the error handling %s", keyOf(handling))
}

// runFromMenu plays a menu and takes the choice the caller's next entry
// selects.
func (m *machine) runFromMenu(target string) error {
	for _, item := range seq(field(m.flow.Root, "menus")) {
		menu := field(item, "menu")
		if scalar(menu, "refId") != target {
			continue
		}
		sig, err := m.menu(menu, 0)
		if err != nil {
			return m.handle(err)
		}
		if sig == jump {
			return m.runTasks(m.target)
		}
		return nil
	}
	return fmt.Errorf("reference to unknown menu %q", target)
}

// refID returns the refId a reference such as
// /inboundCall/tasks/task[Name_12] points to.
func refID(ref string) (string, error) {
	id, ok := archy.RefID(ref)
	if !ok {
		return "", fmt.Errorf("invalid reference %q", ref)
	}
	return id, nil
}

func digitsText(digits []string) string {
	if len(digits) == 0 {
		return "none"
	}
	quoted := make([]string, len(digits))
	for i, d := range digits {
		quoted[i] = fmt.Sprintf("%q", d)
	}
	return strings.Join(quoted, ", ")
}

// ---- YAML helpers ----

// field returns the value of key in mapping n, or nil.
func field(n *yaml.Node, key string) *yaml.Node { return archy.Lookup(n, key) }

// scalar returns the text of the scalar at key in mapping n, or "".
func scalar(n *yaml.Node, key string) string {
	if v := field(n, key); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

// seq returns the items of sequence n, or nil.
func seq(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}

// keyOf returns the single key of a one-key mapping such as an action.
func keyOf(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		return ""
	}
	return n.Content[0].Value
}
