package publish

import (
	"testing"
	"time"
)

// BenchmarkPublish publishes the default parameter file to a fake org that
// adds 50 ms to every request, with the default polling and retry timing.
// Each Architect job runs for 1 s plus 170 ms times (iteration mod 5). It
// reports the requests and wall time of a first publish and of a re-publish
// with nothing changed. max-notice-ms is the largest delay between a job
// finishing in the fake and the first poll that reports it.
func BenchmarkPublish(b *testing.B) {
	const latency = 50 * time.Millisecond
	res, recompile := compileSource(b, defaultSource(b))
	var firstCalls, againCalls int
	var firstTime, againTime, notice time.Duration

	iteration := 0
	for b.Loop() {
		o := newOrg(b)
		o.SetLatency(latency)
		o.SetJobTime(time.Second + time.Duration(iteration%5)*170*time.Millisecond)
		iteration++
		c, err := Connect(Credentials{BaseURL: o.URL, ClientID: o.ClientID, ClientSecret: o.ClientSecret}, Options{})
		if err != nil {
			b.Fatal(err)
		}
		o.ResetLog()

		start := time.Now()
		publishAll(b, c, res, recompile)
		firstTime += time.Since(start)
		firstCalls += len(o.Requests())

		o.ResetLog()
		start = time.Now()
		publishAll(b, c, res, recompile)
		againTime += time.Since(start)
		againCalls += len(o.Requests())
		if w := o.Writes(); len(w) != 0 {
			b.Fatalf("re-publish wrote: %v", w)
		}

		for _, d := range o.NoticeDelays() {
			notice = max(notice, d)
		}
	}

	n := float64(b.N)
	b.ReportMetric(float64(firstCalls)/n, "first-calls")
	b.ReportMetric(firstTime.Seconds()/n, "first-s")
	b.ReportMetric(float64(againCalls)/n, "again-calls")
	b.ReportMetric(againTime.Seconds()/n, "again-s")
	b.ReportMetric(float64(notice.Milliseconds()), "max-notice-ms")
}
