package fetch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/clock"
)

// Fetcher downloads sources' files.
type Fetcher struct {
	Client *http.Client
	// MaxBytes bounds each file (0: 512 MiB).
	MaxBytes int64
	// Attempts is how often a file is tried (0: 4).
	Attempts int
	// Backoff is the wait before the second attempt; it doubles after each.
	Backoff   time.Duration
	UserAgent string
	Logger    *slog.Logger
	Now       func() time.Time
	// sleep waits between attempts; tests shorten it.
	Sleep func(ctx context.Context, d time.Duration) error
}

// NewFetcher returns a fetcher with production settings.
func NewFetcher() *Fetcher {
	return &Fetcher{
		Client:    &http.Client{Timeout: 5 * time.Minute},
		MaxBytes:  512 << 20,
		Attempts:  4,
		Backoff:   2 * time.Second,
		UserAgent: "embargo (+sanctions list engine)",
		Logger:    slog.Default(),
		Now:       time.Now,
	}
}

// Download is the outcome of fetching one source.
type Download struct {
	Source string
	// Dir holds the downloaded files when Changed.
	Dir string
	// Changed is false when the publisher said nothing changed (every file
	// answered 304 Not Modified or had the same checksum as last time).
	Changed bool
	// States are the new download states, to save once Dir is imported.
	States []embargo.FetchState
	// Missing lists optional files the publisher did not have.
	Missing []string
}

// ErrFetch wraps every download failure.
var ErrFetch = errors.New("download failed")

// Fetch downloads every file of src into a new directory under dir. With
// prior states it asks conditionally; when every file is unchanged it
// returns a Download with Changed false and no files. When some file
// changed, files the publisher reported unchanged are fetched again in full,
// so Dir always holds a complete set.
func (f *Fetcher) Fetch(ctx context.Context, src Source, dir string, prior map[string]embargo.FetchState) (*Download, error) {
	if err := src.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFetch, err)
	}
	out, err := os.MkdirTemp(dir, src.Name+"-")
	if err != nil {
		return nil, err
	}
	d := &Download{Source: src.Name, Dir: out}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(out)
		}
	}()
	type got struct {
		file        File
		notModified bool
		state       embargo.FetchState
	}
	var files []got
	anyChanged := false
	for _, file := range src.Files {
		st, isPrior := prior[file.URL]
		var cond *embargo.FetchState
		if isPrior {
			cond = &st
		}
		res, err := f.fetchFile(ctx, file, filepath.Join(out, file.Name), cond)
		if err != nil {
			return nil, fmt.Errorf("%w: %s %s: %v", ErrFetch, src.Name, file.Name, err)
		}
		if res == nil { // optional and missing
			d.Missing = append(d.Missing, file.Name)
			continue
		}
		g := got{file: file, notModified: res.notModified, state: res.state}
		if !res.notModified && (!isPrior || res.state.SHA256 != st.SHA256) {
			anyChanged = true
		}
		files = append(files, g)
	}
	if !anyChanged {
		for _, g := range files {
			d.States = append(d.States, g.state)
		}
		os.RemoveAll(out)
		d.Dir, ok = "", true
		return d, nil
	}
	// Something changed: every file must be on disk.
	for i, g := range files {
		if g.notModified {
			res, err := f.fetchFile(ctx, g.file, filepath.Join(out, g.file.Name), nil)
			if err != nil || res == nil {
				return nil, fmt.Errorf("%w: %s %s: %v", ErrFetch, src.Name, g.file.Name, err)
			}
			files[i].state = res.state
		}
		d.States = append(d.States, files[i].state)
	}
	d.Changed, ok = true, true
	return d, nil
}

type fileResult struct {
	notModified bool
	state       embargo.FetchState
}

