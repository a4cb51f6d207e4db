package export

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/callpark/callpark/compiler/i3"
)

// Value modes of uiMetaData.mode in an export value object.
const (
	modeExpression = 0 // Archy exp:
	modeLiteral    = 1 // Archy lit:
	modeBinding    = 2 // Archy var:
	modeNoValue    = 3 // Archy noValue: true
)

// Architect type codes that lowering writes itself. Expressions get theirs
// from the expression compiler.
const (
	typeString   = "str"
	typeInteger  = "int"
	typeBoolean  = "bln"
	typeDecimal  = "dec"
	typeDuration = "dur"
	typePrompt   = "pmt"
	typeAudio    = "aud"
	typeQueue    = "que"
	typeLanguage = "lac"
)

// reference is one entry of a value's metaData.references.
type reference struct {
	ID       string
	Type     string
	IsSysRef bool
	Name     string
}

// newValue assembles an export value object. The version member is left
// out where Architect leaves it out (audio and speechRecEngine).
func newValue(config *i3.Object, text, typ string, ui *i3.Object, refs []reference, versioned bool) *i3.Object {
	v := i3.NewObject(6).
		Add("config", config).
		Add("text", text).
		Add("type", typ).
		Add("uiMetaData", ui).
		Add("metaData", metaData(refs))
	if versioned {
		v.Add("version", i3.Int(2))
	}
	return v
}

func metaData(refs []reference) *i3.Object {
	meta := i3.NewObject(1)
	if len(refs) == 0 {
		return meta
	}
	list := make([]i3.Value, len(refs))
	for i, r := range refs {
		list[i] = i3.NewObject(4).Add("id", r.ID).Add("type", r.Type).Add("isSysRef", r.IsSysRef).Add("name", r.Name)
	}
	return meta.Add("references", list)
}

func modeUI(mode int) *i3.Object {
	return i3.NewObject(2).Add("mode", i3.Int(mode))
}

// node returns {KIND: {pos: 1, text, type}}, the one-node config of
// literals, empty values and bindings.
func node(kind, text, typ string) (*i3.Object, *i3.Object) {
	inner := i3.NewObject(4).Add("pos", i3.Int(1)).Add("text", text).Add("type", typ)
	return i3.NewObject(1).Add(kind, inner), inner
}

// literalValue is a lit: value whose text is already in export form.
func literalValue(text, typ string) *i3.Object {
	config, _ := node("lit", text, typ)
	return newValue(config, text, typ, modeUI(modeLiteral), nil, true)
}

// idLiteralValue is a literal that names an org object (a prompt or a
// queue): its node carries the object's id as val.
func idLiteralValue(text, typ, id string) *i3.Object {
	config, inner := node("lit", text, typ)
	inner.Add("val", id)
	return newValue(config, text, typ, modeUI(modeLiteral), nil, true)
}

// noValue is the value of a setting left empty (Archy noValue: true).
func noValue(typ string) *i3.Object {
	config, _ := node("emp", "", typ)
	return newValue(config, "", typ, modeUI(modeNoValue), nil, true)
}

// emptyLiteral is an empty literal: Architect writes it for the queue of
// error handling that disconnects.
func emptyLiteral(typ string) *i3.Object {
	config, _ := node("emp", "", typ)
	return newValue(config, "", typ, modeUI(modeLiteral), nil, true)
}

// bindingValue is a var: value, the variable an action writes to.
func bindingValue(v *variable) *i3.Object {
	config, inner := node("ref", v.Name, v.Type)
	inner.Add("val", v.ID)
	refs := []reference{{ID: v.ID, Type: v.Type, Name: v.Name}}
	return newValue(config, v.Name, v.Type, modeUI(modeBinding), refs, true)
}

// outOfService marks a value Architect keeps for a property that does not
// apply.
func outOfService(v *i3.Object) *i3.Object {
	v.Add("outOfService", true)
	return v
}

// markOverride marks an action's literal or expression value that replaces
// a flow-wide action default.
func markOverride(v *i3.Object) {
	ui, _ := v.Get("uiMetaData")
	obj, ok := ui.(*i3.Object)
	if !ok {
		return
	}
	if mode, _ := obj.Get("mode"); mode == i3.Int(modeNoValue) || mode == i3.Int(modeBinding) {
		return
	}
	obj.Add("isOverride", true)
}

// durationUnits lists the keys of an Archy duration literal, largest
// first, with the part of the export text each one fills.
var durationUnits = []string{"days", "hours", "minutes", "seconds", "ms"}

// durationText turns an Archy duration literal such as {minutes: 1} into
// the export text P{d}D{h}H{m}M{s}S{ms}F. Parts are not normalized, so
// {ms: 1500} is P0D0H0M0S1500F, as Architect writes it.
func durationText(n *yaml.Node) (string, error) {
	if n.Kind != yaml.MappingNode {
		return "", fmt.Errorf("expected a duration such as {seconds: 5}")
	}
	parts := make(map[string]int, len(durationUnits))
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i].Value, n.Content[i+1]
		if !contains(durationUnits, key) {
			return "", fmt.Errorf("unknown duration unit %q; expected one of %s", key, strings.Join(durationUnits, ", "))
		}
		count, err := strconv.Atoi(val.Value)
		if err != nil || count < 0 || val.Kind != yaml.ScalarNode {
			return "", fmt.Errorf("%s: expected a whole number of %s, found %q", key, key, val.Value)
		}
		parts[key] = count
	}
	return fmt.Sprintf("P%dD%dH%dM%dS%dF", parts["days"], parts["hours"], parts["minutes"], parts["seconds"], parts["ms"]), nil
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
