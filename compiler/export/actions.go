package export

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/callpark/callpark/compiler/i3"
)

// output is one branch of a branching action.
type output struct {
	Archy string // the key under outputs:
	ID    string // the export outputId
	Label string
}

var (
	outSuccess = output{"success", "__SUCCESS__", "Success"}
	outFailure = output{"failure", "__FAILURE__", "Failure"}
	outTimeout = output{"timeout", "__TIMEOUT__", "Timeout"}
	outYes     = output{"yes", "__YES__", "Yes"}
	outNo      = output{"no", "__NO__", "No"}
	outLoop    = output{"loop", "__LOOP__", "Loop"}
)

// actionKind is the export form of one Archy action.
type actionKind struct {
	// Type is the export __type.
	Type string
	// Outputs lists the action's branches in export order.
	Outputs []output
	// Ends reports whether the action ends the task (a disconnect or a
	// jump), so no action may follow it.
	Ends bool
	// Lower reads the action's own settings into a.
	Lower func(l *lowerer, a *action)
}

// actionKinds maps every Archy action lowering supports to its export form.
//
// NOTE: PlayAudioAction, CollectInputAction, DataAction and DisconnectAction
// are as the reference exports write them. The members of the other types
// (decision, updateData, loop, transferToAcd, jumps) are inferred from
// Architect's editor labels and have not been compared with an export.
var actionKinds = map[string]actionKind{
	"playAudio":     {Type: "PlayAudioAction", Lower: lowerPlayAudio},
	"disconnect":    {Type: "DisconnectAction", Ends: true, Lower: func(*lowerer, *action) {}},
	"collectInput":  {Type: "CollectInputAction", Outputs: []output{outSuccess, outFailure}, Lower: lowerCollectInput},
	"callData":      {Type: "DataAction", Outputs: []output{outSuccess, outFailure, outTimeout}, Lower: lowerCallData},
	"decision":      {Type: "DecisionAction", Outputs: []output{outYes, outNo}, Lower: lowerDecision},
	"updateData":    {Type: "UpdateVariableAction", Lower: lowerUpdateData},
	"loop":          {Type: "LoopAction", Outputs: []output{outLoop}, Lower: lowerLoop},
	"transferToAcd": {Type: "TransferPureMatchAction", Outputs: []output{outFailure}, Lower: lowerTransferToAcd},
	"jumpToTask":    {Type: "TransferTaskAction", Ends: true, Lower: lowerJumpToTask},
	"jumpToMenu":    {Type: "TransferMenuAction", Ends: true, Lower: lowerJumpToMenu},
}

// action is one action being lowered.
type action struct {
	f      *fields
	key    string // the Archy action key, such as playAudio
	id     string
	name   string
	idPath string
	// pre holds members written before nextAction; members those after
	// __type.
	pre, members []i3.Member
}

func (a *action) addPre(key string, v i3.Value) { a.pre = append(a.pre, i3.Member{Key: key, Value: v}) }
func (a *action) add(key string, v i3.Value) {
	a.members = append(a.members, i3.Member{Key: key, Value: v})
}

// setting reads the typed value key, or writes no value when it is
// missing. Group names the defaultSettings object whose default the value
// overrides, or is empty.
func (l *lowerer) setting(a *action, key, typ, group, export string) *i3.Object {
	n := a.f.get(key)
	if n == nil {
		return noValue(typ)
	}
	v := l.value(n, typ, a.f.path+"."+key)
	if group != "" && overridable[group+"."+export] {
		markOverride(v)
	}
	return v
}

// actionIDs returns the ids of the actions of the list at idPath.
func (l *lowerer) actionID(idPath string, i int) string {
	return itemID(l.flowName, fmt.Sprintf("%s/%d", idPath, i))
}

// lowerActions lowers an Archy action list into out, each action followed
// by the actions of its branches, and returns the first action's id.
func (l *lowerer) lowerActions(list *yaml.Node, path, idPath string, out *[]i3.Value) string {
	if list == nil {
		return ""
	}
	if list.Kind != yaml.SequenceNode {
		l.errorf(list, path, "expected a list of actions")
		return ""
	}
	for i, item := range list.Content {
		next := ""
		if i+1 < len(list.Content) {
			next = l.actionID(idPath, i+1)
		}
		itemPath := fmt.Sprintf("%s[%d]", path, i)
		key, body, ok := single(item)
		if !ok {
			l.errorf(item, itemPath, "expected one action such as \"- playAudio:\"")
			continue
		}
		kind, known := actionKinds[key.Value]
		if !known {
			l.errorf(key, itemPath+"."+key.Value, "unknown action %q; supported actions: %s", key.Value, strings.Join(sortedKeys(actionKinds), ", "))
			continue
		}
		if kind.Ends && next != "" {
			l.errorf(list.Content[i+1], fmt.Sprintf("%s[%d]", path, i+1), "unreachable action: %s ends the task", key.Value)
		}
		l.lowerAction(kind, key.Value, body, itemPath+"."+key.Value, fmt.Sprintf("%s/%d", idPath, i), next, out)
	}
	if len(list.Content) == 0 {
		return ""
	}
	return l.actionID(idPath, 0)
}

