package export

import (
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/callpark/callpark/compiler/i3"
)

// Sequence item types of an audio value's uiMetaData.sequenceItems.
const (
	sequenceTTS    = 0
	sequencePrompt = 1
)

// prompts lowers an Archy audio setting to the export's prompts object. A
// nil node is audio left empty. Optional marks flow-level audio (initial
// greeting, error handling), which Architect flags as optional.
func (l *lowerer) prompts(n *yaml.Node, path string, optional bool) *i3.Object {
	return i3.NewObject(4).
		Add("bargeInExpression", literalValue("true", typeBoolean)).
		Add("flushExpression", outOfService(literalValue("false", typeBoolean))).
		Add("defaultAudio", l.audio(n, path, optional)).
		Add("cases", []i3.Value{})
}

// audio lowers the Archy audio forms {tts: TEXT}, {prompt: NAME},
// {exp: EXPRESSION} and {noValue: true}.
func (l *lowerer) audio(n *yaml.Node, path string, optional bool) *i3.Object {
	if n == nil {
		return emptyAudio(optional)
	}
	key, body, ok := single(n)
	if !ok {
		l.errorf(n, path, "expected one of tts, prompt, exp or noValue")
		return emptyAudio(optional)
	}
	switch key.Value {
	case "tts":
		if body.Kind != yaml.ScalarNode {
			l.errorf(body, path+".tts", "expected the text to speak")
			return emptyAudio(optional)
		}
		return ttsAudio(body.Value, optional)
	case "prompt":
		p := l.prompt(body, path+".prompt")
		if p == nil {
			return emptyAudio(optional)
		}
		l.useItem(p.kind, p.short, p.id, l.context)
		return promptAudio(p, optional)
	case "exp":
		v := l.expression(body, typeAudio, path+".exp")
		v.Set("uiMetaData", audioUI([]i3.Value{}, true, optional))
		v.Members = dropMember(v.Members, "version")
		return v
	case "noValue":
		return emptyAudio(optional)
	}
	l.errorf(key, path+"."+key.Value, "unsupported audio kind %q; expected tts, prompt, exp or noValue", key.Value)
	return emptyAudio(optional)
}

func audioUI(items []i3.Value, custom, optional bool) *i3.Object {
	ui := i3.NewObject(3).Add("sequenceItems", items).Add("customExpressionMode", custom)
	if optional {
		ui.Add("optional", true)
	}
	return ui
}

func emptyAudio(optional bool) *i3.Object {
	config, _ := node("emp", "", typeAudio)
	return newValue(config, "", typeAudio, audioUI([]i3.Value{}, true, optional), nil, false)
}

// quote writes s as an Architect string literal.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// Positions in the audio expressions below count characters from 1:
// "AudioPlaybackOptions(" is 21 characters, so the inner call starts at 22.
const playbackPrefix = "AudioPlaybackOptions("

// playback wraps the inner audio call as AudioPlaybackOptions(INNER, true),
// which is how Architect stores audio that may be interrupted.
func playback(inner string, innerNode *i3.Object) (string, *i3.Object) {
	text := playbackPrefix + inner + ", true)"
	truePos := utf8.RuneCountInString(playbackPrefix+inner+", ") + 1
	root := i3.NewObject(4).
		Add("pos", i3.Int(1)).
		Add("text", text).
		Add("operands", []i3.Value{innerNode, litOperand(truePos, "true", typeBoolean)}).
		Add("type", typeAudio)
	return text, i3.NewObject(1).Add("AudioPlaybackOptions", root)
}

func litOperand(pos int, text, typ string) *i3.Object {
	return i3.NewObject(1).Add("lit", i3.NewObject(3).Add("pos", i3.Int(pos)).Add("text", text).Add("type", typ))
}

func call(name string, pos int, typ string, operands ...i3.Value) *i3.Object {
	return i3.NewObject(1).Add(name, i3.NewObject(3).Add("pos", i3.Int(pos)).Add("operands", operands).Add("type", typ))
}

// ttsAudio is AudioPlaybackOptions(ToAudioTTS("TEXT"), true).
func ttsAudio(text string, optional bool) *i3.Object {
	start := utf8.RuneCountInString(playbackPrefix) + 1
	inner := "ToAudioTTS(" + quote(text) + ")"
	lit := litOperand(start+len("ToAudioTTS("), text, typeString)
	full, config := playback(inner, call("ToAudioTTS", start, typeAudio, lit))
	item := i3.NewObject(3).Add("type", i3.Int(sequenceTTS)).Add("parameter", text).Add("error", "")
	return newValue(config, full, typeAudio, audioUI([]i3.Value{item}, false, optional), nil, false)
}

// promptAudio is AudioPlaybackOptions(ToAudio(PROMPT), true).
func promptAudio(p *promptRef, optional bool) *i3.Object {
	start := utf8.RuneCountInString(playbackPrefix) + 1
	kind := "ref"
	if p.system {
		kind = "sysref"
	}
	ref := i3.NewObject(1).Add(kind, i3.NewObject(4).
		Add("pos", i3.Int(start+len("ToAudio("))).
		Add("text", p.full).
		Add("type", typePrompt).
		Add("val", p.id))
	full, config := playback("ToAudio("+p.full+")", call("ToAudio", start, typeAudio, ref))
	item := i3.NewObject(6).
		Add("type", i3.Int(sequencePrompt)).
		Add("parameter", p.id).
		Add("isSystem", p.system).
		Add("name", p.full).
		Add("expressionName", p.full).
		Add("error", "")
	refs := []reference{{ID: p.id, Type: typePrompt, IsSysRef: p.system, Name: p.full}}
	return newValue(config, full, typeAudio, audioUI([]i3.Value{item}, false, optional), refs, false)
}

func dropMember(members []i3.Member, key string) []i3.Member {
	out := members[:0]
	for _, m := range members {
		if m.Key != key {
			out = append(out, m)
		}
	}
	return out
}
