package params

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/callpark/callpark/compiler/diag"
)

// MaxFileSize is the largest parameter file Load reads. A real file is a
// few kilobytes; the limit keeps a wrong path (a log, a disk image) from
// being read into memory.
const MaxFileSize = 1 << 20

// ReadFile reads the parameter file at name, rejecting files over
// MaxFileSize before reading them whole.
func ReadFile(name string) ([]byte, error) {
	// Stat before Open: opening a FIFO for reading blocks until a writer
	// appears, which would hang the command.
	if info, err := os.Stat(name); err == nil && !info.IsDir() && !info.Mode().IsRegular() {
		return nil, &diag.Error{Pos: diag.Pos{File: name}, Msg: "is not a regular file (a pipe or device); name a YAML file such as flows/callpark.yaml"}
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, &diag.Error{Pos: diag.Pos{File: name}, Msg: fileErrorText(err)}
	}
	defer f.Close()

	info, err := f.Stat()
	if err != nil {
		return nil, &diag.Error{Pos: diag.Pos{File: name}, Msg: fileErrorText(err)}
	}
	if info.IsDir() {
		return nil, &diag.Error{Pos: diag.Pos{File: name}, Msg: "is a folder, not a parameter file; name a YAML file such as flows/callpark.yaml"}
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, &diag.Error{Pos: diag.Pos{File: name}, Msg: fileErrorText(err)}
	}
	if len(data) > MaxFileSize {
		return nil, &diag.Error{Pos: diag.Pos{File: name}, Msg: fmt.Sprintf("file is larger than %d KiB; a parameter file is a short YAML document, check the path", MaxFileSize>>10)}
	}
	return data, nil
}

func fileErrorText(err error) string {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "file not found; check the path, or run from the repository root to use flows/callpark.yaml"
	case errors.Is(err, os.ErrPermission):
		return "permission denied; make the file readable"
	}
	var pathErr *os.PathError
	if errors.As(err, &pathErr) {
		return "cannot read: " + pathErr.Err.Error()
	}
	return "cannot read: " + err.Error()
}

// yamlLine matches the line number yaml.v3 puts in its syntax errors.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseDocument parses src as exactly one YAML document and returns its
// root mapping node.
func parseDocument(file string, src []byte) (*yaml.Node, error) {
	if len(bytes.TrimSpace(src)) == 0 {
		return nil, &diag.Error{Pos: diag.Pos{File: file, Line: 1, Col: 1}, Msg: "empty parameter file; start it with `version: 1` (see flows/callpark.yaml)"}
	}
	if err := checkText(file, src); err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err == io.EOF {
		return nil, &diag.Error{Pos: diag.Pos{File: file, Line: 1, Col: 1}, Msg: "the file contains only comments; start it with `version: 1` (see flows/callpark.yaml)"}
	} else if err != nil {
		return nil, syntaxError(file, src, err)
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == io.EOF:
	case err != nil:
		return nil, syntaxError(file, src, err)
	default:
		return nil, &diag.Error{Pos: diag.Pos{File: file, Line: extra.Line, Col: extra.Column}, Msg: "second YAML document; a parameter file contains one document, so remove the `---` and what follows or move it to its own file"}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, &diag.Error{Pos: diag.Pos{File: file, Line: 1, Col: 1}, Msg: "empty parameter file; start it with `version: 1` (see flows/callpark.yaml)"}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &diag.Error{Pos: diag.Pos{File: file, Line: root.Line, Col: root.Column}, Msg: fmt.Sprintf("expected a mapping of parameters such as `version: 1`, found %s", describe(root))}
	}
	return root, nil
}

// checkText rejects a file that is not UTF-8 text, at the line and column
// of the first offending byte: YAML's own message for it has no position.
func checkText(file string, src []byte) error {
	line, col := 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return &diag.Error{Pos: diag.Pos{File: file, Line: line, Col: col}, Msg: fmt.Sprintf("invalid UTF-8 byte 0x%02X; save the file as UTF-8 text", src[i])}
		case r == '\n':
			line, col = line+1, 0
		case r < 0x20 && r != '\t' && r != '\r', r == 0x7f:
			return &diag.Error{Pos: diag.Pos{File: file, Line: line, Col: col}, Msg: fmt.Sprintf("control character %U; a parameter file is plain text", r)}
		}
		i += size
		col++
	}
	return nil
}

func syntaxError(file string, src []byte, err error) error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		text := "invalid YAML: " + m[2]
		if lines := strings.Split(string(src), "\n"); line-1 < len(lines) && strings.Contains(lines[line-1], "\t") {
			text += " (the line contains a tab; YAML indents with spaces only)"
		}
		return &diag.Error{Pos: diag.Pos{File: file, Line: line, Col: 1}, Msg: text}
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	return &diag.Error{Pos: diag.Pos{File: file}, Msg: "invalid YAML: " + msg}
}

// decoder walks the YAML node tree into Params, recording positions and
// collecting every error instead of stopping at the first.
type decoder struct {
	file      string
	errs      diag.List
	lines     []string
	positions map[string]diag.Pos
	textShift map[string]int
}

func (d *decoder) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: d.file, Line: n.Line, Col: n.Column}
}

func (d *decoder) errorf(n *yaml.Node, field, format string, args ...any) {
	d.errs.Add(d.pos(n), field, format, args...)
}

var (
	durationType = reflect.TypeOf(Duration{})
	audioType    = reflect.TypeOf(Audio{})
)

