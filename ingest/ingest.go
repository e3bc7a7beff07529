// Package ingest is the one way lists enter the database, whoever brings
// them (the import command, the API's upload, the scheduled updater, the
// demo): read the files, date each list, store them in one transaction,
// then tell the observers (the screening index, monitoring, metrics) that
// the process registered once where it is wired.
//
// # The snapshot date
//
// A list's snapshot is dated, first that applies:
//
//  1. the date the caller forces (--as-of, as_of=);
//  2. the date printed inside the file (the publication date of OFAC's
//     files, the UN's dateGenerated, ...);
//  3. a date in the file's name or in the name of a folder it is in: a
//     whole name ("2021-08-18", "2021-08-18T093901Z"), a part of the file
//     name between "_" or " " ("sdn_2021-04-25.csv"), or the name's last
//     ten characters ("sdn-2021-04-25.csv"); the nearest name wins;
//  4. the clock: today (midnight UTC) for files given by hand; the time
//     of the download, to the second, for the updater, so that a source
//     published twice in a day gets two snapshots.
package ingest

import (
	"context"
	"errors"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source"
)

// Importer stores lists and tells the observers. Its zero value is not
// usable: set Store.
type Importer struct {
	Store embargo.Store
	// Observers are told, in order, what each import created, once it is
	// committed (the lists stay stored whatever they answer).
	Observers []embargo.ImportObserver
	// Now returns the current time; tests replace it.
	Now func() time.Time

	// mu makes the imports of one process take turns: each ends with its
	// observers (an index reload), which are best not run twice at once.
	mu sync.Mutex
}

// ObserverError says that the lists were stored but an observer failed.
type ObserverError struct {
	Err error
}

func (e *ObserverError) Error() string {
	return "the lists are imported, but " + e.Err.Error()
}

func (e *ObserverError) Unwrap() error { return e.Err }

func (im *Importer) now() time.Time {
	if im.Now != nil {
		return im.Now()
	}
	return time.Now()
}

// Date returns the snapshot date of a list read from path (see the package
// documentation): forced unless zero, else the list's own date, else a
// date in path's names, else clock.
func Date(forced time.Time, l *embargo.ParsedList, path string, clock time.Time) time.Time {
	switch {
	case !forced.IsZero():
		return forced.UTC()
	case !l.AsOf.IsZero():
		return l.AsOf.UTC()
	}
	if t, ok := PathDate(path); ok {
		return t
	}
	return clock.UTC()
}

