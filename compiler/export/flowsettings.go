package export

import (
	"gopkg.in/yaml.v3"

	"github.com/callpark/callpark/compiler/i3"
)

// flowSettings holds the lowered flow-level members.
type flowSettings struct {
	engineName, engineID, voiceName, voiceID string

	languageOptions []i3.Value
	errorHandling   *i3.Object
	initialPrompts  *i3.Object
	inQueue         *i3.Object
	defaults        *i3.Object

	disableAsr                 *i3.Object
	disableAsrCompanyDirectory *i3.Object
	speechRecCompanyDirectory  *i3.Object
	speechRecEngine            *i3.Object
	suppressRecording          *i3.Object
}

// lowerFlowSettings lowers every flow-level setting. It runs after the
// tasks and menus, so the manifest lists actions before settings blocks, as
// Architect does.
func (l *lowerer) lowerFlowSettings(f *fields) *flowSettings {
	s := &flowSettings{}
	l.lowerLanguages(f.get("supportedLanguages"), s)

	if l.flowType == i3.InQueueCall {
		l.context = settingsContext("inQueueSettings")
		s.inQueue = l.lowerInQueueSettings(f.get("settingsInQueueCall"))
	}

	l.context = settingsContext("errorHandling")
	s.errorHandling = l.lowerErrorHandling(f.get("settingsErrorHandling"))

	// settingsPrompts selects the prompt media Archy validates when it
	// publishes, and the export has no member for it.
	f.ignore("settingsPrompts")

	var menu, speech *fields
	if l.flowType == i3.InboundCall {
		l.context = settingsContext("initialGreeting")
		s.initialPrompts = l.prompts(f.get("initialGreeting"), l.kind+".initialGreeting", true)
		menu = l.optionalFields(f.get("settingsMenu"), l.kind+".settingsMenu", "settingsMenu")
		speech = l.optionalFields(f.get("settingsSpeechRec"), l.kind+".settingsSpeechRec", "settingsSpeechRec")
		l.lowerSpeechFlowSettings(speech, s)
	}

	l.context = settingsContext("defaultSettings")
	s.defaults = l.lowerActionDefaults(f.get("settingsActionDefaults"), menu, speech)
	if menu != nil {
		menu.done()
	}
	if speech != nil {
		speech.done()
	}
	l.context = nil
	return s
}

// lowerSpeechFlowSettings reads the settingsSpeechRec keys that set
// flow-level members rather than defaultSettings.SpeechRec:
//
//	asrEnabledOnFlow: BOOL   -> disableAsr: !BOOL
//	asrCompanyDir: none      -> disableAsrCompanyDirectory: true, speechRecCompanyDirectory: false
//	suppressRecording: BOOL  -> suppressRecording: BOOL
//
// speechRecEngine has no Archy setting; the reference exports write an
// empty string literal without a version member.
func (l *lowerer) lowerSpeechFlowSettings(f *fields, s *flowSettings) {
	asr, companyDir, suppress := "true", "none", "false"
	if f != nil {
		asr = l.plainBool(f, "asrEnabledOnFlow", asr)
		suppress = l.plainBool(f, "suppressRecording", suppress)
		companyDir = f.str("asrCompanyDir", companyDir)
		if companyDir != "none" {
			l.errorf(f.get("asrCompanyDir"), f.path+".asrCompanyDir", "unsupported value %q; only none is supported", companyDir)
		}
	}
	s.disableAsr = literalValue(not(asr), typeBoolean)
	s.disableAsrCompanyDirectory = literalValue("true", typeBoolean)
	s.speechRecCompanyDirectory = literalValue("false", typeBoolean)
	s.speechRecEngine = unversioned(literalValue("", typeString))
	s.suppressRecording = literalValue(suppress, typeBoolean)
}

func not(b string) string {
	if b == "true" {
		return "false"
	}
	return "true"
}

// plainBool reads a setting written as a bare true or false.
func (l *lowerer) plainBool(f *fields, key, def string) string {
	n := f.get(key)
	if n == nil {
		return def
	}
	if n.Value != "true" && n.Value != "false" {
		l.errorf(n, f.path+"."+key, "expected true or false, found %q", n.Value)
		return def
	}
	return n.Value
}

