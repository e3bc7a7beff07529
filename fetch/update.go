package fetch

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/ingest"
	"github.com/embargo-dev/embargo/source"
)

// Updater brings sources up to date: download, then import what changed
// through the process's Importer (whose observers follow the imports).
type Updater struct {
	Fetcher  *Fetcher
	Importer *ingest.Importer
	States   embargo.FetchStateStore
	Sources  []Source
	// TempDir is where downloads land before import ("" for the system's).
	TempDir string
}

// Outcome is what an update did to one source.
type Outcome struct {
	Source  string                  `json:"source"`
	Status  string                  `json:"status"` // imported, unchanged, not-modified, failed
	Results []*embargo.ImportResult `json:"results,omitempty"`
	// Error says why the source failed or, for an import whose observers
	// failed (monitoring), what they said.
	Error string `json:"error,omitempty"`
}

// Update updates the named sources (all configured ones when names is
// empty). A source that fails leaves its current snapshot as it was and
// does not stop the others; the returned error joins every failure.
func (u *Updater) Update(ctx context.Context, names []string) ([]Outcome, error) {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	found := map[string]bool{}
	var outcomes []Outcome
	var failed []string
	for _, src := range u.Sources {
		if len(want) > 0 && !want[src.Name] {
			continue
		}
		found[src.Name] = true
		o := u.updateOne(ctx, src)
		if o.Status == "failed" || o.Error != "" {
			failed = append(failed, fmt.Sprintf("%s: %s", src.Name, o.Error))
		}
		outcomes = append(outcomes, o)
	}
	for _, n := range names {
		if !found[n] {
			return outcomes, embargo.Errorf(embargo.EINVALID, "no configured source %q", n)
		}
	}
	if len(failed) > 0 {
		return outcomes, embargo.Errorf(embargo.EINTERNAL, "update failed: %s", joinLines(failed))
	}
	return outcomes, nil
}

func joinLines(s []string) string {
	out := ""
	for i, l := range s {
		if i > 0 {
			out += "; "
		}
		out += l
	}
	return out
}

func (u *Updater) updateOne(ctx context.Context, src Source) Outcome {
	o := Outcome{Source: src.Name}
	fail := func(err error) Outcome {
		o.Status, o.Error = "failed", embargo.ErrorMessage(err)
		if embargo.ErrorCode(err) == embargo.EINTERNAL {
			o.Error = err.Error()
		}
		return o
	}
	prior, err := u.States.FetchStates(ctx, src.Name)
	if err != nil {
		return fail(err)
	}
	d, err := u.Fetcher.Fetch(ctx, src, u.TempDir, prior)
	if err != nil {
		return fail(err)
	}
	if !d.Changed {
		o.Status = "not-modified"
		return o
	}
	defer os.RemoveAll(d.Dir)
	// One transaction for the source's lists; a list without a date of
	// its own is dated by the download.
	results, err := u.Importer.ImportDownload(ctx, d.Dir, source.Options{Source: src.Name}, u.Fetcher.now())
	var oe *ingest.ObserverError
	if errors.As(err, &oe) {
		o.Error = oe.Error()
	} else if err != nil {
		return fail(err)
	}
	o.Status, o.Results = "unchanged", results
	for _, res := range results {
		if !res.Unchanged {
			o.Status = "imported"
		}
	}
	// Only now that the content is stored may the next request be
	// conditional on it.
	if err := u.States.SaveFetchStates(ctx, src.Name, d.States); err != nil {
		return fail(err)
	}
	return o
}
