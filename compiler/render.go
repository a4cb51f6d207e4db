package compiler

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"text/template"
	"time"
	"unicode/utf8"

	"github.com/callpark/callpark/compiler/params"
	"github.com/callpark/callpark/templates"
)

// templateFuncs returns the functions the templates call. They are the
// only way a template writes a parameter value, and each one quotes for the
// language it writes into.
func templateFuncs() template.FuncMap {
	return template.FuncMap{
		"yaml":        yamlString,
		"json":        jsonString,
		"audio":       audioYAML,
		"durationLit": durationLit,
		"indent":      indent,
		"include":     include,
	}
}

var (
	parseOnce sync.Once
	parsed    *template.Template
	parseErr  error
)

// loadTemplates parses the embedded templates once per process.
func loadTemplates() (*template.Template, error) {
	parseOnce.Do(func() {
		parsed, parseErr = template.New("").Funcs(templateFuncs()).Option("missingkey=error").ParseFS(templates.FS, "*.tmpl")
	})
	return parsed, parseErr
}

// include renders the named template, so that its output can be piped
// through indent.
func include(name string, data any) (string, error) {
	out, err := render(name, data)
	return string(out), err
}

// indent prefixes every non-empty line of s with n spaces.
func indent(n int, s string) string {
	pad := strings.Repeat(" ", n)
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		if line != "" {
			lines[i] = pad + line
		}
	}
	return strings.Join(lines, "\n")
}

// render executes the named template with data.
func render(name string, data any) ([]byte, error) {
	t, err := loadTemplates()
	if err != nil {
		return nil, fmt.Errorf("internal error: parsing templates: %w", err)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, fmt.Errorf("internal error: rendering %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// yamlString returns s as a YAML scalar: plain when YAML reads the plain
// text back as exactly s, double-quoted otherwise. Inside double quotes,
// backslash, double quote and characters outside YAML's printable set are
// escaped.
func yamlString(s string) string {
	if plainSafe(s) {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == utf8.RuneError, r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f, r == 0x2028, r == 0x2029, r == 0xfeff:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// plainSafe reports whether s can be written as a plain YAML scalar: it
// starts with a letter, contains only ASCII letters, digits, spaces and
// punctuation that is not YAML syntax inside a value, and is not a word
// that YAML 1.1 or 1.2 reads as a Boolean or null. Starting with a letter
// rules out numbers, dates and the special floats. The rendered YAML is
// parsed again, so a mistake here fails the build instead of changing a
// value.
func plainSafe(s string) bool {
	if s == "" || s != strings.TrimSpace(s) || strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") || strings.Contains(s, "{{") {
		return false
	}
	for i, r := range s {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if i == 0 && !letter {
			return false
		}
		if !letter && !(r >= '0' && r <= '9') && !strings.ContainsRune(" ._,'()/-?!;:+=$%@^~", r) {
			return false
		}
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null":
		return false
	}
	return true
}

// jsonString returns s as a JSON string literal, without the HTML escaping
// encoding/json applies by default.
func jsonString(s string) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return "", err
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

// architectString returns s as an Architect expression string literal:
// double-quoted, with backslash and double quote escaped.
func architectString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}

// audioYAML returns the one-line Archy audio mapping entry for a: a TTS
// text or a prompt reference.
func audioYAML(a params.Audio) string {
	if a.Prompt != "" {
		return "prompt: " + yamlString(a.Prompt)
	}
	return "tts: " + yamlString(a.TTS)
}

// durationLit returns the Archy duration literal entry for d in the
// largest whole unit: minutes, seconds or milliseconds.
func durationLit(d params.Duration) string {
	switch {
	case d.Duration%time.Minute == 0:
		return "minutes: " + strconv.FormatInt(int64(d.Duration/time.Minute), 10)
	case d.Duration%time.Second == 0:
		return "seconds: " + strconv.FormatInt(int64(d.Duration/time.Second), 10)
	}
	return "ms: " + strconv.FormatInt(d.Duration.Milliseconds(), 10)
}

// lookbackExpr returns the Architect expression for the start of the
// analytics interval, lookback before now, in the largest whole unit.
func lookbackExpr(lookback time.Duration) string {
	fn, n := "AddSeconds", int64(lookback/time.Second)
	switch {
	case lookback%time.Hour == 0:
		fn, n = "AddHours", int64(lookback/time.Hour)
	case lookback%time.Minute == 0:
		fn, n = "AddMinutes", int64(lookback/time.Minute)
	}
	return fmt.Sprintf("ToString(%s(GetCurrentDateTimeUtc(), -%d))", fn, n)
}

// queueIDExpr returns the Architect expression that looks the holding
// queue up by name when the parameter file gives no id.
func queueIDExpr(name string) string {
	return "FindQueue(" + architectString(name) + ").id"
}
