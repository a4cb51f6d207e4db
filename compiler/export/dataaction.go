package export

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/callpark/callpark/compiler/i3"
)

// usedDataAction is a data action of Options that the flow calls, with its
// contract read in document order.
type usedDataAction struct {
	*DataAction
	id                     string
	input, success, errors *i3.Object // flattened schemas; errors may be nil
}

// lowerCallData reads callData:
//
//	name, processingPrompt, timeout
//	category: {CATEGORY: {dataAction: {NAME: {inputs: {IN: VALUE}, successOutputs: {OUT: {var: Flow.X}}}}}}
//
// Inputs and outputs are written in the order of the action's contract.
// An output the YAML does not bind is written with no value.
func lowerCallData(l *lowerer, a *action) {
	processing := l.setting(a, "processingPrompt", typePrompt, "DataAction", "processingPrompt")
	timeout := l.setting(a, "timeout", typeDuration, "", "")

	category, name, body := l.dataActionTarget(a)
	da := l.dataAction(category, name, a)
	a.addPre("actionName", name)
	a.addPre("actionId", "")
	a.addPre("category", i3.NewObject(2).Add("id", category).Add("name", category))
	a.addPre("useSuggestedTimeout", true)
	if da != nil {
		a.pre[1].Value = da.id
		l.useItem(manifestDataAction, da.Name, da.id, l.context)
	}

	var inputs, outputs []i3.Value
	if body != nil {
		f := l.fields(body, a.f.path+".category."+category+".dataAction."+name, "data action "+name)
		inputs = l.dataInputs(f, da)
		outputs = l.dataOutputs(f, da)
		f.done()
	}
	a.add("errorBindings", []i3.Value{})
	a.add("processingPrompt", processing)
	a.add("inputs", nonNil(inputs))
	a.add("outputs", nonNil(outputs))
	a.add("timeout", timeout)
}

// dataActionTarget reads the category: {CATEGORY: {dataAction: {NAME: BODY}}} nesting.
func (l *lowerer) dataActionTarget(a *action) (category, name string, body *yaml.Node) {
	n := a.f.require("category")
	if n == nil {
		return "", "", nil
	}
	catKey, catBody, ok := single(n)
	if !ok {
		l.errorf(n, a.f.path+".category", "expected exactly one data action category")
		return "", "", nil
	}
	cf := l.fields(catBody, a.f.path+".category."+catKey.Value, "category "+catKey.Value)
	defer cf.done()
	actions := cf.require("dataAction")
	if actions == nil {
		return catKey.Value, "", nil
	}
	nameKey, nameBody, ok := single(actions)
	if !ok {
		l.errorf(actions, cf.path+".dataAction", "expected exactly one data action under the category")
		return catKey.Value, "", nil
	}
	return catKey.Value, nameKey.Value, nameBody
}

// dataAction finds the data action of Options that category and name
// identify, reading its contract the first time.
func (l *lowerer) dataAction(category, name string, a *action) *usedDataAction {
	for _, used := range l.dataActions {
		if used.Category == category && used.Name == name {
			return used
		}
	}
	for i := range l.opts.DataActions {
		da := &l.opts.DataActions[i]
		if da.Category != category || da.Name != name {
			continue
		}
		used, err := readContract(da)
		if err != nil {
			l.errorf(a.f.get("category"), a.f.path+".category", "data action %q: %v", name, err)
			return nil
		}
		if used.id == "" {
			used.id = "custom_-_" + itemID("", "dataAction\x00"+category+"\x00"+name)
		}
		l.dataActions = append(l.dataActions, used)
		return used
	}
	known := "none given"
	if len(l.opts.DataActions) > 0 {
		list := make([]string, len(l.opts.DataActions))
		for i, da := range l.opts.DataActions {
			list[i] = fmt.Sprintf("%q in %q", da.Name, da.Category)
		}
		known = strings.Join(list, ", ")
	}
	l.errorf(a.f.get("category"), a.f.path+".category",
		"unknown data action %q in category %q (known data actions: %s); give its export with --data-action FILE --category %q",
		name, category, known, category)
	return nil
}

func readContract(da *DataAction) (*usedDataAction, error) {
	used := &usedDataAction{DataAction: da, id: da.ID}
	var err error
	if used.input, err = flatSchema(da.InputSchema, "input"); err != nil {
		return nil, err
	}
	if used.success, err = flatSchema(da.SuccessSchema, "success"); err != nil {
		return nil, err
	}
	if len(da.ErrorSchema) > 0 {
		if used.errors, err = flatSchema(da.ErrorSchema, "error"); err != nil {
			return nil, err
		}
	}
	return used, nil
}

// flatSchema reads a contract schema and flattens it as Architect stores
// contracts in exports: each property gains its name and "required":
// false, and the properties of nested objects become dotted top-level
// properties (details.errorCode).
//
// NOTE: the reference exports write "required": false for every property,
// even those in the schema's required list; that is kept here.
func flatSchema(raw []byte, which string) (*i3.Object, error) {
	if len(raw) == 0 {
		return nil, fmt.Errorf("missing the %s schema of the contract", which)
	}
	v, err := i3.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%s schema: %v", which, err)
	}
	schema, ok := v.(*i3.Object)
	if !ok || schema.String("type") != "object" {
		return nil, fmt.Errorf("%s schema: expected an object schema", which)
	}
	out := i3.NewObject(len(schema.Members))
	for _, m := range schema.Members {
		if m.Key != "properties" {
			out.Add(m.Key, m.Value)
			continue
		}
		props, ok := m.Value.(*i3.Object)
		if !ok {
			return nil, fmt.Errorf("%s schema: properties is not an object", which)
		}
		flat := i3.NewObject(len(props.Members))
		flattenProperties(props, "", false, flat)
		out.Add("properties", flat)
	}
	return out, nil
}

