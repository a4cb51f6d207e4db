// Package publish publishes a compiled call-park solution to a Genesys Cloud
// org through platform-client-sdk-go. It resolves the objects the solution
// refers to and plans what to create or update. Then it applies the plan in
// dependency order: data actions, flows, then the holding queue's in-queue
// flow. It never deletes anything. A re-run with nothing changed sends only
// GET requests, plus the OAuth token request (POST /oauth/token) when it
// signs in with a client id and secret.
package publish

import (
	"io"
	"net/http"
	"time"

	"github.com/callpark/callpark/compiler"
)

// Options change how Connect, Plan and Apply behave. The zero value is ready
// to use.
type Options struct {
	// ForceUnlock unlocks a flow that someone has open in Architect before
	// publishing over it. Without it a locked flow that needs an update is
	// a plan error.
	ForceUnlock bool
	// Log receives one line per retried request and per applied step. Nil
	// discards them.
	Log io.Writer
	// Timing holds waits and limits. Zero fields take the defaults listed
	// on Timing.
	Timing Timing
	// HTTPClient uploads flow YAML to the URL the Architect jobs API
	// returns. Nil means a client with a 60-second timeout.
	HTTPClient *http.Client
}

// Timing holds the waits and limits of retries and polling. Each zero field
// takes the default in brackets.
type Timing struct {
	// RetryMax is the number of retries of one request after a 429, a 5xx
	// or a network error [5].
	RetryMax int
	// RetryWait is the first wait after a 5xx or a network error; it
	// doubles on each retry up to RetryWaitMax [1s, 30s].
	RetryWait    time.Duration
	RetryWaitMax time.Duration
	// RetryAfterUnit is how long one second of a Retry-After header lasts
	// [1s]. Tests shrink it.
	RetryAfterUnit time.Duration
	// RetryBudget bounds the total wait of one request's retries [3m].
	RetryBudget time.Duration
	// PollFirst is the first wait before polling a flow job again; the wait
	// grows by half on each poll up to PollMax [100ms, 500ms]. PollTimeout
	// bounds the sum of the waits for one job [10m].
	PollFirst   time.Duration
	PollMax     time.Duration
	PollTimeout time.Duration
	// QueueWait is how long to keep searching for a holding queue by name,
	// because the queue list can lag behind a queue created moments ago
	// [20s].
	QueueWait time.Duration
}

// withDefaults returns t with every zero field set to its default.
func (t Timing) withDefaults() Timing {
	setInt := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	set := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	setInt(&t.RetryMax, 5)
	set(&t.RetryWait, time.Second)
	set(&t.RetryWaitMax, 30*time.Second)
	set(&t.RetryAfterUnit, time.Second)
	set(&t.RetryBudget, 3*time.Minute)
	set(&t.PollFirst, 100*time.Millisecond)
	set(&t.PollMax, 500*time.Millisecond)
	set(&t.PollTimeout, 10*time.Minute)
	set(&t.QueueWait, 20*time.Second)
	return t
}

// Recompile compiles the parameter file again with holdingQueue.id set to
// queueID. Plan calls it when the parameter file names the holding queue
// only by name, because the flows must carry the queue's id.
type Recompile func(queueID string) (*compiler.Result, error)
