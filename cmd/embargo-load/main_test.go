package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path != "/api/v1/screen" || r.URL.Query().Get("name") == "" || r.Header.Get("Authorization") != "Bearer k" {
			http.Error(w, "bad request", 400)
			return
		}
		w.Header().Set("Content-Length", "2")
		w.Write([]byte("{}"))
	}))
	defer srv.Close()
	rep, err := Run(context.Background(), Options{URL: srv.URL, Clients: 3, Duration: 300 * time.Millisecond, Warmup: 50 * time.Millisecond,
		Names: []string{"Oleg Deripaska", "Ünïcode & co"}, Key: "k"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Errors != 0 || rep.Requests == 0 || rep.PerSecond <= 0 || rep.P50 <= 0 || rep.P99 < rep.P50 || rep.Bytes != int64(2*rep.Requests) {
		t.Fatalf("report %+v", rep)
	}
	if hits.Load() < int64(rep.Requests) {
		t.Fatalf("%d hits for %d requests", hits.Load(), rep.Requests)
	}

	t.Run("RequestLimit", func(t *testing.T) {
		rep, err := Run(context.Background(), Options{URL: srv.URL, Clients: 2, Duration: 10 * time.Second, Requests: 50, Names: []string{"x"}, Key: "k"})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Requests > 50 || rep.Elapsed > 5*time.Second {
			t.Fatalf("report %+v, want at most 50 requests, stopped early", rep)
		}
	})
	t.Run("Rate", func(t *testing.T) {
		// 400 requests/s for 500 ms: about 200, not as many as answered.
		rep, err := Run(context.Background(), Options{URL: srv.URL, Clients: 4, Rate: 400, Duration: 500 * time.Millisecond,
			Warmup: 50 * time.Millisecond, Names: []string{"x"}, Key: "k"})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Errors != 0 || rep.Requests < 150 || rep.Requests > 220 || rep.Rate != 400 {
			t.Fatalf("report %+v, want about 200 requests", rep)
		}
	})
	t.Run("RateLate", func(t *testing.T) {
		// A server slower than the schedule: each request counts its
		// wait from when it was due, so latencies grow past the service
		// time instead of hiding the backlog.
		slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(20 * time.Millisecond)
			w.Header().Set("Content-Length", "2")
			w.Write([]byte("{}"))
		}))
		defer slow.Close()
		rep, err := Run(context.Background(), Options{URL: slow.URL, Clients: 1, Rate: 200, Duration: 400 * time.Millisecond,
			Warmup: time.Millisecond, Names: []string{"x"}})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Requests == 0 || rep.Max < 100*time.Millisecond {
			t.Fatalf("report %+v, want the backlog in the latencies", rep)
		}
	})
	t.Run("SeveralURLs", func(t *testing.T) {
		var hits2 atomic.Int64
		srv2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hits2.Add(1)
			w.Header().Set("Content-Length", "2")
			w.Write([]byte("{}"))
		}))
		defer srv2.Close()
		before := hits.Load()
		rep, err := Run(context.Background(), Options{URL: srv.URL + ", " + srv2.URL + "/", Clients: 4, Duration: 200 * time.Millisecond,
			Warmup: 10 * time.Millisecond, Names: []string{"x"}, Key: "k"})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Errors != 0 || rep.URL != srv.URL+","+srv2.URL {
			t.Fatalf("report %+v", rep)
		}
		if a, b := hits.Load()-before, hits2.Load(); a == 0 || b == 0 || a+b < int64(rep.Requests) {
			t.Fatalf("hits %d and %d for %d requests, want both servers loaded", a, b, rep.Requests)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		rep, err := Run(context.Background(), Options{URL: srv.URL, Clients: 1, Duration: 100 * time.Millisecond, Names: []string{"x"}})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Errors == 0 || !strings.Contains(rep.FirstError, "status 400") {
			t.Fatalf("report %+v, want errors", rep)
		}
	})
}

func TestRun_Bounds(t *testing.T) {
	for _, o := range []Options{
		{URL: "http://192.0.2.1:8080", Clients: 1, Duration: time.Second, Names: []string{"x"}},
		{URL: "http://127.0.0.1:1,http://192.0.2.1:8080", Clients: 1, Duration: time.Second, Names: []string{"x"}},
		{URL: "http://127.0.0.1:1,", Clients: 1, Duration: time.Second, Names: []string{"x"}},
		{URL: "http://127.0.0.1:1", Clients: 0, Duration: time.Second, Names: []string{"x"}},
		{URL: "http://127.0.0.1:1", Clients: 1, Duration: time.Hour, Names: []string{"x"}},
		{URL: "https://127.0.0.1:1", Clients: 1, Duration: time.Second, Names: []string{"x"}},
		{URL: "http://127.0.0.1:1", Clients: 1, Duration: time.Second},
	} {
		if _, err := Run(context.Background(), o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}

func TestReadNames(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "q.csv")
	os.WriteFile(csvPath, []byte("id,name,type\nq1,\"DERIPASKA, Oleg\",person\nq2,Rusal,\n"), 0o644)
	names, err := readNames(csvPath)
	if err != nil || len(names) != 2 || names[0] != "DERIPASKA, Oleg" {
		t.Fatalf("csv: %q, %v", names, err)
	}
	txt := filepath.Join(dir, "q.txt")
	os.WriteFile(txt, []byte("Oleg Deripaska\n\nRusal\n"), 0o644)
	if names, err := readNames(txt); err != nil || len(names) != 2 {
		t.Fatalf("txt: %q, %v", names, err)
	}
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"-queries", filepath.Join(dir, "nope")}, &out, &errOut); code != 1 {
		t.Fatalf("missing file: exit %d", code)
	}
}
