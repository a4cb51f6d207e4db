package simulate

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/callpark/callpark/compiler"
)

// baseParams is a parameter file with every default; tests append
// retrieval settings to it.
const baseParams = `version: 1
holdingQueue:
  name: Call Park Holding
dataActions:
  category: Call Park Data Actions
hold:
  name: Call Park Hold
retrieval:
  name: Call Park Retrieval
`

// Prompts of the default parameters.
const (
	greeting  = `TTS "Please enter the code of the parked call you would like to be connected to."`
	enterCode = `TTS "Enter your code."`
	notFound  = `TTS "Sorry, no parked call was found for that code."`
	tryAgain  = `TTS "Please try again."`
	goodbye   = `TTS "Goodbye."`
	connected = `TTS "Connecting you now."`
	sipPrompt = `TTS "Sorry, a parked call can only be retrieved from a phone number."`
	errPrompt = `TTS "Sorry, an error occurred. Please try your call again."`
	failed    = `TTS "Sorry, the parked call could not be connected."`
)

func compile(t *testing.T, src string) *compiler.Result {
	t.Helper()
	res, err := compiler.Compile("params.yaml", []byte(src))
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return res
}

func simulate(t *testing.T, src string, opts Options) *Trace {
	t.Helper()
	trace, err := Run(compile(t, src), opts)
	if err != nil {
		t.Fatalf("simulate: %v", err)
	}
	return trace
}

// text returns the trace's lines joined, for checks on details.
func text(tr *Trace) string {
	var b strings.Builder
	for _, l := range tr.Lines {
		b.WriteString(l.Text + "\n")
	}
	return b.String()
}

func comparePrompts(t *testing.T, tr *Trace, want ...string) {
	t.Helper()
	if diff := cmp.Diff(want, tr.Prompts); diff != "" {
		t.Errorf("prompts (-want +got):\n%s", diff)
	}
}

func TestNoMatchRetriesThenGoodbye(t *testing.T) {
	tr := simulate(t, baseParams+"  attempts: 2\n", Options{Digits: []string{"123", "456"}, Matches: 0})

	comparePrompts(t, tr, greeting, enterCode, notFound, tryAgain, enterCode, notFound, goodbye)
	wantPath := []string{
		`updateData "Count Attempt"`,
		`collectInput "Collect Code" -> success`,
		`callData "Call Data Action" -> success`,
		`decision "Call Found" -> no`,
		`playAudio "No Call Found"`,
		`decision "Attempts Left" -> yes`,
		`playAudio "Try Again"`,
		`jumpToTask "Retrieve Parked Call"`,
		`updateData "Count Attempt"`,
		`collectInput "Collect Code" -> success`,
		`callData "Call Data Action" -> success`,
		`decision "Call Found" -> no`,
		`playAudio "No Call Found"`,
		`decision "Attempts Left" -> no`,
		`playAudio "Goodbye"`,
		`disconnect "Disconnect"`,
	}
	if diff := cmp.Diff(wantPath, tr.Path); diff != "" {
		t.Errorf("path (-want +got):\n%s", diff)
	}
	if tr.ErrorHandled {
		t.Error("the call went to the error handling")
	}
	if tr.Connected {
		t.Error("a call was connected with no match")
	}
}

func TestOldestOfSeveralMatches(t *testing.T) {
	tr := simulate(t, baseParams, Options{Digits: []string{"42"}, Matches: 3})

	comparePrompts(t, tr, greeting, enterCode, connected)
	if !tr.Connected {
		t.Error("the parked call was not connected")
	}
	out := text(tr)
	if !strings.Contains(out, "input conversationId = \"parked-call-1\"") {
		t.Errorf("the replace-participant call does not take parked-call-1, the oldest:\n%s", out)
	}
	if !strings.Contains(out, "takes parked-call-1 (the oldest of 3)") {
		t.Errorf("the trace does not say the oldest call is taken:\n%s", out)
	}
}

