package script

import "github.com/callpark/callpark/compiler/i3"

// This file builds the page's components. Each component is an object with
// a "type" and "properties", and every property is a typed value
// {"typeName": ..., "value": ...}, as Scripter exports them. Properties are
// written in the order Scripter writes them.

// font is the font family of every text, as Scripter's defaults write it.
const font = `Arial, "Helvetica Neue", Helvetica, sans-serif`

// box is the layout of a component: outer margin, alignment inside its
// container, width and height.
type box struct {
	margin        i3.Value
	alignment     string
	width, height *i3.Object
}

// property returns the typed value {"typeName": typeName, "value": value}.
func property(typeName string, value i3.Value) *i3.Object {
	return i3.NewObject(2).Add("typeName", typeName).Add("value", value)
}

// unset returns a property of the given type with no value, as Scripter
// writes a property left at its default, such as an unbound "visible".
func unset(typeName string) *i3.Object {
	return i3.NewObject(1).Add("typeName", typeName)
}

// spacing returns a margin or padding: one number for all sides, or four
// numbers in Scripter's side order.
func spacing(sides ...int) i3.Value {
	if len(sides) == 1 {
		return i3.Int(sides[0])
	}
	list := make([]i3.Value, len(sides))
	for i, n := range sides {
		list[i] = i3.Int(n)
	}
	return list
}

// auto sizes a component to its content.
func auto() *i3.Object {
	return i3.NewObject(1).Add("sizeType", "auto")
}

// stretch sizes a component to the whole width or height of its container.
func stretch() *i3.Object {
	return i3.NewObject(2).Add("sizeType", "stretch").Add("size", i3.Int(100))
}

// pixels gives a component a fixed size.
func pixels(n int) *i3.Object {
	return i3.NewObject(2).Add("sizeType", "pixels").Add("size", i3.Int(n))
}

// layoutProperties returns the properties every component starts with.
func layoutProperties(b box) *i3.Object {
	return i3.NewObject(20).
		Add("margin", property("spacing", b.margin)).
		Add("alignment", property("alignment", b.alignment)).
		Add("width", property("sizing", b.width)).
		Add("height", property("sizing", b.height)).
		Add("visible", unset("variable"))
}

// component returns a component of the given type.
func component(kind string, properties *i3.Object) *i3.Object {
	return i3.NewObject(3).Add("type", kind).Add("properties", properties)
}

// invisibleBorder returns a border of width 0 on every side, as one value
// or as a list of the four sides.
func invisibleBorder(perSide bool) i3.Value {
	side := func() *i3.Object {
		return i3.NewObject(3).Add("width", i3.Int(0)).Add("style", "solid").Add("color", "000000")
	}
	if !perSide {
		return side()
	}
	return []i3.Value{side(), side(), side(), side()}
}

// container returns a stack container of the given kind,
// verticalStackContainer or horizontalStackContainer.
func container(kind string, b box, padding i3.Value, perSideBorder bool, children ...i3.Value) *i3.Object {
	p := layoutProperties(b).
		Add("backgroundColor", unset("null")).
		Add("padding", property("spacing", padding)).
		Add("childArrangement", property("childArrangement", "start")).
		Add("border", property("border", invisibleBorder(perSideBorder)))
	if children == nil {
		children = []i3.Value{}
	}
	return component(kind, p).Add("children", children)
}

// fontProperties returns the bold, italic, underline, font and size
// properties of a text or button.
func fontProperties(p *i3.Object, bold bool, size int) *i3.Object {
	return p.
		Add("bold", property("boolean", bold)).
		Add("italic", property("boolean", false)).
		Add("underline", property("boolean", false)).
		Add("font", property("font", font)).
		Add("fontSize", property("integer", i3.Int(size)))
}

// text returns a text component. Its text may contain {{variable}}
// references, which Scripter replaces when the script runs.
func text(b box, content string, bold bool, size int) *i3.Object {
	p := layoutProperties(b).Add("text", property("interpolatedText", content))
	fontProperties(p, bold, size).
		Add("justification", property("text", "left")).
		Add("backgroundColor", unset("null")).
		Add("textColor", unset("null")).
		Add("padding", property("spacing", spacing(0)))
	return component("text", p)
}

// input returns a one-line text input bound to the variable with id
// variableID. The agent must enter a value, and the input checks nothing
// else about it.
func input(b box, variableID string) *i3.Object {
	p := layoutProperties(b).
		Add("placeholderText", property("interpolatedText", "")).
		// NOTE: Scripter's editor offers preset and regular-expression
		// validation, but no export available to callpark sets one, so its
		// JSON form is unknown and the code's digits and length go unchecked.
		Add("validation", unset("inputValidation")).
		Add("doesRequireValue", property("boolean", true)).
		Add("isMultilineInput", property("boolean", false)).
		Add("isPasswordInput", property("boolean", false)).
		Add("isPasswordToggleVisible", property("boolean", false)).
		Add("value", property("variable", variableID)).
		Add("changeAction", property("action", i3.NewObject(0))).
		Add("disabled", unset("variable"))
	return component("input", p)
}

// button returns a button that runs the custom action with id actionID.
func button(b box, label, actionID string) *i3.Object {
	click := i3.NewObject(2).Add("actionName", actionID).Add("actionArgumentValues", []i3.Value{})
	p := layoutProperties(b).
		Add("text", property("interpolatedText", label)).
		Add("clickAction", property("action", click)).
		Add("backgroundColor", property("color", "#578dc7")).
		Add("textColor", unset("null"))
	fontProperties(p, false, 10).
		Add("justification", property("text", "center")).
		Add("disabled", unset("variable"))
	return component("button", p)
}
