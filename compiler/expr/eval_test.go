package expr

import (
	"strings"
	"testing"
	"time"
)

var evalNow = time.Date(2025, 3, 4, 12, 30, 0, 0, time.UTC)

// evalEnv declares the flow variables the evaluation tests read.
var evalEnv = NewEnv(
	Var{Name: "Flow.Ids", Type: CollectionOf(String)},
	Var{Name: "Flow.Empty", Type: CollectionOf(String)},
	Var{Name: "Flow.Attempt", Type: Integer},
	Var{Name: "Flow.Unset", Type: String},
)

func evalScope(ani string) *Scope {
	vars := map[string]Datum{
		"flow.ids":     CollectionValue(String, StringValue("c-1"), StringValue("c-2")),
		"flow.empty":   CollectionValue(String),
		"flow.attempt": IntValue(2),
		"flow.unset":   NotSetValue(String),
		"call.ani":     StringValue(ani),
	}
	return &Scope{
		Var: func(name string) (Datum, bool) {
			v, ok := vars[strings.ToLower(name)]
			return v, ok
		},
		Now:    evalNow,
		Queues: []Datum{ObjectValue(Queue, map[string]string{"id": "q-1", "name": "Holding"})},
	}
}

// evalText checks and evaluates src as the caller ani.
func evalText(t *testing.T, src, ani string) (Datum, error) {
	t.Helper()
	c, errs := CheckTree(src, evalEnv)
	if len(errs) > 0 {
		t.Fatalf("%s: check failed: %v", src, errs)
	}
	return Eval(c.Root, evalScope(ani))
}

func TestEvalValues(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{`1 + 2 * 3`, `7`},
		{`7 / 2`, `3`},
		{`7 % 4`, `3`},
		{`2 ^ 10`, `1024`},
		{`1.5 + 1`, `2.5`},
		{`-3 + 1`, `-2`},
		{`!(1 < 2)`, `false`},
		{`Flow.Attempt + 1`, `3`},
		{`Flow.Attempt < 3`, `true`},
		{`"a" == "a" and 2 != 3`, `true`},
		{`ToString(GetCurrentDateTimeUtc())`, `"2025-03-04T12:30:00.000Z"`},
		{`ToString(AddHours(GetCurrentDateTimeUtc(), -3))`, `"2025-03-04T09:30:00.000Z"`},
		{`ToString(AddMinutes(GetCurrentDateTimeUtc(), -90))`, `"2025-03-04T11:00:00.000Z"`},
		{`ToString(AddSeconds(GetCurrentDateTimeUtc(), 5))`, `"2025-03-04T12:30:05.000Z"`},
		{`ToString(DateTimeDiff(GetCurrentDateTimeUtc(), AddMinutes(GetCurrentDateTimeUtc(), -90)))`, `"PT1H30M"`},
		{`ToString(42)`, `"42"`},
		{`Count(Flow.Ids)`, `2`},
		{`Count(Flow.Empty)`, `0`},
		{`Count(Flow.Ids) > 0 and Count(Flow.Empty) > 0`, `false`},
		{`Flow.Ids[1]`, `"c-2"`},
		{`GetAt(Flow.Ids, 0)`, `"c-1"`},
		{`Right(Call.Ani, 12)`, `"+15551234567"`},
		{`Right("abc", 10)`, `"abc"`},
		{`Left("abc", 0)`, `""`},
		{`Lower(Left(Call.Ani, 4)) == "sip:"`, `false`},
		{`ToPhoneNumber(Call.Ani).e164`, `"+15551234567"`},
		{`ToPhoneNumber("+1 (555) 123-4567").e164`, `"+15551234567"`},
		{`IsNotSetOrEmpty(Flow.Unset)`, `true`},
		{`IsNotSetOrEmpty(Flow.Empty)`, `true`},
		{`IsNotSetOrEmpty(Flow.Ids)`, `false`},
		{`IsSet(Flow.Unset)`, `false`},
		{`Flow.Unset == NOT_SET`, `true`},
		{`If(Count(Flow.Empty) > 0, Flow.Empty[0], "none")`, `"none"`},
		{`Count(Flow.Empty) > 0 ? Flow.Empty[0] : "none"`, `"none"`},
		{`Count(Flow.Empty) > 0 and Flow.Empty[0] == "x"`, `false`},
		{`FindQueue("Holding").id`, `"q-1"`},
		{`FindQueue("Elsewhere")`, `NOT_SET`},
		{`FindQueue("Elsewhere").id`, `NOT_SET`},
		{`FindQueueById("Q-1").name`, `"Holding"`},
		{`FindQueueById("q-2")`, `NOT_SET`},
		{`Append("a", "b", "c")`, `"abc"`},
		{`Substring("abcdef", 2, 3)`, `"cde"`},
		{`Find("abc", "c")`, `2`},
		{`ToInt("12") + 1`, `13`},
		{`Max(3, 9)`, `9`},
		{`MakeList("x", "y")`, `["x", "y"]`},
		{`AddItem(Flow.Empty, "z")`, `["z"]`},
		{`Contains(Flow.Ids, "c-2")`, `true`},
	}
	for _, tt := range tests {
		got, err := evalText(t, tt.src, "tel:+15551234567")
		if err != nil {
			t.Errorf("%s: %v", tt.src, err)
			continue
		}
		if got.String() != tt.want {
			t.Errorf("%s = %s, want %s", tt.src, got, tt.want)
		}
	}
}

