// Package fetch downloads the official lists from their publishers: with
// conditional requests (ETag, Last-Modified), size limits, timeouts, retries
// with backoff and checksums where the publisher gives one. A download is
// complete or it is nothing: files land in a fresh directory that the caller
// imports only when every file of the source arrived whole and changed.
package fetch
