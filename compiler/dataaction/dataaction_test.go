package dataaction

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/callpark/callpark/internal/blueprint"
)

// action returns a minimal valid data action with the given request
// template, success template and translation defaults.
func action(url, body, success string, defaults map[string]string) *Action {
	a := &Action{Name: "Test"}
	a.Config.Request = Request{RequestURLTemplate: url, RequestType: "POST", RequestTemplate: body}
	a.Config.Response = Response{
		TranslationMap:         map[string]string{},
		TranslationMapDefaults: defaults,
		SuccessTemplate:        success,
	}
	for name := range defaults {
		a.Config.Response.TranslationMap[name] = "$.x"
	}
	a.Contract.Input.InputSchema = &Schema{Type: "object", Properties: map[string]*Schema{
		"id":  {Type: "string"},
		"tag": {Type: "string"},
	}}
	a.Contract.Output.SuccessSchema = &Schema{Type: "object", Properties: map[string]*Schema{
		"ids": {Type: "array", Items: &Schema{Type: "string"}},
	}}
	return a
}

func TestCheckAcceptsEscapedAction(t *testing.T) {
	a := action("/api/v2/x/$esc.url(${input.id})", `{"tag": "$esc.jsonString(${input.tag})"}`, `{"ids":${ids}}`, map[string]string{"ids": "[]"})
	if problems := Check(a); len(problems) != 0 {
		t.Errorf("Check reported problems for a valid action:\n%s", strings.Join(problems, "\n"))
	}
}

func TestCheckFindsDefects(t *testing.T) {
	cases := []struct {
		name    string
		action  *Action
		problem string
	}{
		{"unknown input", action("/x", `{"a": "$esc.jsonString(${input.nope})"}`, `{}`, nil), "${input.nope} is not in the input contract"},
		{"unescaped body input", action("/x", `{"tag": "${input.tag}"}`, `{}`, nil), "${input.tag} is not escaped; write $esc.jsonString(${input.tag})"},
		{"unescaped URL input", action("/x/${input.id}", ``, `{}`, nil), "${input.id} is not escaped; write $esc.url(${input.id})"},
		{"JSON escape in URL", action("/x/$esc.jsonString(${input.id})", ``, `{}`, nil), "write $esc.url(${input.id})"},
		{"body not JSON", action("/x", `{"tag": $esc.jsonString(${input.tag})}`, `{}`, nil), "does not render to valid JSON"},
		{"empty string default for array", action("/x", ``, `{"ids":${ids}}`, map[string]string{"ids": `""`}), `default "" does not match the output contract: ids: expected an array`},
		{"default not JSON", action("/x", ``, `{"ids":${ids}}`, map[string]string{"ids": ``}), `is not JSON; write JSON of type array, such as []`},
		{"success template invalid with defaults", action("/x", ``, `{"ids":${ids}`, map[string]string{"ids": "[]"}), "renders to invalid JSON with sample values"},
		{"success template unknown output", action("/x", ``, `{"ids":${other}}`, map[string]string{"ids": "[]"}), "${other} is not in the translation map"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			problems := strings.Join(Check(c.action), "\n")
			if !strings.Contains(problems, c.problem) {
				t.Errorf("Check did not report %q; it reported:\n%s", c.problem, problems)
			}
		})
	}
}

// TestCheckBlueprintActions runs the checks on the blueprint's own data
// actions, which have the defects the checks exist for.
func TestCheckBlueprintActions(t *testing.T) {
	dir := blueprint.Dir(t)
	cases := map[string][]string{
		"Get-Waiting-Calls-in-specific-Queue-based-on-External-Tag.custom.json": {
			"${input.externalTag} is not escaped",
			`translationMapDefaults.conversationID: default "" is not JSON`,
			"successTemplate: renders to invalid JSON with default values",
		},
		"Replace-participant-with-ANI.custom.json": {
			"requestUrlTemplate: ${input.conversationId} is not escaped; write $esc.url(${input.conversationId})",
			"requestTemplate: ${input.address} is not escaped",
		},
		"Update-External-Tag-on-Conversation.custom.json": {
			"requestTemplate: ${input.externalTag} is not escaped",
		},
	}
	for file, want := range cases {
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		a, err := Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		problems := strings.Join(Check(a), "\n")
		for _, w := range want {
			if !strings.Contains(problems, w) {
				t.Errorf("%s: Check did not report %q; it reported:\n%s", file, w, problems)
			}
		}
	}
}
