package export

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/callpark/callpark/compiler/i3"
)

// blueprintDir returns the folder named by CALLPARK_BLUEPRINT_DIR, which
// holds the blueprint's reference exports and Archy templates.
func blueprintDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("CALLPARK_BLUEPRINT_DIR")
	if dir == "" {
		t.Skip("CALLPARK_BLUEPRINT_DIR is unset: set it to the folder of the blueprint's reference files to run this test")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("CALLPARK_BLUEPRINT_DIR: %v", err)
	}
	return dir
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Values inside the two reference exports, which the blueprint's README
// lists for reproducing them.
const (
	fixtureRetrievalName = "Orbit - Parked Call Retrieval"
	fixtureHoldName      = "InQueue - Orbit Call Park Hold"
	fixtureHoldDesc      = "In-queue call flow to play hold music for a parked call as it is being retrieved"
	fixtureQueueID       = "a3a7092a-f54f-429b-b809-ec8710038980"
	fixtureCategory      = "Orbit Data Actions Oauth Integration"
	fixtureFindID        = "custom_-_28ff3a00-2825-4b84-a20b-0e3c907c2176"
	fixtureFindName      = "Get Waiting Calls in specific Queue based on External Tag - Exported 2023-03-23 @ 8:22"
	fixtureReplaceID     = "custom_-_6c680767-5524-485d-8ad7-928eeb55078a"
	fixtureReplaceName   = "Replace participant with ANI - Exported 2023-03-23 @ 8:23"
	fixtureHoldPromptID  = "2330f08a-946d-457f-b5df-7018d4d9e251"
)

// fillTemplate replaces each {{name}} of a blueprint Archy template with a
// double-quoted YAML scalar.
func fillTemplate(t testing.TB, path string, values map[string]string) []byte {
	t.Helper()
	text := string(readFile(t, path))
	text = regexp.MustCompile(`\{\{(\w+)\}\}`).ReplaceAllStringFunc(text, func(m string) string {
		name := m[2 : len(m)-2]
		v, ok := values[name]
		if !ok {
			t.Fatalf("%s: no value for placeholder %s", path, m)
		}
		return strconv.Quote(v)
	})
	return []byte(text)
}

// contractSchemas reads the input and success schemas of a data action
// export.
func contractSchemas(t testing.TB, path string) (input, success []byte) {
	t.Helper()
	v, err := i3.Parse(readFile(t, path))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	contract := member(v, "contract")
	return i3.Marshal(member(member(contract, "input"), "inputSchema")),
		i3.Marshal(member(member(contract, "output"), "successSchema"))
}

func member(v i3.Value, key string) i3.Value {
	obj, ok := v.(*i3.Object)
	if !ok {
		return nil
	}
	m, _ := obj.Get(key)
	return m
}

// fixture is one reference export and the input that reproduces it.
type fixture struct {
	name     string
	template string
	values   map[string]string
	opts     Options
}

