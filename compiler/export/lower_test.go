package export

import (
	"strings"
	"testing"

	"github.com/callpark/callpark/compiler/diag"
	"github.com/callpark/callpark/compiler/i3"
)

// smallFlow is an inbound flow with one task; {{ACTIONS}} is replaced by
// each test's action list, indented for the task's actions key.
const smallFlow = `inboundCall:
  name: Test Flow
  division: Home
  startUpRef: /inboundCall/tasks/task[main]
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
      textToSpeech:
        defaultEngine:
          voice: Jill
  variables:
    - stringVariable:
        name: Flow.Code
        initialValue:
          noValue: true
  tasks:
    - task:
        name: Main
        refId: main
        actions:
{{ACTIONS}}
`

func flowWith(actions string) []byte {
	return []byte(strings.Replace(smallFlow, "{{ACTIONS}}", actions, 1))
}

func TestLowerErrors(t *testing.T) {
	tests := []struct {
		name    string
		actions string
		want    []string
	}{
		{
			"unknown action",
			"          - playMusic:\n              name: Music\n",
			[]string{`test.yaml:23:13: inboundCall.tasks[0].task.actions[0].playMusic: unknown action "playMusic"`},
		},
		{
			"unsupported setting",
			"          - playAudio:\n              name: Hello\n              audio:\n                tts: Hi\n              volume: 3\n",
			[]string{`test.yaml:27:15: inboundCall.tasks[0].task.actions[0].playAudio.volume: unsupported setting "volume" in action playAudio`},
		},
		{
			"missing task",
			"          - jumpToTask:\n              name: Jump\n              targetTaskRef: /inboundCall/tasks/task[nowhere]\n",
			[]string{`test.yaml:25:30: inboundCall.tasks[0].task.actions[0].jumpToTask.targetTaskRef: reference to missing refId "nowhere"; known refIds: main`},
		},
		{
			"undeclared variable",
			"          - updateData:\n              name: Set\n              statements:\n                - string:\n                    variable: Flow.Missing\n                    value:\n                      lit: x\n",
			[]string{`test.yaml:27:31: inboundCall.tasks[0].task.actions[0].updateData.statements[0].string.variable: variable Flow.Missing is not declared`},
		},
		{
			"expression error at its column",
			"          - decision:\n              name: Check\n              condition:\n                exp: Flow.Code == \"3\" and Nope(1)\n",
			[]string{`test.yaml:26:43: inboundCall.tasks[0].task.actions[0].decision.condition.exp:`},
		},
		{
			"action after disconnect",
			"          - disconnect:\n              name: Bye\n          - playAudio:\n              name: Late\n              audio:\n                tts: never\n",
			[]string{`test.yaml:25:13: inboundCall.tasks[0].task.actions[1]: unreachable action: disconnect ends the task`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LowerDocument("test.yaml", flowWith(tt.actions), Options{})
			list := diag.AsList(err)
			if len(list) != len(tt.want) {
				t.Fatalf("got %d errors, want %d:\n%v", len(list), len(tt.want), err)
			}
			for i, want := range tt.want {
				if !strings.HasPrefix(list[i].Error(), want) {
					t.Errorf("error %d:\n got %s\nwant prefix %s", i, list[i].Error(), want)
				}
			}
		})
	}
}

func TestLowerDuplicateRefID(t *testing.T) {
	src := strings.Replace(string(flowWith("          - disconnect:\n              name: Bye\n")), "  tasks:\n",
		"  tasks:\n    - task:\n        name: Other\n        refId: main\n        actions: []\n", 1)
	_, err := LowerDocument("test.yaml", []byte(src), Options{})
	want := `test.yaml:25:16: inboundCall.tasks[1].task.refId: refId "main" is already used at line 21`
	if err == nil || err.Error() != want {
		t.Errorf("error:\n got %v\nwant %s", err, want)
	}
}

func TestLowerDeterministic(t *testing.T) {
	src := flowWith("          - collectInput:\n              name: Code\n              inputData:\n                var: Flow.Code\n              digits:\n                exact: 4\n              outputs:\n                success:\n                  actions:\n                    - disconnect:\n                        name: Bye\n")
	first, _, err := Lower("a.yaml", src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	second, _, err := Lower("b.yaml", src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if string(first) != string(second) {
		t.Error("lowering the same flow twice gave different exports")
	}
	doc, err := i3.Decode(first)
	if err != nil {
		t.Fatalf("Decode(Lower(...)): %v", err)
	}
	if next, _ := doc.Get("nextTrackingNumber"); next != i3.Int(4) {
		t.Errorf("nextTrackingNumber = %v, want 4 (task, collectInput, disconnect)", next)
	}
}