// PathDate finds a date in the names of path and its folders, nearest
// first (rule 3 of the package documentation).
func PathDate(path string) (time.Time, bool) {
	if path == "" {
		return time.Time{}, false
	}
	for p := filepath.Clean(path); p != "." && p != "/" && p != filepath.Dir(p); p = filepath.Dir(p) {
		if t, ok := nameDate(filepath.Base(p)); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

// nameDate finds a date in one file or folder name.
func nameDate(name string) (time.Time, bool) {
	if t, err := embargo.ParseAsOf(name, false); err == nil {
		return t, true
	}
	base := strings.TrimSuffix(name, filepath.Ext(name))
	for _, part := range strings.FieldsFunc(base, func(r rune) bool { return r == '_' || r == ' ' }) {
		if t, err := embargo.ParseAsOf(part, false); err == nil {
			return t, true
		}
	}
	if len(base) >= 10 {
		if t, err := embargo.ParseAsOf(base[len(base)-10:], false); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// ImportPaths reads the lists of paths (files, or folders holding one
// list's files), dates them, and stores them all in one transaction: all
// or, if any path cannot be read or stored, none. Paths whose names carry
// dates go in date order; the lists of one path go by source and date. A
// goroutine reads the next path while the current one is stored, so a
// series of hundreds of snapshots needs the memory of a path or two.
// Then the observers are told; their failure is an *ObserverError beside
// the results.
func (im *Importer) ImportPaths(ctx context.Context, paths []string, opts source.Options, forced time.Time) ([]*embargo.ImportResult, error) {
	today := im.now().UTC().Truncate(24 * time.Hour)
	return im.ImportLists(ctx, readLists(ctx, orderPaths(paths), opts, forced, today))
}

// ImportDownload is ImportPaths for a folder the updater downloaded at
// time at: a list without a date of its own is dated at, to the second.
func (im *Importer) ImportDownload(ctx context.Context, dir string, opts source.Options, at time.Time) ([]*embargo.ImportResult, error) {
	return im.ImportLists(ctx, readLists(ctx, []string{dir}, opts, time.Time{}, at.UTC().Truncate(time.Second)))
}

// ImportLists stores the lists next yields (until a nil list), each with
// its date, in one transaction: all or none. Then the observers are told;
// their failure is an *ObserverError beside the results.
func (im *Importer) ImportLists(ctx context.Context, next func() (*embargo.ParsedList, time.Time, error)) ([]*embargo.ImportResult, error) {
	im.mu.Lock()
	defer im.mu.Unlock()
	var results []*embargo.ImportResult
	if err := im.Store.ImportLists(ctx, next, func(res *embargo.ImportResult) error {
		results = append(results, res)
		return nil
	}); err != nil {
		return nil, err
	}
	var created []*embargo.ImportResult
	for _, res := range results {
		if !res.Unchanged {
			created = append(created, res)
		}
	}
	if len(created) == 0 {
		return results, nil
	}
	var errs []error
	for _, o := range im.Observers {
		if err := o.OnImport(ctx, created); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return results, &ObserverError{Err: errors.Join(errs...)}
	}
	return results, nil
}

// Exclusive runs fn while no import runs in this process: other changes
// to the lists (a snapshot retracted) take turns with imports.
func (im *Importer) Exclusive(fn func() error) error {
	im.mu.Lock()
	defer im.mu.Unlock()
	return fn()
}

// ImportList stores one list as of asOf, then tells the observers.
func (im *Importer) ImportList(ctx context.Context, l *embargo.ParsedList, asOf time.Time) (*embargo.ImportResult, error) {
	done := false
	results, err := im.ImportLists(ctx, func() (*embargo.ParsedList, time.Time, error) {
		if done {
			return nil, time.Time{}, nil
		}
		done = true
		return l, asOf, nil
	})
	if len(results) == 0 {
		return nil, err
	}
	return results[0], err
}

// orderPaths puts paths whose names carry dates (a folder per snapshot, as
// in the daily series) in date order; others keep their order.
func orderPaths(paths []string) []string {
	out := append([]string(nil), paths...)
	sort.SliceStable(out, func(i, j int) bool {
		a, aok := PathDate(out[i])
		b, bok := PathDate(out[j])
		return aok && bok && a.Before(b)
	})
	return out
}

// parsed is one path's lists, dated, or the error reading it.
type parsed struct {
	lists []*embargo.ParsedList
	dates []time.Time
	err   error
}

// readLists returns a function yielding the lists of paths one at a time,
// read one path ahead.
func readLists(ctx context.Context, paths []string, opts source.Options, forced, clock time.Time) func() (*embargo.ParsedList, time.Time, error) {
	ch := make(chan parsed, 1)
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		defer close(ch)
		for _, path := range paths {
			lists, err := source.Read(path, opts)
			p := parsed{lists: lists, err: err}
			for _, l := range lists {
				p.dates = append(p.dates, Date(forced, l, path, clock))
			}
			sort.Stable(byDate(p))
			select {
			case ch <- p:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	var cur parsed
	return func() (*embargo.ParsedList, time.Time, error) {
		for len(cur.lists) == 0 {
			p, ok := <-ch
			if !ok {
				cancel()
				return nil, time.Time{}, nil
			}
			if p.err != nil {
				cancel()
				return nil, time.Time{}, p.err
			}
			cur = p
		}
		l, t := cur.lists[0], cur.dates[0]
		cur.lists, cur.dates = cur.lists[1:], cur.dates[1:]
		return l, t, nil
	}
}

// byDate orders one path's lists by source, then date.
type byDate parsed

func (b byDate) Len() int { return len(b.lists) }
func (b byDate) Less(i, j int) bool {
	return b.lists[i].Source == b.lists[j].Source && b.dates[i].Before(b.dates[j])
}
func (b byDate) Swap(i, j int) {
	b.lists[i], b.lists[j] = b.lists[j], b.lists[i]
	b.dates[i], b.dates[j] = b.dates[j], b.dates[i]
}