func fixtures(t testing.TB, dir string) []fixture {
	findIn, findOut := contractSchemas(t, filepath.Join(dir, "Get-Waiting-Calls-in-specific-Queue-based-on-External-Tag.custom.json"))
	replaceIn, replaceOut := contractSchemas(t, filepath.Join(dir, "Replace-participant-with-ANI.custom.json"))
	// The error schema is the error body Genesys Cloud declares for every
	// custom data action. Data action exports do not contain it, so the test
	// takes it from the reference export.
	ref, err := i3.Decode(readFile(t, filepath.Join(dir, fixtureRetrievalName+".i3InboundFlow")))
	if err != nil {
		t.Fatal(err)
	}
	services := member(ref.Members[findKey(ref, "uiMetaData")].Value, "actionServiceActions").([]i3.Value)
	errorSchema := i3.Marshal(member(services[0], "errorSchema"))

	return []fixture{
		{
			name:     fixtureRetrievalName + ".i3InboundFlow",
			template: "orbit-parked-call-retrieval.archy.yaml.tmpl",
			values: map[string]string{
				"flow_name":            fixtureRetrievalName,
				"division_name":        "New Home",
				"data_action_category": fixtureCategory,
				"data_action_name_1":   fixtureFindName,
				"data_action_name_2":   fixtureReplaceName,
				"queue_id":             fixtureQueueID,
			},
			opts: Options{
				DataActions: []DataAction{
					{ID: fixtureFindID, Name: fixtureFindName, Category: fixtureCategory, InputSchema: findIn, SuccessSchema: findOut, ErrorSchema: errorSchema},
					{ID: fixtureReplaceID, Name: fixtureReplaceName, Category: fixtureCategory, InputSchema: replaceIn, SuccessSchema: replaceOut, ErrorSchema: errorSchema},
				},
				TextToSpeech: TextToSpeech{
					Engine: "Genesys Enhanced TTS", EngineID: "genesys_enhanced", Specific: true,
					VoiceIDs: map[string]string{"en-US-DavisNeural": "genesys_enhanced/azure_en-US-DavisNeural-en-US"},
				},
			},
		},
		{
			name:     fixtureHoldName + ".i3InQueueFlow",
			template: "in-queue-orbit-call-park-hold.archy.yaml.tmpl",
			values:   map[string]string{"flow_name": fixtureHoldName, "division_name": "New Home"},
			opts: Options{
				Description: fixtureHoldDesc,
				UserPrompts: map[string]string{"PleaseHoldAsYourCallIsRetrieved": fixtureHoldPromptID},
			},
		},
	}
}

func findKey(o *i3.Object, key string) int {
	for i, m := range o.Members {
		if m.Key == key {
			return i
		}
	}
	return -1
}

// uuidPattern matches the ids that canonicalization renumbers.
var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// canonicalize renumbers a document's UUIDs and tracking numbers in order
// of first appearance, so documents with other ids compare equal. UUIDs
// are numbered first as they appear in flowSequenceItemList and variables,
// then in the rest of the document, so the manifest, which lists uses
// before the items, does not decide the numbering. The ids in keep (org
// objects the test itself names) stay as they are. nextTrackingNumber is
// rewritten only when it is one above the largest tracking number.
func canonicalize(doc *i3.Object, keep ...string) {
	ids := map[string]string{}
	number := func(v i3.Value) {
		walkStrings(v, func(s string) string {
			if uuidPattern.MatchString(s) && !slices.Contains(keep, s) {
				if _, ok := ids[s]; !ok {
					ids[s] = fmt.Sprintf("uuid-%d", len(ids)+1)
				}
			}
			return s
		})
	}
	for _, key := range []string{"flowSequenceItemList", "variables"} {
		v, _ := doc.Get(key)
		number(v)
	}
	number(doc)
	walkStrings(doc, func(s string) string {
		if id, ok := ids[s]; ok {
			return id
		}
		return s
	})

	tracking := map[string]int{}
	largest := 0
	walkMembers(doc, func(m *i3.Member) {
		if m.Key != "trackingId" {
			return
		}
		n := string(m.Value.(i3.Number))
		if _, ok := tracking[n]; !ok {
			tracking[n] = len(tracking) + 1
		}
		old, _ := strconv.Atoi(n)
		largest = max(largest, old)
		m.Value = i3.Int(tracking[n])
	})
	if next, _ := doc.Get("nextTrackingNumber"); next == i3.Int(largest+1) {
		doc.Set("nextTrackingNumber", i3.Int(len(tracking)+1))
	}
}

func walkStrings(v i3.Value, f func(string) string) {
	switch t := v.(type) {
	case *i3.Object:
		for i := range t.Members {
			if s, ok := t.Members[i].Value.(string); ok {
				t.Members[i].Value = f(s)
				continue
			}
			walkStrings(t.Members[i].Value, f)
		}
	case []i3.Value:
		for i := range t {
			if s, ok := t[i].(string); ok {
				t[i] = f(s)
				continue
			}
			walkStrings(t[i], f)
		}
	}
}

func walkMembers(v i3.Value, f func(*i3.Member)) {
	switch t := v.(type) {
	case *i3.Object:
		for i := range t.Members {
			f(&t.Members[i])
			walkMembers(t.Members[i].Value, f)
		}
	case []i3.Value:
		for _, e := range t {
			walkMembers(e, f)
		}
	}
}

