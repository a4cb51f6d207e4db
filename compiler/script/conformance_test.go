package script

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/callpark/callpark/compiler/i3"
	"github.com/callpark/callpark/compiler/params"
	"github.com/callpark/callpark/internal/blueprint"
)

// blueprintScript is the blueprint's agent script export, in the folder
// that CALLPARK_BLUEPRINT_DIR names.
const blueprintScript = "Orbit Queue Transfer.script"

// fixture is the parameter file that reproduces the blueprint's script,
// relative to this package.
const fixture = "../../testdata/blueprint-script/params.yaml"

// scriptDifference is one deliberate difference from the blueprint's
// script: the value at Path in the blueprint and in callpark's build.
type scriptDifference struct {
	Path      string
	Blueprint i3.Value
	Callpark  i3.Value
}

// scriptDifferences lists every difference from the blueprint's script
// that the "Agent script" section of docs/blueprint-differences.md
// explains. The values are what the blueprint was exported with and what a
// build cannot know.
var scriptDifferences = []scriptDifference{
	{"createdDate", "2024-03-20T14:56:38.992Z", exportDate},
	{"modifiedDate", "2024-03-20T14:56:38.992Z", exportDate},
	{"organizationId", "e7ee8331-189c-4922-a078-74946003304d", organizationID},
	{"pages[0].organizationId", "e7ee8331-189c-4922-a078-74946003304d", organizationID},
}

// TestBlueprintScript compares the script built from the fixture with the
// blueprint's export. Both are canonicalized the same way: each listed
// difference is checked and then blanked, and every generated id is
// renumbered in order of first appearance. Ids that the parameter file
// gives and Scripter's fixed ids are compared as they are. The rest must
// be equal, members in the same order.
func TestBlueprintScript(t *testing.T) {
	dir := blueprint.Dir(t)
	want := parseJSON(t, readFile(t, filepath.Join(dir, blueprintScript)))

	p := loadParams(t, fixture)
	out, err := Generate(p)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	got := parseJSON(t, out)

	for _, d := range scriptDifferences {
		if cmp.Equal(d.Blueprint, d.Callpark) {
			t.Errorf("%s: the listed difference has the same value %v on both sides", d.Path, d.Blueprint)
		}
		if v := valueAt(t, want, d.Path); !cmp.Equal(v, d.Blueprint) {
			t.Errorf("blueprint %s = %v, want %v as listed", d.Path, v, d.Blueprint)
		}
		if v := valueAt(t, got, d.Path); !cmp.Equal(v, d.Callpark) {
			t.Errorf("callpark %s = %v, want %v as listed", d.Path, v, d.Callpark)
		}
		setValueAt(t, want, d.Path, "(listed difference)")
		setValueAt(t, got, d.Path, "(listed difference)")
	}

	fixedIDs := map[string]bool{
		p.HoldingQueue.ID: true,
		strings.TrimPrefix(p.DataActions.UpdateExternalTag.ID, "custom_-_"): true,
		startPageID:       true,
		screenPopActionID: true,
	}
	wantLines := strings.Split(string(i3.MarshalIndent(renumberIDs(want, fixedIDs))), "\n")
	gotLines := strings.Split(string(i3.MarshalIndent(renumberIDs(got, fixedIDs))), "\n")
	if diff := cmp.Diff(wantLines, gotLines); diff != "" {
		t.Errorf("script differs from the blueprint's after canonicalization (-blueprint +callpark):\n%s", diff)
	}
}

