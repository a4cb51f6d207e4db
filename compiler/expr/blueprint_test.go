package expr

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/callpark/callpark/internal/blueprint"
)

// foundValue is one value object of an export, with its JSON path.
type foundValue struct {
	path string
	raw  json.RawMessage
}

// collectValues walks a JSON document and returns every value object:
// an object with config, text and type keys.
func collectValues(t *testing.T, path string, raw json.RawMessage, out *[]foundValue) {
	t.Helper()
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) > 0 && raw[0] == '{':
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		_, hasConfig := obj["config"]
		_, hasText := obj["text"]
		_, hasType := obj["type"]
		if hasConfig && hasText && hasType {
			*out = append(*out, foundValue{path, raw})
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			collectValues(t, path+"."+k, obj[k], out)
		}
	case len(raw) > 0 && raw[0] == '[':
		var list []json.RawMessage
		if err := json.Unmarshal(raw, &list); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for i, item := range list {
			collectValues(t, fmt.Sprintf("%s[%d]", path, i), item, out)
		}
	}
}

// variableTypes maps the __type of a flow variable declaration to its type.
var variableTypes = map[string]Type{
	"StringVariable":   String,
	"IntegerVariable":  Integer,
	"BoolVariable":     Boolean,
	"BooleanVariable":  Boolean,
	"DecimalVariable":  Decimal,
	"DurationVariable": Duration,
	"DateTimeVariable": DateTime,
}

// documentEnv builds the Env of an export from its variables and the user
// prompts of its manifest.
func documentEnv(t *testing.T, doc []byte) *Env {
	var d struct {
		Variables []struct {
			ID           string `json:"id"`
			Name         string `json:"name"`
			Type         string `json:"__type"`
			IsCollection bool   `json:"isCollection"`
		} `json:"variables"`
		Manifest struct {
			UserPrompt []struct {
				ID   string `json:"id"`
				Name string `json:"name"`
			} `json:"userPrompt"`
		} `json:"manifest"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	var vars []Var
	for _, v := range d.Variables {
		typ, ok := variableTypes[v.Type]
		if !ok {
			t.Fatalf("variable %s has unknown __type %s", v.Name, v.Type)
		}
		if v.IsCollection {
			typ = CollectionOf(typ)
		}
		vars = append(vars, Var{Name: v.Name, Type: typ, ID: v.ID})
	}
	for _, p := range d.Manifest.UserPrompt {
		vars = append(vars, Var{Name: "Prompt." + p.Name, Type: Prompt, ID: p.ID})
	}
	return NewEnv(vars...)
}

// expectedValue is the part of a value object needed to rebuild it: its
// source text and type, and the placement details (mode, flags) that the
// lowering stage supplies.
type expectedValue struct {
	Config       map[string]map[string]any `json:"config"`
	Text         string                    `json:"text"`
	Type         Type                      `json:"type"`
	Version      int                       `json:"version"`
	OutOfService bool                      `json:"outOfService"`
	UIMetaData   struct {
		Mode          *Mode `json:"mode"`
		IsOverride    bool  `json:"isOverride"`
		Optional      bool  `json:"optional"`
		SequenceItems []struct {
			Name           string `json:"name"`
			ExpressionName string `json:"expressionName"`
		} `json:"sequenceItems"`
	} `json:"uiMetaData"`
}

// rebuild compiles the value that want describes, with this package's API.
func rebuild(want expectedValue, env *Env) (*Value, error) {
	if want.UIMetaData.Mode == nil {
		opts := AudioOptions{Optional: want.UIMetaData.Optional, ExpressionNames: map[string]string{}}
		for _, item := range want.UIMetaData.SequenceItems {
			if item.ExpressionName != item.Name {
				opts.ExpressionNames[item.Name] = item.ExpressionName
			}
		}
		v, errs := CompileAudio(want.Text, env, opts)
		return v, joinErrors(errs)
	}

	var v *Value
	var errs []Error
	switch *want.UIMetaData.Mode {
	case ModeExpression:
		v, errs = Compile(want.Text, env)
	case ModeVariable:
		v, errs = CompileVariable(want.Text, env)
	case ModeNoValue:
		v = NoValue(want.Type)
	case ModeLiteral:
		if want.Type == Prompt {
			b, ok := LookupBuiltin("PromptSystem." + want.Text)
			if !ok {
				return nil, fmt.Errorf("no system prompt %s", want.Text)
			}
			v = PromptLiteral(want.Text, b.ID)
			break
		}
		var err error
		if v, err = Literal(want.Type, want.Text); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("unknown mode %d", *want.UIMetaData.Mode)
	}
	if err := joinErrors(errs); err != nil {
		return nil, err
	}
	v.UIMetaData.IsOverride = want.UIMetaData.IsOverride
	v.OutOfService = want.OutOfService
	v.Version = want.Version
	return v, nil
}

func joinErrors(errs []Error) error {
	if len(errs) == 0 {
		return nil
	}
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.Error()
	}
	return fmt.Errorf("%s", strings.Join(msgs, "; "))
}

// TestBlueprintValues recompiles every value object of the reference
// exports and compares the JSON, key order included.
func TestBlueprintValues(t *testing.T) {
	dir := blueprint.Dir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.decoded.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no *.decoded.json files in %s", dir)
	}

	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			doc, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			env := documentEnv(t, doc)
			var values []foundValue
			collectValues(t, "", doc, &values)
			if len(values) == 0 {
				t.Fatal("no value objects found")
			}

			kinds := map[string]int{}
			for _, fv := range values {
				var want expectedValue
				if err := json.Unmarshal(fv.raw, &want); err != nil {
					t.Fatalf("%s: %v", fv.path, err)
				}
				kinds[valueKind(want)]++

				got, err := rebuild(want, env)
				if err != nil {
					t.Errorf("%s: compiling %q: %v", fv.path, want.Text, err)
					continue
				}
				compareValue(t, fv, got)
			}
			t.Logf("%d values: %v", len(values), kinds)
		})
	}
}

func valueKind(v expectedValue) string {
	if v.UIMetaData.Mode == nil {
		return "audio"
	}
	return [...]string{"expression", "literal", "variable", "noValue"}[*v.UIMetaData.Mode]
}

// compareValue checks the compiled value against the export byte for byte
// in compact form, and shows a structural diff when they differ.
func compareValue(t *testing.T, fv foundValue, got *Value) {
	t.Helper()
	var want bytes.Buffer
	if err := json.Compact(&want, fv.raw); err != nil {
		t.Fatal(err)
	}
	gotJSON, err := json.Marshal(got)
	if err != nil {
		t.Fatalf("%s: marshal: %v", fv.path, err)
	}
	var gotCompact bytes.Buffer
	if err := json.Compact(&gotCompact, gotJSON); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(want.Bytes(), gotCompact.Bytes()) {
		return
	}

	var wantAny, gotAny any
	if err := json.Unmarshal(want.Bytes(), &wantAny); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(gotJSON, &gotAny); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantAny, gotAny); diff != "" {
		t.Errorf("%s: value mismatch (-want +got):\n%s", fv.path, diff)
		return
	}
	t.Errorf("%s: same content, different key order or escaping:\nwant %s\ngot  %s", fv.path, want.Bytes(), gotCompact.Bytes())
}
