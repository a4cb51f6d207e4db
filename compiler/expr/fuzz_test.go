package expr

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that no input makes the compiler panic or hang, that
// every error position lies within the text (1 to length+1 in code points),
// and that a compiled expression's normalized text compiles again to the
// same type and text.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		`ToString(AddHours(GetCurrentDateTimeUtc(), -3))`,
		`Flow.ConversationId[0]`,
		`right(Call.ani, 12)`,
		`AudioPlaybackOptions(ToAudioTTS("Sorry, \"an\" error \\ occurred."), true)`,
		`AudioPlaybackOptions(ToAudio(PromptSystem.on_hold_music), true)`,
		`ToPhoneNumber(Call.Ani).e164`,
		`If(Flow.OrbitNumber == NOT_SET, 1, 2.5) * -3 ^ 2 % 4`,
		`true ? FindQueue("x").id : Substring("abc", 1, 2)`,
		`!(1 < 2) AND Length("é") >= 1 or false`,
		`F(,)`,
		`"a\"`,
		`((((1))))`,
		`MakeList(1, 2)[Count(Flow.ConversationId) - 1]`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		v, errs := Compile(src, testEnv)
		end := utf8.RuneCountInString(src) + 1
		if len(errs) > MaxErrors {
			t.Errorf("%d errors, more than %d", len(errs), MaxErrors)
		}
		for _, e := range errs {
			if e.Pos < 1 || e.Pos > end {
				t.Errorf("error %q at position %d, outside [1, %d]", e.Msg, e.Pos, end)
			}
		}
		if len(errs) > 0 {
			return
		}

		checkPositions(t, v.Config, end)
		if _, err := json.Marshal(v); err != nil {
			t.Fatalf("marshal: %v", err)
		}

		text := Format(v.Config)
		again, errs := CheckTree(text, testEnv)
		if len(errs) > 0 {
			t.Fatalf("normalized text %q of %q does not compile: %v", text, src, errs)
		}
		if again.Type != v.Type {
			t.Errorf("normalized text %q has type %q, source %q has %q", text, again.Type, src, v.Type)
		}
		if got := Format(again.Root); got != text {
			t.Errorf("Format is not stable: %q, then %q", text, got)
		}
	})
}

func checkPositions(t *testing.T, n *Node, end int) {
	if n.Pos < 1 || n.Pos >= end {
		t.Errorf("node %s at position %d, outside [1, %d)", nodeKey(n), n.Pos, end)
	}
	for _, o := range n.Operands {
		checkPositions(t, o, end)
	}
}