// TestBlueprintScriptBytes checks that the export is written as Scripter
// writes it: the blueprint's file re-encodes to the same bytes with the
// encoder Generate uses.
func TestBlueprintScriptBytes(t *testing.T) {
	data := readFile(t, filepath.Join(blueprint.Dir(t), blueprintScript))
	if got := i3.Marshal(parseJSON(t, data)); string(got) != string(data) {
		t.Errorf("re-encoding %s changed it:\n%s", blueprintScript, cmp.Diff(string(data), string(got)))
	}
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func parseJSON(t testing.TB, data []byte) i3.Value {
	t.Helper()
	v, err := i3.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func loadParams(t testing.TB, file string) *params.Params {
	t.Helper()
	p, err := params.Load(file, readFile(t, file))
	if err != nil {
		t.Fatalf("loading %s: %v", file, err)
	}
	return p
}

// uuidPattern matches a UUID anywhere in a string, such as inside
// "{{id}}" or "custom_-_id".
var uuidPattern = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)

// renumberIDs replaces every UUID in the strings of v, except those in
// fixedIDs, with "id-N", numbered in order of first appearance in document
// order. It changes v in place and returns it.
func renumberIDs(v i3.Value, fixedIDs map[string]bool) i3.Value {
	numbers := map[string]int{}
	replace := func(s string) string {
		return uuidPattern.ReplaceAllStringFunc(s, func(id string) string {
			if fixedIDs[id] {
				return id
			}
			if _, ok := numbers[id]; !ok {
				numbers[id] = len(numbers) + 1
			}
			return fmt.Sprintf("id-%d", numbers[id])
		})
	}
	var walk func(v i3.Value) i3.Value
	walk = func(v i3.Value) i3.Value {
		switch t := v.(type) {
		case string:
			return replace(t)
		case *i3.Object:
			for i := range t.Members {
				t.Members[i].Key = replace(t.Members[i].Key)
				t.Members[i].Value = walk(t.Members[i].Value)
			}
		case []i3.Value:
			for i := range t {
				t[i] = walk(t[i])
			}
		}
		return v
	}
	return walk(v)
}

// pathStep is one step of a path such as "pages[0].organizationId": a
// member key, or an index when key is empty.
type pathStep struct {
	key   string
	index int
}

var stepPattern = regexp.MustCompile(`^([^.\[]+)|^\.([^.\[]+)|^\[(\d+)\]`)

func parsePath(t testing.TB, path string) []pathStep {
	t.Helper()
	var steps []pathStep
	for rest := path; rest != ""; {
		m := stepPattern.FindStringSubmatch(rest)
		if m == nil {
			t.Fatalf("invalid path %q at %q", path, rest)
		}
		switch {
		case m[1] != "":
			steps = append(steps, pathStep{key: m[1]})
		case m[2] != "":
			steps = append(steps, pathStep{key: m[2]})
		default:
			n, _ := strconv.Atoi(m[3])
			steps = append(steps, pathStep{index: n})
		}
		rest = rest[len(m[0]):]
	}
	return steps
}

// step returns the value one step below v, or fails the test.
func step(t testing.TB, v i3.Value, s pathStep, path string) i3.Value {
	t.Helper()
	if s.key != "" {
		obj, ok := v.(*i3.Object)
		if !ok {
			t.Fatalf("%s: %q is not a member of a %T", path, s.key, v)
		}
		child, ok := obj.Get(s.key)
		if !ok {
			t.Fatalf("%s: no member %q", path, s.key)
		}
		return child
	}
	list, ok := v.([]i3.Value)
	if !ok || s.index >= len(list) {
		t.Fatalf("%s: no element %d", path, s.index)
	}
	return list[s.index]
}

func valueAt(t testing.TB, v i3.Value, path string) i3.Value {
	t.Helper()
	for _, s := range parsePath(t, path) {
		v = step(t, v, s, path)
	}
	return v
}

func setValueAt(t testing.TB, v i3.Value, path string, value i3.Value) {
	t.Helper()
	steps := parsePath(t, path)
	for _, s := range steps[:len(steps)-1] {
		v = step(t, v, s, path)
	}
	last := steps[len(steps)-1]
	switch parent := v.(type) {
	case *i3.Object:
		parent.Set(last.key, value)
	case []i3.Value:
		parent[last.index] = value
	default:
		t.Fatalf("%s: cannot set a member of a %T", path, v)
	}
}
