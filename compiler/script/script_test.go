package script

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/callpark/callpark/compiler/params"
)

func TestGenerateSameBytes(t *testing.T) {
	first, err := Generate(loadParams(t, fixture))
	if err != nil {
		t.Fatal(err)
	}
	second, err := Generate(loadParams(t, fixture))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Errorf("two builds of the same parameters differ:\n%s", cmp.Diff(string(first), string(second)))
	}
}

func TestGenerateCompactJSON(t *testing.T) {
	out, err := Generate(loadParams(t, fixture))
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(out) {
		t.Fatalf("output is not valid JSON: %s", out)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, out); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(compact.Bytes(), out) {
		t.Errorf("output is not compact JSON")
	}
}

func TestGenerateUsesParameters(t *testing.T) {
	p := loadParams(t, fixture)
	p.Script.Name = "Park Transfer"
	p.HoldingQueue.ID = "0f8b3c1e-5d2a-4c6b-9e7f-1a2b3c4d5e6f"
	p.DataActions.UpdateExternalTag.ID = "custom_-_11111111-2222-4333-8444-555555555555"
	doc := parseJSON(t, generate(t, p))

	if got := valueAt(t, doc, "name"); got != "Park Transfer" {
		t.Errorf("name = %v, want Park Transfer", got)
	}
	bridge := "customActions[0].action.block[0].actionArgumentValues[0].value"
	if got := valueAt(t, doc, bridge+".actionName"); got != p.DataActions.UpdateExternalTag.ID {
		t.Errorf("data action id = %v, want %s", got, p.DataActions.UpdateExternalTag.ID)
	}
	if got := valueAt(t, doc, bridge+".inputProperty.value.fieldProperties.conversationId.value"); got != "scripter.interactionId" {
		t.Errorf("conversationId input = %v, want scripter.interactionId", got)
	}
	transfer := "customActions[0].action.block[1]"
	if got := valueAt(t, doc, transfer+".actionName"); got != "scripter.blindTransfer" {
		t.Errorf("second step = %v, want scripter.blindTransfer", got)
	}
	if got := valueAt(t, doc, transfer+".actionArgumentValues[0].value"); got != p.HoldingQueue.ID {
		t.Errorf("transfer queue = %v, want %s", got, p.HoldingQueue.ID)
	}
}

// TestGenerateBindings checks that the input, the data action input and
// the button refer to the variable and the custom action by their ids.
func TestGenerateBindings(t *testing.T) {
	doc := parseJSON(t, generate(t, loadParams(t, fixture)))

	tagID := valueAt(t, doc, "variables[2].id")
	if name := valueAt(t, doc, "variables[2].name"); name != "externalTag" {
		t.Fatalf("variables[2] is %v, want externalTag", name)
	}
	page := "pages[0].rootContainer.children"
	if got := valueAt(t, doc, page+"[3].properties.value.value"); got != tagID {
		t.Errorf("the code input is bound to %v, want the externalTag variable %v", got, tagID)
	}
	tagInput := "customActions[0].action.block[0].actionArgumentValues[0].value.inputProperty.value.fieldProperties.externalTag.value"
	if got := valueAt(t, doc, tagInput); got != tagID {
		t.Errorf("the data action's externalTag input is %v, want the externalTag variable %v", got, tagID)
	}
	if got, want := valueAt(t, doc, page+"[4].properties.clickAction.value.actionName"), valueAt(t, doc, "customActions[0].id"); got != want {
		t.Errorf("the button runs %v, want the park action %v", got, want)
	}
	if got, want := valueAt(t, doc, "pages[0].scriptId"), valueAt(t, doc, "id"); got != want {
		t.Errorf("page scriptId = %v, want the script id %v", got, want)
	}
}

