package main

import (
	"fmt"
	"strings"
)

// edit is one line of a line diff: ' ' kept, '-' removed, '+' added.
type edit struct {
	op   byte
	text string
}

// diffLines returns the shortest edit script from a to b, computed with
// Myers' O((N+M)D) algorithm.
func diffLines(a, b []string) []edit {
	n, m := len(a), len(b)
	max := n + m
	offset := max + 1
	v := make([]int, 2*max+3)
	var trace [][]int
	for d := 0; d <= max; d++ {
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[offset+k-1] < v[offset+k+1]) {
				x = v[offset+k+1]
			} else {
				x = v[offset+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[offset+k] = x
			if x >= n && y >= m {
				return backtrack(a, b, trace, offset)
			}
		}
	}
	return nil
}

// backtrack walks the saved frontiers from the end to the start and
// returns the edits in order.
func backtrack(a, b []string, trace [][]int, offset int) []edit {
	x, y := len(a), len(b)
	var edits []edit
	for d := len(trace) - 1; d >= 0; d-- {
		v := trace[d]
		k := x - y
		var prevK int
		if k == -d || (k != d && v[offset+k-1] < v[offset+k+1]) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := v[offset+prevK]
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x--
			y--
			edits = append(edits, edit{' ', a[x]})
		}
		if d > 0 {
			if x == prevX {
				y--
				edits = append(edits, edit{'+', b[y]})
			} else {
				x--
				edits = append(edits, edit{'-', a[x]})
			}
		}
	}
	for i, j := 0, len(edits)-1; i < j; i, j = i+1, j-1 {
		edits[i], edits[j] = edits[j], edits[i]
	}
	return edits
}

// unifiedDiff returns a unified diff of want (labelled fromName) and got
// (labelled toName) with three lines of context, or "" when they are
// equal.
func unifiedDiff(fromName, toName, want, got string) string {
	if want == got {
		return ""
	}
	a, b := splitLines(want), splitLines(got)
	edits := diffLines(a, b)

	const context = 3
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", fromName, toName)
	for i := 0; i < len(edits); {
		if edits[i].op == ' ' {
			i++
			continue
		}
		start := max(i-context, 0)
		end := i
		for end < len(edits) {
			if edits[end].op != ' ' {
				end++
				continue
			}
			run := end
			for run < len(edits) && edits[run].op == ' ' {
				run++
			}
			if run == len(edits) || run-end > 2*context {
				end = min(end+context, len(edits))
				break
			}
			end = run
		}
		writeHunk(&out, edits, start, end)
		i = end
	}
	return out.String()
}

// writeHunk writes edits[start:end] as one hunk with its @@ header.
func writeHunk(out *strings.Builder, edits []edit, start, end int) {
	aLine, bLine := 1, 1
	for _, e := range edits[:start] {
		if e.op != '+' {
			aLine++
		}
		if e.op != '-' {
			bLine++
		}
	}
	aCount, bCount := 0, 0
	for _, e := range edits[start:end] {
		if e.op != '+' {
			aCount++
		}
		if e.op != '-' {
			bCount++
		}
	}
	if aCount == 0 {
		aLine--
	}
	if bCount == 0 {
		bLine--
	}
	fmt.Fprintf(out, "@@ -%d,%d +%d,%d @@\n", aLine, aCount, bLine, bCount)
	for _, e := range edits[start:end] {
		out.WriteByte(e.op)
		out.WriteString(e.text)
		out.WriteByte('\n')
	}
}

// splitLines splits s into lines without their newlines; a missing final
// newline is marked as diff(1) marks it.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.Split(s, "\n")
	if lines[len(lines)-1] == "" {
		return lines[:len(lines)-1]
	}
	lines[len(lines)-1] += "\n\\ No newline at end of file"
	return lines
}
