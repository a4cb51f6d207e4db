package compiler

import (
	"strings"
	"testing"

	"github.com/callpark/callpark/compiler/archy"
)

// TestCheckCallsReportsMismatches renames the data action, the category
// and an input in a rendered flow and expects each to be reported.
func TestCheckCallsReportsMismatches(t *testing.T) {
	res := compileCase(t, "minimal")
	p := res.Params
	retrieval := findFlow(t, res, p.Retrieval.Name)

	cases := []struct {
		name, old, new, want string
	}{
		{"action name", p.DataActions.FindWaitingCalls.Name + ":", "Other Action:", `calls data action "Other Action" in category`},
		{"category", p.DataActions.Category + ":", "Other Integration:", `in category "Other Integration", which callpark does not generate`},
		{"input", "holdingQueueId:", "queueId:", "input queueId is not in the input contract"},
		{"output", "conversationID:", "conversationIDs:", "output conversationIDs is not in the output contract"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(string(retrieval.YAML), c.old, c.new, 1)
			if src == string(retrieval.YAML) {
				t.Fatalf("%q is not in the rendered flow", c.old)
			}
			flow, errs := archy.Parse(retrieval.Path, []byte(src), nil)
			if len(errs) > 0 {
				t.Fatalf("the edited flow does not parse: %v", errs)
			}
			got := checkCalls(p, retrieval, flow, res.DataActions).Error()
			if !strings.Contains(got, c.want) {
				t.Errorf("checkCalls did not report %q; it reported:\n%s", c.want, got)
			}
		})
	}
}