func TestFixedCodeLengthRejectsShortCode(t *testing.T) {
	tr := simulate(t, baseParams+"  code:\n    length: 4\n", Options{Digits: []string{"123", "1234"}, Matches: 1})

	if tr.Path[1] != `collectInput "Collect Code" -> failure` {
		t.Errorf("first collect input: %s, want the failure output", tr.Path[1])
	}
	if !slices.Contains(tr.Path, `collectInput "Collect Code" -> success`) {
		t.Errorf("the 4-digit code was not accepted: %v", tr.Path)
	}
	comparePrompts(t, tr, greeting, enterCode, tryAgain, enterCode, connected)
}

func TestLongCodeTakesFailure(t *testing.T) {
	tr := simulate(t, baseParams+"  attempts: 1\n", Options{Digits: []string{"1234"}, Matches: 1})

	if tr.Path[1] != `collectInput "Collect Code" -> failure` {
		t.Errorf("collect input: %s, want the failure output", tr.Path[1])
	}
	comparePrompts(t, tr, greeting, enterCode, goodbye)
}

func TestNoDigitsLeftTakesFailure(t *testing.T) {
	tr := simulate(t, baseParams+"  attempts: 2\n", Options{Digits: []string{""}, Matches: 1})

	comparePrompts(t, tr, greeting, enterCode, tryAgain, enterCode, goodbye)
	if strings.Count(text(tr), "no-entry timeout (5s) expires") != 2 {
		t.Errorf("want two no-entry timeouts:\n%s", text(tr))
	}
}

func TestRetrieverAddress(t *testing.T) {
	tests := []struct {
		name, params, caller string
		wantAddress          string // empty: no replace-participant call
		wantPrompts          []string
	}{
		{"phone caller", baseParams, "tel:+15551234567", `"+15551234567"`, []string{greeting, enterCode, connected}},
		{"sip caller", baseParams, "sip:bob@example.com", "", []string{greeting, enterCode, sipPrompt}},
		{"sip caller address", baseParams + "  sipCallerAddress: Call.Ani\n", "sip:bob@example.com", `"sip:bob@example.com"`, []string{greeting, enterCode, connected}},
		{"custom caller address", baseParams + "  callerAddress: Right(Call.Ani, 12)\n", "tel:+15551234567", `"+15551234567"`, []string{greeting, enterCode, connected}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := simulate(t, tt.params, Options{Digits: []string{"7"}, Matches: 1, Caller: tt.caller})
			comparePrompts(t, tr, tt.wantPrompts...)
			out := text(tr)
			if tt.wantAddress == "" {
				if strings.Contains(out, "input address") {
					t.Errorf("the flow called replace participant:\n%s", out)
				}
				return
			}
			if !strings.Contains(out, "input address = "+tt.wantAddress) {
				t.Errorf("want address %s:\n%s", tt.wantAddress, out)
			}
		})
	}
}

func TestClearTag(t *testing.T) {
	cleared := simulate(t, baseParams, Options{Digits: []string{"7"}, Matches: 1})
	if !slices.Contains(cleared.Path, `callData "Clear Park Code" -> success`) {
		t.Errorf("the tag was not cleared: %v", cleared.Path)
	}
	if !strings.Contains(text(cleared), "clears the external tag of parked-call-1") {
		t.Errorf("the trace does not name the cleared call:\n%s", text(cleared))
	}

	kept := simulate(t, baseParams+"  clearTag: false\n", Options{Digits: []string{"7"}, Matches: 1})
	for _, step := range kept.Path {
		if strings.Contains(step, "Clear Park Code") {
			t.Errorf("clearTag: false still clears the tag: %v", kept.Path)
		}
	}
	comparePrompts(t, kept, greeting, enterCode, connected)
}

