package publish

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callpark/callpark/compiler"
	"github.com/callpark/callpark/compiler/diag"
	"github.com/callpark/callpark/publish/fakeapi"
)

const paramsFile = "../flows/callpark.yaml"

// compileSource compiles the parameter file src and returns the result
// with the Recompile function the CLI uses.
func compileSource(t testing.TB, src []byte) (*compiler.Result, Recompile) {
	t.Helper()
	res, err := compiler.Compile("callpark.yaml", src)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	recompile := func(queueID string) (*compiler.Result, error) {
		p := *res.Params
		p.HoldingQueue.ID = queueID
		return compiler.CompileParams(&p)
	}
	return res, recompile
}

func defaultSource(t testing.TB) []byte {
	t.Helper()
	src, err := os.ReadFile(paramsFile)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// org is a fake org containing what the default parameter file refers to.
type org struct {
	*fakeapi.Server
	queueID string
}

func newOrg(t testing.TB) *org {
	t.Helper()
	srv := fakeapi.New()
	t.Cleanup(srv.Close)
	srv.AddIntegration("Call Park Data Actions")
	return &org{Server: srv, queueID: srv.AddQueue("Call Park Holding", 0)}
}

// fastTiming keeps every wait in tests to milliseconds.
var fastTiming = Timing{
	RetryWait:      time.Millisecond,
	RetryWaitMax:   4 * time.Millisecond,
	RetryAfterUnit: time.Millisecond,
	PollFirst:      time.Millisecond,
	PollMax:        5 * time.Millisecond,
	PollTimeout:    5 * time.Second,
	QueueWait:      100 * time.Millisecond,
}

// connect signs in to o with its OAuth client and records every wait.
func connect(t testing.TB, o *org, opts Options) (*Client, *[]time.Duration) {
	t.Helper()
	if opts.Timing == (Timing{}) {
		opts.Timing = fastTiming
	}
	c, err := Connect(Credentials{BaseURL: o.URL, ClientID: o.ClientID, ClientSecret: o.ClientSecret}, opts)
	if err != nil {
		t.Fatalf("Connect: %v", err)
	}
	var mu sync.Mutex
	waits := &[]time.Duration{}
	c.sleep = func(d time.Duration) {
		mu.Lock()
		*waits = append(*waits, d)
		mu.Unlock()
		time.Sleep(d)
	}
	return c, waits
}

// publishAll plans and applies res and returns the plan.
func publishAll(t testing.TB, c *Client, res *compiler.Result, recompile Recompile) *Plan {
	t.Helper()
	plan, err := c.Plan(res, recompile)
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	if err := c.Apply(plan); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	return plan
}

// changes lists each step as "change kind name".
func changes(p *Plan) []string {
	var out []string
	for _, s := range p.Steps {
		out = append(out, string(s.Change)+" "+string(s.Kind)+" "+s.Name)
	}
	return out
}

func countChange(p *Plan, change Change) int {
	n := 0
	for _, s := range p.Steps {
		if s.Change == change {
			n++
		}
	}
	return n
}

func TestFirstPublishCreatesEverything(t *testing.T) {
	o := newOrg(t)
	res, recompile := compileSource(t, defaultSource(t))
	c, _ := connect(t, o, Options{})

	plan := publishAll(t, c, res, recompile)

	if got := countChange(plan, Create); got != 5 {
		t.Errorf("creates = %d, want 5 (3 data actions, 2 flows): %q", got, changes(plan))
	}
	if plan.HoldingQueue.ID != o.queueID {
		t.Errorf("holding queue id = %q, want %q", plan.HoldingQueue.ID, o.queueID)
	}
	for _, da := range res.DataActions {
		if o.Action(da.Name) == nil {
			t.Errorf("data action %q not created", da.Name)
		}
	}
	hold := o.Flow("Call Park Hold", "inqueuecall")
	retrieval := o.Flow("Call Park Retrieval", "inboundcall")
	if hold == nil || retrieval == nil {
		t.Fatalf("flows not created: hold %v, retrieval %v", hold != nil, retrieval != nil)
	}
	if !strings.Contains(string(hold.YAML), sourceHashVariable) {
		t.Errorf("published hold flow YAML has no %s variable", sourceHashVariable)
	}
	if got := o.QueueFlowID(o.queueID); got != hold.ID {
		t.Errorf("queue's in-queue flow = %q, want the hold flow %q", got, hold.ID)
	}
	if q := o.Queue(o.queueID); q["acwSettings"] == nil || q["skillEvaluationMethod"] != "ALL" {
		t.Errorf("queue update lost other settings: %v", q)
	}
	for _, s := range plan.Steps {
		if s.Status != Done {
			t.Errorf("step %s %q status = %q, want done", s.Kind, s.Name, s.Status)
		}
	}
}

func TestRepublishWithoutChangeWritesNothing(t *testing.T) {
	o := newOrg(t)
	res, recompile := compileSource(t, defaultSource(t))
	c, _ := connect(t, o, Options{})
	publishAll(t, c, res, recompile)
	o.ResetLog()

	plan := publishAll(t, c, res, recompile)

	if got := countChange(plan, Unchanged); got != len(plan.Steps) {
		t.Errorf("unchanged = %d of %d: %q", got, len(plan.Steps), changes(plan))
	}
	if writes := o.Writes(); len(writes) != 0 {
		t.Errorf("re-publish sent %d write requests: %v", len(writes), writes)
	}
}

func TestChangedParametersUpdate(t *testing.T) {
	o := newOrg(t)
	src := defaultSource(t)
	res, recompile := compileSource(t, src)
	c, _ := connect(t, o, Options{})
	publishAll(t, c, res, recompile)
	const findName = "Get Waiting Calls in Holding Queue by External Tag"
	versionBefore := o.ActionVersion(findName)

	changed := strings.Replace(string(src), "pageSize: 25", "pageSize: 50", 1)
	changed = strings.Replace(changed, "Please hold while your call is retrieved.", "Please hold.", 1)
	res2, recompile2 := compileSource(t, []byte(changed))
	plan := publishAll(t, c, res2, recompile2)

	if got := countChange(plan, Update); got < 2 {
		t.Errorf("updates = %d, want at least the data actions and the hold flow: %q", got, changes(plan))
	}
	if got := o.ActionVersion(findName); got <= versionBefore {
		t.Errorf("data action version = %d, want more than %d", got, versionBefore)
	}
	if hold := o.Flow("Call Park Hold", "inqueuecall"); !strings.Contains(string(hold.YAML), "Please hold.") {
		t.Errorf("hold flow not republished with the new text")
	}

	again, err := c.Plan(res2, recompile2)
	if err != nil {
		t.Fatal(err)
	}
	if got := countChange(again, Unchanged); got != len(again.Steps) {
		t.Errorf("after update, unchanged = %d of %d: %q", got, len(again.Steps), changes(again))
	}
}

func TestRateLimitHonoursRetryAfter(t *testing.T) {
	o := newOrg(t)
	res, recompile := compileSource(t, defaultSource(t))
	c, waits := connect(t, o, Options{})
	o.RateLimit(http.MethodGet, "/api/v2/integrations", 2, "7")

	if _, err := c.Plan(res, recompile); err != nil {
		t.Fatalf("Plan: %v", err)
	}
	var rateWaits int
	for _, w := range *waits {
		if w == 7*fastTiming.RetryAfterUnit {
			rateWaits++
		}
	}
	if rateWaits != 2 {
		t.Errorf("waits of Retry-After 7 = %d, want 2 (all waits %v)", rateWaits, *waits)
	}
}

func TestServerErrorRetriedThenSucceeds(t *testing.T) {
	o := newOrg(t)
	res, recompile := compileSource(t, defaultSource(t))
	c, _ := connect(t, o, Options{})
	o.FailRequests(http.MethodPost, "/api/v2/integrations/actions", 2, http.StatusInternalServerError)

	publishAll(t, c, res, recompile)

	var failed int
	for _, r := range o.Requests() {
		if r.Status == http.StatusInternalServerError {
			failed++
		}
	}
	if failed != 2 {
		t.Errorf("requests answered 500 = %d, want 2", failed)
	}
}

func TestServerErrorRetriesAreBounded(t *testing.T) {
	o := newOrg(t)
	res, recompile := compileSource(t, defaultSource(t))
	c, _ := connect(t, o, Options{})
	o.FailRequests(http.MethodGet, "/api/v2/flows", 100, http.StatusServiceUnavailable)

	_, err := c.Plan(res, recompile)

	if err == nil || !strings.Contains(err.Error(), "failed after 6 attempts") || !strings.Contains(err.Error(), "503") {
		t.Fatalf("Plan error = %v, want failure after 6 attempts with HTTP 503", err)
	}
}

func TestFailedFlowJobListsMessages(t *testing.T) {
	o := newOrg(t)
	res, recompile := compileSource(t, defaultSource(t))
	c, _ := connect(t, o, Options{})
	o.FailNextJob("Unable to find a queue", "Data action not found")

	plan, err := c.Plan(res, recompile)
	if err != nil {
		t.Fatal(err)
	}
	err = c.Apply(plan)

	var jobErr *FlowJobError
	if !errors.As(err, &jobErr) {
		t.Fatalf("Apply error = %v, want a FlowJobError", err)
	}
	for _, want := range []string{jobErr.JobID, "Call Park Retrieval", "Unable to find a queue", "Data action not found"} {
		if want == "" || !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

func TestFailedFlowJobWithoutMessages(t *testing.T) {
	o := newOrg(t)
	res, recompile := compileSource(t, defaultSource(t))
	c, _ := connect(t, o, Options{})
	o.FailNextJob()

	plan, err := c.Plan(res, recompile)
	if err != nil {
		t.Fatal(err)
	}
	err = c.Apply(plan)

	if err == nil || !strings.Contains(err.Error(), "gave no messages") {
		t.Fatalf("Apply error = %v, want one saying the job gave no messages", err)
	}
}

func TestPartialFailureConverges(t *testing.T) {
	o := newOrg(t)
	res, recompile := compileSource(t, defaultSource(t))
	c, _ := connect(t, o, Options{})
	o.FailNextJob("Flow validation failed")

	plan, err := c.Plan(res, recompile)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Apply(plan); err == nil {
		t.Fatal("first Apply succeeded, want the injected job failure")
	}
	last := plan.Steps[len(plan.Steps)-1]
	if last.Status != Skipped {
		t.Errorf("queue step status = %q, want skipped", last.Status)
	}

	second := publishAll(t, c, res, recompile)
	if got := countChange(second, Create); got != 2 {
		t.Errorf("second run creates = %d, want the 2 flows: %q", got, changes(second))
	}
	o.ResetLog()
	third := publishAll(t, c, res, recompile)
	if got := countChange(third, Unchanged); got != len(third.Steps) {
		t.Errorf("third run unchanged = %d of %d: %q", got, len(third.Steps), changes(third))
	}
	for _, r := range o.Requests() {
		if r.Method == http.MethodDelete || r.Write() {
			t.Errorf("converged run sent %s %s", r.Method, r.Path)
		}
	}
}

func TestLockedFlowNeedsForceUnlock(t *testing.T) {
	o := newOrg(t)
	src := defaultSource(t)
	res, recompile := compileSource(t, src)
	c, _ := connect(t, o, Options{})
	publishAll(t, c, res, recompile)
	hold := o.Flow("Call Park Hold", "inqueuecall")
	o.LockFlow(hold.ID, "Ada Lovelace")
	res2, recompile2 := compileSource(t, []byte(strings.Replace(string(src), "Please hold while your call is retrieved.", "One moment.", 1)))

	_, err := c.Plan(res2, recompile2)
	if err == nil || !strings.Contains(err.Error(), "locked by user Ada Lovelace") || !strings.Contains(err.Error(), "--force-unlock") {
		t.Fatalf("Plan error = %v, want the lock owner and --force-unlock", err)
	}

	forced, _ := connect(t, o, Options{ForceUnlock: true})
	plan := publishAll(t, forced, res2, recompile2)
	var unlocked bool
	for _, s := range plan.Steps {
		unlocked = unlocked || s.Unlock
	}
	if !unlocked {
		t.Errorf("plan with ForceUnlock marks no flow for unlocking: %q", changes(plan))
	}
	if got := o.Flow("Call Park Hold", "inqueuecall"); got.LockedBy != "" || !strings.Contains(string(got.YAML), "One moment.") {
		t.Errorf("hold flow after --force-unlock: locked by %q, republished %v", got.LockedBy, strings.Contains(string(got.YAML), "One moment."))
	}
}

func TestLockedUnchangedFlowIsNoError(t *testing.T) {
	o := newOrg(t)
	res, recompile := compileSource(t, defaultSource(t))
	c, _ := connect(t, o, Options{})
	publishAll(t, c, res, recompile)
	o.LockFlow(o.Flow("Call Park Hold", "inqueuecall").ID, "Ada Lovelace")

	if _, err := c.Plan(res, recompile); err != nil {
		t.Fatalf("Plan with a locked but unchanged flow: %v", err)
	}
}

func TestDuplicateIntegrationsReported(t *testing.T) {
	o := newOrg(t)
	second := o.AddIntegration("Call Park Data Actions")
	res, recompile := compileSource(t, defaultSource(t))
	c, _ := connect(t, o, Options{})

	_, err := c.Plan(res, recompile)

	list := diag.AsList(err)
	if len(list) != 1 {
		t.Fatalf("Plan error = %v, want one diagnostic", err)
	}
	if list[0].Field != "dataActions.category" || list[0].Pos.Line == 0 {
		t.Errorf("diagnostic at %v field %q, want a line in the file and dataActions.category", list[0].Pos, list[0].Field)
	}
	if !strings.Contains(list[0].Msg, "2 data action integrations") || !strings.Contains(list[0].Msg, second) {
		t.Errorf("message %q does not list both integrations", list[0].Msg)
	}
}

func TestMissingObjectsReportedAtTheirLines(t *testing.T) {
	srv := fakeapi.New()
	t.Cleanup(srv.Close)
	o := &org{Server: srv}
	src := strings.Replace(string(defaultSource(t)), "division: Home", "division: Sales", 1)
	res, recompile := compileSource(t, []byte(src))
	c, _ := connect(t, o, Options{})

	_, err := c.Plan(res, recompile)

	list := diag.AsList(err)
	var fields []string
	for _, e := range list {
		fields = append(fields, e.Field)
		if e.Pos.Line == 0 || !strings.HasPrefix(e.Error(), "callpark.yaml:") {
			t.Errorf("diagnostic %q has no FILE:LINE:COL", e)
		}
	}
	want := "division holdingQueue.name dataActions.category"
	if got := strings.Join(fields, " "); got != want {
		t.Errorf("diagnostics for fields %q, want %q (error %v)", got, want, err)
	}
}

func TestQueueCreatedMomentsAgoIsFound(t *testing.T) {
	srv := fakeapi.New()
	t.Cleanup(srv.Close)
	srv.AddIntegration("Call Park Data Actions")
	o := &org{Server: srv, queueID: srv.AddQueue("Call Park Holding", 3)}
	res, recompile := compileSource(t, defaultSource(t))
	c, _ := connect(t, o, Options{})

	plan, err := c.Plan(res, recompile)

	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	if plan.HoldingQueue.ID != o.queueID {
		t.Errorf("holding queue id = %q, want %q", plan.HoldingQueue.ID, o.queueID)
	}
}

func TestDraftVersionConflictRetried(t *testing.T) {
	o := newOrg(t)
	src := defaultSource(t)
	res, recompile := compileSource(t, src)
	c, _ := connect(t, o, Options{})
	publishAll(t, c, res, recompile)
	res2, recompile2 := compileSource(t, []byte(strings.Replace(string(src), "pageSize: 25", "pageSize: 40", 1)))
	o.FailRequests(http.MethodPost, "/api/v2/integrations/actions/", 1, http.StatusConflict)

	publishAll(t, c, res2, recompile2)

	var conflicts int
	for _, r := range o.Requests() {
		if r.Status == http.StatusConflict {
			conflicts++
		}
	}
	if conflicts != 1 {
		t.Errorf("409 responses = %d, want the 1 injected", conflicts)
	}
}

func TestUploadUsesReturnedHeadersWithoutToken(t *testing.T) {
	o := newOrg(t)
	res, recompile := compileSource(t, defaultSource(t))
	c, _ := connect(t, o, Options{})

	publishAll(t, c, res, recompile)

	var uploads int
	for _, r := range o.Requests() {
		if strings.HasPrefix(r.Path, "/upload/") {
			uploads++
			if r.Status != http.StatusOK {
				t.Errorf("upload %s answered %d", r.Path, r.Status)
			}
		}
	}
	if uploads != 2 {
		t.Errorf("uploads = %d, want 2", uploads)
	}
}

func TestAccessTokenSkipsSignIn(t *testing.T) {
	o := newOrg(t)
	c, err := Connect(Credentials{BaseURL: o.URL, AccessToken: fakeapi.Token}, Options{Timing: fastTiming})
	if err != nil {
		t.Fatal(err)
	}
	res, recompile := compileSource(t, defaultSource(t))

	if _, err := c.Plan(res, recompile); err != nil {
		t.Fatalf("Plan: %v", err)
	}
	for _, r := range o.Requests() {
		if r.Path == "/oauth/token" {
			t.Errorf("access token sign-in requested a token")
		}
	}
}

func TestWrongSecretFailsWithoutShowingIt(t *testing.T) {
	o := newOrg(t)
	_, err := Connect(Credentials{BaseURL: o.URL, ClientID: o.ClientID, ClientSecret: "wrong-secret-value"}, Options{Timing: fastTiming})

	if err == nil {
		t.Fatal("Connect with a wrong secret succeeded")
	}
	if strings.Contains(err.Error(), "wrong-secret-value") {
		t.Errorf("error shows the secret: %v", err)
	}
}

func TestConfigurationIgnoresHomeConfigFile(t *testing.T) {
	home := t.TempDir()
	dir := filepath.Join(home, ".genesyscloudgo")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	config := "[general]\nhost = http://127.0.0.1:1\nlive_reload_config = true\n[logging]\nlog_level = trace\n"
	if err := os.WriteFile(filepath.Join(dir, "config"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	o := newOrg(t)
	before := settledGoroutines(0)

	c, _ := connect(t, o, Options{})
	res, recompile := compileSource(t, defaultSource(t))
	if _, err := c.Plan(res, recompile); err != nil {
		t.Fatalf("Plan: %v", err)
	}

	if c.BaseURL() != o.URL {
		t.Errorf("base URL = %q, want %q: the home config file was read", c.BaseURL(), o.URL)
	}
	if after := settledGoroutines(before); after > before {
		t.Errorf("goroutines grew from %d to %d: a watcher or refresh goroutine is left", before, after)
	}
}

// findActionName is the data action that changing pageSize updates.
const findActionName = "Get Waiting Calls in Holding Queue by External Tag"

// publishThenChangePageSize publishes the default parameter file, then
// compiles it again with a pageSize that updates the find data action.
func publishThenChangePageSize(t *testing.T, c *Client) (*compiler.Result, Recompile) {
	t.Helper()
	src := defaultSource(t)
	res, recompile := compileSource(t, src)
	publishAll(t, c, res, recompile)
	return compileSource(t, []byte(strings.Replace(string(src), "pageSize: 25", "pageSize: 40", 1)))
}

// countRequests counts the logged requests with method whose path ends
// with suffix, and those of them answered with status.
func countRequests(o *org, method, suffix string, status int) (all, withStatus int) {
	for _, r := range o.Requests() {
		if r.Method != method || !strings.HasSuffix(r.Path, suffix) {
			continue
		}
		all++
		if r.Status == status {
			withStatus++
		}
	}
	return all, withStatus
}

func TestPublishRereadsDraftEditedConcurrently(t *testing.T) {
	for _, tc := range []struct {
		name, bumpAfter, conflictOn, conflictSuffix string
	}{
		{"between read and PATCH", http.MethodPost, http.MethodPatch, "/draft"},
		{"between PATCH and publish", http.MethodPatch, http.MethodPost, "/draft/publish"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := newOrg(t)
			var log strings.Builder
			c, _ := connect(t, o, Options{Log: &log})
			res, recompile := publishThenChangePageSize(t, c)
			versionBefore := o.ActionVersion(findActionName)
			o.ResetLog()

			// The first publish removed the draft, so the first read is the
			// POST that creates it.
			o.BumpDraftAfter(findActionName, tc.bumpAfter, 1)
			plan := publishAll(t, c, res, recompile)

			if _, conflicts := countRequests(o, tc.conflictOn, tc.conflictSuffix, http.StatusConflict); conflicts != 1 {
				t.Errorf("409 responses to %s ...%s = %d, want 1", tc.conflictOn, tc.conflictSuffix, conflicts)
			}
			// The first attempt's GET finds no draft (404). The re-read after
			// the conflict finds the edited one.
			if _, rereads := countRequests(o, http.MethodGet, "/draft", http.StatusOK); rereads != 1 {
				t.Errorf("GET draft requests answered 200 = %d, want 1 re-read after the conflict", rereads)
			}
			if _, published := countRequests(o, http.MethodPost, "/draft/publish", http.StatusOK); published != 1 {
				t.Errorf("successful draft publishes = %d, want 1", published)
			}
			if got := o.ActionVersion(findActionName); got != versionBefore+1 {
				t.Errorf("published version = %d, want %d", got, versionBefore+1)
			}
			if !strings.Contains(log.String(), "reading the draft again") {
				t.Errorf("log does not report the re-read:\n%s", log.String())
			}
			for _, s := range plan.Steps {
				if s.Status != Done {
					t.Errorf("step %s %q status = %q, want done", s.Kind, s.Name, s.Status)
				}
			}

			again, err := c.Plan(res, recompile)
			if err != nil {
				t.Fatal(err)
			}
			if got := countChange(again, Unchanged); got != len(again.Steps) {
				t.Errorf("after the retried update, unchanged = %d of %d: %q", got, len(again.Steps), changes(again))
			}
		})
	}
}

func TestPublishStopsWhenDraftKeepsChanging(t *testing.T) {
	o := newOrg(t)
	c, _ := connect(t, o, Options{})
	res, recompile := publishThenChangePageSize(t, c)
	versionBefore := o.ActionVersion(findActionName)
	o.ResetLog()

	// Every read of the draft, the POST that creates it and each GET after
	// a conflict, is followed by an edit.
	o.BumpDraftAfter(findActionName, http.MethodPost, 100)
	o.BumpDraftAfter(findActionName, http.MethodGet, 100)
	plan, err := c.Plan(res, recompile)
	if err != nil {
		t.Fatal(err)
	}
	err = c.Apply(plan)

	if err == nil {
		t.Fatal("Apply succeeded, want a failure after the bounded retries")
	}
	wantAttempts := versionRetries + 1
	for _, want := range []string{
		findActionName,
		fmt.Sprintf("failed after %d attempts", wantAttempts),
		"draft version changed",
		"run publish again",
		"HTTP 409",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
	patches, conflicts := countRequests(o, http.MethodPatch, "/draft", http.StatusConflict)
	if patches != wantAttempts {
		t.Errorf("PATCH draft requests = %d, want %d", patches, wantAttempts)
	}
	if conflicts != wantAttempts {
		t.Errorf("PATCH draft 409 responses = %d, want %d", conflicts, wantAttempts)
	}
	if publishes, _ := countRequests(o, http.MethodPost, "/draft/publish", 0); publishes != 0 {
		t.Errorf("draft publish requests = %d, want 0", publishes)
	}
	if got := o.ActionVersion(findActionName); got != versionBefore {
		t.Errorf("published version = %d, want it unchanged at %d", got, versionBefore)
	}

	var failed *Step
	for _, s := range plan.Steps {
		if s.Status == Failed {
			failed = s
		}
	}
	if failed == nil || failed.Name != findActionName {
		t.Fatalf("failed step = %+v, want the data action %q", failed, findActionName)
	}
	last := plan.Steps[len(plan.Steps)-1]
	if last.Status != Skipped {
		t.Errorf("queue step status = %q, want skipped", last.Status)
	}
}

func TestPublishFlowJobTimesOut(t *testing.T) {
	o := newOrg(t)
	timing := fastTiming
	timing.PollTimeout = 200 * time.Millisecond
	c, waits := connect(t, o, Options{Timing: timing})
	res, recompile := compileSource(t, defaultSource(t))
	plan, err := c.Plan(res, recompile)
	if err != nil {
		t.Fatal(err)
	}
	o.SetJobTime(time.Hour)
	o.ResetLog()

	err = c.Apply(plan)

	if err == nil {
		t.Fatal("Apply succeeded, want the flow job to time out")
	}
	var jobID string
	var polls int
	for _, r := range o.Requests() {
		if r.Method == http.MethodGet && strings.HasPrefix(r.Path, "/api/v2/flows/jobs/") {
			jobID = strings.TrimPrefix(r.Path, "/api/v2/flows/jobs/")
			polls++
		}
	}
	if jobID == "" {
		t.Fatal("the job was never polled")
	}
	var flowStep *Step
	for _, s := range plan.Steps {
		if s.Status == Failed {
			flowStep = s
		}
	}
	if flowStep == nil || flowStep.Kind != KindFlow {
		t.Fatalf("failed step = %+v, want a flow", flowStep)
	}
	for _, want := range []string{jobID, fmt.Sprintf("%q", flowStep.Name), "timed out after 200ms", `status "Started"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}

	var total, longest time.Duration
	for _, w := range *waits {
		total += w
		longest = max(longest, w)
	}
	if total > timing.PollTimeout {
		t.Errorf("poll waits add up to %s, want at most the %s timeout (waits %v)", total, timing.PollTimeout, *waits)
	}
	if longest != timing.PollMax {
		t.Errorf("longest poll wait = %s, want the waits to grow to PollMax %s (waits %v)", longest, timing.PollMax, *waits)
	}
	if polls < 5 {
		t.Errorf("polls = %d, want polling until the timeout", polls)
	}
}

// closedPortURL returns an http URL on 127.0.0.1 whose port refuses
// connections.
func closedPortURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return "http://" + addr
}

func TestPublishUnreachableOrgMessages(t *testing.T) {
	base := closedPortURL(t)
	var log strings.Builder
	_, err := Connect(Credentials{BaseURL: base, ClientID: "id", ClientSecret: "secret"}, Options{Timing: fastTiming, Log: &log})

	if err == nil {
		t.Fatal("Connect to a closed port succeeded")
	}
	tokenURL := base + "/oauth/token"
	msg := err.Error()
	if got := strings.Count(msg, tokenURL); got != 1 {
		t.Errorf("error names %s %d times, want once: %s", tokenURL, got, msg)
	}
	for _, want := range []string{"signing in with OAuth client id", "POST " + tokenURL + " failed after 6 attempts", "connection refused"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not contain %q", msg, want)
		}
	}
	if strings.Contains(msg, "giving up") || strings.Contains(msg, "attempt(s)") {
		t.Errorf("error repeats the SDK's own attempt count: %s", msg)
	}

	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	if len(lines) != 5 {
		t.Fatalf("log has %d lines, want 5 retries:\n%s", len(lines), log.String())
	}
	for i, line := range lines {
		want := fmt.Sprintf("POST %s failed (attempt %d of 6), retrying in ", tokenURL, i+1)
		if !strings.HasPrefix(line, want) {
			t.Errorf("log line %d = %q, want prefix %q", i+1, line, want)
		}
		if got := strings.Count(line, tokenURL); got != 1 {
			t.Errorf("log line %d names the URL %d times, want once: %s", i+1, got, line)
		}
		if strings.Contains(line, "giving up") || !strings.HasSuffix(line, "connection refused") {
			t.Errorf("log line %d = %q, want only the network error after the retry", i+1, line)
		}
	}
}

func TestPublishUploadErrorHidesSignature(t *testing.T) {
	o := newOrg(t)
	c, err := Connect(Credentials{BaseURL: o.URL, AccessToken: fakeapi.Token}, Options{Timing: fastTiming})
	if err != nil {
		t.Fatal(err)
	}
	target := closedPortURL(t) + "/upload/job-1"

	err = c.upload(target+"?X-Amz-Signature=signature-value", nil, []byte("inboundCall: {}\n"))

	if err == nil {
		t.Fatal("upload to a closed port succeeded")
	}
	if strings.Contains(err.Error(), "signature-value") {
		t.Errorf("error shows the presigned URL's signature: %v", err)
	}
	if got := strings.Count(err.Error(), target); got != 1 {
		t.Errorf("error names %s %d times, want once: %v", target, got, err)
	}
}