// difference is one place where two documents differ: a leaf value, a
// member or array element only one side has, or the order of an object's
// members.
type difference struct {
	path      string
	want, got string // compact JSON; "" where the side has nothing
	leaves    int    // leaf values involved
}

// diffDocuments compares want (the reference) and got member by member.
func diffDocuments(path string, want, got i3.Value, out *[]difference) {
	wo, wIsObj := want.(*i3.Object)
	goObj, gIsObj := got.(*i3.Object)
	wl, wIsList := want.([]i3.Value)
	gl, gIsList := got.([]i3.Value)
	switch {
	case wIsObj && gIsObj:
		diffObjects(path, wo, goObj, out)
	case wIsList && gIsList:
		for i := range max(len(wl), len(gl)) {
			p := fmt.Sprintf("%s[%d]", path, i)
			switch {
			case i >= len(wl):
				*out = append(*out, difference{p, "", string(i3.Marshal(gl[i])), countLeaves(gl[i])})
			case i >= len(gl):
				*out = append(*out, difference{p, string(i3.Marshal(wl[i])), "", countLeaves(wl[i])})
			default:
				diffDocuments(p, wl[i], gl[i], out)
			}
		}
	default:
		w, g := string(i3.Marshal(want)), string(i3.Marshal(got))
		if w != g {
			*out = append(*out, difference{path, w, g, max(countLeaves(want), countLeaves(got))})
		}
	}
}

func diffObjects(path string, want, got *i3.Object, out *[]difference) {
	var wantOrder, gotOrder []string
	for _, m := range want.Members {
		p := path + "." + m.Key
		g, ok := got.Get(m.Key)
		if !ok {
			*out = append(*out, difference{p, string(i3.Marshal(m.Value)), "", countLeaves(m.Value)})
			continue
		}
		wantOrder = append(wantOrder, m.Key)
		diffDocuments(p, m.Value, g, out)
	}
	for _, m := range got.Members {
		if _, ok := want.Get(m.Key); !ok {
			*out = append(*out, difference{path + "." + m.Key, "", string(i3.Marshal(m.Value)), countLeaves(m.Value)})
			continue
		}
		gotOrder = append(gotOrder, m.Key)
	}
	if w, g := strings.Join(wantOrder, ","), strings.Join(gotOrder, ","); w != g {
		*out = append(*out, difference{path + ".<member order>", w, g, 0})
	}
}

func countLeaves(v i3.Value) int {
	switch t := v.(type) {
	case *i3.Object:
		n := 0
		for _, m := range t.Members {
			n += countLeaves(m.Value)
		}
		return n
	case []i3.Value:
		n := 0
		for _, e := range t {
			n += countLeaves(e)
		}
		return n
	}
	return 1
}

// expectedDifference is one difference the conformance test expects.
type expectedDifference struct {
	path, want, got string
}

func TestConformance(t *testing.T) {
	dir := blueprintDir(t)
	expected := map[string][]expectedDifference{
		fixtureRetrievalName + ".i3InboundFlow": retrievalDifferences,
		fixtureHoldName + ".i3InQueueFlow":      holdDifferences,
	}
	for _, fx := range fixtures(t, dir) {
		t.Run(fx.name, func(t *testing.T) {
			src := fillTemplate(t, filepath.Join(dir, fx.template), fx.values)
			got, err := LowerDocument(fx.template, src, fx.opts)
			if err != nil {
				t.Fatalf("%s: %v", fx.template, err)
			}
			want, err := i3.Decode(readFile(t, filepath.Join(dir, fx.name)))
			if err != nil {
				t.Fatal(err)
			}
			canonicalize(got, fixtureQueueID, fixtureHoldPromptID)
			canonicalize(want, fixtureQueueID, fixtureHoldPromptID)

			var diffs []difference
			diffDocuments("", want, got, &diffs)
			remaining := map[string]expectedDifference{}
			for _, e := range expected[fx.name] {
				remaining[e.path] = e
			}
			leaves := 0
			for _, d := range diffs {
				leaves += d.leaves
				e, ok := remaining[d.path]
				switch {
				case !ok:
					t.Errorf("unexpected difference at %s:\n reference %s\n lowered   %s", d.path, d.want, d.got)
				case e.want != d.want || e.got != d.got:
					t.Errorf("difference at %s changed:\n reference %s (expected %s)\n lowered   %s (expected %s)", d.path, d.want, e.want, d.got, e.got)
				}
				delete(remaining, d.path)
			}
			for path := range remaining {
				t.Errorf("expected difference at %s is gone; remove it from the table and from docs/blueprint-differences.md", path)
			}
			t.Logf("%s: %d differences, %d differing leaf values", fx.name, len(diffs), leaves)
		})
	}
}

