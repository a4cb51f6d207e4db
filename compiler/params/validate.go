package params

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/callpark/callpark/compiler/diag"
)

// Limits of the parameter values. Each is either a Genesys Cloud limit or
// a bound callpark sets; docs/parameters.md lists them with the reason.
const (
	// MaxCodeLength bounds the park code. Agents type the code while a
	// caller waits, and collect input stops at this many digits.
	MaxCodeLength = 10
	// MaxPageSize is the largest page the analytics conversation detail
	// query returns.
	MaxPageSize = 100
	// MaxLookback bounds the analytics query interval.
	// NOTE: 7 days is a conservative bound; a parked call waits minutes,
	// and a long interval makes the query slower for no gain.
	MaxLookback = 7 * 24 * time.Hour
	// MinTimeout and MaxTimeout bound a data action call; Genesys Cloud
	// stops a data action after 60 seconds.
	MinTimeout = time.Second
	MaxTimeout = 60 * time.Second
	// MaxNameLength bounds flow, data action, integration, division and
	// queue names.
	MaxNameLength = 200
	// MaxFileNameBytes bounds the UTF-8 length of the names that become
	// file names (flows, data actions, the script): common file systems
	// allow 255 bytes, and the longest suffix callpark adds is
	// ".i3InboundFlow.json".
	MaxFileNameBytes = 230
	// MaxAttempts bounds how many codes a retriever may enter in one call.
	MaxAttempts = 10
	// MaxNoEntryTimeout bounds how long collect input waits for the first
	// digit.
	MaxNoEntryTimeout = 60 * time.Second
)

