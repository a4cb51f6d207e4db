package compiler

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

	"github.com/callpark/callpark/internal/blueprint"
)

// compileCase compiles testdata/<name>/params.yaml.
func compileCase(t *testing.T, name string) *Result {
	t.Helper()
	file := filepath.Join("..", "testdata", name, "params.yaml")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Compile(file, src)
	if err != nil {
		t.Fatalf("compile %s:\n%v", file, err)
	}
	return res
}

func TestBlueprintArchyFlows(t *testing.T) {
	dir := blueprint.Dir(t)
	res := compileCase(t, "blueprint-archy")
	p := res.Params

	// The placeholder values of the blueprint's Terraform module, taken
	// from the fixture so that both sides use the same names.
	placeholders := strings.NewReplacer(
		"{{division_name}}", p.Division,
		"{{data_action_category}}", p.DataActions.Category,
		"{{data_action_name_1}}", p.DataActions.FindWaitingCalls.Name,
		"{{data_action_name_2}}", p.DataActions.ReplaceParticipant.Name,
		"{{data_action_name_3}}", p.DataActions.UpdateExternalTag.Name,
		"{{queue_id}}", p.HoldingQueue.ID,
	)
	cases := []struct {
		template, flowName string
	}{
		{"orbit-parked-call-retrieval.archy.yaml.tmpl", p.Retrieval.Name},
		{"in-queue-orbit-call-park-hold.archy.yaml.tmpl", p.Hold.Name},
	}
	for _, c := range cases {
		t.Run(c.template, func(t *testing.T) {
			tmpl, err := os.ReadFile(filepath.Join(dir, c.template))
			if err != nil {
				t.Fatal(err)
			}
			filled := strings.ReplaceAll(placeholders.Replace(string(tmpl)), "{{flow_name}}", c.flowName)
			if strings.Contains(filled, "{{") {
				t.Fatalf("unfilled placeholder in %s", c.template)
			}
			var want, got any
			if err := yaml.Unmarshal([]byte(filled), &want); err != nil {
				t.Fatal(err)
			}
			flow := findFlow(t, res, c.flowName)
			if err := yaml.Unmarshal(flow.YAML, &got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s differs from the blueprint (-want +got):\n%s", flow.Path, diff)
			}
		})
	}
}

func findFlow(t *testing.T, res *Result, name string) Flow {
	t.Helper()
	for _, f := range res.Flows {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no flow named %q", name)
	return Flow{}
}

// escapeInputs wraps each ${input.NAME} in text in the macro, which is the
// fix for the blueprint's unescaped request templates.
func escapeInputs(macro string) func(any) any {
	return func(v any) any {
		s := v.(string)
		for _, name := range []string{"startDate", "endDate", "holdingQueueId", "externalTag", "conversationId", "participantId", "address"} {
			ref := "${input." + name + "}"
			s = strings.ReplaceAll(s, ref, macro+"("+ref+")")
		}
		return s
	}
}

func constant(v any) func(any) any { return func(any) any { return v } }

// dataActionDifference is one documented difference between a generated
// data action and the blueprint's export (docs/blueprint-differences.md).
type dataActionDifference struct {
	path []string
	// fix turns the blueprint's value into callpark's.
	fix func(blueprint any) any
}

func TestBlueprintDataActions(t *testing.T) {
	dir := blueprint.Dir(t)
	res := compileCase(t, "blueprint-archy")

	jsonEscape := escapeInputs("$esc.jsonString")
	urlEscape := escapeInputs("$esc.url")
	cases := []struct {
		key, file   string
		differences []dataActionDifference
	}{
		{"findWaitingCalls", "Get-Waiting-Calls-in-specific-Queue-based-on-External-Tag.custom.json", []dataActionDifference{
			{[]string{"config", "request", "requestTemplate"}, jsonEscape},
			{[]string{"config", "response", "translationMapDefaults", "participantID"}, constant("[]")},
			{[]string{"config", "response", "translationMapDefaults", "conversationID"}, constant("[]")},
		}},
		{"replaceParticipant", "Replace-participant-with-ANI.custom.json", []dataActionDifference{
			{[]string{"config", "request", "requestUrlTemplate"}, urlEscape},
			{[]string{"config", "request", "requestTemplate"}, jsonEscape},
			{[]string{"contract", "input", "inputSchema", "description"}, constant("Replaces a participant of a conversation with the given address, as an attended transfer")},
		}},
		{"updateExternalTag", "Update-External-Tag-on-Conversation.custom.json", []dataActionDifference{
			{[]string{"config", "request", "requestUrlTemplate"}, urlEscape},
			{[]string{"config", "request", "requestTemplate"}, jsonEscape},
			{[]string{"contract", "input", "inputSchema", "description"}, constant("Sets the external tag of a conversation")},
		}},
	}
	for _, c := range cases {
		t.Run(c.key, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, c.file))
			if err != nil {
				t.Fatal(err)
			}
			var want, got map[string]any
			if err := json.Unmarshal(data, &want); err != nil {
				t.Fatal(err)
			}
			da := findDataAction(t, res, c.key)
			if err := json.Unmarshal(da.JSON, &got); err != nil {
				t.Fatal(err)
			}

			// The data action's name, and the input schema's title where
			// the blueprint sets one, are the parameter-file name: the
			// blueprint's Terraform module renames the exported actions the
			// same way.
			want["name"] = da.Name
			if schema := walk(want, []string{"contract", "input", "inputSchema"}).(map[string]any); schema["title"] != nil {
				schema["title"] = da.Name
			}

			for _, d := range c.differences {
				old := walk(want, d.path)
				fixed := d.fix(old)
				if cmp.Equal(old, fixed) {
					t.Errorf("%s: listed as a difference, but the fix leaves the blueprint's value %v as it is", strings.Join(d.path, "."), old)
				}
				if gotValue := walk(got, d.path); !cmp.Equal(fixed, gotValue) {
					t.Errorf("%s: want the blueprint's value fixed to %q, got %q", strings.Join(d.path, "."), fixed, gotValue)
				}
				set(want, d.path, fixed)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s differs from the blueprint beyond the documented differences (-want +got):\n%s", da.Path, diff)
			}
		})
	}
}

func findDataAction(t *testing.T, res *Result, key string) DataAction {
	t.Helper()
	for _, da := range res.DataActions {
		if da.Key == key {
			return da
		}
	}
	var keys []string
	for _, da := range res.DataActions {
		keys = append(keys, da.Key)
	}
	sort.Strings(keys)
	t.Fatalf("no data action %q; have %v", key, keys)
	return DataAction{}
}

// walk returns the value at path in a decoded JSON document.
func walk(v any, path []string) any {
	for _, key := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[key]
	}
	return v
}

// set stores value at path in a decoded JSON document.
func set(v any, path []string, value any) {
	parent := walk(v, path[:len(path)-1]).(map[string]any)
	parent[path[len(path)-1]] = value
}
