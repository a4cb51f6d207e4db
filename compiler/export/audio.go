package export

import (
	"gopkg.in/yaml.v3"

	"github.com/callpark/callpark/compiler/expr"
	"github.com/callpark/callpark/compiler/i3"
)

// prompts lowers an Archy audio setting to the export's prompts object. A
// nil node is audio left empty. Optional marks audio that Architect flags
// as optional: the initial greeting, error handling and menu prompts.
func (l *lowerer) prompts(n *yaml.Node, path string, optional bool) *i3.Object {
	return i3.NewObject(4).
		Add("bargeInExpression", literalValue("true", typeBoolean)).
		Add("flushExpression", outOfService(literalValue("false", typeBoolean))).
		Add("defaultAudio", l.audio(n, path, optional)).
		Add("cases", []i3.Value{})
}

// audio lowers the Archy audio forms {tts: TEXT}, {prompt: NAME},
// {exp: EXPRESSION} and {noValue: true}. TTS and prompts become the
// expression Architect's audio editor writes for them,
// AudioPlaybackOptions(ToAudioTTS("TEXT"), true) or
// AudioPlaybackOptions(ToAudio(PROMPT), true).
func (l *lowerer) audio(n *yaml.Node, path string, optional bool) *i3.Object {
	if n == nil {
		return l.compileAudio("", nil, path, optional)
	}
	key, body, ok := single(n)
	if !ok {
		l.errorf(n, path, "expected one of tts, prompt, exp or noValue")
		return l.compileAudio("", nil, path, optional)
	}
	switch key.Value {
	case "tts":
		if body.Kind != yaml.ScalarNode {
			l.errorf(body, path+".tts", "expected the text to speak")
			return l.compileAudio("", nil, path, optional)
		}
		return l.compileAudio(playback("ToAudioTTS("+expr.QuoteString(body.Value)+")"), nil, path, optional)
	case "prompt":
		p := l.prompt(body, path+".prompt")
		if p == nil {
			return l.compileAudio("", nil, path, optional)
		}
		return l.compileAudio(playback("ToAudio("+p.full+")"), nil, path, optional)
	case "exp":
		return l.compileAudio(body.Value, body, path+".exp", optional)
	case "noValue":
		return l.compileAudio("", nil, path, optional)
	}
	l.errorf(key, path+"."+key.Value, "unsupported audio kind %q; expected tts, prompt, exp or noValue", key.Value)
	return l.compileAudio("", nil, path, optional)
}

// playback wraps audio as Architect's audio editor does: playback that the
// caller may interrupt.
func playback(audio string) string {
	return "AudioPlaybackOptions(" + audio + ", true)"
}
