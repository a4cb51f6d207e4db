package export

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/callpark/callpark/compiler/diag"
	"github.com/callpark/callpark/compiler/expr"
	"github.com/callpark/callpark/compiler/i3"
)

// flowKinds maps each supported Archy root key to the export flow type.
var flowKinds = map[string]string{
	"inboundCall": i3.InboundCall,
	"inqueueCall": i3.InQueueCall,
}

// Lower turns the Archy YAML flow src, read from file, into an Architect
// export. It returns the encoded export file, the same document as JSON
// indented by two spaces (ending in a newline), and a diag.List of every
// problem found. Nothing is returned when there is an error.
func Lower(file string, src []byte, opts Options) (encoded, decoded []byte, err error) {
	doc, err := LowerDocument(file, src, opts)
	if err != nil {
		return nil, nil, err
	}
	encoded, err = i3.Encode(doc)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: internal error: %w", file, err)
	}
	return encoded, append(i3.MarshalIndent(doc), '\n'), nil
}

// LowerDocument is Lower without the encoding: it returns the export
// document itself.
func LowerDocument(file string, src []byte, opts Options) (*i3.Object, error) {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(src)).Decode(&doc); err != nil {
		var errs diag.List
		errs.Add(diag.Pos{File: file}, "", "invalid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		return nil, errs
	}
	return lowerNode(file, &doc, opts)
}

// LowerNode is Lower for a flow that is already parsed: doc is the YAML
// document node. Lowering does not change it.
func LowerNode(file string, doc *yaml.Node, opts Options) (encoded, decoded []byte, err error) {
	out, err := lowerNode(file, doc, opts)
	if err != nil {
		return nil, nil, err
	}
	encoded, err = i3.Encode(out)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: internal error: %w", file, err)
	}
	return encoded, append(i3.MarshalIndent(out), '\n'), nil
}

