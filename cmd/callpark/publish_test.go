package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/callpark/callpark/publish"
	"github.com/callpark/callpark/publish/fakeapi"
)

// fakeOrg starts a fake org containing what flows/callpark.yaml refers to and
// points the publish environment variables at it.
func fakeOrg(t *testing.T) *fakeapi.Server {
	t.Helper()
	srv := fakeapi.New()
	t.Cleanup(srv.Close)
	srv.AddIntegration("Call Park Data Actions")
	srv.AddQueue("Call Park Holding", 0)
	t.Setenv(publish.EnvRegion, srv.URL)
	t.Setenv(publish.EnvClientID, srv.ClientID)
	t.Setenv(publish.EnvClientSecret, srv.ClientSecret)
	t.Setenv(publish.EnvAccessToken, "")
	return srv
}

func TestPublishDryRunJSON(t *testing.T) {
	srv := fakeOrg(t)
	var stdout, stderr bytes.Buffer

	code := run([]string{"publish", "--dry-run", "--output", "json", "../../flows/callpark.yaml"}, &stdout, &stderr)

	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	var report publishReport
	if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
		t.Fatalf("stdout is not a JSON report: %v\n%s", err, stdout.String())
	}
	if !report.DryRun || report.Applied || report.Plan == nil || len(report.Plan.Steps) != 6 {
		t.Errorf("report = dryRun %v applied %v plan %+v, want a dry run with 6 steps", report.DryRun, report.Applied, report.Plan)
	}
	if writes := srv.Writes(); len(writes) != 0 {
		t.Errorf("dry run sent write requests: %v", writes)
	}
	for _, r := range srv.Requests() {
		if r.Method != http.MethodGet && (r.Method != http.MethodPost || r.Path != "/oauth/token") {
			t.Errorf("dry run sent %s %s, want only GET requests and POST /oauth/token", r.Method, r.Path)
		}
	}
}

func TestPublishMissingCredentials(t *testing.T) {
	t.Setenv(publish.EnvRegion, "eu-west-1")
	t.Setenv(publish.EnvClientID, "")
	t.Setenv(publish.EnvClientSecret, "")
	t.Setenv(publish.EnvAccessToken, "")
	var stdout, stderr bytes.Buffer

	code := run([]string{"publish", "../../flows/callpark.yaml"}, &stdout, &stderr)

	if code != exitFailed || !strings.Contains(stderr.String(), publish.EnvClientSecret) {
		t.Errorf("exit %d, stderr %q; want exit 1 naming %s", code, stderr.String(), publish.EnvClientSecret)
	}
}

func TestPublishInvalidOutputIsUsageError(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"publish", "--output", "yaml"}, &stdout, &stderr); code != exitUsage {
		t.Errorf("exit %d, want %d; stderr %q", code, exitUsage, stderr.String())
	}
}

// TestPublishBinaryEndToEnd builds the callpark binary and publishes the
// default parameter file to the fake twice: the second run changes nothing.
func TestPublishBinaryEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	srv := fakeOrg(t)
	bin := filepath.Join(t.TempDir(), "callpark")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = os.Environ()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	runBinary := func(args ...string) (string, string) {
		cmd := exec.Command(bin, args...)
		cmd.Dir = "../.."
		cmd.Env = os.Environ()
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("callpark %v: %v\nstdout:\n%s\nstderr:\n%s", args, err, stdout.String(), stderr.String())
		}
		return stdout.String(), stderr.String()
	}

	out, errOut := runBinary("publish")
	if !strings.Contains(out, "published: 5 created, 1 updated") {
		t.Errorf("first publish output:\n%s", out)
	}
	if strings.Contains(out+errOut, srv.ClientSecret) || strings.Contains(out+errOut, fakeapi.Token) {
		t.Errorf("output shows the client secret or the token:\n%s\n%s", out, errOut)
	}

	srv.ResetLog()
	out, _ = runBinary("publish")
	if !strings.Contains(out, "0 to create, 0 to update, 6 unchanged") {
		t.Errorf("second publish output:\n%s", out)
	}
	if writes := srv.Writes(); len(writes) != 0 {
		t.Errorf("second publish sent write requests: %v", writes)
	}
}
