package export

import (
	"gopkg.in/yaml.v3"

	"github.com/callpark/callpark/compiler/i3"
)

// setting maps one Archy setting to one member of the export.
type setting struct {
	// Archy is the YAML key. An empty Archy means the member has no Archy
	// setting and always takes Default.
	Archy  string
	Export string
	Type   string
	// Default is the literal text written when the YAML leaves the setting
	// out; an empty Default writes no value.
	Default string
}

// settingGroup maps one Archy settings block to one export object.
type settingGroup struct {
	Archy  string
	Export string
	// Settings are in the order the export writes them.
	Settings []setting
}

// actionDefaults maps settingsActionDefaults to defaultSettings, in export
// order. The members without an Archy key are Architect defaults that the
// reference exports carry and Archy YAML does not set.
var actionDefaults = []settingGroup{
	{"playAudioOnSilence", "PlayAudioOnSilenceAction", []setting{
		{"", "allowedRepeatCount", typeInteger, "5"},
		{"", "silenceDuration", typeDuration, "P0D0H0M1S0F"},
		{"timeout", "timeout", typeDuration, ""},
	}},
	{"detectSilence", "DetectSilenceAction", []setting{
		{"", "silenceDuration", typeDuration, "P0D0H0M1S0F"},
		{"timeout", "timeout", typeDuration, ""},
	}},
	{"callData", "DataAction", []setting{
		{"processingPrompt", "processingPrompt", typePrompt, ""},
	}},
	{"collectInput", "CollectInputAction", []setting{
		{"", "interDigitTimeout", typeDuration, "P0D0H0M3S0F"},
		{"noEntryTimeout", "noEntryTimeout", typeDuration, ""},
	}},
	{"dialByExtension", "DialExtensionAction", []setting{
		{"interDigitTimeout", "digitTimeout", typeDuration, ""},
	}},
	{"transferToUser", "TransferUserAction", []setting{
		{"connectTimeout", "connTimeout", typeDuration, ""},
	}},
	{"transferToNumber", "TransferExternalAction", []setting{
		{"connectTimeout", "connTimeout", typeDuration, ""},
	}},
	{"transferToGroup", "TransferGroupAction", []setting{
		{"connectTimeout", "connTimeout", typeDuration, ""},
	}},
	{"transferToFlowSecure", "TransferFlowSecureAction", []setting{
		{"connectTimeout", "connTimeout", typeDuration, ""},
	}},
}

// menuSettings maps settingsMenu, of the flow and of each menu, to the
// Menu object of defaultSettings and to the members of each Menu item.
var menuSettings = settingGroup{"settingsMenu", "Menu", []setting{
	{"repeatCount", "promptRepeatCount", typeInteger, ""},
	{"menuSelectionTimeout", "promptRepeatDelay", typeDuration, ""},
	{"extensionDialingMaxDelay", "extensionDialingDelay", typeDuration, ""},
	{"listenForExtensionDialing", "useExtensionDialing", typeBoolean, ""},
}}

// speechRecSettings maps settingsSpeechRec, of the flow and of each menu,
// to the SpeechRec object of defaultSettings and to menu members.
var speechRecSettings = settingGroup{"settingsSpeechRec", "SpeechRec", []setting{
	{"minConfidenceLevel", "speechRecMinConfidence", typeInteger, ""},
	{"completeMatchTimeout", "speechRecTimeoutComplete", typeDuration, ""},
	{"incompleteMatchTimeout", "speechRecTimeoutIncomplete", typeDuration, ""},
	{"maxSpeechLengthTimeout", "speechRecTimeoutTotal", typeDuration, ""},
}}

// overridable holds "ExportGroup.member" for every action property that
// has a flow-wide default, so an action's own literal is marked isOverride.
var overridable = func() map[string]bool {
	m := map[string]bool{}
	for _, g := range actionDefaults {
		for _, s := range g.Settings {
			m[g.Export+"."+s.Export] = true
		}
	}
	return m
}()

// lowerGroup reads the settings of group from f (nil when the YAML has no
// such block) and returns the export object. The caller reports unread
// keys with f.done, after reading any keys of its own.
func (l *lowerer) lowerGroup(g settingGroup, f *fields) *i3.Object {
	out := i3.NewObject(len(g.Settings))
	for _, s := range g.Settings {
		var yamlValue *yaml.Node
		if s.Archy != "" && f != nil {
			yamlValue = f.get(s.Archy)
		}
		switch {
		case yamlValue != nil:
			out.Add(s.Export, l.value(yamlValue, s.Type, f.path+"."+s.Archy))
		case s.Default != "":
			out.Add(s.Export, literalValue(s.Default, s.Type))
		default:
			out.Add(s.Export, noValue(s.Type))
		}
	}
	return out
}

// optionalFields is fields for a block that may be missing (n is nil).
func (l *lowerer) optionalFields(n *yaml.Node, path, what string) *fields {
	if n == nil {
		return nil
	}
	return l.fields(n, path, what)
}

// lowerActionDefaults writes defaultSettings. Menu and speech are the
// flow's settingsMenu and settingsSpeechRec blocks (inbound flows only).
func (l *lowerer) lowerActionDefaults(n *yaml.Node, menu, speech *fields) *i3.Object {
	path := l.kind + ".settingsActionDefaults"
	f := l.optionalFields(n, path, "settingsActionDefaults")
	out := i3.NewObject(len(actionDefaults) + 2)
	for _, g := range actionDefaults {
		var block *fields
		if f != nil {
			block = l.optionalFields(f.get(g.Archy), path+"."+g.Archy, g.Archy+" defaults")
		}
		out.Add(g.Export, l.lowerGroup(g, block))
		if block != nil {
			block.done()
		}
	}
	if f != nil {
		f.done()
	}
	if l.flowType == i3.InboundCall {
		out.Add(menuSettings.Export, l.lowerGroup(menuSettings, menu))
		out.Add(speechRecSettings.Export, l.lowerGroup(speechRecSettings, speech))
	}
	return out
}
