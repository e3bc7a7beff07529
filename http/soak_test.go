package http_test

import (
	"context"
	"io"
	"net"
	nethttp "net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	embhttp "github.com/embargo-dev/embargo/http"
)

// TestSoakScanAbuse is the soak test of issue 15 (finding 4): while six
// anonymous clients, each from its own loopback address, post 1 MiB texts
// to POST /api/v1/scan at the anonymous limit (their 429s are expected),
// a keyed client screening at a steady rate keeps a p99 under 10 ms.
func TestSoakScanAbuse(t *testing.T) {
	if testing.Short() {
		t.Skip("soak test (about 15 s)")
	}
	ts := MustOpenServer(t, func(s *embhttp.Server) {
		d := embhttp.NewServer().Config // the shipped limits
		s.Config.AnonRate, s.Config.AnonBurst = d.AnonRate, d.AnonBurst
		s.Config.AnonScanBytesRate, s.Config.AnonScanBytesBurst = d.AnonScanBytesRate, d.AnonScanBytesBurst
	})
	key := ts.MustCreateKey(t, embargo.RoleAnalyst)
	text := strings.Repeat("Payment to Oleg Deripaska for services. ", (1<<20)/40)

	keyed := &nethttp.Client{Transport: &nethttp.Transport{MaxIdleConnsPerHost: 4}}
	screen := func() (time.Duration, int) {
		req, _ := nethttp.NewRequest("GET", ts.URL()+"/api/v1/screen?name=Oleg+Deripaska", nil)
		req.Header.Set(key[0], key[1])
		start := time.Now()
		resp, err := keyed.Do(req)
		if err != nil {
			t.Error(err)
			return 0, 0
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return time.Since(start), resp.StatusCode
	}
	for range 50 { // warm-up: connections, caches
		screen()
	}

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	for i := range 6 {
		// Each anonymous client dials from its own address (127.0.0.2...),
		// so each has the anonymous budget.
		local := &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(2+i))}
		c := &nethttp.Client{Transport: &nethttp.Transport{DialContext: (&net.Dialer{LocalAddr: local}).DialContext}}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				req, _ := nethttp.NewRequestWithContext(ctx, "POST", ts.URL()+"/api/v1/scan", strings.NewReader(text))
				resp, err := c.Do(req)
				if err != nil {
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mu.Lock()
				statuses[resp.StatusCode]++
				mu.Unlock()
				if resp.StatusCode == nethttp.StatusTooManyRequests {
					// At the limit: wait as told (Retry-After is in whole
					// seconds; come back sooner, as an impatient client).
					select {
					case <-ctx.Done():
					case <-time.After(500 * time.Millisecond):
					}
				}
			}
		}()
	}

	time.Sleep(time.Second) // the abusers start
	var lat []time.Duration
	tick := time.NewTicker(10 * time.Millisecond)
	for end := time.Now().Add(12 * time.Second); time.Now().Before(end); {
		<-tick.C
		d, status := screen()
		if status != 200 {
			t.Fatalf("keyed screen: status %d", status)
		}
		lat = append(lat, d)
	}
	tick.Stop()
	cancel()
	wg.Wait()

	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	p := func(q float64) time.Duration { return lat[int(q*float64(len(lat)-1))] }
	t.Logf("keyed screens: %d, p50 %v, p99 %v, max %v; anonymous scans by status: %v", len(lat), p(0.5), p(0.99), lat[len(lat)-1], statuses)
	if statuses[200] == 0 {
		t.Fatalf("no anonymous scan was served: %v", statuses)
	}
	if p(0.99) >= 10*time.Millisecond {
		t.Fatalf("keyed screening p99 %v under anonymous scanning, want under 10 ms", p(0.99))
	}
}
