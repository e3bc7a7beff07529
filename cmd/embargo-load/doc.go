// Command embargo-load measures the throughput and latency of a running
// `embargo serve`: N concurrent clients send GET /api/v1/screen with names
// from a query file, for a bounded time and number of requests, and it
// reports requests per second and the latency percentiles. Given several
// comma-separated URLs (replicas on one database), it spreads the clients
// over them round-robin.
//
//	embargo-load [-url http://127.0.0.1:8080] [-clients 8] [-duration 10s]
//	             [-requests N] [-queries evaluation/testdata/dev-queries.csv]
//
// It only talks to loopback addresses: it is a benchmark for the machine
// the server runs on, not a tool to load someone else's server.
package main