var (
	uuidPattern     = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	actionIDPattern = regexp.MustCompile(`^custom_-_[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	languagePattern = regexp.MustCompile(`^[a-z]{2,3}(-[a-z0-9]{2,8})*$`)
	promptPattern   = regexp.MustCompile(`^(Prompt|PromptSystem)\.[A-Za-z0-9_]+$`)
)

// checker collects validation errors for one Params.
type checker struct {
	p    *Params
	errs diag.List
}

func (c *checker) errorf(path, format string, args ...any) {
	c.errs.Add(c.p.Pos(path), path, format, args...)
}

// validate checks every value against its limits and returns all errors.
func (p *Params) validate() diag.List {
	c := &checker{p: p}

	if p.Version != 1 {
		c.errorf("version", "unsupported version %d; this callpark reads version 1", p.Version)
	}
	c.name("division", p.Division)
	if !languagePattern.MatchString(p.Language) {
		c.errorf("language", "invalid language tag %q; write a language and region in lower case, such as en-us or fr-ca", p.Language)
	}
	c.textToSpeech("textToSpeech", p.TextToSpeech)
	c.textToSpeech("retrieval.textToSpeech", p.Retrieval.TextToSpeech)
	c.textToSpeech("hold.textToSpeech", p.Hold.TextToSpeech)
	c.required("textToSpeech.voice", p.TextToSpeech.Voice)
	seen := map[string]bool{}
	for i, up := range p.UserPrompts {
		path := fmt.Sprintf("userPrompts[%d]", i)
		if !promptPattern.MatchString(up.Name) || !strings.HasPrefix(up.Name, "Prompt.") {
			c.errorf(path+".name", "invalid user prompt name %q; write Prompt.NAME", up.Name)
		}
		switch {
		case up.ID == "":
			c.errorf(path+".id", "missing; give the prompt's id, a UUID that Architect shows for the prompt")
		case !uuidPattern.MatchString(up.ID):
			c.errorf(path+".id", "invalid prompt id %q; a prompt id is a UUID", up.ID)
		}
		if seen[strings.ToLower(up.Name)] {
			c.errorf(path+".name", "prompt %s is listed twice", up.Name)
		}
		seen[strings.ToLower(up.Name)] = true
	}

	c.name("holdingQueue.name", p.HoldingQueue.Name)
	if id := p.HoldingQueue.ID; id != "" && !uuidPattern.MatchString(id) {
		c.errorf("holdingQueue.id", "invalid queue id %q; a queue id is a UUID such as 0f8b3c1e-5d2a-4c6b-9e7f-1a2b3c4d5e6f, or leave id out to look the queue up by name", id)
	}

	c.dataActions()
	c.audio("errorPrompt", p.ErrorPrompt)
	c.retrieval()
	c.hold()
	c.name("script.name", p.Script.Name)
	c.fileName("script.name", p.Script.Name)
	return c.errs
}

func (c *checker) dataActions() {
	da := c.p.DataActions
	c.name("dataActions.category", da.Category)
	if t := da.Timeout.Duration; t < MinTimeout || t > MaxTimeout || t%time.Second != 0 {
		c.errorf("dataActions.timeout", "timeout %s is outside 1s to 60s, or not whole seconds; Genesys Cloud runs a data action for at most 60 seconds", t)
	}

	c.actionRef("dataActions.findWaitingCalls", da.FindWaitingCalls.ActionRef)
	c.actionRef("dataActions.replaceParticipant", da.ReplaceParticipant)
	c.actionRef("dataActions.updateExternalTag", da.UpdateExternalTag)

	names := map[string]string{}
	for _, ref := range []struct{ path, name string }{
		{"dataActions.findWaitingCalls.name", da.FindWaitingCalls.Name},
		{"dataActions.replaceParticipant.name", da.ReplaceParticipant.Name},
		{"dataActions.updateExternalTag.name", da.UpdateExternalTag.Name},
	} {
		key := strings.ToLower(ref.name)
		if other, ok := names[key]; ok && ref.name != "" {
			c.errorf(ref.path, "name %q is already used by %s; each data action needs its own name", ref.name, other)
		}
		names[key] = ref.path
	}

	lookback := da.FindWaitingCalls.Lookback.Duration
	if lookback <= 0 || lookback > MaxLookback {
		c.errorf("dataActions.findWaitingCalls.lookback", "lookback %s is outside 1s to %s; write how far back to search for parked calls, such as 3h", lookback, "168h")
	} else if lookback%time.Second != 0 {
		c.errorf("dataActions.findWaitingCalls.lookback", "lookback %s is not whole seconds; the flow computes the interval in seconds", lookback)
	}
	if size := da.FindWaitingCalls.PageSize; size < 1 || size > MaxPageSize {
		c.errorf("dataActions.findWaitingCalls.pageSize", "page size %d is outside 1 to %d, the range the analytics query accepts", size, MaxPageSize)
	}
}

func (c *checker) actionRef(path string, ref ActionRef) {
	c.name(path+".name", ref.Name)
	c.fileName(path+".name", ref.Name)
	if ref.ID != "" && !actionIDPattern.MatchString(ref.ID) {
		c.errorf(path+".id", "invalid data action id %q; a custom data action id is custom_-_ followed by a UUID, or leave id out", ref.ID)
	}
}

func (c *checker) retrieval() {
	r := c.p.Retrieval
	c.name("retrieval.name", r.Name)
	c.fileName("retrieval.name", r.Name)
	c.singleLine("retrieval.description", r.Description)
	c.audio("retrieval.greeting", r.Greeting)
	c.audio("retrieval.codePrompt", r.CodePrompt)
	c.audio("retrieval.prompts.connecting", r.Prompts.Connecting)
	c.audio("retrieval.prompts.notFound", r.Prompts.NotFound)
	c.audio("retrieval.prompts.replaceFailed", r.Prompts.ReplaceFailed)
	if _, set := c.p.positions["retrieval.mainMenu"]; set || r.MainMenu != (Audio{}) {
		c.audio("retrieval.mainMenu", r.MainMenu)
	}

	c.audio("retrieval.prompts.tryAgain", r.Prompts.TryAgain)
	c.audio("retrieval.prompts.goodbye", r.Prompts.Goodbye)
	c.audio("retrieval.prompts.sipCaller", r.Prompts.SIPCaller)
	if r.Attempts < 1 || r.Attempts > MaxAttempts {
		c.errorf("retrieval.attempts", "attempts %d is outside 1 to %d", r.Attempts, MaxAttempts)
	}
	if _, set := c.p.positions["retrieval.code.length"]; set || r.Code.Length != 0 {
		if r.Code.Length < 1 || r.Code.Length > MaxCodeLength {
			c.errorf("retrieval.code.length", "code length %d is outside 1 to %d", r.Code.Length, MaxCodeLength)
		}
		for _, f := range []string{"minLength", "maxLength"} {
			if _, set := c.p.positions["retrieval.code."+f]; set {
				c.errorf("retrieval.code."+f, "conflicts with retrieval.code.length; give either length or minLength and maxLength")
			}
		}
	}

	switch code := r.Code; {
	case code.MinLength < 1:
		c.errorf("retrieval.code.minLength", "minimum code length %d is below 1", code.MinLength)
	case code.MaxLength < 1 || code.MaxLength > MaxCodeLength:
		c.errorf("retrieval.code.maxLength", "maximum code length %d is outside 1 to %d", code.MaxLength, MaxCodeLength)
	case code.MinLength > code.MaxLength:
		c.errorf("retrieval.code.minLength", "minimum code length %d is above the maximum %d; lower minLength or raise maxLength", code.MinLength, code.MaxLength)
	}
	if t := r.NoEntryTimeout.Duration; t < time.Second || t > MaxNoEntryTimeout {
		c.errorf("retrieval.noEntryTimeout", "no-entry timeout %s is outside 1s to 60s", t)
	}
	if strings.TrimSpace(r.CallerAddress) == "" {
		c.errorf("retrieval.callerAddress", "missing; write an Architect expression that gives the retriever's address, such as ToPhoneNumber(Call.Ani).e164")
	}

	if r.Name != "" && strings.EqualFold(r.Name, c.p.Hold.Name) {
		c.errorf("hold.name", "the hold flow has the same name as the retrieval flow; give each flow its own name")
	}
}

func (c *checker) hold() {
	h := c.p.Hold
	c.name("hold.name", h.Name)
	c.fileName("hold.name", h.Name)
	c.singleLine("hold.description", h.Description)
	if !promptPattern.MatchString(h.HoldMusic) {
		c.errorf("hold.holdMusic", "invalid prompt name %q; write a prompt such as PromptSystem.on_hold_music or Prompt.MyMusic", h.HoldMusic)
	}
	if len(h.Audio) == 0 {
		c.errorf("hold.audio", "empty; list at least one thing to play while the call waits, such as - prompt: PromptSystem.on_hold_music")
	}
	for i, a := range h.Audio {
		c.audio(fmt.Sprintf("hold.audio[%d]", i), a)
	}
}

// textToSpeech checks one set of text-to-speech settings. An override
// without a voice is unset; one with ids needs the engine's name too.
func (c *checker) textToSpeech(path string, t TextToSpeech) {
	for _, f := range []struct{ key, value string }{{"engine", t.Engine}, {"engineId", t.EngineID}, {"voice", t.Voice}, {"voiceId", t.VoiceID}} {
		c.singleLine(path+"."+f.key, f.value)
	}
	if t.Voice == "" && t != (TextToSpeech{}) {
		c.errorf(path+".voice", "missing; settings without a voice have no effect, so add the voice or remove the other keys")
	}
	if t.EngineID != "" && t.Engine == "" {
		c.errorf(path+".engine", "missing; engineId %q needs the engine's name too, such as Genesys Enhanced TTS", t.EngineID)
	}
}

// audio checks one TTS text or prompt reference.
func (c *checker) audio(path string, a Audio) {
	switch {
	case a.Prompt != "":
		if !promptPattern.MatchString(a.Prompt) {
			c.errorf(path, "invalid prompt name %q; write Prompt.NAME for a user prompt or PromptSystem.NAME for a system prompt", a.Prompt)
		}
	case strings.TrimSpace(a.TTS) == "":
		c.errorf(path, "missing; write the text to speak, or prompt: Prompt.NAME")
	case !utf8.ValidString(a.TTS):
		c.errorf(path, "text is not valid UTF-8")
	default:
		for _, r := range a.TTS {
			if unicode.IsControl(r) && r != '\n' && r != '\t' {
				c.errorf(path, "text contains the control character %U; only line breaks and tabs are allowed in text to speak", r)
				break
			}
		}
	}
}

// required reports a missing or blank value.
func (c *checker) required(path, value string) {
	if strings.TrimSpace(value) == "" {
		c.errorf(path, "missing; this value is required")
	}
}

// name checks a Genesys Cloud object name: present, one line, no
// surrounding spaces, at most MaxNameLength characters.
func (c *checker) name(path, value string) {
	switch {
	case strings.TrimSpace(value) == "":
		c.errorf(path, "missing; give the name as it is (or will be) in Genesys Cloud")
	case value != strings.TrimSpace(value):
		c.errorf(path, "name %q starts or ends with spaces; Genesys Cloud trims names, so remove them", value)
	case utf8.RuneCountInString(value) > MaxNameLength:
		c.errorf(path, "name is %d characters long; Genesys Cloud names are at most %d", utf8.RuneCountInString(value), MaxNameLength)
	default:
		c.singleLine(path, value)
	}
}

// fileName rejects a name whose file would exceed the file systems' name
// limit.
func (c *checker) fileName(path, value string) {
	if len(value) > MaxFileNameBytes && utf8.RuneCountInString(value) <= MaxNameLength {
		c.errorf(path, "name is %d bytes in UTF-8; callpark writes it as a file name, which is limited to %d bytes, so shorten it", len(value), MaxFileNameBytes)
	}
}

// singleLine rejects line breaks and other control characters, which
// Genesys Cloud does not accept in names and descriptions.
func (c *checker) singleLine(path, value string) {
	if !utf8.ValidString(value) {
		c.errorf(path, "text is not valid UTF-8")
		return
	}
	for _, r := range value {
		if unicode.IsControl(r) {
			c.errorf(path, "contains the control character %U; names and descriptions are one line of text without line breaks, tabs or other control characters", r)
			return
		}
	}
}