func lowerNode(file string, doc *yaml.Node, opts Options) (*i3.Object, error) {
	l := &lowerer{file: file, opts: opts, vars: map[string]*variable{}, refs: map[string]*sequenceItem{}}
	out := l.lower(doc)
	if err := l.errs.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// lowerer holds the state of one Lower call.
type lowerer struct {
	file string
	opts Options
	errs diag.List

	kind     string // the root key: inboundCall or inqueueCall
	flowType string
	flowName string
	language string // the default language in export form, such as en-US

	vars    map[string]*variable // by lower-case name
	varList []*variable
	refs    map[string]*sequenceItem // tasks and menus by refId
	items   []*sequenceItem          // in export order

	tracking int
	manifest manifest
	// context is the manifest context of the action or settings block being
	// lowered; prompts, queues and data actions used there point back to it.
	context *i3.Object
	// dataActions lists the data actions the flow calls, in order of first use.
	dataActions []*usedDataAction
	env         *expr.Env
}

// flowKey is one key of the flow mapping: which flow kinds allow it.
type flowKey struct {
	inbound, inqueue bool
}

// flowKeys lists every flow-level Archy key lowering reads.
var flowKeys = map[string]flowKey{
	"name":                   {true, true},
	"description":            {true, true},
	"division":               {true, true},
	"startUpRef":             {true, false},
	"startUpTaskActions":     {false, true},
	"defaultLanguage":        {true, true},
	"supportedLanguages":     {true, true},
	"initialGreeting":        {true, false},
	"variables":              {true, true},
	"settingsActionDefaults": {true, true},
	"settingsErrorHandling":  {true, true},
	"settingsInQueueCall":    {false, true},
	"settingsMenu":           {true, false},
	"settingsPrompts":        {true, true},
	"settingsSpeechRec":      {true, false},
	"menus":                  {true, false},
	"tasks":                  {true, true},
}

func (l *lowerer) lower(doc *yaml.Node) *i3.Object {
	root := l.flowRoot(doc)
	if root == nil {
		return nil
	}
	f := l.fields(root, l.kind, l.kind+" flow")
	for i := 0; i+1 < len(root.Content); i += 2 {
		key := root.Content[i]
		allowed, known := flowKeys[key.Value]
		if known && !(l.flowType == i3.InboundCall && allowed.inbound || l.flowType == i3.InQueueCall && allowed.inqueue) {
			l.errorf(key, l.kind+"."+key.Value, "setting %q is not supported in %s flows", key.Value, l.kind)
		}
	}

	l.flowName = f.str("name", "")
	if l.flowName == "" {
		l.errorf(root, l.kind+".name", "missing flow name")
	}
	description := f.str("description", l.opts.Description)
	f.ignore("division") // exports do not record the division; Architect requests it on import
	l.language = exportLanguage(f.str("defaultLanguage", "en-us"))
	l.declareVariables(f.get("variables"))
	l.buildEnv()
	l.collectItems(f)
	initial := l.startItem(f)

	items := l.lowerItems()
	settings := l.lowerFlowSettings(f)
	variables := l.lowerVariables()
	f.done()

	return l.assemble(description, initial, items, settings, variables)
}

// flowRoot returns the flow mapping below the root key of the YAML
// document doc.
func (l *lowerer) flowRoot(doc *yaml.Node) *yaml.Node {
	if len(doc.Content) != 1 {
		l.errs.Add(diag.Pos{File: l.file, Line: 1, Col: 1}, "", "expected one root key, inboundCall or inqueueCall")
		return nil
	}
	key, root, ok := single(doc.Content[0])
	if !ok {
		l.errorf(doc.Content[0], "", "expected one root key, inboundCall or inqueueCall")
		return nil
	}
	flowType, ok := flowKinds[key.Value]
	if !ok {
		l.errorf(key, key.Value, "unsupported flow type; expected inboundCall or inqueueCall")
		return nil
	}
	l.kind, l.flowType = key.Value, flowType
	if root.Kind != yaml.MappingNode {
		l.errorf(root, key.Value, "expected the flow's settings as a mapping")
		return nil
	}
	return root
}

// exportLanguage turns an Archy language tag such as en-us into the export
// form en-US.
func exportLanguage(tag string) string {
	lang, region, ok := strings.Cut(tag, "-")
	if !ok {
		return strings.ToLower(tag)
	}
	return strings.ToLower(lang) + "-" + strings.ToUpper(region)
}

// startRef matches an Archy reference to a task or menu, such as
// /inboundCall/tasks/task[New Task 1_12].
var startRef = regexp.MustCompile(`^/([A-Za-z]+)/(tasks/task|menus/menu)\[(.+)\]$`)

// resolveRef returns the task or menu that an Archy reference names.
func (l *lowerer) resolveRef(n *yaml.Node, path string, want string) *sequenceItem {
	m := startRef.FindStringSubmatch(n.Value)
	if m == nil {
		l.errorf(n, path, "invalid reference %q; expected /%s/tasks/task[REFID] or /%s/menus/menu[REFID]", n.Value, l.kind, l.kind)
		return nil
	}
	if m[1] != l.kind {
		l.errorf(n, path, "reference %q names the flow type %s, but this flow is %s", n.Value, m[1], l.kind)
		return nil
	}
	item, ok := l.refs[m[3]]
	if !ok {
		l.errorf(n, path, "reference to missing refId %q; known refIds: %s", m[3], strings.Join(sortedKeys(l.refs), ", "))
		return nil
	}
	kind := strings.SplitN(m[2], "/", 2)[1]
	if item.kind != kind || want != "" && kind != want {
		l.errorf(n, path, "refId %q names a %s, expected a %s", m[3], item.kind, firstNonEmpty(want, kind))
		return nil
	}
	return item
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// nextTracking returns the next tracking number. Numbers start at 1 and
// follow document order.
func (l *lowerer) nextTracking() i3.Number {
	l.tracking++
	return i3.Int(l.tracking)
}

// assemble writes the document's members in the order Architect writes
// them.
func (l *lowerer) assemble(description, initial string, items []i3.Value, s *flowSettings, variables []i3.Value) *i3.Object {
	doc := i3.NewObject(24)
	doc.Add("defaultLanguage", l.language)
	if description != "" {
		doc.Add("description", description)
	}
	doc.Add("initialSequence", initial)
	doc.Add("name", l.flowName)
	doc.Add("nextTrackingNumber", i3.Int(l.tracking+1))
	doc.Add("uiMetaData", l.lowerUIMetaData())
	doc.Add("supportedLanguages", []i3.Value{l.language})
	doc.Add("manifest", l.lowerManifest(s.engineName, s.engineID, s.voiceName, s.voiceID))
	doc.Add("type", l.flowType)
	if l.flowType == i3.InboundCall {
		doc.Add("isSecure", false)
	}
	doc.Add("debugSettings", i3.NewObject(0))
	if l.flowType == i3.InboundCall {
		doc.Add("disableAsr", s.disableAsr)
		doc.Add("disableAsrCompanyDirectory", s.disableAsrCompanyDirectory)
	}
	doc.Add("errorHandling", s.errorHandling)
	if l.flowType == i3.InboundCall {
		doc.Add("initialPrompts", s.initialPrompts)
		doc.Add("speechRecCompanyDirectory", s.speechRecCompanyDirectory)
		doc.Add("speechRecEngine", s.speechRecEngine)
		doc.Add("suppressRecording", s.suppressRecording)
	} else {
		doc.Add("inQueueCallFlowSettings", s.inQueue)
	}
	doc.Add("defaultSettings", s.defaults)
	doc.Add("flowMetaData", i3.NewObject(3).
		Add("flowDocumentVersion", "1.0").
		Add("minimumServerVersion", "1.0").
		Add("ttsDataVersion", "1.0"))
	doc.Add("flowSequenceItemList", items)
	doc.Add("supportedLanguageOptions", s.languageOptions)
	doc.Add("variables", variables)
	return doc
}
