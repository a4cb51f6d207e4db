package expr

import (
	"fmt"
	"regexp"
	"strconv"
)

// DurationParts is a duration literal as Architect writes it,
// P{days}D{hours}H{minutes}M{seconds}S{milliseconds}F. The parts are kept as
// given and not normalized: Archy's ms: 1500 is P0D0H0M0S1500F.
type DurationParts struct {
	Days, Hours, Minutes, Seconds, Milliseconds int
}

// String returns the literal text, such as P0D0H0M40S0F.
func (d DurationParts) String() string {
	return fmt.Sprintf("P%dD%dH%dM%dS%dF", d.Days, d.Hours, d.Minutes, d.Seconds, d.Milliseconds)
}

var durationPattern = regexp.MustCompile(`^P(\d+)D(\d+)H(\d+)M(\d+)S(\d+)F$`)

// ParseDuration parses a duration literal such as P0D0H1M0S0F.
func ParseDuration(text string) (DurationParts, error) {
	m := durationPattern.FindStringSubmatch(text)
	if m == nil {
		return DurationParts{}, fmt.Errorf("invalid Duration literal %q; expected the form P0D0H0M40S0F", text)
	}
	parts := make([]int, 5)
	for i := range parts {
		n, err := strconv.Atoi(m[i+1])
		if err != nil {
			return DurationParts{}, fmt.Errorf("invalid Duration literal %q: part %q is out of range", text, m[i+1])
		}
		parts[i] = n
	}
	return DurationParts{parts[0], parts[1], parts[2], parts[3], parts[4]}, nil
}