func TestEvalSIPCaller(t *testing.T) {
	for src, want := range map[string]string{
		`ToPhoneNumber(Call.Ani)`:            `NOT_SET`,
		`ToPhoneNumber(Call.Ani).e164`:       `NOT_SET`,
		`Lower(Left(Call.Ani, 4)) == "sip:"`: `true`,
		`Right(Call.Ani, 12)`:                `"@example.com"`,
	} {
		got, err := evalText(t, src, "SIP:bob@example.com")
		if err != nil {
			t.Errorf("%s: %v", src, err)
			continue
		}
		if got.String() != want {
			t.Errorf("%s = %s, want %s", src, got, want)
		}
	}
}

func TestEvalRuntimeErrors(t *testing.T) {
	tests := []struct {
		src  string
		pos  int
		want string
	}{
		{`Flow.Empty[0]`, 11, "index 0 is out of range for a collection of 0 items"},
		{`Flow.Ids[2]`, 9, "index 2 is out of range for a collection of 2 items"},
		{`GetAt(Flow.Ids, -1)`, 1, "GetAt: index -1 is out of range for a collection of 2 items"},
		{`1 / 0`, 3, "division by zero"},
		{`System.MaxInt + 1`, 15, "integer overflow"},
		{`Left(Flow.Unset, 2)`, 6, "Left: argument 1 is NOT_SET"},
		{`Left("abc", -1)`, 1, "character count cannot be negative"},
		{`ToInt("twelve")`, 1, `"twelve" is not an Integer`},
		{`Flow.Unset + ""`, 12, ""},
	}
	for _, tt := range tests {
		c, errs := CheckTree(tt.src, evalEnv)
		if len(errs) > 0 {
			if tt.want == "" {
				continue // rejected by the checker, as it should be
			}
			t.Fatalf("%s: check failed: %v", tt.src, errs)
		}
		_, err := Eval(c.Root, evalScope("tel:+15551234567"))
		re, ok := err.(*RuntimeError)
		if !ok {
			t.Errorf("%s: error %v, want a *RuntimeError", tt.src, err)
			continue
		}
		if !strings.Contains(re.Msg, tt.want) {
			t.Errorf("%s: message %q, want it to contain %q", tt.src, re.Msg, tt.want)
		}
		if re.Pos != tt.pos {
			t.Errorf("%s: position %d, want %d", tt.src, re.Pos, tt.pos)
		}
	}
}

func TestParseE164(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"tel:+15551234567", "+15551234567", true},
		{"TEL:+44 20 7946 0958", "+442079460958", true},
		{"+15551234567;ext=12", "+15551234567", true},
		{"5551234567", "", false},
		{"sip:bob@example.com", "", false},
		{"+", "", false},
		{"+0123", "", false},
		{"+1234567890123456", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseE164(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseE164(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestEvalUnknownVariable(t *testing.T) {
	n, errs := Parse("Flow.Missing")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	_, err := Eval(n, &Scope{})
	if err == nil || !strings.Contains(err.Error(), "Flow.Missing has no value") {
		t.Errorf("error %v, want one naming Flow.Missing", err)
	}
}
