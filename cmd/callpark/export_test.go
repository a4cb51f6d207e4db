package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/callpark/callpark/internal/blueprint"
)

// exportFlow is an inbound flow with one task; {{ACTIONS}} is replaced by
// each test's action list, indented for the task's actions key.
const exportFlow = `inboundCall:
  name: Export Test
  startUpRef: /inboundCall/tasks/task[main]
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      textToSpeech:
        defaultEngine:
          voice: Jill
  variables:
    - stringVariable:
        name: Flow.Tag
        initialValue:
          noValue: true
  tasks:
    - task:
        name: Main
        refId: main
        actions:
{{ACTIONS}}
`

// tagAction calls the blueprint's Update External Tag on Conversation data
// action in the category Parking; {{INPUT}} is an extra input line. The
// success output it binds, tagOutput, is not in that action's contract.
const tagAction = `          - callData:
              name: Tag
              category:
                Parking:
                  dataAction:
                    Update External Tag on Conversation:
                      inputs:
                        conversationId:
                          exp: Call.ConversationId
                        externalTag:
                          exp: Flow.Tag
{{INPUT}}` + tagOutput + `          - disconnect:
              name: Bye
`

const tagOutput = `                      successOutputs:
                        id:
                          var: Flow.Tag
`

func writeExportFlow(t *testing.T, actions string) string {
	t.Helper()
	return writeTemp(t, "flow.yaml", []byte(strings.Replace(exportFlow, "{{ACTIONS}}", actions, 1)))
}

// stderrLines splits stderr into its non-empty lines.
func stderrLines(stderr string) []string {
	return strings.FieldsFunc(stderr, func(r rune) bool { return r == '\n' })
}

func TestExportUnknownDataActionOneError(t *testing.T) {
	file := writeExportFlow(t, strings.Replace(tagAction, "{{INPUT}}", "", 1))
	code, stdout, stderr := runCLI(t, "export", file)
	if code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	if stdout != "" {
		t.Errorf("stdout %q, want nothing", stdout)
	}
	lines := stderrLines(stderr)
	if len(lines) != 1 {
		t.Fatalf("got %d error lines, want 1 (no follow-on errors about the inputs and outputs):\n%s", len(lines), stderr)
	}
	for _, want := range []string{
		`unknown data action "Update External Tag on Conversation" in category "Parking"`,
		"(known data actions: none given)",
		`--data-action FILE --category "Parking"`,
	} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("error %q, want it to contain %q", lines[0], want)
		}
	}
}

func TestExportUnknownDataActionListsGiven(t *testing.T) {
	dir := blueprint.Dir(t)
	actions := strings.Replace(strings.Replace(tagAction, "{{INPUT}}", "", 1), "Parking:", "Other:", 1)
	file := writeExportFlow(t, actions)
	code, _, stderr := runCLI(t, "export", file,
		"--data-action", filepath.Join(dir, "Update-External-Tag-on-Conversation.custom.json"), "--category", "Parking")
	if code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	lines := stderrLines(stderr)
	if len(lines) != 1 {
		t.Fatalf("got %d error lines, want 1:\n%s", len(lines), stderr)
	}
	want := `(known data actions: "Update External Tag on Conversation" in "Parking"); give its export with --data-action FILE --category "Other"`
	if !strings.Contains(lines[0], want) {
		t.Errorf("error %q, want it to contain %q", lines[0], want)
	}
}

func TestExportKnownDataActionChecksInputs(t *testing.T) {
	dir := blueprint.Dir(t)
	extra := "                        colour:\n                          exp: Flow.Tag\n"
	file := writeExportFlow(t, strings.Replace(tagAction, "{{INPUT}}", extra, 1))
	dataAction := filepath.Join(dir, "Update-External-Tag-on-Conversation.custom.json")

	code, _, stderr := runCLI(t, "export", file, "--data-action", dataAction, "--category", "Parking")
	if code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	if want := `inputs.colour: unsupported setting "colour" in inputs`; !strings.Contains(stderr, want) {
		t.Errorf("stderr %q, want it to contain %q", stderr, want)
	}

	valid := strings.Replace(strings.Replace(tagAction, "{{INPUT}}", "", 1), tagOutput, "", 1)
	file = writeExportFlow(t, valid)
	if code, _, stderr := runCLI(t, "export", file, "--data-action", dataAction, "--category", "Parking"); code != exitOK {
		t.Errorf("export with the data action given: exit %d: %s", code, stderr)
	}
}

func TestExportUnknownUserPromptNamesFlag(t *testing.T) {
	file := writeExportFlow(t, "          - playAudio:\n              name: Hello\n              audio:\n                prompt: Prompt.Welcome\n")
	code, _, stderr := runCLI(t, "export", file)
	if code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	want := `unknown user prompt "Prompt.Welcome": its id is missing; give it with --user-prompt "Welcome=ID"`
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr %q, want it to contain %q", stderr, want)
	}
	if code, _, stderr := runCLI(t, "export", file, "--user-prompt", "Welcome=0f8b3c1e-5d2a-4c6b-9e7f-1a2b3c4d5e6f"); code != exitOK {
		t.Errorf("export with --user-prompt: exit %d: %s", code, stderr)
	}
}

func TestExportUnknownQueueNamesFlag(t *testing.T) {
	file := writeExportFlow(t, "          - transferToAcd:\n              name: Park\n              targetQueue:\n                lit:\n                  name: Parked Calls\n")
	code, _, stderr := runCLI(t, "export", file)
	if code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	want := `unknown queue "Parked Calls": its id is missing; give it with --queue "Parked Calls=ID"`
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr %q, want it to contain %q", stderr, want)
	}
	if code, _, stderr := runCLI(t, "export", file, "--queue", "Parked Calls=0f8b3c1e-5d2a-4c6b-9e7f-1a2b3c4d5e6f"); code != exitOK {
		t.Errorf("export with --queue: exit %d: %s", code, stderr)
	}
}