// TestGenerateIDsPerScript checks that two scripts share only Scripter's
// fixed ids, so importing both into one org cannot mix their variables.
func TestGenerateIDsPerScript(t *testing.T) {
	p := loadParams(t, fixture)
	first := generate(t, p)
	p.Script.Name = "Another Park Script"
	second := generate(t, p)

	fixed := map[string]bool{startPageID: true, screenPopActionID: true, organizationID: true, p.HoldingQueue.ID: true}
	fixed[strings.TrimPrefix(p.DataActions.UpdateExternalTag.ID, "custom_-_")] = true
	seen := map[string]bool{}
	for _, id := range uuidPattern.FindAllString(string(first), -1) {
		seen[id] = true
	}
	for _, id := range uuidPattern.FindAllString(string(second), -1) {
		if seen[id] && !fixed[id] {
			t.Errorf("id %s appears in both scripts", id)
		}
	}
}

func TestGenerateNameEscaped(t *testing.T) {
	p := loadParams(t, fixture)
	p.Script.Name = `Park "A" \ <B> & Ünïcode`
	out := generate(t, p)

	if got := valueAt(t, parseJSON(t, out), "name"); got != p.Script.Name {
		t.Errorf("name = %q, want %q", got, p.Script.Name)
	}
	if !bytes.Contains(out, []byte(`"Park \"A\" \\ <B> & Ünïcode"`)) {
		t.Errorf("name not written as JavaScript's JSON.stringify writes it: %s", out[:200])
	}
}

func TestGenerateMissingIDs(t *testing.T) {
	tests := []struct {
		name        string
		queueID     string
		actionID    string
		wantFields  []string
		wantMessage string
	}{
		{"no queue id", "", "custom_-_2cec6971-01ca-4693-b35a-c1740b92ed25", []string{"holdingQueue.id"}, "holdingQueue.id: missing, so callpark did not generate the agent script, which transfers parked calls to the holding queue by its id"},
		{"no action id", "a3a7092a-f54f-429b-b809-ec8710038980", "", []string{"dataActions.updateExternalTag.id"}, "dataActions.updateExternalTag.id: missing, so callpark did not generate the agent script, which calls the update-external-tag data action by its id"},
		{"neither", "", "", []string{"holdingQueue.id", "dataActions.updateExternalTag.id"}, "holdingQueue.id: missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := loadParams(t, fixture)
			p.HoldingQueue.ID = tt.queueID
			p.DataActions.UpdateExternalTag.ID = tt.actionID

			out, err := Generate(p)
			if out != nil {
				t.Errorf("Generate returned %d bytes with the error", len(out))
			}
			var missing *MissingIDsError
			if !errors.As(err, &missing) {
				t.Fatalf("error = %v (%T), want a *MissingIDsError", err, err)
			}
			if diff := cmp.Diff(tt.wantFields, missing.Fields); diff != "" {
				t.Errorf("Fields (-want +got):\n%s", diff)
			}
			if len(missing.Diagnostics) != len(tt.wantFields) {
				t.Errorf("%d diagnostics, want %d", len(missing.Diagnostics), len(tt.wantFields))
			}
			if !strings.Contains(err.Error(), tt.wantMessage) {
				t.Errorf("message %q does not contain %q", err.Error(), tt.wantMessage)
			}
			if !strings.HasPrefix(err.Error(), fixture+":") {
				t.Errorf("message %q does not start with the parameter file's name", err.Error())
			}
		})
	}
}

// TestMissingIDsPosition checks that each missing id is reported where it
// belongs: at the mapping that should hold it.
func TestMissingIDsPosition(t *testing.T) {
	src := []byte("version: 1\nholdingQueue:\n  name: Q\ndataActions:\n  category: C\n  updateExternalTag:\n    name: U\nretrieval:\n  name: R\nhold:\n  name: H\n")
	p, err := params.Load("park.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Generate(p)
	var missing *MissingIDsError
	if !errors.As(err, &missing) {
		t.Fatalf("error = %v, want a *MissingIDsError", err)
	}
	var got []string
	for _, e := range missing.Diagnostics {
		got = append(got, e.Pos.String()+" "+e.Field)
	}
	want := []string{"park.yaml:3:3 holdingQueue.id", "park.yaml:7:5 dataActions.updateExternalTag.id"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("positions (-want +got):\n%s", diff)
	}
}

func generate(t testing.TB, p *params.Params) []byte {
	t.Helper()
	out, err := Generate(p)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return out
}
