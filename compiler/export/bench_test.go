package export

import (
	"fmt"
	"strings"
	"testing"
)

// syntheticFlow returns an inbound flow whose one task holds n actions:
// play audio, collect input with a branch, and decisions on an expression,
// in turn.
func syntheticFlow(n int) []byte {
	var b strings.Builder
	for i := range n {
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, "          - playAudio:\n              name: Play %d\n              audio:\n                tts: Message %d\n", i, i)
		case 1:
			fmt.Fprintf(&b, "          - collectInput:\n              name: Input %d\n              inputData:\n                var: Flow.Code\n              digits:\n                range:\n                  min: 1\n                  max: 4\n              inputAudio:\n                tts: Enter the code\n              outputs:\n                failure:\n                  actions:\n                    - playAudio:\n                        name: Retry %d\n                        audio:\n                          tts: Try again\n", i, i)
		default:
			fmt.Fprintf(&b, "          - decision:\n              name: Check %d\n              condition:\n                exp: Right(Flow.Code, 2) == \"%02d\"\n", i, i%100)
		}
	}
	return flowWith(b.String())
}

func benchmarkLower(b *testing.B, n int) {
	src := syntheticFlow(n)
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for range b.N {
		if _, _, err := Lower("synthetic.yaml", src, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLower1000(b *testing.B)  { benchmarkLower(b, 1000) }
func BenchmarkLower10000(b *testing.B) { benchmarkLower(b, 10000) }

func TestSyntheticFlowLowers(t *testing.T) {
	if _, _, err := Lower("synthetic.yaml", syntheticFlow(30), Options{}); err != nil {
		t.Fatal(err)
	}
}