// decode stores node n into v, the value at field path.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		d.errorf(n, path, "YAML anchors and aliases are not supported in parameter files; write the value out")
		return
	}
	d.positions[path] = d.pos(n)
	if n.Kind == yaml.ScalarNode {
		d.textShift[path] = d.shift(n)
	}

	switch {
	case v.Type() == durationType:
		d.decodeDuration(n, v, path)
	case v.Type() == audioType:
		d.decodeAudio(n, v, path)
	case v.Kind() == reflect.Struct:
		d.decodeStruct(n, v, path)
	case v.Kind() == reflect.Slice:
		d.decodeSlice(n, v, path)
	case v.Kind() == reflect.String:
		if s, ok := d.scalar(n, path, "!!str", "a string"); ok {
			v.SetString(s)
		}
	case v.Kind() == reflect.Bool:
		s, ok := d.scalar(n, path, "!!bool", "true or false")
		if !ok {
			return
		}
		b, _ := strconv.ParseBool(strings.ToLower(s))
		v.SetBool(b)
	case v.Kind() == reflect.Int:
		s, ok := d.scalar(n, path, "!!int", "an integer")
		if !ok {
			return
		}
		i, err := strconv.ParseInt(s, 0, 32)
		if err != nil {
			d.errorf(n, path, "integer %s is out of range", s)
			return
		}
		v.SetInt(i)
	default:
		panic(fmt.Sprintf("params: no decoder for %s", v.Type()))
	}
}

// shift returns how many characters after n's position the scalar's text
// starts, when the text is written on n's line character for character
// (plain, or quoted without escapes), and -1 otherwise: escapes, tags,
// block scalars and values folded over several lines.
func (d *decoder) shift(n *yaml.Node) int {
	if n.Line < 1 || n.Line > len(d.lines) {
		return -1
	}
	line := []rune(strings.TrimSuffix(d.lines[n.Line-1], "\r"))
	if n.Column < 1 || n.Column > len(line)+1 {
		return -1
	}
	raw := line[n.Column-1:]
	shift := 0
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		shift = 1
	}
	value := []rune(n.Value)
	if len(raw) < shift+len(value) || string(raw[shift:shift+len(value)]) != n.Value {
		return -1
	}
	return shift
}

// scalar returns n's value when n is a scalar with the given tag, and
// reports a type error naming want otherwise.
func (d *decoder) scalar(n *yaml.Node, path, tag, want string) (string, bool) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == tag {
		return n.Value, true
	}
	fix := ""
	if want == "a string" && n.Kind == yaml.ScalarNode && n.ShortTag() != "!!null" {
		fix = fmt.Sprintf("; quote it: \"%s\"", n.Value)
	}
	d.errorf(n, path, "expected %s, found %s%s", want, describe(n), fix)
	return "", false
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "expected a mapping, found %s", describe(n))
		return
	}
	fields := structFields(v.Type())
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		name := key.Value
		fieldPath := join(path, name)
		if seen[name] {
			d.errorf(key, fieldPath, "key is given twice; remove one of them")
			continue
		}
		seen[name] = true
		index, ok := fields[name]
		if !ok {
			d.errorf(key, fieldPath, "unknown key%s", suggest(name, fieldNames(fields), path))
			continue
		}
		d.decode(val, v.FieldByIndex(index), fieldPath)
	}
}

func (d *decoder) decodeSlice(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, path, "expected a list, found %s", describe(n))
		return
	}
	list := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		d.decode(item, list.Index(i), fmt.Sprintf("%s[%d]", path, i))
	}
	v.Set(list)
}

func (d *decoder) decodeDuration(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.ScalarNode && (n.ShortTag() == "!!int" || n.ShortTag() == "!!float") {
		d.errorf(n, path, "duration %s has no unit; write it with one, such as %ss or %sms", n.Value, n.Value, n.Value)
		return
	}
	s, ok := d.scalar(n, path, "!!str", "a duration such as 5s, 1m or 1500ms")
	if !ok {
		return
	}
	dur, err := time.ParseDuration(s)
	if err != nil {
		d.errorf(n, path, "invalid duration %q; write a number with a unit, such as 5s, 1m or 1500ms", s)
		return
	}
	v.Set(reflect.ValueOf(Duration{dur}))
}

// decodeAudio accepts a plain string (TTS text) or a mapping with exactly
// one of tts and prompt.
func (d *decoder) decodeAudio(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.ScalarNode {
		if s, ok := d.scalar(n, path, "!!str", "TTS text or a mapping with tts or prompt"); ok {
			v.Set(reflect.ValueOf(Audio{TTS: s}))
		}
		return
	}
	var a Audio
	d.decodeStruct(n, reflect.ValueOf(&a).Elem(), path)
	if n.Kind == yaml.MappingNode && (a.TTS == "") == (a.Prompt == "") {
		d.errorf(n, path, "give exactly one of tts (text to speak) and prompt (a prompt name such as Prompt.Welcome)")
	}
	v.Set(reflect.ValueOf(a))
}

// structFields maps each YAML key of struct type t to its field index,
// following inline embedded structs.
func structFields(t reflect.Type) map[string][]int {
	fields := map[string][]int{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		if tag == "-" || !f.IsExported() {
			continue
		}
		if tag == ",inline" {
			for name, index := range structFields(f.Type) {
				fields[name] = append([]int{i}, index...)
			}
			continue
		}
		fields[tag] = []int{i}
	}
	return fields
}

func fieldNames(fields map[string][]int) []string {
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	return names
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// describe names the kind of value n holds, for type errors.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.ShortTag() {
	case "!!null":
		return "no value"
	case "!!int":
		return "the integer " + n.Value
	case "!!float":
		return "the number " + n.Value
	case "!!bool":
		return "the boolean " + n.Value
	case "!!str":
		return fmt.Sprintf("the string %q", n.Value)
	}
	return fmt.Sprintf("a %s value", n.ShortTag())
}
