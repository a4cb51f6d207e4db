// Package params loads and validates the callpark parameter file: one YAML
// document, `version: 1` at the top, decoded strictly into Params.
package params

import (
	"reflect"
	"strings"
	"time"

	"github.com/callpark/callpark/compiler/diag"
)

// Params is the decoded parameter file. Every field has its default filled
// in after Load; Pos returns where a field was written.
type Params struct {
	Version      int          `yaml:"version"`
	Division     string       `yaml:"division"`
	Language     string       `yaml:"language"`
	TextToSpeech TextToSpeech `yaml:"textToSpeech"`
	HoldingQueue HoldingQueue `yaml:"holdingQueue"`
	DataActions  DataActions  `yaml:"dataActions"`
	ErrorPrompt  Audio        `yaml:"errorPrompt"`
	Retrieval    Retrieval    `yaml:"retrieval"`
	Hold         Hold         `yaml:"hold"`
	Script       Script       `yaml:"script"`
	UserPrompts  []UserPrompt `yaml:"userPrompts"`

	// File is the parameter file's name as given to Load.
	File string `yaml:"-"`
	// positions maps a field path such as "retrieval.code.maxLength" to
	// where its value was written.
	positions map[string]diag.Pos
	// textShift holds, for each scalar, how many characters after its
	// position its text starts, or -1 where the text is not written as it
	// is (see decoder.shift).
	textShift map[string]int
}

// TextToSpeech selects the text-to-speech engine and voice. An empty
// Engine keeps the org's default engine. The ids appear only in the
// Architect export files; they default to the Genesys TTS forms ("genesys"
// and "genesys/VOICE").
type TextToSpeech struct {
	Engine   string `yaml:"engine"`
	EngineID string `yaml:"engineId"`
	Voice    string `yaml:"voice"`
	VoiceID  string `yaml:"voiceId"`
}

// UserPrompt names a user prompt of the org and its id, which the
// Architect export files reference.
type UserPrompt struct {
	Name string `yaml:"name"`
	ID   string `yaml:"id"`
}

// HoldingQueue is the ACD queue where parked calls wait. ID is optional:
// without it the flows look the queue up by name when they run.
type HoldingQueue struct {
	Name string `yaml:"name"`
	ID   string `yaml:"id"`
}

// DataActions names the integration (category) that holds the three data
// actions and configures each of them.
type DataActions struct {
	Category           string     `yaml:"category"`
	Timeout            Duration   `yaml:"timeout"`
	FindWaitingCalls   FindAction `yaml:"findWaitingCalls"`
	ReplaceParticipant ActionRef  `yaml:"replaceParticipant"`
	UpdateExternalTag  ActionRef  `yaml:"updateExternalTag"`
}

// ActionRef names one data action. ID is the action's id in the org
// (custom_-_UUID), needed only to reproduce an existing export.
type ActionRef struct {
	Name string `yaml:"name"`
	ID   string `yaml:"id"`
}

// FindAction is the analytics data action that finds a parked call by its
// external tag.
type FindAction struct {
	ActionRef `yaml:",inline"`
	Lookback  Duration `yaml:"lookback"`
	PageSize  int      `yaml:"pageSize"`
}

// Retrieval configures the inbound call flow that a retriever dials.
type Retrieval struct {
	Name string `yaml:"name"`
	// TextToSpeech overrides the top-level textToSpeech for this flow
	// when its voice is set.
	TextToSpeech   TextToSpeech   `yaml:"textToSpeech"`
	Description    string         `yaml:"description"`
	Greeting       Audio          `yaml:"greeting"`
	CodePrompt     Audio          `yaml:"codePrompt"`
	Code           Code           `yaml:"code"`
	NoEntryTimeout Duration       `yaml:"noEntryTimeout"`
	CallerAddress  string         `yaml:"callerAddress"`
	Prompts        RetrievalAudio `yaml:"prompts"`
	MainMenu       Audio          `yaml:"mainMenu"`

	// HandleNoMatch makes the flow check that a call matched the code
	// before it uses the result; false reproduces the blueprint, which
	// indexes the result unchecked.
	HandleNoMatch bool `yaml:"handleNoMatch"`
	// Attempts is how many codes a retriever may enter before the flow
	// says goodbye; used with HandleNoMatch.
	Attempts int `yaml:"attempts"`
	// SIPCallerAddress is the expression used instead of CallerAddress
	// when the retriever calls from a sip: address. Empty means such a
	// caller hears Prompts.SIPCaller and the call ends; used with
	// HandleNoMatch.
	SIPCallerAddress string `yaml:"sipCallerAddress"`
	// ClearTag clears the retrieved conversation's external tag with the
	// update-external-tag data action, so the code can be used again.
	ClearTag bool `yaml:"clearTag"`
}

