package main

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/callpark/callpark/internal/blueprint"
)

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDecodeCorruptedFiles(t *testing.T) {
	b64 := func(s string) []byte { return []byte(base64.StdEncoding.EncodeToString([]byte(s))) }
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"bad base64", []byte("@@@@"), "invalid base64"},
		{"bad percent-encoding", b64("%7B%G1"), "invalid percent-encoding"},
		{"not a flow", b64("%7B%22a%22%3A1%7D"), "not a flow document"},
		{"truncated", b64("%7B%22name%22%3A"), "truncated?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := writeTemp(t, "Flow.i3InboundFlow", tt.data)
			code, stdout, stderr := runCLI(t, "decode", file)
			if code != exitFailed {
				t.Errorf("exit %d, want %d", code, exitFailed)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			if !strings.Contains(stderr, file+": ") || !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q, want the file name and %q", stderr, tt.want)
			}
		})
	}
}

func TestDecodeEncodeRoundTrip(t *testing.T) {
	dir := blueprint.Dir(t)
	export := filepath.Join(dir, "Orbit - Parked Call Retrieval.i3InboundFlow")
	original, err := os.ReadFile(export)
	if err != nil {
		t.Fatal(err)
	}
	code, decoded, stderr := runCLI(t, "decode", export)
	if code != exitOK {
		t.Fatalf("decode: exit %d: %s", code, stderr)
	}
	jsonFile := writeTemp(t, "flow.json", []byte(decoded))
	out := filepath.Join(t.TempDir(), "Flow.i3InboundFlow")
	if code, _, stderr := runCLI(t, "encode", jsonFile, "-o", out); code != exitOK {
		t.Fatalf("encode: exit %d: %s", code, stderr)
	}
	encoded, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(encoded) != string(original) {
		t.Error("encode(decode(export)) differs from the export")
	}
}

func TestEncodeRejectsWrongExtension(t *testing.T) {
	jsonFile := writeTemp(t, "flow.json", []byte(`{"name":"F","type":"inqueuecall","flowSequenceItemList":[]}`))
	out := filepath.Join(t.TempDir(), "Flow.i3InboundFlow")
	code, _, stderr := runCLI(t, "encode", jsonFile, "-o", out)
	if code != exitFailed || !strings.Contains(stderr, "the file extension is for inboundcall flows") {
		t.Errorf("exit %d, stderr %q; want exit 1 and the extension mismatch", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("encode wrote the file despite the error")
	}
}

func TestExportReportsUnknownAction(t *testing.T) {
	flow := "inqueueCall:\n  name: Hold\n  defaultLanguage: en-us\n  supportedLanguages:\n    en-us:\n      textToSpeech:\n        defaultEngine:\n          voice: Jill\n  startUpTaskActions:\n    - playMusic:\n        name: Music\n"
	file := writeTemp(t, "hold.yaml", []byte(flow))
	code, _, stderr := runCLI(t, "export", file)
	if code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	want := file + `:10:7: inqueueCall.startUpTaskActions[0].playMusic: unknown action "playMusic"`
	if !strings.HasPrefix(stderr, want) {
		t.Errorf("stderr %q, want prefix %q", stderr, want)
	}
}

func TestDecodeSurroundingWhitespace(t *testing.T) {
	dir := blueprint.Dir(t)
	original, err := os.ReadFile(filepath.Join(dir, "Orbit - Parked Call Retrieval.i3InboundFlow"))
	if err != nil {
		t.Fatal(err)
	}
	want := string(readFileOrFail(t, filepath.Join(dir, "Orbit - Parked Call Retrieval.i3InboundFlow.decoded.json")))
	want = strings.TrimRight(want, "\n") + "\n"
	for name, wrap := range map[string][2]string{
		"trailing newline":     {"", "\n"},
		"trailing CRLF":        {"", "\r\n"},
		"blank lines after":    {"", "\n\n"},
		"trailing space":       {"", " \t\n"},
		"leading newline":      {"\n", ""},
		"spaces on both sides": {"  ", "  \n"},
	} {
		t.Run(name, func(t *testing.T) {
			data := append(append([]byte(wrap[0]), original...), wrap[1]...)
			file := writeTemp(t, "Flow.i3InboundFlow", data)
			code, stdout, stderr := runCLI(t, "decode", file)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if stdout != want {
				t.Error("decode output differs from the decoded.json of the export")
			}
		})
	}
}

func readFileOrFail(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestEncodeRejectsTextArchitectNeverWrites(t *testing.T) {
	tests := []struct {
		name string
		json string
		want string
	}{
		{"invalid UTF-8", "{\"name\":\"F\xff\",\"type\":\"inboundcall\",\"flowSequenceItemList\":[]}", "invalid JSON at byte 10: invalid UTF-8 byte 0xFF"},
		{"lone surrogate", `{"name":"F\ud800","type":"inboundcall","flowSequenceItemList":[]}`, `invalid JSON at byte 10: lone UTF-16 surrogate \ud800`},
		{"duplicate key", `{"name":"F","type":"inboundcall","name":"G","flowSequenceItemList":[]}`, `invalid JSON at byte 33: duplicate object key "name"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			jsonFile := writeTemp(t, "flow.json", []byte(tt.json))
			out := filepath.Join(t.TempDir(), "Flow.i3InboundFlow")
			code, stdout, stderr := runCLI(t, "encode", jsonFile, "-o", out)
			if code != exitFailed {
				t.Errorf("exit %d, want %d", code, exitFailed)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			if want := jsonFile + ": " + tt.want; !strings.Contains(stderr, want) {
				t.Errorf("stderr %q, want it to contain %q", stderr, want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("encode wrote the file despite the error")
			}
		})
	}
}

func TestEncodeSkipsByteOrderMark(t *testing.T) {
	flow := `{"name":"F","type":"inboundcall","flowSequenceItemList":[]}`
	code, want, stderr := runCLI(t, "encode", writeTemp(t, "flow.json", []byte(flow)))
	if code != exitOK {
		t.Fatalf("encode without a byte order mark: exit %d: %s", code, stderr)
	}
	code, got, stderr := runCLI(t, "encode", writeTemp(t, "bom.json", []byte("\xef\xbb\xbf"+flow)))
	if code != exitOK {
		t.Fatalf("encode with a byte order mark: exit %d: %s", code, stderr)
	}
	if got != want {
		t.Errorf("encode with a byte order mark wrote %q, want %q as without it", got, want)
	}
}

func TestEncodeRefusesToOverwriteInput(t *testing.T) {
	original, err := os.ReadFile(filepath.Join("..", "..", "out", "exports", "Call Park Hold.i3InQueueFlow.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc := writeTemp(t, "Call Park Hold.i3InQueueFlow", original)
	code, _, stderr := runCLI(t, "encode", doc, "-o", doc)
	if code != exitFailed || !strings.Contains(stderr, "is the input file") {
		t.Errorf("exit %d, stderr %q; want a refusal", code, stderr)
	}
	if data, err := os.ReadFile(doc); err != nil || string(data) != string(original) {
		t.Errorf("the input changed (%d bytes, %v)", len(data), err)
	}
}