func (l *lowerer) lowerAction(kind actionKind, key string, body *yaml.Node, path, idPath, next string, out *[]i3.Value) {
	a := &action{key: key, idPath: idPath, id: itemID(l.flowName, idPath)}
	a.f = l.fields(body, path, "action "+key)
	a.name = a.f.str("name", "")
	if a.name == "" {
		l.errorf(body, path+".name", "missing action name")
	}
	l.context = actionContext(a.id, a.name)
	tracking := l.nextTracking()
	kind.Lower(l, a)
	branches := l.readOutputs(a, kind.Outputs)
	a.f.done()

	obj := i3.NewObject(len(a.pre) + len(a.members) + 7)
	obj.Members = append(obj.Members, a.pre...)
	if next != "" && !kind.Ends {
		obj.Add("nextAction", next)
	}
	obj.Add("trackingId", tracking).
		Add("id", a.id).
		Add("name", a.name).
		Add("uiMetaData", collapsed()).
		Add("__type", kind.Type)
	obj.Members = append(obj.Members, a.members...)
	if len(kind.Outputs) > 0 {
		paths := make([]i3.Value, len(kind.Outputs))
		for i, o := range kind.Outputs {
			p := i3.NewObject(4)
			if b := branches[i]; b != nil && len(b.Content) > 0 {
				p.Add("nextActionId", l.actionID(idPath+"/outputs/"+o.Archy+"/actions", 0))
			}
			paths[i] = p.Add("label", o.Label).Add("outputId", o.ID).Add("uiMetaData", collapsed())
		}
		obj.Add("paths", paths)
	}
	*out = append(*out, obj)

	for i, o := range kind.Outputs {
		if branches[i] != nil {
			l.lowerActions(branches[i], path+".outputs."+o.Archy+".actions", idPath+"/outputs/"+o.Archy+"/actions", out)
		}
	}
}

// readOutputs reads outputs: {KEY: {actions: [...]}} and returns each
// branch's action list in the order of outputs (nil when absent).
func (l *lowerer) readOutputs(a *action, outputs []output) []*yaml.Node {
	branches := make([]*yaml.Node, len(outputs))
	n := a.f.get("outputs")
	if n == nil {
		return branches
	}
	if len(outputs) == 0 {
		l.errorf(n, a.f.path+".outputs", "action %s has no outputs", a.key)
		return branches
	}
	f := l.fields(n, a.f.path+".outputs", "outputs of "+a.key)
	for i, o := range outputs {
		b := f.get(o.Archy)
		if b == nil {
			continue
		}
		bf := l.fields(b, f.path+"."+o.Archy, o.Archy+" output")
		branches[i] = bf.get("actions")
		bf.done()
	}
	f.done()
	return branches
}

func lowerPlayAudio(l *lowerer, a *action) {
	a.add("prompts", l.prompts(a.f.require("audio"), a.f.path+".audio", false))
}

// lowerCollectInput reads collectInput. Only verificationType: none is
// supported, which writes empty verification prompts.
func lowerCollectInput(l *lowerer, a *action) {
	const group = "CollectInputAction"
	if v := a.f.str("verificationType", "none"); v != "none" {
		l.errorf(a.f.get("verificationType"), a.f.path+".verificationType", "unsupported verification type %q; only none is supported", v)
	}
	a.addPre("verification", false)

	a.add("interDigitTimeout", l.setting(a, "interDigitTimeout", typeDuration, group, "interDigitTimeout"))
	a.add("noEntryTimeout", l.setting(a, "noEntryTimeout", typeDuration, group, "noEntryTimeout"))
	lo, hi := l.digits(a)
	a.add("numberOfDigitsMax", hi)
	a.add("numberOfDigitsMin", lo)
	a.add("prompts", l.prompts(a.f.get("inputAudio"), a.f.path+".inputAudio", false))
	result := noValue(typeString)
	if n := a.f.require("inputData"); n != nil {
		result = l.value(n, typeString, a.f.path+".inputData")
	}
	a.add("resultData", result)
	a.add("verificationPrompts", l.prompts(nil, "", false))
	a.add("includeTerminatingDtmfInResultData", outOfService(literalValue("false", typeBoolean)))
	a.add("acceptJustStar", l.boolSetting(a, "acceptJustStar"))
	a.add("acceptJustPound", l.boolSetting(a, "acceptJustPound"))
}

// boolSetting reads a Boolean value that is false when missing.
func (l *lowerer) boolSetting(a *action, key string) *i3.Object {
	if n := a.f.get(key); n != nil {
		return l.value(n, typeBoolean, a.f.path+"."+key)
	}
	return literalValue("false", typeBoolean)
}

