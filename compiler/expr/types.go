package expr

import "strings"

// Type is an Architect type code such as "str", "int", "str_coll", "phn".
// A collection type is its element type followed by "_coll".
type Type string

// Architect type codes.
const (
	String        Type = "str"
	Integer       Type = "int"
	Boolean       Type = "bln"
	Decimal       Type = "dec"
	Duration      Type = "dur"
	DateTime      Type = "dtm"
	Date          Type = "dat"
	Time          Type = "tim"
	Audio         Type = "aud"
	Prompt        Type = "pmt"
	Communication Type = "com"
	Queue         Type = "que"
	User          Type = "usr"
	Skill         Type = "skl"
	LanguageSkill Type = "lac"
	WrapupCode    Type = "wrc"
	PhoneNumber   Type = "phn"
	JSON          Type = "jsn"
	Any           Type = "any"
)

// collSuffix marks a collection type code.
const collSuffix = "_coll"

// typeVar and typeVarColl stand for "any one type" and "a collection of that
// type" in generic catalog signatures such as If(Boolean, T, T) T. They never
// appear in checked trees.
const (
	typeVar     Type = "$T"
	typeVarColl Type = "$T_coll"
)

// invalid is the type of a subexpression that already failed to check. It
// matches every parameter so that one mistake yields one error.
const invalid Type = "$invalid"

// CollectionOf returns the collection type whose elements have type t.
func CollectionOf(t Type) Type { return t + collSuffix }

// IsCollection reports whether t is a collection type.
func (t Type) IsCollection() bool { return strings.HasSuffix(string(t), collSuffix) }

// Elem returns the element type of collection type t, or "" when t is not a
// collection.
func (t Type) Elem() Type {
	if !t.IsCollection() {
		return ""
	}
	return t[:len(t)-len(collSuffix)]
}

var typeNames = map[Type]string{
	String:        "String",
	Integer:       "Integer",
	Boolean:       "Boolean",
	Decimal:       "Decimal",
	Duration:      "Duration",
	DateTime:      "DateTime",
	Date:          "Date",
	Time:          "Time",
	Audio:         "Audio",
	Prompt:        "Prompt",
	Communication: "Communication",
	Queue:         "Queue",
	User:          "User",
	Skill:         "Skill",
	LanguageSkill: "LanguageSkill",
	WrapupCode:    "WrapupCode",
	PhoneNumber:   "PhoneNumber",
	JSON:          "JSON",
	Any:           "Any",
	typeVar:       "T",
	typeVarColl:   "T Collection",
	invalid:       "invalid",
}

// Name returns the type's name as Architect's editor shows it, such as
// "String" or "String Collection". Unknown codes are returned unchanged.
func (t Type) Name() string {
	if t.IsCollection() {
		return t.Elem().Name() + " Collection"
	}
	if n, ok := typeNames[t]; ok {
		return n
	}
	return string(t)
}

// Known reports whether t is one of the Architect type codes above or a
// collection of one.
func (t Type) Known() bool {
	if t.IsCollection() {
		t = t.Elem()
	}
	_, ok := typeNames[t]
	return ok && t != typeVar && t != typeVarColl && t != invalid
}
