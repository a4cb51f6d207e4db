package export

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/callpark/callpark/compiler/i3"
)

// choiceKinds maps every Archy menu choice lowering supports to the export
// __type of the action the choice runs.
//
// NOTE: only menuDisconnect appears in the reference exports; the jump
// choices reuse the members of jumpToTask and jumpToMenu.
var choiceKinds = map[string]actionKind{
	"menuDisconnect": {Type: "DisconnectAction", Lower: func(*lowerer, *action) {}},
	"menuJumpToTask": {Type: "TransferTaskAction", Lower: lowerJumpToTask},
	"menuTask":       {Type: "TransferTaskAction", Lower: lowerJumpToTask},
	"menuJumpToMenu": {Type: "TransferMenuAction", Lower: lowerJumpToMenu},
}

// lowerMenu writes a Menu. Its members after __type are in alphabetical
// order, as Architect writes them.
func (l *lowerer) lowerMenu(it *sequenceItem) *i3.Object {
	f := it.body
	tracking := l.nextTracking()
	l.context = actionContext(it.id, it.name)
	prompts := l.prompts(f.get("audio"), it.path+".audio", true)
	menuF := l.optionalFields(f.get("settingsMenu"), it.path+".settingsMenu", "menu settings")
	speechF := l.optionalFields(f.get("settingsSpeechRec"), it.path+".settingsSpeechRec", "menu speech recognition settings")
	menu := l.lowerGroup(menuSettings, menuF)
	speech := l.lowerGroup(speechRecSettings, speechF)
	for _, block := range []*fields{menuF, speechF} {
		if block != nil {
			block.done()
		}
	}
	choices := l.lowerChoices(f.get("choices"), it)
	f.done()

	obj := i3.NewObject(16).
		Add("trackingId", tracking).
		Add("id", it.id).
		Add("name", it.name).
		Add("uiMetaData", collapsed()).
		Add("__type", "Menu")
	members := map[string]i3.Value{"menuChoiceList": nonNil(choices), "prompts": prompts}
	for _, group := range []*i3.Object{menu, speech} {
		for _, m := range group.Members {
			members[m.Key] = m.Value
		}
	}
	for _, key := range sortedKeys(members) {
		obj.Add(key, members[key])
	}
	return obj
}

// lowerChoices lowers choices: [{menuDisconnect: {name, dtmf: digit_9}}, ...].
func (l *lowerer) lowerChoices(list *yaml.Node, it *sequenceItem) []i3.Value {
	if list == nil {
		return nil
	}
	path := it.path + ".choices"
	if list.Kind != yaml.SequenceNode {
		l.errorf(list, path, "expected a list of menu choices")
		return nil
	}
	var out []i3.Value
	for i, item := range list.Content {
		itemPath := fmt.Sprintf("%s[%d]", path, i)
		key, body, ok := single(item)
		if !ok {
			l.errorf(item, itemPath, "expected one choice such as \"- menuDisconnect:\"")
			continue
		}
		kind, known := choiceKinds[key.Value]
		if !known {
			l.errorf(key, itemPath+"."+key.Value, "unknown menu choice %q; supported choices: %s", key.Value, strings.Join(sortedKeys(choiceKinds), ", "))
			continue
		}
		out = append(out, l.lowerChoice(kind, key.Value, body, itemPath+"."+key.Value, fmt.Sprintf("%s/choices/%d", it.idPath, i)))
	}
	return out
}

func (l *lowerer) lowerChoice(kind actionKind, key string, body *yaml.Node, path, idPath string) *i3.Object {
	a := &action{key: key, idPath: idPath + "/action", id: itemID(l.flowName, idPath+"/action")}
	a.f = l.fields(body, path, "menu choice "+key)
	a.name = a.f.str("name", "")
	if a.name == "" {
		l.errorf(body, path+".name", "missing choice name")
	}
	digit := l.dtmf(a.f)
	for _, flag := range []string{"globalDtmf", "globalSpeechRecTerms"} {
		if n := a.f.get(flag); n != nil && n.Value != "false" {
			l.errorf(n, path+"."+flag, "only %s: false is supported", flag)
		}
	}
	l.context = actionContext(a.id, a.name)
	tracking := l.nextTracking()
	kind.Lower(l, a)
	a.f.done()

	act := i3.NewObject(5+len(a.members)).
		Add("trackingId", tracking).
		Add("id", a.id).
		Add("name", a.name).
		Add("uiMetaData", collapsed()).
		Add("__type", kind.Type)
	act.Members = append(act.Members, a.members...)
	return i3.NewObject(5).
		Add("speechRecTerms", i3.NewObject(1).Add(l.language, []i3.Value{})).
		Add("id", itemID(l.flowName, idPath)).
		Add("name", a.name).
		Add("action", act).
		Add("digit", digit)
}

// dtmf reads dtmf: digit_N, the key that selects the choice.
func (l *lowerer) dtmf(f *fields) i3.Value {
	n := f.require("dtmf")
	if n == nil {
		return nil
	}
	digit, ok := strings.CutPrefix(n.Value, "digit_")
	d, err := strconv.Atoi(digit)
	if !ok || err != nil || d < 0 || d > 9 {
		l.errorf(n, f.path+".dtmf", "expected digit_0 to digit_9, found %q", n.Value)
		return nil
	}
	return i3.Int(d)
}
