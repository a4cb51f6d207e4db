package params

import (
	"fmt"
	"sort"
	"strings"
)

// suggest returns "; did you mean X?" when one of the known keys is close
// to name, and otherwise lists the keys allowed at path.
func suggest(name string, known []string, path string) string {
	sort.Strings(known)
	best, bestDist := "", len(name)/3+2
	for _, k := range known {
		if strings.EqualFold(k, name) {
			return fmt.Sprintf("; did you mean %s?", k)
		}
		if dist := editDistance(strings.ToLower(name), strings.ToLower(k)); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	if best != "" {
		return fmt.Sprintf("; did you mean %s?", best)
	}
	where := "at the top level"
	if path != "" {
		where = "under " + path
	}
	return fmt.Sprintf("; the keys allowed %s are %s", where, strings.Join(known, ", "))
}

// editDistance returns the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
