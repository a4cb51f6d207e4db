package expr

import (
	"sort"
	"strings"
)

// Signature is one overload of a catalog function.
type Signature struct {
	// Params are the parameter types. In generic signatures "$T" stands for
	// any one type and "$T_coll" for a collection of it.
	Params []Type
	// Variadic reports whether the last parameter may repeat, so the call
	// takes len(Params) or more arguments.
	Variadic bool
	// Result is the return type, which may be "$T" or "$T_coll".
	Result Type
}

// Function is a catalog entry: a function's canonical name and overloads.
type Function struct {
	Name      string
	Overloads []Signature
}

func sig(result Type, params ...Type) Signature { return Signature{Params: params, Result: result} }

func variadic(result Type, params ...Type) Signature {
	return Signature{Params: params, Variadic: true, Result: result}
}

// catalog lists the functions the checker accepts, by canonical name.
//
// NOTE: Architect publishes no table of signatures. The functions used by
// real exports (ToString, AddHours, GetCurrentDateTimeUtc, Right,
// AudioPlaybackOptions, ToAudioTTS, ToAudio) are as observed. The others
// follow Architect's expression help as far as it is known, and the catalog
// is not complete.
var catalog = []Function{
	// Conversions.
	{"ToString", []Signature{sig(String, Any)}},
	{"ToInt", []Signature{sig(Integer, String), sig(Integer, Decimal), sig(Integer, Integer), sig(Integer, Boolean)}},
	{"ToDecimal", []Signature{sig(Decimal, String), sig(Decimal, Integer), sig(Decimal, Decimal)}},
	{"ToBool", []Signature{sig(Boolean, String), sig(Boolean, Integer), sig(Boolean, Boolean)}},
	{"ToDateTime", []Signature{sig(DateTime, String), sig(DateTime, DateTime)}},
	{"ToDate", []Signature{sig(Date, String), sig(Date, DateTime)}},
	{"ToTime", []Signature{sig(Time, String), sig(Time, DateTime)}},
	{"ToDuration", []Signature{sig(Duration, String)}},
	{"ToPhoneNumber", []Signature{sig(PhoneNumber, String)}},
	{"ToJson", []Signature{sig(JSON, String)}},

	// Audio.
	{"ToAudioTTS", []Signature{sig(Audio, String)}},
	{"ToAudio", []Signature{sig(Audio, Prompt)}},
	{"ToAudioBlank", []Signature{sig(Audio, Integer)}},
	{"ToAudioNumber", []Signature{sig(Audio, Integer), sig(Audio, Decimal)}},
	{"ToAudioDateTime", []Signature{sig(Audio, DateTime)}},
	{"ToAudioPhoneNumber", []Signature{sig(Audio, PhoneNumber)}},
	{"AudioPlaybackOptions", []Signature{sig(Audio, Audio, Boolean)}},

	// Strings and audio sequences.
	{"Append", []Signature{variadic(String, String, String), variadic(Audio, Audio, Audio)}},
	{"Left", []Signature{sig(String, String, Integer)}},
	{"Right", []Signature{sig(String, String, Integer)}},
	{"Substring", []Signature{sig(String, String, Integer, Integer)}},
	{"Length", []Signature{sig(Integer, String)}},
	{"Lower", []Signature{sig(String, String)}},
	{"Upper", []Signature{sig(String, String)}},
	{"Trim", []Signature{sig(String, String)}},
	{"Replace", []Signature{sig(String, String, String, String)}},
	{"Find", []Signature{sig(Integer, String, String)}},
	{"StartsWith", []Signature{sig(Boolean, String, String)}},
	{"EndsWith", []Signature{sig(Boolean, String, String)}},
	{"Split", []Signature{sig(CollectionOf(String), String, String)}},
	{"Contains", []Signature{sig(Boolean, String, String), sig(Boolean, typeVarColl, typeVar)}},
	{"IsNotSetOrEmpty", []Signature{sig(Boolean, String), sig(Boolean, typeVarColl)}},
	{"IsSet", []Signature{sig(Boolean, Any)}},
	{"IsNotSet", []Signature{sig(Boolean, Any)}},

	// Collections.
	{"Count", []Signature{sig(Integer, typeVarColl)}},
	{"GetAt", []Signature{sig(typeVar, typeVarColl, Integer)}},
	{"MakeList", []Signature{variadic(typeVarColl, typeVar)}},
	{"AddItem", []Signature{sig(typeVarColl, typeVarColl, typeVar)}},

	// Logic.
	{"If", []Signature{sig(typeVar, Boolean, typeVar, typeVar)}},

	// Numbers.
	{"Abs", []Signature{sig(Integer, Integer), sig(Decimal, Decimal)}},
	{"Min", []Signature{sig(Integer, Integer, Integer), sig(Decimal, Decimal, Decimal)}},
	{"Max", []Signature{sig(Integer, Integer, Integer), sig(Decimal, Decimal, Decimal)}},
	{"Round", []Signature{sig(Integer, Decimal)}},
	{"Floor", []Signature{sig(Integer, Decimal)}},
	{"Ceiling", []Signature{sig(Integer, Decimal)}},
	{"Random", []Signature{sig(Integer, Integer)}},

	// Dates, times and durations.
	{"GetCurrentDateTimeUtc", []Signature{sig(DateTime)}},
	{"AddSeconds", []Signature{sig(DateTime, DateTime, Integer)}},
	{"AddMinutes", []Signature{sig(DateTime, DateTime, Integer)}},
	{"AddHours", []Signature{sig(DateTime, DateTime, Integer)}},
	{"AddDays", []Signature{sig(DateTime, DateTime, Integer)}},
	{"AddMonths", []Signature{sig(DateTime, DateTime, Integer)}},
	{"AddYears", []Signature{sig(DateTime, DateTime, Integer)}},
	{"DateTimeDiff", []Signature{sig(Duration, DateTime, DateTime)}},
	{"MakeDateTime", []Signature{sig(DateTime, Integer, Integer, Integer, Integer, Integer, Integer)}},
	{"MakeDuration", []Signature{sig(Duration, Integer, Integer, Integer, Integer)}},
	{"MakeDurationFromMilliseconds", []Signature{sig(Duration, Integer)}},

	// Lookups of org objects by name or id.
	{"FindQueue", []Signature{sig(Queue, String)}},
	{"FindQueueById", []Signature{sig(Queue, String)}},
	{"FindUser", []Signature{sig(User, String)}},
	{"FindUserById", []Signature{sig(User, String)}},
	{"FindSkill", []Signature{sig(Skill, String)}},
	{"FindLanguageSkill", []Signature{sig(LanguageSkill, String)}},
	{"FindUserPrompt", []Signature{sig(Prompt, String)}},
	{"FindSystemPrompt", []Signature{sig(Prompt, String)}},
}

