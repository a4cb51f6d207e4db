package expr

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// Mode is the uiMetaData.mode of a value: how the Architect editor shows it.
type Mode int

// Modes of non-audio values.
const (
	ModeExpression Mode = 0 // Archy exp:
	ModeLiteral    Mode = 1 // Archy lit:
	ModeVariable   Mode = 2 // Archy var:
	ModeNoValue    Mode = 3 // Archy noValue: true
)

// Version is the "version" every expression value carries in exports.
const Version = 2

// Value is one value object of an Architect export:
// {config, text, type, uiMetaData, metaData, version, outOfService}. It
// marshals to JSON with the keys in that order, as Architect writes them.
type Value struct {
	// Config is the expression tree, written as {"KEY": {...}}.
	Config *Node
	// Text is the text as the author wrote it, or a literal's value.
	Text       string
	Type       Type
	UIMetaData UIMetaData
	MetaData   MetaData
	// Version is Version in most values. Zero leaves the key out, as audio
	// values and a few flow settings (speechRecEngine) do.
	Version int
	// OutOfService is set on settings that the flow does not use.
	OutOfService bool
}

// UIMetaData is a value's uiMetaData: a mode for ordinary values, or the
// audio sequence for audio values.
type UIMetaData struct {
	Mode Mode
	// IsOverride marks an action setting that overrides the flow default.
	IsOverride bool
	// Audio, when set, replaces mode with the audio sequence editor's state.
	Audio *AudioUI
}

// AudioUI is the uiMetaData of an audio value.
type AudioUI struct {
	SequenceItems []SequenceItem
	// CustomExpressionMode reports whether the editor shows the raw
	// expression because it is not a plain sequence.
	CustomExpressionMode bool
	// Optional is set where the audio may be left empty, such as initial
	// greetings and menu prompts.
	Optional bool
}

// Audio sequence item kinds.
const (
	SequenceTTS    = 0 // ToAudioTTS("text")
	SequencePrompt = 1 // ToAudio(Prompt.X) or ToAudio(PromptSystem.x)
	SequenceData   = 2 // data playback
	SequenceBlank  = 4 // ToAudioBlank(ms)
)

// SequenceItem is one item of an audio value's sequence editor.
type SequenceItem struct {
	Type int
	// Parameter is the TTS text, or the prompt's id.
	Parameter string
	// IsSystem, Name and ExpressionName are written for prompt items only.
	IsSystem       bool
	Name           string
	ExpressionName string
	Error          string
}

// MetaData is a value's metaData: the distinct variables it references.
type MetaData struct {
	References []Reference
}

// MarshalJSON writes v with its keys in Architect's order.
func (v *Value) MarshalJSON() ([]byte, error) {
	var w jsonWriter
	// The JSON is typically four to six times the expression text.
	w.Grow(6*len(v.Text) + 256)
	w.value(v)
	return w.Bytes(), nil
}

// MarshalJSON writes n as the root node of an expression: {"KEY": {...}}.
func (n *Node) MarshalJSON() ([]byte, error) {
	var w jsonWriter
	w.node(n, true)
	return w.Bytes(), nil
}

// jsonWriter writes compact JSON with strings escaped as JavaScript's
// JSON.stringify escapes them: only quote, backslash and control characters.
type jsonWriter struct {
	bytes.Buffer
}

func (w *jsonWriter) key(k string, first bool) {
	if !first {
		w.WriteByte(',')
	}
	w.str(k)
	w.WriteByte(':')
}

func (w *jsonWriter) str(s string) {
	w.WriteByte('"')
	from := 0 // start of the run of bytes written unchanged
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
		}
		w.WriteString(s[from:i])
		switch {
		case c == '"' || c == '\\':
			w.WriteByte('\\')
			w.WriteByte(c)
		case c == '\n':
			w.WriteString(`\n`)
		case c == '\r':
			w.WriteString(`\r`)
		case c == '\t':
			w.WriteString(`\t`)
		case c == '\b':
			w.WriteString(`\b`)
		case c == '\f':
			w.WriteString(`\f`)
		case c < 0x20:
			w.WriteString(`\u00`)
			w.WriteByte("0123456789abcdef"[c>>4])
			w.WriteByte("0123456789abcdef"[c&0xf])
		default:
			// An invalid UTF-8 byte; JavaScript strings cannot hold one.
			w.WriteString("\ufffd")
		}
		i++
		from = i
	}
	w.WriteString(s[from:])
	w.WriteByte('"')
}