// The tables below list every difference between the lowered blueprint
// templates and the reference exports after canonicalize, as
// {path, reference value, lowered value} in compact JSON ("" where the
// side has nothing). docs/blueprint-differences.md gives the reasons.

var retrievalDifferences = []expectedDifference{
	// The template names the voice Jill; the export revision uses en-US-DavisNeural.
	{".manifest.ttsVoice[0].name", `"en-US-DavisNeural"`, `"Jill"`},
	{".manifest.ttsVoice[0].id", `"genesys_enhanced/azure_en-US-DavisNeural-en-US"`, `"genesys_enhanced/Jill"`},
	// Architect UI state of one data action, not set by Archy YAML.
	{".flowSequenceItemList[0].actionList[2].uiMetaData.hasCachedVersion", `true`, ``},
	// The export lists actions in the order they were created in the UI; lowering lists them in document order, so the last two swap.
	{".flowSequenceItemList[0].actionList[6].id", `"uuid-3"`, `"uuid-9"`},
	{".flowSequenceItemList[0].actionList[6].name", `"Disconnect"`, `"Play Audio"`},
	{".flowSequenceItemList[0].actionList[6].__type", `"DisconnectAction"`, `"PlayAudioAction"`},
	{".flowSequenceItemList[0].actionList[6].prompts", ``, `{"bargeInExpression":{"config":{"lit":{"pos":1,"text":"true","type":"bln"}},"text":"true","type":"bln","uiMetaData":{"mode":1},"metaData":{},"version":2},"flushExpression":{"config":{"lit":{"pos":1,"text":"false","type":"bln"}},"text":"false","type":"bln","uiMetaData":{"mode":1},"metaData":{},"version":2,"outOfService":true},"defaultAudio":{"config":{"AudioPlaybackOptions":{"pos":1,"text":"AudioPlaybackOptions(ToAudioTTS(\"failure queue find\"), true)","operands":[{"ToAudioTTS":{"pos":22,"operands":[{"lit":{"pos":33,"text":"failure queue find","type":"str"}}],"type":"aud"}},{"lit":{"pos":56,"text":"true","type":"bln"}}],"type":"aud"}},"text":"AudioPlaybackOptions(ToAudioTTS(\"failure queue find\"), true)","type":"aud","uiMetaData":{"sequenceItems":[{"type":0,"parameter":"failure queue find","error":""}],"customExpressionMode":false},"metaData":{}},"cases":[]}`},
	{".flowSequenceItemList[0].actionList[7].id", `"uuid-9"`, `"uuid-3"`},
	{".flowSequenceItemList[0].actionList[7].name", `"Play Audio"`, `"Disconnect"`},
	{".flowSequenceItemList[0].actionList[7].__type", `"PlayAudioAction"`, `"DisconnectAction"`},
	{".flowSequenceItemList[0].actionList[7].prompts", `{"bargeInExpression":{"config":{"lit":{"pos":1,"text":"true","type":"bln"}},"text":"true","type":"bln","uiMetaData":{"mode":1},"metaData":{},"version":2},"flushExpression":{"config":{"lit":{"pos":1,"text":"false","type":"bln"}},"text":"false","type":"bln","uiMetaData":{"mode":1},"metaData":{},"version":2,"outOfService":true},"defaultAudio":{"config":{"AudioPlaybackOptions":{"pos":1,"text":"AudioPlaybackOptions(ToAudioTTS(\"failure queue find\"), true)","operands":[{"ToAudioTTS":{"pos":22,"operands":[{"lit":{"pos":33,"text":"failure queue find","type":"str"}}],"type":"aud"}},{"lit":{"pos":56,"text":"true","type":"bln"}}],"type":"aud"}},"text":"AudioPlaybackOptions(ToAudioTTS(\"failure queue find\"), true)","type":"aud","uiMetaData":{"sequenceItems":[{"type":0,"parameter":"failure queue find","error":""}],"customExpressionMode":false},"metaData":{}},"cases":[]}`, ``},
	// The template names the voice Jill; the export revision uses en-US-DavisNeural.
	{".supportedLanguageOptions[0].textToSpeech.voice.name", `"en-US-DavisNeural"`, `"Jill"`},
	{".supportedLanguageOptions[0].textToSpeech.voice.id", `"genesys_enhanced/azure_en-US-DavisNeural-en-US"`, `"genesys_enhanced/Jill"`},
	// The export lists variables in creation order; lowering keeps the order of the YAML.
	{".variables[0].id", `"uuid-4"`, `"uuid-6"`},
	{".variables[0].isCollection", `false`, `true`},
	{".variables[0].name", `"Flow.OrbitNumber"`, `"Flow.ConversationId"`},
	{".variables[0].initialValue.config.emp.type", `"str"`, `"str_coll"`},
	{".variables[0].initialValue.type", `"str"`, `"str_coll"`},
	{".variables[1].id", `"uuid-7"`, `"uuid-4"`},
	{".variables[1].isCollection", `true`, `false`},
	{".variables[1].name", `"Flow.participantId"`, `"Flow.OrbitNumber"`},
	{".variables[1].initialValue.config.emp.type", `"str_coll"`, `"str"`},
	{".variables[1].initialValue.type", `"str_coll"`, `"str"`},
	{".variables[2].id", `"uuid-6"`, `"uuid-7"`},
	{".variables[2].name", `"Flow.ConversationId"`, `"Flow.participantId"`},
}