func TestDataActionFailures(t *testing.T) {
	tests := []struct {
		fail        string
		wantStep    string
		wantPrompts []string
	}{
		{"findWaitingCalls", `callData "Call Data Action" -> failure`, []string{greeting, enterCode, errPrompt}},
		{"Get Waiting Calls in Holding Queue by External Tag", `callData "Call Data Action" -> failure`, []string{greeting, enterCode, errPrompt}},
		{"replaceParticipant", `callData "Call Data Action" -> failure`, []string{greeting, enterCode, failed}},
		{"Replace Participant with Retriever", `callData "Call Data Action" -> failure`, []string{greeting, enterCode, failed}},
		// A failed tag update still connects the call: the failure output
		// has no actions, so the flow goes on to the next action.
		{"updateExternalTag", `callData "Clear Park Code" -> failure`, []string{greeting, enterCode, connected}},
	}
	for _, tt := range tests {
		t.Run(tt.fail, func(t *testing.T) {
			tr := simulate(t, baseParams, Options{Digits: []string{"7"}, Matches: 1, FailingActions: []string{tt.fail}})
			if !slices.Contains(tr.Path, tt.wantStep) {
				t.Errorf("path has no %s: %v", tt.wantStep, tr.Path)
			}
			comparePrompts(t, tr, tt.wantPrompts...)
			if tr.ErrorHandled {
				t.Error("a data action failure went to the error handling")
			}
		})
	}
}

func TestUnknownFailingAction(t *testing.T) {
	_, err := Run(compile(t, baseParams), Options{FailingActions: []string{"nope"}})
	if err == nil || !strings.Contains(err.Error(), `unknown data action "nope"`) {
		t.Errorf("error %v, want one naming the unknown data action", err)
	}
}

func TestHoldFlowLoops(t *testing.T) {
	tr := simulate(t, baseParams, Options{Flow: Hold, HoldRounds: 3})

	hold := `TTS "Please hold while your call is retrieved."`
	music := `prompt PromptSystem.on_hold_music`
	comparePrompts(t, tr, hold, music, hold, music, hold, music)
	if !strings.Contains(tr.Outcome, "still waiting after 3 rounds") {
		t.Errorf("outcome %q", tr.Outcome)
	}
	if !strings.Contains(text(tr), "hold music: prompt PromptSystem.on_hold_music") {
		t.Errorf("the trace does not name the hold music:\n%s", text(tr))
	}
}

// TestBlueprintNoMatchErrors shows the blueprint's defect: with no
// matching call it indexes the empty lookup result, and the call goes to
// the flow's error handling.
func TestBlueprintNoMatchErrors(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "blueprint-archy", "params.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tr := simulate(t, string(src), Options{Digits: []string{"123"}, Matches: 0})

	if !tr.ErrorHandled {
		t.Fatalf("the call did not reach the error handling; outcome: %s", tr.Outcome)
	}
	if !strings.Contains(tr.Outcome, "Flow.ConversationId[0]") || !strings.Contains(tr.Outcome, "out of range") {
		t.Errorf("outcome %q, want the index error", tr.Outcome)
	}
	comparePrompts(t, tr,
		`TTS "Hi, Please enter the orbit number you'd like to be connected to."`,
		`TTS "Enter Your Code"`,
		errPrompt)
	wantPath := []string{
		`collectInput "Collect Input" -> success`,
		`callData "Call Data Action" -> success`,
		`callData "Call Data Action"`,
	}
	if diff := cmp.Diff(wantPath, tr.Path); diff != "" {
		t.Errorf("path (-want +got):\n%s", diff)
	}
}

func TestBlueprintOneMatchConnects(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "blueprint-archy", "params.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tr := simulate(t, string(src), Options{Digits: []string{"123"}, Matches: 1})
	if !tr.Connected || tr.ErrorHandled {
		t.Errorf("connected %v, error handled %v; outcome: %s", tr.Connected, tr.ErrorHandled, tr.Outcome)
	}
	if !strings.Contains(text(tr), `input address = "+15551234567"`) {
		t.Errorf("Right(Call.ani, 12) did not give the E.164 number:\n%s", text(tr))
	}
}

func TestInvalidOptions(t *testing.T) {
	res := compile(t, baseParams)
	for _, opts := range []Options{
		{Flow: "other"},
		{Matches: -1},
		{Digits: []string{"12a"}},
	} {
		if err := opts.Validate(res); err == nil {
			t.Errorf("Validate(%+v) accepted invalid options", opts)
		}
	}
}
