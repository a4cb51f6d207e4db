package publish

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// WriteText prints the plan for a person: the resolved objects, then one
// line per step with its change, and the outcome once Apply has run.
func (p *Plan) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "org\t%s\n", p.Org)
	if p.Division != nil {
		fmt.Fprintf(tw, "division\t%s (%s)\n", p.Division.Name, p.Division.ID)
	}
	fmt.Fprintf(tw, "integration\t%s (%s)\n", p.Integration.Name, p.Integration.ID)
	fmt.Fprintf(tw, "holding queue\t%s (%s)\n", p.HoldingQueue.Name, p.HoldingQueue.ID)
	fmt.Fprintln(tw)

	for _, s := range p.Steps {
		name := fmt.Sprintf("%q", s.Name)
		if s.FlowType != "" {
			name += " (" + s.FlowType + ")"
		}
		line := fmt.Sprintf("%s\t%s\t%s", s.Change, s.Kind, name)
		if s.Reason != "" {
			line += ": " + s.Reason
		}
		if s.Unlock {
			line += "; unlock first"
		}
		if s.Status != "" {
			line += "\t[" + string(s.Status) + "]"
		}
		fmt.Fprintln(tw, line)
	}
	create, update, unchanged := p.Counts()
	fmt.Fprintf(tw, "\n%d to create, %d to update, %d unchanged\n", create, update, unchanged)
	return tw.Flush()
}
