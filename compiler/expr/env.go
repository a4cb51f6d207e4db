package expr

import (
	"strings"
)

// Var is a flow variable the expression may reference.
type Var struct {
	// Name is the full name with its prefix, such as "Flow.OrbitNumber" or
	// "Prompt.PleaseHold".
	Name string
	// Type is the variable's type. Collection types end in "_coll".
	Type Type
	// ID is the variable's id in the export document, written as the "val"
	// of "ref" nodes and the id of metaData.references.
	ID string
}

// Env lists the flow's variables. The key is the full name, e.g.
// "Flow.OrbitNumber". User prompts are listed the same way
// ("Prompt.Name", type "pmt", the prompt's id).
//
// Names match case-insensitively, as Architect matches them: exports write
// Call.ani for the built-in Call.Ani, and Architect rejects two variables
// whose names differ only in case. The spelling written in the expression is
// kept in the output.
type Env struct {
	Vars map[string]Var

	lower map[string]Var // Vars by lower-case name; built by NewEnv
}

// NewEnv returns an Env holding vars, indexed for case-insensitive lookup.
// An Env built as a struct literal works too, with a slower lookup.
func NewEnv(vars ...Var) *Env {
	e := &Env{Vars: make(map[string]Var, len(vars)), lower: make(map[string]Var, len(vars))}
	for _, v := range vars {
		e.Vars[v.Name] = v
		e.lower[strings.ToLower(v.Name)] = v
	}
	return e
}

// Lookup finds a flow variable or user prompt by name, ignoring case.
func (e *Env) Lookup(name string) (Var, bool) {
	if e == nil {
		return Var{}, false
	}
	if v, ok := e.Vars[name]; ok {
		return v, true
	}
	if e.lower != nil {
		v, ok := e.lower[strings.ToLower(name)]
		return v, ok
	}
	for k, v := range e.Vars {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return Var{}, false
}

// Builtin is a variable that Architect provides, referenced by a "sysref"
// node.
type Builtin struct {
	Name string // canonical spelling, such as "Call.Ani"
	Type Type
	ID   string // such as "__CALL_ANI__"
}

// builtins lists the built-in variables the checker accepts.
//
// NOTE: only the id __CALL_ANI__ has been seen in an export. The other ids
// follow its pattern (__ + prefix + _ + name, upper case) and are inferred.
var builtins = []Builtin{
	{"Call.Ani", String, "__CALL_ANI__"},
	{"Call.AniName", String, "__CALL_ANINAME__"},
	{"Call.CalledAddress", String, "__CALL_CALLEDADDRESS__"},
	{"Call.CalledAddressOriginal", String, "__CALL_CALLEDADDRESSORIGINAL__"},
	{"Call.ConversationId", String, "__CALL_CONVERSATIONID__"},
	{"Call.CurrentLanguage", String, "__CALL_CURRENTLANGUAGE__"},
	{"Call.DNIS", String, "__CALL_DNIS__"},
	{"Call.RemoteName", String, "__CALL_REMOTENAME__"},
	{"Call.UUIData", String, "__CALL_UUIDATA__"},
	{"Call.PositionInQueue", Integer, "__CALL_POSITIONINQUEUE__"},
	{"Call.EstimatedWaitTime", Duration, "__CALL_ESTIMATEDWAITTIME__"},
	{"Call.Queue", Queue, "__CALL_QUEUE__"},
	{"Flow.StartDateTimeUtc", DateTime, "__FLOW_STARTDATETIMEUTC__"},
	{"Flow.FlowName", String, "__FLOW_FLOWNAME__"},
	{"Flow.FlowId", String, "__FLOW_FLOWID__"},
	{"System.CurrentDateTimeUtc", DateTime, "__SYSTEM_CURRENTDATETIMEUTC__"},
	{"System.MaxInt", Integer, "__SYSTEM_MAXINT__"},
	{"System.MinInt", Integer, "__SYSTEM_MININT__"},
}

var builtinIndex = func() map[string]*Builtin {
	m := make(map[string]*Builtin, len(builtins))
	for i := range builtins {
		m[strings.ToLower(builtins[i].Name)] = &builtins[i]
	}
	return m
}()

// LookupBuiltin finds a built-in variable by name, ignoring case. Any name
// under PromptSystem. is a system prompt, whose id is its lower-case name
// between double underscores (PromptSystem.on_hold_music is
// __on_hold_music__).
//
// NOTE: system prompt names are not checked, because the list of system
// prompts depends on the org.
func LookupBuiltin(name string) (Builtin, bool) {
	if b, ok := builtinIndex[strings.ToLower(name)]; ok {
		return *b, true
	}
	prefix, rest, ok := strings.Cut(name, ".")
	if ok && strings.EqualFold(prefix, "PromptSystem") && rest != "" {
		return Builtin{Name: "PromptSystem." + rest, Type: Prompt, ID: "__" + strings.ToLower(rest) + "__"}, true
	}
	return Builtin{}, false
}

// Builtins returns a copy of the built-in variables the checker accepts,
// in catalog order.
func Builtins() []Builtin { return append([]Builtin(nil), builtins...) }
