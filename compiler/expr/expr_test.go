package expr

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// testEnv is a flow with a string, a string collection and a decimal.
var testEnv = NewEnv(
	Var{Name: "Flow.OrbitNumber", Type: String, ID: "id-orbit"},
	Var{Name: "Flow.ConversationId", Type: CollectionOf(String), ID: "id-conv"},
	Var{Name: "Flow.Rate", Type: Decimal, ID: "id-rate"},
	Var{Name: "Prompt.Hold", Type: Prompt, ID: "id-hold"},
)

func TestCheckErrors(t *testing.T) {
	tests := []struct {
		src  string
		want []Error
	}{
		{`"abc`, []Error{{1, "unterminated string literal"}}},
		{`"a\"`, []Error{{1, "unterminated string literal"}}},
		{`Length("a\n")`, []Error{{10, `invalid escape sequence \n in string literal; only \" and \\ are allowed`}}},
		{`Length("a"`, []Error{{11, `expected ")", found end of expression`}}},
		{`(1 + 2`, []Error{{7, `expected ")", found end of expression`}}},
		{`Length("a"))`, []Error{{12, `expected end of expression, found ")"`}}},
		{`1 + 2)`, []Error{{6, `expected end of expression, found ")"`}}},
		{`F(,)`, []Error{{3, `empty argument before ","`}}},
		{`Right("abc",)`, []Error{{13, `empty argument before ")"`}}},
		{``, []Error{{1, "expected expression, found end of expression"}}},
		{`Flow.OrbitNumbr`, []Error{{1, "unknown variable Flow.OrbitNumbr; did you mean Flow.OrbitNumber?"}}},
		{`Call.Anii`, []Error{{1, "unknown variable Call.Anii; did you mean Call.Ani?"}}},
		{`Flow.Nothing`, []Error{{1, "unknown variable Flow.Nothing"}}},
		{`Rigth(Call.Ani, 2)`, []Error{{1, "unknown function Rigth; did you mean Right?"}}},
		{`Right("abc")`, []Error{{1, "Right expects 2 arguments, got 1"}}},
		{`GetCurrentDateTimeUtc(1)`, []Error{{1, "GetCurrentDateTimeUtc expects 0 arguments, got 1"}}},
		{`Append("a")`, []Error{{1, "Append expects at least 2 arguments, got 1"}}},
		{`AddHours("x", 1)`, []Error{{1, "AddHours expects (DateTime, Integer), got (String, Integer)"}}},
		{`ToAudioNumber("1")`, []Error{{1, "ToAudioNumber expects (Integer) or (Decimal), got (String)"}}},
		{`Call.Ani = "x"`, []Error{{10, `invalid operator "="; use "==" to compare`}}},
		{`true && false`, []Error{{6, "invalid operator &&; use and"}}},
		{`1 # 2`, []Error{{3, `invalid character '#'`}}},
		{`"a" + 1`, []Error{{5, "operator + cannot be applied to String and Integer"}}},
		{`!1`, []Error{{1, "operator ! cannot be applied to Integer"}}},
		{`Flow.OrbitNumber[0]`, []Error{{17, "cannot index String, which is not a collection"}}},
		{`Flow.ConversationId["a"]`, []Error{{21, "collection index must be Integer, got String"}}},
		{`ToPhoneNumber(Call.Ani).e16`, []Error{{25, "PhoneNumber has no property e16; did you mean e164?"}}},
		{`1 ? 2 : 3`, []Error{{1, "condition of ?: must be Boolean, got Integer"}}},
		{`true ? 2 : "x"`, []Error{{6, "branches of ?: have different types Integer and String"}}},
		{`99999999999999999999`, []Error{{1, "integer literal 99999999999999999999 is out of range (64-bit)"}}},
		{`Right`, []Error{{6, `expected "(" after function name Right, found end of expression`}}},
		{`foo`, []Error{{1, "unknown name foo; variable names start with a prefix such as Flow. or Call."}}},
		{`Flow.`, []Error{{6, "expected variable name after Flow., found end of expression"}}},
		{`Rigth(Lenght("a"), Flow.X)`, []Error{
			{1, "unknown function Rigth; did you mean Right?"},
			{7, "unknown function Lenght; did you mean Length?"},
			{20, "unknown variable Flow.X"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			typ, errs := Check(tt.src, testEnv)
			if diff := cmp.Diff(tt.want, errs); diff != "" {
				t.Errorf("Check(%q) errors (-want +got):\n%s", tt.src, diff)
			}
			if typ != "" {
				t.Errorf("Check(%q) type = %q, want empty on error", tt.src, typ)
			}
		})
	}
}

func TestCheckStopsAfterMaxErrors(t *testing.T) {
	src := strings.Repeat("Nope(", 15) + strings.Repeat(")", 15)
	_, errs := Check(src, testEnv)
	if len(errs) != MaxErrors {
		t.Fatalf("got %d errors, want %d: %v", len(errs), MaxErrors, errs)
	}
	for i := 1; i < len(errs); i++ {
		if errs[i].Pos < errs[i-1].Pos {
			t.Errorf("errors not sorted by position: %v", errs)
		}
	}
}

func TestCheckDeepNesting(t *testing.T) {
	const n = 10000
	src := strings.Repeat("(", n) + "1" + strings.Repeat(")", n)
	_, errs := Check(src, nil)
	want := []Error{{MaxDepth + 1, fmt.Sprintf("expression is nested too deeply (more than %d levels)", MaxDepth)}}
	if diff := cmp.Diff(want, errs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}

	for _, src := range []string{
		strings.Repeat("-", n) + "x",
		strings.Repeat("Length(", n) + `"a"` + strings.Repeat(")", n),
		strings.Repeat("1 + ", n) + "1",
		strings.Repeat("Flow.ConversationId[", n) + "0" + strings.Repeat("]", n),
	} {
		_, errs := Check(src, testEnv)
		if len(errs) != 1 || !strings.HasPrefix(errs[0].Msg, "expression is nested too deeply") {
			t.Errorf("Check(%.20q...) = %v, want one nesting error", src, errs)
		}
	}
}

func TestCheckNestingAtLimit(t *testing.T) {
	src := strings.Repeat("(", MaxDepth-1) + "1" + strings.Repeat(")", MaxDepth-1)
	if typ, errs := Check(src, nil); len(errs) != 0 || typ != Integer {
		t.Errorf("Check at %d levels = %q, %v; want int", MaxDepth-1, typ, errs)
	}
}

// TestCompileLargeExpression compiles a flat expression of about 1 MB and
// checks that the memory it allocates stays within a fixed multiple of its
// size.
func TestCompileLargeExpression(t *testing.T) {
	var b strings.Builder
	b.WriteString("Append(")
	for i := 0; b.Len() < 1<<20; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`"part \"quoted\" \\ ` + strings.Repeat("x", 20) + `"`)
	}
	b.WriteString(")")
	src := b.String()

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	v, errs := Compile(src, nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)

	allocated := after.TotalAlloc - before.TotalAlloc
	if limit := uint64(64 * len(src)); allocated > limit {
		t.Errorf("compiling %d bytes allocated %d bytes, more than %d", len(src), allocated, limit)
	}
	if v.Type != String || len(out) < len(src) {
		t.Errorf("type %q, output %d bytes for %d bytes of input", v.Type, len(out), len(src))
	}
	t.Logf("%d bytes in, %d bytes out, %d bytes allocated", len(src), len(out), allocated)

	// A 1 MB chain of operators is deeper than MaxDepth and is rejected
	// after a bounded amount of work.
	chain := strings.Repeat("1 + ", 1<<18) + "1"
	if _, errs := Check(chain, nil); len(errs) != 1 {
		t.Errorf("1 MB operator chain: %v, want one nesting error", errs)
	}
}

