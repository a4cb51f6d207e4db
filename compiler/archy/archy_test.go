package archy

import (
	"strings"
	"testing"
)

const validFlow = `inboundCall:
  name: Test
  startUpRef: "/inboundCall/tasks/task[Main_1]"
  variables:
    - stringVariable:
        name: Flow.Code
    - stringCollectionVariable:
        name: Flow.Ids
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - collectInput:
              name: Collect
              inputData:
                var: Flow.Code
          - callData:
              name: Call
              category:
                Integration:
                  dataAction:
                    Find:
                      inputs:
                        tag:
                          exp: Flow.Code
                      successOutputs:
                        ids:
                          var: Flow.Ids
          - disconnect:
              name: Disconnect
`

func TestParseValidFlow(t *testing.T) {
	flow, errs := Parse("flow.yaml", []byte(validFlow), nil)
	if len(errs) > 0 {
		t.Fatalf("unexpected errors:\n%v", errs)
	}
	if flow.Kind != "inboundCall" || flow.Name != "Test" {
		t.Errorf("kind %q name %q", flow.Kind, flow.Name)
	}
	if len(flow.Vars) != 2 || flow.Vars[1].Decl != "stringCollectionVariable" {
		t.Errorf("vars = %+v", flow.Vars)
	}
	if len(flow.Exprs) != 1 || flow.Exprs[0].Text != "Flow.Code" || flow.Exprs[0].Pos.Line != 26 {
		t.Errorf("exprs = %+v", flow.Exprs)
	}
	if len(flow.Calls) != 1 {
		t.Fatalf("calls = %+v", flow.Calls)
	}
	call := flow.Calls[0]
	if call.Category != "Integration" || call.Action != "Find" || strings.Join(call.Inputs, ",") != "tag" || strings.Join(call.Outputs, ",") != "ids" {
		t.Errorf("call = %+v", call)
	}
}

func TestParseReportsDefects(t *testing.T) {
	cases := []struct {
		name, old, new, want string
	}{
		{"missing refId", "task[Main_1]", "task[Other_2]", `flow.yaml:3:15: reference to missing refId "Other_2"; known refIds: Main_1`},
		{"undeclared variable", "var: Flow.Ids", "var: Flow.Idz", "flow.yaml:29:32: variable Flow.Idz is not declared; add it to variables"},
		{"leftover placeholder", "name: Test", `name: "{{flow_name}}"`, "leftover template placeholder {{"},
		{"duplicate key", "        refId: Main_1\n", "        refId: Main_1\n        refId: Main_1\n", "flow.yaml:13:9: inboundCall.tasks[0].task.refId: duplicate key"},
		{"two keys in an action", "              name: Disconnect\n", "              name: Disconnect\n            playAudio: {}\n", "an action list item must be a mapping with one key"},
		{"declared twice", "name: Flow.Ids", "name: Flow.code", "variable Flow.code is declared twice"},
		{"wrong flow type in reference", "/inboundCall/tasks", "/inqueueCall/tasks", "names the flow type inqueueCall, but this flow is inboundCall"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(validFlow, c.old, c.new, 1)
			if src == validFlow {
				t.Fatalf("the case does not change the flow")
			}
			_, errs := Parse("flow.yaml", []byte(src), nil)
			if !strings.Contains(errs.Error(), c.want) {
				t.Errorf("errors do not contain %q:\n%v", c.want, errs)
			}
		})
	}
}

func TestParseAllowsLiteralBraces(t *testing.T) {
	src := strings.Replace(validFlow, "name: Test", `name: "Queue {{x}}"`, 1)
	if _, errs := Parse("flow.yaml", []byte(src), []string{"Queue {{x}}"}); len(errs) > 0 {
		t.Errorf("braces from a parameter value were reported:\n%v", errs)
	}
}

func TestParseRejectsOtherRoots(t *testing.T) {
	_, errs := Parse("flow.yaml", []byte("workflow:\n  name: x\n"), nil)
	if !strings.Contains(errs.Error(), "workflow: unsupported flow type") {
		t.Errorf("errors = %v", errs)
	}
}
