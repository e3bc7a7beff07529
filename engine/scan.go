package engine

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/textscan"
)

// ScanOptions tune a text scan.
type ScanOptions struct {
	AsOf      time.Time // zero: each source's latest snapshot
	Threshold float64   // negative: embargo.DefaultThreshold
	Sources   []string  // empty: every source
	// MaxMentions caps the mentions returned (0: DefaultMaxMentions); the
	// result says when it was reached.
	MaxMentions int
	// Pause, when set, is called now and then during the scan (see
	// textscan.ScanOptions.Pause).
	Pause func()
}

// DefaultMaxMentions is how many mentions a scan returns at most unless
// told otherwise: a bound on memory for inputs of any size.
const DefaultMaxMentions = 10000

// ScanResult is what a scan found: the mentions in the order of the text,
// and the snapshot of each source scanned against.
type ScanResult struct {
	Mentions  []textscan.Mention `json:"mentions"`
	Snapshots map[string]string  `json:"snapshots"`
	// Bytes is the length of the input.
	Bytes int64 `json:"bytes"`
	// Truncated is set when MaxMentions was reached; the scan stopped there.
	Truncated bool `json:"truncated,omitempty"`
	// NotCovered lists the sources in scope the scan could not cover (see
	// embargo.ScreenResult.NotCovered).
	NotCovered []embargo.NotCovered `json:"not_covered"`
}

// mentionDates fills a mention's first and last snapshots and, for a
// delisted entity, its removal interval.
func mentionDates(m *textscan.Mention, sp spans, bySource map[string][]*embargo.Snapshot, seqs map[string]int) {
	one := []embargo.Match{{EntityID: m.EntityID, Source: m.Source}}
	fillDates(one, sp, bySource)
	m.FirstSeen, m.LastSeen = one[0].FirstSeen, one[0].LastSeen
	if seq, ok := seqs[m.Source]; ok && !m.Listed {
		if to := sp.removedBy(m.EntityID, seq); to != 0 {
			m.Between = embargo.RemovalInterval(bySource[m.Source], to)
		}
	}
}

// scanIndex builds the text scanner from the store the first time a scan
// needs it: building it takes a second or two on the full lists, which
// commands and servers that never scan should pay neither in time nor in
// memory. Versions imported after the Load that made it do no harm: a scan
// resolves snapshots as Load saw them, at which later versions are not
// valid.
type scanIndex struct {
	once  sync.Once
	store embargo.Store
	sc    *textscan.Scanner
	err   error
}

func (s *scanIndex) scanner(ctx context.Context) (*textscan.Scanner, error) {
	s.once.Do(func() {
		b := textscan.NewBuilder()
		s.err = s.store.EntityVersions(context.WithoutCancel(ctx), "", func(v *embargo.EntityVersion) error {
			b.Add(v)
			return nil
		})
		if s.err == nil {
			s.sc = b.Build(textscan.Options{})
		}
	})
	return s.sc, s.err
}

// PrepareScan builds the text scanner now rather than on the first Scan
// after a Load (a few seconds on the full lists), for a server that wants
// its first scan answered promptly. It does nothing before Load.
func (e *Engine) PrepareScan() {
	e.mu.RLock()
	si := e.scan
	e.mu.RUnlock()
	if si != nil {
		if _, err := si.scanner(context.Background()); err != nil {
			e.Logger.Error("building the text scanner failed", "err", err)
		}
	}
}

// errEnough stops a scan that reached MaxMentions.
var errEnough = errors.New("enough mentions")

// Scan finds the listed entities named in the text r yields, against each
// source's snapshot current at opts.AsOf. The text is streamed: memory
// stays bounded whatever its length (up to MaxMentions mentions are kept).
// A mention of an entity listed before that snapshot but not in it comes
// with Listed false and the date it was delisted; entities first listed
// later are not reported. Returns EINVALID for a threshold above 1,
// ENOTFOUND for an unknown source, and the reader's error, wrapped, if
// reading fails.
func (e *Engine) Scan(ctx context.Context, r io.Reader, opts ScanOptions) (*ScanResult, error) {
	if opts.Threshold > 1 {
		return nil, embargo.Errorf(embargo.EINVALID, "threshold %v: want a score between 0 and 1", opts.Threshold)
	}
	e.mu.RLock()
	si := e.scan
	seqs, ids, err := e.resolve(opts.Sources, opts.AsOf)
	snaps, sp := e.snaps, e.spans
	e.mu.RUnlock()
	if si == nil {
		return nil, embargo.Errorf(embargo.EINTERNAL, "index not loaded")
	}
	if err != nil {
		return nil, err
	}
	threshold := opts.Threshold
	if threshold < 0 {
		threshold = embargo.DefaultThreshold
	}
	limit := opts.MaxMentions
	if limit <= 0 {
		limit = DefaultMaxMentions
	}
	sc, err := si.scanner(ctx)
	if err != nil {
		return nil, err
	}
	cr := &countingReader{r: r}
	res := &ScanResult{Mentions: []textscan.Mention{}, Snapshots: ids, NotCovered: embargo.Coverage(snaps, opts.Sources, opts.AsOf)}
	err = sc.ScanReader(ctx, cr, textscan.ScanOptions{
		Seqs:      seqs,
		AsOf:      snapshotDate(snaps),
		Threshold: threshold,
		Pause:     opts.Pause,
	}, func(m textscan.Mention) error {
		if len(res.Mentions) == limit {
			res.Truncated = true
			return errEnough
		}
		mentionDates(&m, sp, snaps, seqs)
		res.Mentions = append(res.Mentions, m)
		return nil
	})
	res.Bytes = cr.n
	if err != nil && !errors.Is(err, errEnough) {
		return nil, err
	}
	return res, nil
}

// snapshotDate returns a function giving the as-of date of a source's
// snapshot by seq, from snapshots in seq order.
func snapshotDate(snaps map[string][]*embargo.Snapshot) func(string, int) time.Time {
	return func(source string, seq int) time.Time {
		for _, s := range snaps[source] {
			if s.Seq == seq {
				return s.AsOf
			}
		}
		return time.Time{}
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
