package http_test

import (
	"context"
	"fmt"
	"io"
	"net"
	nethttp "net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	embhttp "github.com/embargo-dev/embargo/http"
)

// TestSoakScanAbuse is the soak test of issue 15 (finding 4): while six
// anonymous clients, each from its own loopback address, post 1 MiB texts
// dense in listed names ("Payment to Oleg Deripaska for services." over
// and over: the costliest text per byte) to POST /api/v1/scan at the
// anonymous limits (their 429s are expected), a keyed client screening
// every 10 ms keeps a p99 under 10 ms. Before the anonymous scan lane it
// was 27-471 ms.
//
// The bound must hold over one window of 8 s out of three: the other
// processes of a shared machine show up as single slow windows, which
// say nothing about the server. Each window's figures are logged.
func TestSoakScanAbuse(t *testing.T) {
	if testing.Short() {
		t.Skip("soak test (10 to 30 s)")
	}
	ts := MustOpenServer(t, func(s *embhttp.Server) {
		d := embhttp.NewServer().Config // the shipped limits
		s.Config.AnonRate, s.Config.AnonBurst = d.AnonRate, d.AnonBurst
		s.Config.AnonScanBytesRate, s.Config.AnonScanBytesBurst = d.AnonScanBytesRate, d.AnonScanBytesBurst
	})
	key := ts.MustCreateKey(t, embargo.RoleAnalyst)
	text := strings.Repeat("Payment to Oleg Deripaska for services. ", (1<<20)/40)

	keyed := &nethttp.Client{Transport: &nethttp.Transport{MaxIdleConnsPerHost: 4}}
	do := func(req *nethttp.Request) (time.Duration, int) {
		req.Header.Set(key[0], key[1])
		start := time.Now()
		resp, err := keyed.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return time.Since(start), resp.StatusCode
	}
	screen := func() (time.Duration, int) {
		req, _ := nethttp.NewRequest("GET", ts.URL()+"/api/v1/screen?name=Oleg+Deripaska", nil)
		return do(req)
	}
	for range 50 { // warm-up: connections, caches
		screen()
	}
	// The scanner is built on the first scan: a server that has scanned.
	req, _ := nethttp.NewRequest("POST", ts.URL()+"/api/v1/scan", strings.NewReader("Oleg Deripaska"))
	if _, status := do(req); status != 200 {
		t.Fatalf("warm-up scan: status %d", status)
	}

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel() // before the wait
	var mu sync.Mutex
	statuses := map[string]int{}
	count := func(what string) {
		mu.Lock()
		statuses[what]++
		mu.Unlock()
	}
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
					// The server refused before reading the whole text, and
					// closed the connection under it.
					count("refused mid-upload")
				} else {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					count(fmt.Sprint(resp.StatusCode))
					if resp.StatusCode == 200 {
						continue
					}
				}
				// At the limit: come back sooner than Retry-After says (in
				// whole seconds), as an impatient client.
				select {
				case <-ctx.Done():
				case <-time.After(500 * time.Millisecond):
				}
			}
		}()
	}

	time.Sleep(time.Second) // the abusers start
	var p99s []time.Duration
	for round := range 3 {
		var lat []time.Duration
		tick := time.NewTicker(10 * time.Millisecond)
		for end := time.Now().Add(8 * time.Second); time.Now().Before(end); {
			<-tick.C
			d, status := screen()
			if status != 200 {
				t.Fatalf("keyed screen: status %d", status)
			}
			lat = append(lat, d)
		}
		tick.Stop()
		slices.Sort(lat)
		p := func(q float64) time.Duration { return lat[int(q*float64(len(lat)-1))] }
		mu.Lock()
		t.Logf("window %d: keyed screens: %d, p50 %v, p99 %v, max %v; anonymous scans so far: %v", round+1, len(lat), p(0.5), p(0.99), lat[len(lat)-1], statuses)
		served := statuses["200"]
		mu.Unlock()
		p99s = append(p99s, p(0.99))
		if p(0.99) < 10*time.Millisecond && served > 0 {
			return
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if statuses["200"] == 0 {
		t.Fatalf("no anonymous scan was served: %v", statuses)
	}
	t.Fatalf("keyed screening p99 %v in three windows of anonymous scanning, want under 10 ms in one", p99s)
}