func (w *jsonWriter) bool(b bool) { w.WriteString(strconv.FormatBool(b)) }

func (w *jsonWriter) value(v *Value) {
	w.WriteByte('{')
	w.key("config", true)
	w.node(v.Config, true)
	w.key("text", false)
	w.str(v.Text)
	w.key("type", false)
	w.str(string(v.Type))
	w.key("uiMetaData", false)
	w.uiMetaData(&v.UIMetaData)
	w.key("metaData", false)
	w.metaData(&v.MetaData)
	if v.Version != 0 {
		w.key("version", false)
		w.WriteString(strconv.Itoa(v.Version))
	}
	if v.OutOfService {
		w.key("outOfService", false)
		w.bool(true)
	}
	w.WriteByte('}')
}

func (w *jsonWriter) uiMetaData(u *UIMetaData) {
	w.WriteByte('{')
	if a := u.Audio; a != nil {
		w.key("sequenceItems", true)
		w.WriteByte('[')
		for i := range a.SequenceItems {
			if i > 0 {
				w.WriteByte(',')
			}
			w.sequenceItem(&a.SequenceItems[i])
		}
		w.WriteByte(']')
		w.key("customExpressionMode", false)
		w.bool(a.CustomExpressionMode)
		if a.Optional {
			w.key("optional", false)
			w.bool(true)
		}
	} else {
		w.key("mode", true)
		w.WriteString(strconv.Itoa(int(u.Mode)))
		if u.IsOverride {
			w.key("isOverride", false)
			w.bool(true)
		}
	}
	w.WriteByte('}')
}

func (w *jsonWriter) sequenceItem(s *SequenceItem) {
	w.WriteByte('{')
	w.key("type", true)
	w.WriteString(strconv.Itoa(s.Type))
	w.key("parameter", false)
	w.str(s.Parameter)
	if s.Type == SequencePrompt {
		w.key("isSystem", false)
		w.bool(s.IsSystem)
		w.key("name", false)
		w.str(s.Name)
		w.key("expressionName", false)
		w.str(s.ExpressionName)
	}
	w.key("error", false)
	w.str(s.Error)
	w.WriteByte('}')
}

func (w *jsonWriter) metaData(m *MetaData) {
	w.WriteByte('{')
	if len(m.References) > 0 {
		w.key("references", true)
		w.WriteByte('[')
		for i, r := range m.References {
			if i > 0 {
				w.WriteByte(',')
			}
			w.WriteByte('{')
			w.key("id", true)
			w.str(r.ID)
			w.key("type", false)
			w.str(string(r.Type))
			w.key("isSysRef", false)
			w.bool(r.IsSysRef)
			w.key("name", false)
			w.str(r.Name)
			w.WriteByte('}')
		}
		w.WriteByte(']')
	}
	w.WriteByte('}')
}

// nodeKey returns the key under which n is written.
func nodeKey(n *Node) string {
	switch n.Kind {
	case KindLiteral:
		return "lit"
	case KindNotSet:
		// NOTE: the "nul" key is documented for NOT_SET but not yet seen in
		// an export with its type.
		return "nul"
	case KindEmpty:
		return "emp"
	case KindVar:
		if n.System {
			return "sysref"
		}
		return "ref"
	}
	return n.Op
}

// leaf reports whether n is written with its own text and no operands.
func leaf(n *Node) bool {
	switch n.Kind {
	case KindLiteral, KindNotSet, KindEmpty, KindVar:
		return true
	}
	return false
}

// node writes {"KEY":{"pos","text","operands","type","val"}}. Leaves carry
// their text; of the operator nodes, only the root carries the normalized
// text of the whole expression.
func (w *jsonWriter) node(n *Node, root bool) {
	w.WriteByte('{')
	w.key(nodeKey(n), true)
	w.WriteByte('{')
	w.key("pos", true)
	w.WriteString(strconv.Itoa(n.Pos))
	if leaf(n) {
		w.key("text", false)
		w.str(n.Text)
	} else {
		if root {
			w.key("text", false)
			w.str(Format(n))
		}
		w.key("operands", false)
		w.WriteByte('[')
		for i, o := range n.Operands {
			if i > 0 {
				w.WriteByte(',')
			}
			w.node(o, false)
		}
		w.WriteByte(']')
	}
	w.key("type", false)
	w.str(string(n.Type))
	if n.ID != "" {
		w.key("val", false)
		w.str(n.ID)
	}
	w.WriteByte('}')
	w.WriteByte('}')
}
