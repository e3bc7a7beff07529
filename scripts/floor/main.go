// Command floor is the load test's reference server: net/http answering
// GET /api/v1/screen with a fixed 600-byte JSON body, and nothing else to
// do. Measured by embargo-load beside the real server, it shows what the
// machine allows at that moment: on a virtual machine whose speed drifts,
// a p99 that even this server cannot reach is the machine's, not embargo's.
//
//	go run ./scripts/floor -addr 127.0.0.1:18098
package main

import (
	"flag"
	"log"
	"net/http"
	"strings"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18098", "address to listen on")
	flag.Parse()
	body := []byte(`{"query":{"name":"x"},"matches":[],"pad":"` + strings.Repeat("x", 560) + `"}`)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("GET /api/v1/screen", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	})
	log.Fatal(http.ListenAndServe(*addr, mux))
}
