package expr

import (
	"strings"
	"testing"
)

// benchExpressions are typical flow expressions, from the reference exports
// and the checks a call-park flow makes.
var benchExpressions = []string{
	`ToString(AddHours(GetCurrentDateTimeUtc(), -3))`,
	`ToString(GetCurrentDateTimeUtc())`,
	`Flow.OrbitNumber`,
	`Flow.ConversationId[0]`,
	`right(Call.ani, 12)`,
	`AudioPlaybackOptions(ToAudioTTS("Sorry, an error occurred. Please try your call again."), true)`,
	`If(IsNotSetOrEmpty(Flow.OrbitNumber), "none", Substring(Flow.OrbitNumber, 0, 4))`,
	`Count(Flow.ConversationId) > 0 and ToPhoneNumber(Call.Ani).e164 != ""`,
}

// BenchmarkCheck measures parsing and type checking of typical expressions
// and reports expressions per second.
func BenchmarkCheck(b *testing.B) {
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, src := range benchExpressions {
			if _, errs := Check(src, testEnv); len(errs) > 0 {
				b.Fatal(errs)
			}
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "expr/s")
}

// BenchmarkCompileLong measures Compile plus JSON encoding on one long
// expression and reports input bytes per second.
func BenchmarkCompileLong(b *testing.B) {
	parts := make([]string, 2000)
	for i := range parts {
		parts[i] = `If(Length(Flow.OrbitNumber) > 3, "code \"long\"", Right(Call.Ani, 4))`
	}
	src := "Append(" + strings.Join(parts, ", ") + ")"
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		v, errs := Compile(src, testEnv)
		if len(errs) > 0 {
			b.Fatal(errs)
		}
		if _, err := v.MarshalJSON(); err != nil {
			b.Fatal(err)
		}
	}
}
