package script_test

import (
	"bytes"
	"os"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/callpark/callpark/compiler"
	"github.com/callpark/callpark/compiler/dataaction"
	"github.com/callpark/callpark/compiler/i3"
	"github.com/callpark/callpark/compiler/params"
	"github.com/callpark/callpark/compiler/script"
)

const fixture = "../../testdata/blueprint-script/params.yaml"

func compileFixture(t *testing.T) (*params.Params, *compiler.Result) {
	t.Helper()
	src, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	p, err := params.Load(fixture, src)
	if err != nil {
		t.Fatal(err)
	}
	res, err := compiler.CompileParams(p)
	if err != nil {
		t.Fatal(err)
	}
	return p, res
}

// TestScriptInputsMatchDataAction checks that the script passes exactly the
// inputs of the update-external-tag data action that callpark generates.
func TestScriptInputsMatchDataAction(t *testing.T) {
	p, res := compileFixture(t)

	var contract []string
	for _, da := range res.DataActions {
		if da.Key != "updateExternalTag" {
			continue
		}
		action, err := dataaction.Parse(da.JSON)
		if err != nil {
			t.Fatal(err)
		}
		for name := range action.Contract.Input.InputSchema.Properties {
			contract = append(contract, name)
		}
	}
	sort.Strings(contract)

	out, err := script.Generate(p)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := i3.Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	fields := member(t, doc, "customActions", 0, "action", "block", 0, "actionArgumentValues", 0,
		"value", "inputProperty", "value", "fieldProperties").(*i3.Object)
	var inputs []string
	for _, m := range fields.Members {
		inputs = append(inputs, m.Key)
	}
	sort.Strings(inputs)

	if len(contract) == 0 {
		t.Fatal("the build has no update-external-tag data action with inputs")
	}
	if diff := cmp.Diff(contract, inputs); diff != "" {
		t.Errorf("script inputs differ from the data action's input contract (-contract +script):\n%s", diff)
	}
}

func TestCompileAddsScript(t *testing.T) {
	p, res := compileFixture(t)
	want, err := script.Generate(p)
	if err != nil {
		t.Fatal(err)
	}
	const path = "scripts/Orbit Queue Transfer.script"
	for _, f := range res.Files {
		if f.Path == path {
			if !bytes.Equal(f.Data, want) {
				t.Errorf("%s differs from script.Generate's output", path)
			}
			return
		}
	}
	t.Errorf("the build has no %s", path)
}

func TestCompileWithoutIDsSkipsScript(t *testing.T) {
	p, _ := compileFixture(t)
	p.DataActions.UpdateExternalTag.ID = ""
	res, err := compiler.CompileParams(p)
	if err != nil {
		t.Fatalf("CompileParams: %v", err)
	}
	if len(res.Files) == 0 {
		t.Fatal("the build has no files")
	}
	for _, f := range res.Files {
		if f.Path == "scripts/Orbit Queue Transfer.script" {
			t.Errorf("the build has %s although the data action id is missing", f.Path)
		}
	}
}

// member follows keys (strings) and indexes (ints) below v.
func member(t *testing.T, v i3.Value, path ...any) i3.Value {
	t.Helper()
	for _, step := range path {
		switch s := step.(type) {
		case string:
			obj, ok := v.(*i3.Object)
			if !ok {
				t.Fatalf("%v: %q is not below an object", path, s)
			}
			if v, ok = obj.Get(s); !ok {
				t.Fatalf("%v: no member %q", path, s)
			}
		case int:
			list, ok := v.([]i3.Value)
			if !ok || s >= len(list) {
				t.Fatalf("%v: no element %d", path, s)
			}
			v = list[s]
		}
	}
	return v
}