// properties lists the properties of object types, by lower-case name.
//
// NOTE: only .e164 of a phone number is confirmed by exports; the id and
// name properties of org objects follow Architect's documentation.
var properties = map[Type]map[string]property{
	PhoneNumber:   {"e164": {"e164", String}},
	Queue:         {"id": {"id", String}, "name": {"name", String}},
	User:          {"id": {"id", String}, "name": {"name", String}, "email": {"email", String}},
	Skill:         {"id": {"id", String}, "name": {"name", String}},
	LanguageSkill: {"id": {"id", String}, "name": {"name", String}},
	WrapupCode:    {"id": {"id", String}, "name": {"name", String}},
}

// property is one property of an object type, with its canonical name.
type property struct {
	name string
	typ  Type
}

var catalogIndex = func() map[string]*Function {
	m := make(map[string]*Function, len(catalog))
	for i := range catalog {
		m[strings.ToLower(catalog[i].Name)] = &catalog[i]
	}
	return m
}()

// lookupFunction finds a function by name, ignoring case, as Architect does.
func lookupFunction(name string) *Function { return catalogIndex[strings.ToLower(name)] }

// LookupFunction returns the catalog entry for a function name, matched
// case-insensitively, and whether it exists.
func LookupFunction(name string) (Function, bool) {
	f := lookupFunction(name)
	if f == nil {
		return Function{}, false
	}
	return *f, true
}

// Functions returns the canonical names of all catalog functions, sorted.
func Functions() []string {
	names := make([]string, len(catalog))
	for i, f := range catalog {
		names[i] = f.Name
	}
	sort.Strings(names)
	return names
}