func TestCheckTypes(t *testing.T) {
	tests := []struct {
		src  string
		want Type
	}{
		{`"a"`, String},
		{`-3`, Integer},
		{`- 3`, Integer},
		{`0.5`, Decimal},
		{`TRUE`, Boolean},
		{`right(call.ani, 12)`, String},
		{`flow.orbitnumber`, String},
		{`Flow.ConversationId[0]`, String},
		{`Flow.ConversationId[Count(Flow.ConversationId) - 1]`, String},
		{`Count(Flow.ConversationId)`, Integer},
		{`GetAt(Flow.ConversationId, 0)`, String},
		{`MakeList(1, 2, 3)`, CollectionOf(Integer)},
		{`MakeList(1, 2.5)`, CollectionOf(Decimal)},
		{`Split("a,b", ",")`, CollectionOf(String)},
		{`IsNotSetOrEmpty(Flow.OrbitNumber)`, Boolean},
		{`IsNotSetOrEmpty(Flow.ConversationId)`, Boolean},
		{`Contains(Flow.ConversationId, "x")`, Boolean},
		{`Substring("abc", 1, 1)`, String},
		{`Length("abc") > 2 and true OR false`, Boolean},
		{`If(Flow.OrbitNumber == NOT_SET, 1, 2.5)`, Decimal},
		{`FindQueue("Park").id`, String},
		{`FindQueue("Park").name`, String},
		{`FindQueue("Park")`, Queue},
		{`ToPhoneNumber(Call.Ani).e164`, String},
		{`ToPhoneNumber(Call.ANI).E164`, String},
		{`AddHours(GetCurrentDateTimeUtc(), -3)`, DateTime},
		{`GetCurrentDateTimeUtc() - AddDays(GetCurrentDateTimeUtc(), 1)`, Duration},
		{`MakeDuration(0, 0, 1, 30) + MakeDuration(0, 0, 0, 5)`, Duration},
		{`Flow.Rate * 2`, Decimal},
		{`2 ^ 3 % 5`, Integer},
		{`Call.ConversationId != "" ? 1 : 2`, Integer},
		{`ToAudio(PromptSystem.on_hold_music)`, Audio},
		{`Append(ToAudioTTS("a"), ToAudio(Prompt.Hold))`, Audio},
		{`ToString(Flow.ConversationId)`, String},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			got, errs := Check(tt.src, testEnv)
			if len(errs) > 0 {
				t.Fatalf("Check(%q) errors: %v", tt.src, errs)
			}
			if got != tt.want {
				t.Errorf("Check(%q) = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}

// shape renders a tree as nested KEY@pos:type(operands) for compact
// comparison.
func shape(n *Node) string {
	var b strings.Builder
	var walk func(n *Node)
	walk = func(n *Node) {
		b.WriteString(nodeKey(n))
		if leaf(n) {
			b.WriteString("[" + n.Text + "]")
		}
		fmt.Fprintf(&b, "@%d:%s", n.Pos, n.Type)
		if !leaf(n) {
			b.WriteByte('(')
			for i, o := range n.Operands {
				if i > 0 {
					b.WriteByte(' ')
				}
				walk(o)
			}
			b.WriteByte(')')
		}
	}
	walk(n)
	return b.String()
}

func TestCheckTreeShape(t *testing.T) {
	tests := []struct{ src, shape, text string }{
		{`1 + 2 * 3`, `+@3:int(lit[1]@1:int *@7:int(lit[2]@5:int lit[3]@9:int))`, `1 + (2 * 3)`},
		{`(1+2)*3`, `*@6:int(+@3:int(lit[1]@2:int lit[2]@4:int) lit[3]@7:int)`, `(1 + 2) * 3`},
		{`1 - 2 - 3`, `-@7:int(-@3:int(lit[1]@1:int lit[2]@5:int) lit[3]@9:int)`, `(1 - 2) - 3`},
		{`2-3`, `-@2:int(lit[2]@1:int lit[3]@3:int)`, `2 - 3`},
		{`2 -3`, `-@3:int(lit[2]@1:int lit[3]@4:int)`, `2 - 3`},
		{`Max(-3, - 3)`, `Max@1:int(lit[-3]@5:int -@9:int(lit[3]@11:int))`, `Max(-3, -(3))`},
		{`-(-3)`, `-@1:int(lit[-3]@3:int)`, `-(-3)`},
		{`!true or false and true`, `or@7:bln(!@1:bln(lit[true]@2:bln) and@16:bln(lit[false]@10:bln lit[true]@20:bln))`, `!true or (false and true)`},
		{`1 < 2 == true`, `==@7:bln(<@3:bln(lit[1]@1:int lit[2]@5:int) lit[true]@10:bln)`, `(1 < 2) == true`},
		{`Flow.Rate + 1`, `+@11:dec(ref[Flow.Rate]@1:dec ToDecimal@13:dec(lit[1]@13:int))`, `Flow.Rate + 1`},
		{`true ? 1 : false ? 2 : 3`, `?@6:int(lit[true]@1:bln lit[1]@8:int ?@18:int(lit[false]@12:bln lit[2]@20:int lit[3]@24:int))`, `true ? 1 : (false ? 2 : 3)`},
		{`ToPhoneNumber(call.ani).e164`, `.@24:str(lit[e164]@25:str ToPhoneNumber@1:phn(sysref[call.ani]@15:str))`, `ToPhoneNumber(call.ani).e164`},
		{`flow.conversationid[0]`, `[@20:str(lit[0]@21:int ref[flow.conversationid]@1:str_coll)`, `flow.conversationid[0]`},
		{`Flow.OrbitNumber == NOT_SET`, `==@18:bln(ref[Flow.OrbitNumber]@1:str nul[NOT_SET]@21:str)`, `Flow.OrbitNumber == NOT_SET`},
		{`append("a\"b", "c\\")`, `Append@1:str(lit[a"b]@8:str lit[c\]@16:str)`, `Append("a\"b", "c\\")`},
		{`é + "ü"`, ``, ``},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			c, errs := CheckTree(tt.src, testEnv)
			if tt.shape == "" {
				if len(errs) == 0 {
					t.Fatalf("CheckTree(%q) succeeded, want an error", tt.src)
				}
				return
			}
			if len(errs) > 0 {
				t.Fatalf("CheckTree(%q) errors: %v", tt.src, errs)
			}
			if got := shape(c.Root); got != tt.shape {
				t.Errorf("shape of %q:\n got %s\nwant %s", tt.src, got, tt.shape)
			}
			if got := Format(c.Root); got != tt.text {
				t.Errorf("Format(%q) = %q, want %q", tt.src, got, tt.text)
			}
		})
	}
}

func TestPositionsCountCharacters(t *testing.T) {
	_, errs := Check(`"é€" + Nope()`, nil)
	want := []Error{{8, "unknown function Nope"}}
	if diff := cmp.Diff(want, errs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestCompileValue(t *testing.T) {
	v, errs := Compile(`Flow.OrbitNumber == Flow.orbitnumber and Call.Ani != ""`, testEnv)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	got, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"config":{"and":{"pos":38,"text":"(Flow.OrbitNumber == Flow.orbitnumber) and (Call.Ani != \"\")","operands":[` +
		`{"==":{"pos":18,"operands":[{"ref":{"pos":1,"text":"Flow.OrbitNumber","type":"str","val":"id-orbit"}},{"ref":{"pos":21,"text":"Flow.orbitnumber","type":"str","val":"id-orbit"}}],"type":"bln"}},` +
		`{"!=":{"pos":51,"operands":[{"sysref":{"pos":42,"text":"Call.Ani","type":"str","val":"__CALL_ANI__"}},{"lit":{"pos":54,"text":"","type":"str"}}],"type":"bln"}}],"type":"bln"}},` +
		`"text":"Flow.OrbitNumber == Flow.orbitnumber and Call.Ani != \"\"","type":"bln","uiMetaData":{"mode":0},` +
		`"metaData":{"references":[{"id":"id-orbit","type":"str","isSysRef":false,"name":"Flow.OrbitNumber"},{"id":"__CALL_ANI__","type":"str","isSysRef":true,"name":"Call.Ani"}]},"version":2}`
	if string(got) != want {
		t.Errorf("Compile JSON:\n got %s\nwant %s", got, want)
	}
}

func TestCompileAs(t *testing.T) {
	v, errs := CompileAs("5", nil, Decimal)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got := shape(v.Config); got != "ToDecimal@1:dec(lit[5]@1:int)" || v.Type != Decimal {
		t.Errorf("CompileAs(5, dec) = %s of type %s", got, v.Type)
	}

	v, errs = CompileAs("NOT_SET", nil, Queue)
	if len(errs) > 0 || v.Config.Type != Queue {
		t.Errorf("CompileAs(NOT_SET, que) = %v, %v", v, errs)
	}

	_, errs = CompileAs(`"x"`, nil, Integer)
	want := []Error{{1, "expression has type String, expected Integer"}}
	if diff := cmp.Diff(want, errs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestCompileVariable(t *testing.T) {
	if _, errs := CompileVariable("Flow.OrbitNumber", testEnv); len(errs) > 0 {
		t.Errorf("binding Flow.OrbitNumber: %v", errs)
	}
	_, errs := CompileVariable("Call.Ani", testEnv)
	if diff := cmp.Diff([]Error{{1, "built-in variable Call.Ani is read-only"}}, errs); diff != "" {
		t.Errorf("binding Call.Ani (-want +got):\n%s", diff)
	}
	_, errs = CompileVariable(`Right(Flow.OrbitNumber, 1)`, testEnv)
	if diff := cmp.Diff([]Error{{1, "expected a variable name such as Flow.Result, found an expression"}}, errs); diff != "" {
		t.Errorf("binding an expression (-want +got):\n%s", diff)
	}
}

func TestLiteral(t *testing.T) {
	tests := []struct {
		typ     Type
		text    string
		want    string
		wantErr string
	}{
		{String, `say "hi"`, `{"config":{"lit":{"pos":1,"text":"say \"hi\"","type":"str"}},"text":"say \"hi\"","type":"str","uiMetaData":{"mode":1},"metaData":{},"version":2}`, ""},
		{Integer, "5", `{"config":{"lit":{"pos":1,"text":"5","type":"int"}},"text":"5","type":"int","uiMetaData":{"mode":1},"metaData":{},"version":2}`, ""},
		{Duration, DurationParts{Milliseconds: 1500}.String(), `{"config":{"lit":{"pos":1,"text":"P0D0H0M0S1500F","type":"dur"}},"text":"P0D0H0M0S1500F","type":"dur","uiMetaData":{"mode":1},"metaData":{},"version":2}`, ""},
		{Queue, "", `{"config":{"emp":{"pos":1,"text":"","type":"que"}},"text":"","type":"que","uiMetaData":{"mode":1},"metaData":{},"version":2}`, ""},
		{Integer, "5s", "", `invalid Integer literal "5s"`},
		{Boolean, "yes", "", `invalid Boolean literal "yes"; use true or false`},
		{Duration, "PT5S", "", `invalid Duration literal "PT5S"; expected the form P0D0H0M40S0F`},
		{Queue, "Park", "", "literal values of type Queue are not supported"},
	}
	for _, tt := range tests {
		t.Run(string(tt.typ)+" "+tt.text, func(t *testing.T) {
			v, err := Literal(tt.typ, tt.text)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("Literal error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.Marshal(v)
			if string(got) != tt.want {
				t.Errorf("Literal JSON:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestParseDuration(t *testing.T) {
	d, err := ParseDuration("P1D2H3M4S500F")
	if err != nil {
		t.Fatal(err)
	}
	if want := (DurationParts{1, 2, 3, 4, 500}); d != want {
		t.Errorf("ParseDuration = %+v, want %+v", d, want)
	}
	if d.String() != "P1D2H3M4S500F" {
		t.Errorf("String() = %q", d.String())
	}
}

func TestCompileAudioCustom(t *testing.T) {
	v, errs := CompileAudio(`ToAudioNumber(Count(Flow.ConversationId))`, testEnv, AudioOptions{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if a := v.UIMetaData.Audio; !a.CustomExpressionMode || len(a.SequenceItems) != 0 {
		t.Errorf("custom audio uiMetaData = %+v, want custom mode with no items", a)
	}

	v, errs = CompileAudio(`Append(ToAudioTTS("a"), ToAudio(Prompt.Hold))`, testEnv, AudioOptions{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := []SequenceItem{
		{Type: SequenceTTS, Parameter: "a"},
		{Type: SequencePrompt, Parameter: "id-hold", Name: "Prompt.Hold", ExpressionName: "Prompt.Hold"},
	}
	if diff := cmp.Diff(want, v.UIMetaData.Audio.SequenceItems); diff != "" {
		t.Errorf("sequence items (-want +got):\n%s", diff)
	}

	_, errs = CompileAudio(`"text"`, testEnv, AudioOptions{})
	if diff := cmp.Diff([]Error{{1, "audio expression has type String, expected Audio"}}, errs); diff != "" {
		t.Errorf("string as audio (-want +got):\n%s", diff)
	}
}

func TestEnvLiteralLookup(t *testing.T) {
	env := &Env{Vars: map[string]Var{"Flow.X": {Name: "Flow.X", Type: Integer, ID: "x"}}}
	if typ, errs := Check("FLOW.x + 1", env); len(errs) > 0 || typ != Integer {
		t.Errorf("Check with struct-literal Env = %q, %v", typ, errs)
	}
}