// fetchFile downloads one file to path, retrying what may pass. It returns
// nil, nil for a missing optional file.
func (f *Fetcher) fetchFile(ctx context.Context, file File, path string, prior *embargo.FetchState) (*fileResult, error) {
	attempts := f.Attempts
	if attempts <= 0 {
		attempts = 4
	}
	backoff := f.Backoff
	var lastErr error
	for attempt := 1; attempt <= attempts; attempt++ {
		if attempt > 1 {
			f.logger().Warn("download retry", "url", file.URL, "attempt", attempt, "wait", backoff, "err", lastErr)
			if err := f.sleep(ctx, backoff); err != nil {
				return nil, err
			}
			backoff *= 2
		}
		res, err := f.try(ctx, file, path, prior)
		if err == nil {
			return res, nil
		}
		var perm *permanentError
		if errors.As(err, &perm) || ctx.Err() != nil {
			return nil, err
		}
		lastErr = err
	}
	return nil, fmt.Errorf("after %d attempts: %w", attempts, lastErr)
}

// permanentError is a failure that retrying will not mend.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }

func (f *Fetcher) try(ctx context.Context, file File, path string, prior *embargo.FetchState) (*fileResult, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, file.URL, nil)
	if err != nil {
		return nil, &permanentError{err}
	}
	if f.UserAgent != "" {
		req.Header.Set("User-Agent", f.UserAgent)
	}
	if prior != nil {
		if prior.ETag != "" {
			req.Header.Set("If-None-Match", prior.ETag)
		}
		if prior.LastModified != "" {
			req.Header.Set("If-Modified-Since", prior.LastModified)
		}
	}
	resp, err := f.client().Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified && prior != nil:
		st := *prior
		st.FetchedAt = f.now()
		return &fileResult{notModified: true, state: st}, nil
	case resp.StatusCode == http.StatusNotFound && file.Optional:
		return nil, nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return nil, fmt.Errorf("HTTP %s", resp.Status)
	case resp.StatusCode != http.StatusOK:
		return nil, &permanentError{fmt.Errorf("HTTP %s", resp.Status)}
	}
	max := f.MaxBytes
	if max <= 0 {
		max = 512 << 20
	}
	if resp.ContentLength > max {
		return nil, &permanentError{fmt.Errorf("file is %d bytes, over the %d-byte limit", resp.ContentLength, max)}
	}
	tmp := path + ".part"
	out, err := os.Create(tmp)
	if err != nil {
		return nil, &permanentError{err}
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), io.LimitReader(resp.Body, max+1))
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		os.Remove(tmp)
		return nil, fmt.Errorf("truncated: got %d of %d bytes", n, resp.ContentLength)
	} else if err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("read body: %w", err)
	}
	if n > max {
		os.Remove(tmp)
		return nil, &permanentError{fmt.Errorf("file is over the %d-byte limit", max)}
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		os.Remove(tmp)
		return nil, fmt.Errorf("truncated: got %d of %d bytes", n, resp.ContentLength)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if file.SHA256 != "" {
		want, err := f.checksum(ctx, file.SHA256)
		if err != nil {
			os.Remove(tmp)
			return nil, fmt.Errorf("checksum: %w", err)
		}
		if !strings.EqualFold(want, sum) {
			os.Remove(tmp)
			return nil, fmt.Errorf("checksum mismatch: got sha256 %s, publisher says %s", sum, want)
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return nil, &permanentError{err}
	}
	return &fileResult{state: embargo.FetchState{
		URL:          file.URL,
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		SHA256:       sum,
		FetchedAt:    f.now(),
	}}, nil
}

// checksum fetches a published SHA-256: the first hex word of the body.
func (f *Fetcher) checksum(ctx context.Context, url string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", err
	}
	resp, err := f.client().Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("HTTP %s", resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if err != nil {
		return "", err
	}
	fields := strings.Fields(string(bytes.TrimSpace(body)))
	if len(fields) == 0 || len(fields[0]) != 64 {
		return "", fmt.Errorf("no SHA-256 in %s", url)
	}
	return fields[0], nil
}

func (f *Fetcher) client() *http.Client {
	if f.Client != nil {
		return f.Client
	}
	return http.DefaultClient
}

func (f *Fetcher) logger() *slog.Logger {
	if f.Logger != nil {
		return f.Logger
	}
	return slog.Default()
}

func (f *Fetcher) now() time.Time {
	if f.Now != nil {
		return f.Now().UTC()
	}
	return time.Now().UTC()
}

func (f *Fetcher) sleep(ctx context.Context, d time.Duration) error {
	if f.Sleep != nil {
		return f.Sleep(ctx, d)
	}
	return clock.Sleep(ctx, d)
}
