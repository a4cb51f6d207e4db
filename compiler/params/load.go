package params

import (
	"reflect"
	"strings"
	"time"

	"github.com/callpark/callpark/compiler/diag"
)

// Load decodes and validates the parameter file src, read from file. It
// returns every problem at once as a diag.List sorted by position.
func Load(file string, src []byte) (*Params, error) {
	p, errs := LoadPartial(file, src)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

// LoadPartial is Load for callers that check more once the file is
// loaded: it returns the parameters as far as they decoded, with defaults
// where a value was missing or invalid, together with every problem. The
// parameters are nil only when src is not a YAML document at all.
func LoadPartial(file string, src []byte) (*Params, diag.List) {
	root, err := parseDocument(file, src)
	if err != nil {
		return nil, diag.AsList(err)
	}

	p := Defaults()
	p.File = file
	d := &decoder{file: file, lines: strings.Split(string(src), "\n"), positions: map[string]diag.Pos{}, textShift: map[string]int{}}
	d.decode(root, reflect.ValueOf(p).Elem(), "")
	p.positions = d.positions
	p.textShift = d.textShift

	if _, ok := p.positions["version"]; !ok {
		d.errs.Add(diag.Pos{File: file, Line: root.Line, Col: root.Column}, "version", "missing; add `version: 1` at the top of the file")
	}
	// A value that failed to decode keeps its default, so a validation
	// error about it, or about a field around it, would mislead: keep only
	// the validation errors on fields that decoded cleanly.
	errs := d.errs
	for _, e := range p.validate() {
		if !NearAny(e.Field, d.errs) {
			errs = append(errs, e)
		}
	}
	errs.Sort()
	return p, errs
}

// Defaults returns the parameters a file that sets nothing but the required
// fields gets. The values are those of the Genesys call-park blueprint where
// it has one, with its known defects fixed.
func Defaults() *Params {
	return &Params{
		Division: "Home",
		Language: "en-us",
		TextToSpeech: TextToSpeech{
			Voice: "Jill",
		},
		DataActions: DataActions{
			Timeout: Duration{time.Minute},
			FindWaitingCalls: FindAction{
				ActionRef: ActionRef{Name: "Get Waiting Calls in Holding Queue by External Tag"},
				Lookback:  Duration{3 * time.Hour},
				PageSize:  25,
			},
			ReplaceParticipant: ActionRef{Name: "Replace Participant with Retriever"},
			UpdateExternalTag:  ActionRef{Name: "Update External Tag on Conversation"},
		},
		ErrorPrompt: Audio{TTS: "Sorry, an error occurred. Please try your call again."},
		Retrieval: Retrieval{
			Greeting:       Audio{TTS: "Please enter the code of the parked call you would like to be connected to."},
			CodePrompt:     Audio{TTS: "Enter your code."},
			Code:           Code{MinLength: 1, MaxLength: 3},
			NoEntryTimeout: Duration{5 * time.Second},
			CallerAddress:  "ToPhoneNumber(Call.Ani).e164",
			HandleNoMatch:  true,
			Attempts:       3,
			ClearTag:       true,
			Prompts: RetrievalAudio{
				Connecting:    Audio{TTS: "Connecting you now."},
				NotFound:      Audio{TTS: "Sorry, no parked call was found for that code."},
				ReplaceFailed: Audio{TTS: "Sorry, the parked call could not be connected."},
				TryAgain:      Audio{TTS: "Please try again."},
				Goodbye:       Audio{TTS: "Goodbye."},
				SIPCaller:     Audio{TTS: "Sorry, a parked call can only be retrieved from a phone number."},
			},
		},
		Script: Script{Name: "Call Park Transfer"},
		Hold: Hold{
			HoldMusic: "PromptSystem.on_hold_music",
			Audio: []Audio{
				{TTS: "Please hold while your call is retrieved."},
				{Prompt: "PromptSystem.on_hold_music"},
			},
		},
	}
}

// NearAny reports whether field is, contains or lies inside the field of
// one of errs.
func NearAny(field string, errs diag.List) bool {
	for _, e := range errs {
		if e.Field == field || strings.HasPrefix(e.Field, field+".") || strings.HasPrefix(field, e.Field+".") {
			return true
		}
	}
	return false
}