func flattenProperties(props *i3.Object, prefix string, inArray bool, out *i3.Object) {
	for _, m := range props.Members {
		prop, ok := m.Value.(*i3.Object)
		if !ok {
			continue
		}
		name := prefix + m.Key
		if nested := objectProperties(prop); nested != nil {
			flattenProperties(nested, name+".", inArray, out)
			continue
		}
		if items, ok := itemsOf(prop); ok {
			if nested := objectProperties(items); nested != nil {
				flattenProperties(nested, name+".", true, out)
				continue
			}
		}
		flat := i3.NewObject(len(prop.Members) + 2)
		if inArray {
			flat.Add("type", "array").Add("items", prop)
		} else {
			flat.Members = append(flat.Members, prop.Members...)
		}
		flat.Set("name", name)
		flat.Set("required", false)
		out.Add(name, flat)
	}
}

// objectProperties returns the properties of an object schema, or nil.
func objectProperties(s *i3.Object) *i3.Object {
	if s.String("type") != "object" {
		return nil
	}
	v, _ := s.Get("properties")
	props, _ := v.(*i3.Object)
	if props == nil || len(props.Members) == 0 {
		return nil
	}
	return props
}

func itemsOf(s *i3.Object) (*i3.Object, bool) {
	if s.String("type") != "array" {
		return nil, false
	}
	v, _ := s.Get("items")
	items, ok := v.(*i3.Object)
	return items, ok
}

// schemaType returns the Architect type code of a flattened contract
// property.
func schemaType(prop *i3.Object) string {
	codes := map[string]string{"string": typeString, "integer": typeInteger, "number": typeDecimal, "boolean": typeBoolean}
	if items, ok := itemsOf(prop); ok {
		if code, ok := codes[items.String("type")]; ok {
			return code + "_coll"
		}
		return "jsn"
	}
	if code, ok := codes[prop.String("type")]; ok {
		return code
	}
	return "jsn"
}

func properties(schema *i3.Object) []i3.Member {
	if schema == nil {
		return nil
	}
	v, _ := schema.Get("properties")
	if props, ok := v.(*i3.Object); ok {
		return props.Members
	}
	return nil
}

// dataInputs lowers inputs: {IN: VALUE} in contract order.
func (l *lowerer) dataInputs(f *fields, da *usedDataAction) []i3.Value {
	n := f.get("inputs")
	var in *fields
	if n != nil {
		in = l.fields(n, f.path+".inputs", "inputs")
		defer in.done()
	}
	if da == nil {
		// Without the contract no input can be checked, and the unknown data
		// action is already reported, so the inputs are not reported again.
		in.ignoreAll()
		return nil
	}
	var out []i3.Value
	for _, m := range properties(da.input) {
		typ := schemaType(m.Value.(*i3.Object))
		value := noValue(typ)
		if in != nil {
			if v := in.get(m.Key); v != nil {
				value = l.value(v, typ, in.path+"."+m.Key)
			}
		}
		out = append(out, i3.NewObject(2).Add("name", m.Key).Add("value", value))
	}
	return out
}

// dataOutputs lowers successOutputs: {OUT: {var: Flow.X}} in contract order.
func (l *lowerer) dataOutputs(f *fields, da *usedDataAction) []i3.Value {
	n := f.get("successOutputs")
	var bound *fields
	if n != nil {
		bound = l.fields(n, f.path+".successOutputs", "successOutputs")
		defer bound.done()
	}
	if da == nil {
		bound.ignoreAll() // as in dataInputs
		return nil
	}
	var out []i3.Value
	for _, m := range properties(da.success) {
		typ := schemaType(m.Value.(*i3.Object))
		value := noValue(typ)
		if bound != nil {
			if v := bound.get(m.Key); v != nil {
				if key, _, ok := single(v); ok && key.Value != "var" && key.Value != "noValue" {
					l.errorf(key, bound.path+"."+m.Key, "expected var: Flow.NAME, the variable that receives the output")
				} else {
					value = l.value(v, typ, bound.path+"."+m.Key)
				}
			}
		}
		out = append(out, i3.NewObject(2).Add("name", m.Key).Add("value", value))
	}
	return out
}

// lowerUIMetaData writes the document's uiMetaData, with the contracts of
// the data actions the flow calls.
func (l *lowerer) lowerUIMetaData() *i3.Object {
	ui := i3.NewObject(3).Add("bridgeServerActions", []i3.Value{}).Add("screenPops", []i3.Value{})
	if len(l.dataActions) == 0 {
		return ui
	}
	list := make([]i3.Value, len(l.dataActions))
	for i, da := range l.dataActions {
		output := i3.NewObject(2)
		if da.errors != nil {
			output.Add("errorSchemaFlattened", i3.NewObject(1).Add("schema", da.errors))
		}
		output.Add("successSchemaFlattened", i3.NewObject(1).Add("schema", da.success))
		contract := i3.NewObject(2).
			Add("input", i3.NewObject(1).Add("inputSchemaFlattened", i3.NewObject(1).Add("schema", da.input))).
			Add("output", output)
		entry := i3.NewObject(8).
			Add("id", da.id).
			Add("name", da.Name).
			Add("category", da.Category).
			Add("contract", contract).
			Add("result", "ok").
			Add("inputSchema", da.input).
			Add("successSchema", da.success)
		if da.errors != nil {
			entry.Add("errorSchema", da.errors)
		}
		list[i] = entry
	}
	return ui.Add("actionServiceActions", list)
}