var holdDifferences = []expectedDifference{
	// The template plays TTS where the export revision plays user prompt Prompt.PleaseHoldAsYourCallIsRetrieved.
	{".manifest.userPrompt[0]", `{"context":[{"actionName":"Play Audio","id":"uuid-1","name":"Play Audio"},{"actionName":"Play Audio","id":"uuid-4","name":"Play Audio"}],"id":"2330f08a-946d-457f-b5df-7018d4d9e251","name":"PleaseHoldAsYourCallIsRetrieved"}`, ``},
	{".flowSequenceItemList[0].actionList[0].prompts.defaultAudio.config.AudioPlaybackOptions.text", `"AudioPlaybackOptions(ToAudio(Prompt.PleaseHoldAsYourCallIsRetrieved), true)"`, `"AudioPlaybackOptions(ToAudioTTS(\"Please hold as your call is retrieved\"), true)"`},
	{".flowSequenceItemList[0].actionList[0].prompts.defaultAudio.config.AudioPlaybackOptions.operands[0].ToAudio", `{"pos":22,"operands":[{"ref":{"pos":30,"text":"Prompt.PleaseHoldAsYourCallIsRetrieved","type":"pmt","val":"2330f08a-946d-457f-b5df-7018d4d9e251"}}],"type":"aud"}`, ``},
	{".flowSequenceItemList[0].actionList[0].prompts.defaultAudio.config.AudioPlaybackOptions.operands[0].ToAudioTTS", ``, `{"pos":22,"operands":[{"lit":{"pos":33,"text":"Please hold as your call is retrieved","type":"str"}}],"type":"aud"}`},
	{".flowSequenceItemList[0].actionList[0].prompts.defaultAudio.config.AudioPlaybackOptions.operands[1].lit.pos", `71`, `75`},
	{".flowSequenceItemList[0].actionList[0].prompts.defaultAudio.text", `"AudioPlaybackOptions(ToAudio(Prompt.PleaseHoldAsYourCallIsRetrieved), true)"`, `"AudioPlaybackOptions(ToAudioTTS(\"Please hold as your call is retrieved\"), true)"`},
	{".flowSequenceItemList[0].actionList[0].prompts.defaultAudio.uiMetaData.sequenceItems[0].type", `1`, `0`},
	{".flowSequenceItemList[0].actionList[0].prompts.defaultAudio.uiMetaData.sequenceItems[0].parameter", `"2330f08a-946d-457f-b5df-7018d4d9e251"`, `"Please hold as your call is retrieved"`},
	{".flowSequenceItemList[0].actionList[0].prompts.defaultAudio.uiMetaData.sequenceItems[0].isSystem", `false`, ``},
	{".flowSequenceItemList[0].actionList[0].prompts.defaultAudio.uiMetaData.sequenceItems[0].name", `"Prompt.PleaseHoldAsYourCallIsRetrieved"`, ``},
	{".flowSequenceItemList[0].actionList[0].prompts.defaultAudio.uiMetaData.sequenceItems[0].expressionName", `"Prompt.ChadtestPleaseHoldForImportantMessage"`, ``},
	{".flowSequenceItemList[0].actionList[0].prompts.defaultAudio.metaData.references", `[{"id":"2330f08a-946d-457f-b5df-7018d4d9e251","type":"pmt","isSysRef":false,"name":"Prompt.PleaseHoldAsYourCallIsRetrieved"}]`, ``},
	{".flowSequenceItemList[0].actionList[2].prompts.defaultAudio.config.AudioPlaybackOptions.text", `"AudioPlaybackOptions(ToAudio(Prompt.PleaseHoldAsYourCallIsRetrieved), true)"`, `"AudioPlaybackOptions(ToAudioTTS(\"Please hold as your call is retrieved\"), true)"`},
	{".flowSequenceItemList[0].actionList[2].prompts.defaultAudio.config.AudioPlaybackOptions.operands[0].ToAudio", `{"pos":22,"operands":[{"ref":{"pos":30,"text":"Prompt.PleaseHoldAsYourCallIsRetrieved","type":"pmt","val":"2330f08a-946d-457f-b5df-7018d4d9e251"}}],"type":"aud"}`, ``},
	{".flowSequenceItemList[0].actionList[2].prompts.defaultAudio.config.AudioPlaybackOptions.operands[0].ToAudioTTS", ``, `{"pos":22,"operands":[{"lit":{"pos":33,"text":"Please hold as your call is retrieved","type":"str"}}],"type":"aud"}`},
	{".flowSequenceItemList[0].actionList[2].prompts.defaultAudio.config.AudioPlaybackOptions.operands[1].lit.pos", `71`, `75`},
	{".flowSequenceItemList[0].actionList[2].prompts.defaultAudio.text", `"AudioPlaybackOptions(ToAudio(Prompt.PleaseHoldAsYourCallIsRetrieved), true)"`, `"AudioPlaybackOptions(ToAudioTTS(\"Please hold as your call is retrieved\"), true)"`},
	{".flowSequenceItemList[0].actionList[2].prompts.defaultAudio.uiMetaData.sequenceItems[0].type", `1`, `0`},
	{".flowSequenceItemList[0].actionList[2].prompts.defaultAudio.uiMetaData.sequenceItems[0].parameter", `"2330f08a-946d-457f-b5df-7018d4d9e251"`, `"Please hold as your call is retrieved"`},
	{".flowSequenceItemList[0].actionList[2].prompts.defaultAudio.uiMetaData.sequenceItems[0].isSystem", `false`, ``},
	{".flowSequenceItemList[0].actionList[2].prompts.defaultAudio.uiMetaData.sequenceItems[0].name", `"Prompt.PleaseHoldAsYourCallIsRetrieved"`, ``},
	{".flowSequenceItemList[0].actionList[2].prompts.defaultAudio.uiMetaData.sequenceItems[0].expressionName", `"Prompt.ChadtestPleaseHoldForImportantMessage"`, ``},
	{".flowSequenceItemList[0].actionList[2].prompts.defaultAudio.metaData.references", `[{"id":"2330f08a-946d-457f-b5df-7018d4d9e251","type":"pmt","isSysRef":false,"name":"Prompt.PleaseHoldAsYourCallIsRetrieved"}]`, ``},
}
