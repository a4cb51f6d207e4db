// Package simulate walks one call through a compiled call-park flow without
// Genesys Cloud. It interprets the Archy YAML that the compiler produced:
// it runs the actions in order, evaluates their expressions with
// expr.Eval, simulates the three data actions, and records the path taken
// and every prompt played. Because it reads the compiled flow, not a script
// of the templates, it shows what the generated flow would do with the
// given parameters.
package simulate

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/callpark/callpark/compiler"
)

// Flow selectors for Options.Flow.
const (
	Retrieval = "retrieval"
	Hold      = "hold"
)

// DefaultCaller is the retriever's address (Call.Ani) when Options.Caller
// is empty.
const DefaultCaller = "tel:+15551234567"

// DefaultHoldRounds is how many times the hold flow's start-up actions run
// when Options.HoldRounds is zero.
const DefaultHoldRounds = 2

// MaxSteps bounds the actions one simulation runs, so that a flow that
// jumps between tasks forever ends with an error instead of hanging.
const MaxSteps = 1000

// DefaultNow is the fixed clock of a simulation when Options.Now is zero,
// so that the printed dates are the same on every run.
var DefaultNow = time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC)

// Options describe the call to simulate.
type Options struct {
	// Flow selects the flow: Retrieval (the inbound flow a retriever
	// dials) or Hold (the in-queue flow a parked caller hears).
	Flow string
	// Digits are the codes the caller enters, one per collect input in
	// order. An empty string is an attempt with no entry. When they run
	// out, collect input takes its failure path as after a no-entry
	// timeout.
	Digits []string
	// Matches is how many parked calls carry the entered code in the
	// holding queue, which the find-waiting-calls data action returns.
	Matches int
	// FailingActions names data actions that take their failure output:
	// the name from the parameter file, or the key findWaitingCalls,
	// replaceParticipant or updateExternalTag.
	FailingActions []string
	// Caller is Call.Ani, such as tel:+15551234567 or sip:bob@example.com.
	Caller string
	// Now is the fixed clock that expressions read.
	Now time.Time
	// HoldRounds is how many times the in-queue flow's start-up actions
	// run before the simulation stops.
	HoldRounds int
}

// withDefaults returns o with its zero fields set to the defaults.
func (o Options) withDefaults() Options {
	if o.Flow == "" {
		o.Flow = Retrieval
	}
	if o.Caller == "" {
		o.Caller = DefaultCaller
	}
	if o.Now.IsZero() {
		o.Now = DefaultNow
	}
	if o.HoldRounds == 0 {
		o.HoldRounds = DefaultHoldRounds
	}
	return o
}

// Validate reports the first option that does not fit the compiled result:
// an unknown flow, a count out of range, digits that are not 0-9, or a failing

// MaxMatches bounds --matches. The analytics query returns at most 100
// calls a page, so more parked calls change nothing the flow sees.
const MaxMatches = 1000

// MaxHoldRounds bounds --rounds: each round of the hold flow's start-up
// actions prints the same lines again.
const MaxHoldRounds = 100

// data action that the result does not have.
func (o Options) Validate(res *compiler.Result) error {
	o = o.withDefaults()
	if o.Flow != Retrieval && o.Flow != Hold {
		return fmt.Errorf("invalid flow %q; use %s or %s", o.Flow, Retrieval, Hold)
	}
	if o.Matches < 0 || o.Matches > MaxMatches {
		return fmt.Errorf("invalid number of matching calls %d; use 0 to %d", o.Matches, MaxMatches)
	}
	if o.HoldRounds < 0 || o.HoldRounds > MaxHoldRounds {
		return fmt.Errorf("invalid number of hold rounds %d; use 1 to %d", o.HoldRounds, MaxHoldRounds)
	}
	for _, d := range o.Digits {
		if strings.Trim(d, "0123456789") != "" {
			return fmt.Errorf("invalid digits %q; enter only 0-9, or an empty value for an attempt with no entry", d)
		}
	}
	for _, name := range o.FailingActions {
		if findAction(res, name) == nil {
			return fmt.Errorf("unknown data action %q; use one of %s", name, strings.Join(actionNames(res), ", "))
		}
	}
	return nil
}

// findAction returns the data action whose name or key is name.
func findAction(res *compiler.Result, name string) *compiler.DataAction {
	for i, da := range res.DataActions {
		if da.Name == name || strings.EqualFold(da.Key, name) {
			return &res.DataActions[i]
		}
	}
	return nil
}

func actionNames(res *compiler.Result) []string {
	var names []string
	for _, da := range res.DataActions {
		names = append(names, da.Key, fmt.Sprintf("%q", da.Name))
	}
	return names
}

// Trace is the record of one simulated call: the path taken and the prompts played.
type Trace struct {
	// Lines is the printed account of the call: each action with its
	// details and the output it took, nested as the flow nests them.
	Lines []Line
	// Path lists every action run, as `TYPE "NAME"`, followed by
	// ` -> OUTPUT` for an action that chose an output.
	Path []string
	// Prompts lists everything played, in order: `TTS "text"` or
	// `prompt NAME`.
	Prompts []string
	// Outcome describes how the call ended, in one sentence.
	Outcome string
	// ErrorHandled reports whether the call went to the flow's error
	// handling.
	ErrorHandled bool
	// Connected reports whether a replace-participant data action
	// connected the parked call to the retriever.
	Connected bool
}

// Line is one line of a Trace, indented Depth levels.
type Line struct {
	Depth int
	Text  string
}

// WriteTo prints the trace: the lines, the outcome and the numbered list
// of prompts played.
func (t *Trace) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	for _, l := range t.Lines {
		b.WriteString(strings.Repeat("  ", l.Depth))
		b.WriteString(l.Text)
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "outcome: %s\n", t.Outcome)
	fmt.Fprintf(&b, "prompts played: %d\n", len(t.Prompts))
	for i, p := range t.Prompts {
		fmt.Fprintf(&b, "  %d. %s\n", i+1, p)
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// Run simulates one call through the flow that opts selects. The returned
// error reports invalid options and flows that use an action the simulator
// does not run; errors inside the flow, such as an index out of range, are
// part of the trace.
func Run(res *compiler.Result, opts Options) (*Trace, error) {
	if err := opts.Validate(res); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()

	kind := "inboundcall"
	if opts.Flow == Hold {
		kind = "inqueuecall"
	}
	for _, f := range res.Flows {
		if f.Type == kind {
			m, err := newMachine(res, f, opts)
			if err != nil {
				return nil, err
			}
			return m.run()
		}
	}
	return nil, fmt.Errorf("the compiled result has no %s flow", kind)
}