// lowerLanguages reads supportedLanguages, which must list exactly the
// default language:
//
//	supportedLanguages: {en-us: {defaultLanguageSkill: VALUE, textToSpeech: {defaultEngine: {voice: NAME}}}}
func (l *lowerer) lowerLanguages(n *yaml.Node, s *flowSettings) {
	s.engineName, s.engineID = l.opts.TextToSpeech.engine()
	path := l.kind + ".supportedLanguages"
	if n == nil {
		l.errorf(&yaml.Node{Line: 1, Column: 1}, path, "missing supportedLanguages")
		return
	}
	key, body, ok := single(n)
	if !ok {
		l.errorf(n, path, "expected exactly one language, the default language %s", l.language)
		return
	}
	if exportLanguage(key.Value) != l.language {
		l.errorf(key, path+"."+key.Value, "language %s is not the default language %s; only the default language is supported", key.Value, l.language)
	}
	path += "." + key.Value
	f := l.fields(body, path, "language "+key.Value)
	skill := noValue(typeLanguage)
	if v := f.get("defaultLanguageSkill"); v != nil {
		skill = l.value(v, typeLanguage, path+".defaultLanguageSkill")
	}
	s.voiceName = l.ttsVoice(f.require("textToSpeech"), path+".textToSpeech")
	f.done()
	s.voiceID = l.opts.TextToSpeech.voiceID(s.voiceName)

	engineSelection := "default"
	if l.opts.TextToSpeech.Specific {
		engineSelection = "specific"
	}
	tts := i3.NewObject(2).
		Add("engine", i3.NewObject(3).Add("selection", engineSelection).Add("name", s.engineName).Add("id", s.engineID)).
		Add("voice", i3.NewObject(3).Add("selection", "specific").Add("name", s.voiceName).Add("id", s.voiceID))
	s.languageOptions = []i3.Value{i3.NewObject(3).
		Add("language", l.language).
		Add("languageSkill", skill).
		Add("textToSpeech", tts)}
}

// ttsVoice reads textToSpeech: {defaultEngine: {voice: NAME}}.
func (l *lowerer) ttsVoice(n *yaml.Node, path string) string {
	if n == nil {
		return ""
	}
	f := l.fields(n, path, "textToSpeech")
	defer f.done()
	engine := f.require("defaultEngine")
	if engine == nil {
		return ""
	}
	ef := l.fields(engine, path+".defaultEngine", "defaultEngine")
	defer ef.done()
	voice := ef.str("voice", "")
	if voice == "" {
		l.errorf(engine, path+".defaultEngine.voice", "missing voice")
	}
	return voice
}

// lowerInQueueSettings reads settingsInQueueCall: {holdMusic: VALUE}.
func (l *lowerer) lowerInQueueSettings(n *yaml.Node) *i3.Object {
	f := l.optionalFields(n, l.kind+".settingsInQueueCall", "settingsInQueueCall")
	music := noValue(typePrompt)
	if f != nil {
		if v := f.get("holdMusic"); v != nil {
			music = l.value(v, typePrompt, f.path+".holdMusic")
		}
		f.done()
	}
	return i3.NewObject(1).Add("holdMusic", music)
}

// lowerErrorHandling reads settingsErrorHandling:
//
//	errorHandling: {disconnect: {none: true}}   -> handlingType: Disconnect
//	preHandlingAudio: AUDIO                     -> audio
//
// NOTE: only the disconnect handling appears in the reference exports;
// other handling types are rejected rather than guessed.
func (l *lowerer) lowerErrorHandling(n *yaml.Node) *i3.Object {
	path := l.kind + ".settingsErrorHandling"
	f := l.optionalFields(n, path, "settingsErrorHandling")
	var audio *yaml.Node
	if f != nil {
		audio = f.get("preHandlingAudio")
		if h := f.get("errorHandling"); h != nil {
			key, body, ok := single(h)
			switch {
			case !ok:
				l.errorf(h, path+".errorHandling", "expected one handling type such as disconnect")
			case key.Value != "disconnect":
				l.errorf(key, path+".errorHandling."+key.Value, "unsupported error handling %q; only disconnect is supported", key.Value)
			default:
				bf := l.fields(body, path+".errorHandling.disconnect", "disconnect error handling")
				if none := bf.get("none"); none != nil && none.Value != "true" {
					l.errorf(none, bf.path+".none", "expected none: true")
				}
				bf.done()
			}
		}
		f.done()
	}
	return i3.NewObject(3).
		Add("audio", l.prompts(audio, path+".preHandlingAudio", true)).
		Add("queue", outOfService(emptyLiteral(typeQueue))).
		Add("handlingType", "Disconnect")
}