// digits reads digits: {range: {min: N, max: M}} or digits: {exact: N}.
func (l *lowerer) digits(a *action) (lo, hi *i3.Object) {
	lo, hi = noValue(typeInteger), noValue(typeInteger)
	n := a.f.require("digits")
	if n == nil {
		return lo, hi
	}
	path := a.f.path + ".digits"
	key, body, ok := single(n)
	if !ok {
		l.errorf(n, path, "expected range: {min, max} or exact: N")
		return lo, hi
	}
	switch key.Value {
	case "exact":
		lo = l.literal(body, typeInteger, path+".exact")
		return lo, l.literal(body, typeInteger, path+".exact")
	case "range":
		f := l.fields(body, path+".range", "digits range")
		if n := f.require("min"); n != nil {
			lo = l.literal(n, typeInteger, f.path+".min")
		}
		if n := f.require("max"); n != nil {
			hi = l.literal(n, typeInteger, f.path+".max")
		}
		f.done()
		return lo, hi
	}
	l.errorf(key, path+"."+key.Value, "expected range or exact")
	return lo, hi
}

func lowerDecision(l *lowerer, a *action) {
	cond := noValue(typeBoolean)
	if n := a.f.require("condition"); n != nil {
		cond = l.value(n, typeBoolean, a.f.path+".condition")
	}
	a.add("condition", cond)
}

// updateTypes maps the statement keys of updateData to type codes.
var updateTypes = map[string]string{
	"string":   typeString,
	"integer":  typeInteger,
	"boolean":  typeBoolean,
	"decimal":  typeDecimal,
	"duration": typeDuration,
	"dateTime": "dtm",
}

// lowerUpdateData reads statements: [{string: {variable: Flow.X, value: VALUE}}].
func lowerUpdateData(l *lowerer, a *action) {
	list := a.f.require("statements")
	var statements []i3.Value
	if list != nil && list.Kind != yaml.SequenceNode {
		l.errorf(list, a.f.path+".statements", "expected a list of statements")
		list = nil
	}
	if list != nil {
		for i, item := range list.Content {
			path := fmt.Sprintf("%s.statements[%d]", a.f.path, i)
			key, body, ok := single(item)
			if !ok {
				l.errorf(item, path, "expected one statement such as \"- string:\"")
				continue
			}
			base, collection := strings.CutSuffix(key.Value, "Collection")
			typ, known := updateTypes[base]
			if !known {
				l.errorf(key, path+"."+key.Value, "unsupported statement type %q", key.Value)
				continue
			}
			if collection {
				typ += "_coll"
			}
			f := l.fields(body, path+"."+key.Value, key.Value+" statement")
			target, value := noValue(typ), noValue(typ)
			if n := f.require("variable"); n != nil {
				if v := l.binding(n, f.path+".variable"); v != nil {
					if v.Type != typ {
						l.errorf(n, f.path+".variable", "variable %s has type %s, expected %s", v.Name, v.Type, typ)
					}
					target = l.bindingValue(v)
				}
			}
			if n := f.require("value"); n != nil {
				value = l.value(n, typ, f.path+".value")
			}
			f.done()
			statements = append(statements, i3.NewObject(2).Add("variable", target).Add("value", value))
		}
	}
	a.add("statements", nonNil(statements))
}

// lowerLoop reads loop: {currentIndex: {var: Flow.I}, loopCount: VALUE}.
func lowerLoop(l *lowerer, a *action) {
	index := noValue(typeInteger)
	if n := a.f.get("currentIndex"); n != nil {
		index = l.value(n, typeInteger, a.f.path+".currentIndex")
	}
	a.add("currentIndex", index)
	a.add("loopCount", l.setting(a, "loopCount", typeInteger, "", ""))
}

// lowerTransferToAcd reads transferToAcd: {targetQueue, priority,
// preTransferAudio, failureTransferAudio}.
func lowerTransferToAcd(l *lowerer, a *action) {
	queue := noValue(typeQueue)
	if n := a.f.require("targetQueue"); n != nil {
		queue = l.value(n, typeQueue, a.f.path+".targetQueue")
	}
	a.add("queues", []i3.Value{queue})
	a.add("priority", l.setting(a, "priority", typeInteger, "", ""))
	a.add("preTransferAudio", l.prompts(a.f.get("preTransferAudio"), a.f.path+".preTransferAudio", false))
	a.add("failureTransferAudio", l.prompts(a.f.get("failureTransferAudio"), a.f.path+".failureTransferAudio", false))
}

// lowerJumpToTask reads jumpToTask: {targetTaskRef: /FLOW/tasks/task[REF]}.
func lowerJumpToTask(l *lowerer, a *action) {
	l.jumpTarget(a, "targetTaskRef", itemTask, "taskReference", "taskName")
}

// lowerJumpToMenu reads jumpToMenu: {targetMenuRef: /FLOW/menus/menu[REF]}.
func lowerJumpToMenu(l *lowerer, a *action) {
	l.jumpTarget(a, "targetMenuRef", itemMenu, "menuReference", "menuName")
}

func (l *lowerer) jumpTarget(a *action, key, kind, idMember, nameMember string) {
	target := ""
	name := ""
	if n := a.f.require(key); n != nil {
		if it := l.resolveRef(n, a.f.path+"."+key, kind); it != nil {
			target, name = it.id, it.name
		}
	}
	a.add(idMember, target)
	a.add(nameMember, name)
}