// Code limits the park code the retriever enters.
type Code struct {
	MinLength int `yaml:"minLength"`
	MaxLength int `yaml:"maxLength"`
	// Length, when not zero, fixes the code length: both the retrieval
	// flow and the park script accept exactly this many digits, so "07"
	// and "7" cannot both be codes.
	Length int `yaml:"length"`
}

// Digits returns the smallest and largest number of digits a code has.
func (c Code) Digits() (min, max int) {
	if c.Length != 0 {
		return c.Length, c.Length
	}
	return c.MinLength, c.MaxLength
}

// RetrievalAudio holds what the retrieval flow plays after the code.
type RetrievalAudio struct {
	Connecting    Audio `yaml:"connecting"`
	NotFound      Audio `yaml:"notFound"`
	ReplaceFailed Audio `yaml:"replaceFailed"`
	// TryAgain follows NotFound while attempts remain; Goodbye ends the
	// call after the last one.
	TryAgain  Audio `yaml:"tryAgain"`
	Goodbye   Audio `yaml:"goodbye"`
	SIPCaller Audio `yaml:"sipCaller"`
}

// Hold configures the in-queue call flow that parked callers hear.
type Hold struct {
	Name string `yaml:"name"`
	// TextToSpeech overrides the top-level textToSpeech for this flow
	// when its voice is set.
	TextToSpeech TextToSpeech `yaml:"textToSpeech"`
	Description  string       `yaml:"description"`
	HoldMusic    string       `yaml:"holdMusic"`
	Audio        []Audio      `yaml:"audio"`
}

// Script configures the agent script that parks a call: the agent enters
// a code, the script sets it as the conversation's external tag and
// transfers the call to the holding queue.
type Script struct {
	Name string `yaml:"name"`
}

// Audio is one thing a flow plays: text-to-speech text or a prompt
// reference such as Prompt.Welcome or PromptSystem.on_hold_music. A plain
// string in the parameter file is TTS text.
type Audio struct {
	TTS    string `yaml:"tts"`
	Prompt string `yaml:"prompt"`
}

// Duration is a time.Duration written as `5s`, `1m` or `1500ms`.
type Duration struct {
	time.Duration
}

// Pos returns where the field at path (for example "retrieval.code") was
// written. For a field left out of the file it returns the position of the
// nearest enclosing field that was written, or of the document itself, so
// that a "missing" error points where the field belongs.
func (p *Params) Pos(path string) diag.Pos {
	for {
		if pos, ok := p.positions[path]; ok {
			return pos
		}
		if path == "" {
			return diag.Pos{File: p.File}
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			i = 0
		}
		path = path[:i]
	}
}

// Strings returns every string value of p, including TTS texts and
// prompt names, in field order.
func (p *Params) Strings() []string {
	var out []string
	var collect func(v reflect.Value)
	collect = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			if v.String() != "" {
				out = append(out, v.String())
			}
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				if v.Type().Field(i).IsExported() {
					collect(v.Field(i))
				}
			}
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				collect(v.Index(i))
			}
		}
	}
	collect(reflect.ValueOf(*p))
	return out
}

// TextPos returns the position of the character at the 1-based offset
// inside the text of the scalar at path, and reports whether it is exact.
// When the text is not written character for character on one line
// (escapes, a tag, a block scalar), it returns the scalar's own position.
func (p *Params) TextPos(path string, offset int) (diag.Pos, bool) {
	pos := p.Pos(path)
	shift, ok := p.textShift[path]
	if !ok || shift < 0 || pos.Line == 0 {
		return pos, false
	}
	pos.Col += shift + offset - 1
	return pos, true
}

// Voice returns the text-to-speech settings of a flow: override when its
// voice is set, the top-level settings otherwise.
func (p *Params) Voice(override TextToSpeech) TextToSpeech {
	if override.Voice != "" {
		return override
	}
	return p.TextToSpeech
}
