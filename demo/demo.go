package demo

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/ulikunitz/xz"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/ingest"
	"github.com/embargo-dev/embargo/source"
	"github.com/embargo-dev/embargo/source/ofac"
)

// Version identifies the bundled data set; a demo database marked complete
// with another version is imported again.
const Version = "2026-1"

//go:embed data
var dataFS embed.FS

// dailySeries is the tar.xz of daily SDN snapshots, one folder per scrape.
const dailySeries = "data/ofac-sdn/daily-2021-08-18--2024-05-03.tar.xz"

// DailyCount is how many snapshots the daily series holds.
const DailyCount = 308

// list is one bundled list: a folder of files, one snapshot.
type list struct {
	source string
	dir    string // in dataFS
	asOf   string
}

// lists are the bundled lists besides the daily series, in import order:
// each source's snapshots by date.
var lists = []list{
	{embargo.SourceOFACSDN, "data/ofac-sdn/2019-01-04", "2019-01-04"},
	{embargo.SourceOFACSDN, "data/ofac-sdn/2021-04-25", "2021-04-25"},
	{embargo.SourceUN, "data/un-sc/2026-02-27", "2026-02-27"},
	{embargo.SourceUKOFSI, "data/uk-ofsi/2020-04-27", "2020-04-27"},
	{embargo.SourceEU, "data/eu-fsf/2020-04-15", "2020-04-15"},
}

// Total is the number of snapshots the demo imports at most.
const Total = DailyCount + 5

// Importer imports the bundled lists through Lists, the process's import
// workflow (a server imports the demo before it loads its index, so its
// Lists has no observers).
type Importer struct {
	Lists  *ingest.Importer
	Logger *slog.Logger
	// Workers parse the daily series in parallel (0: one per CPU, at most 4).
	Workers int
	// DailyLimit imports only the first snapshots of the daily series
	// (0: all of them), for tests and quick looks.
	DailyLimit int
	// Progress, when set, is called after each list with the number done
	// of Total and what was just done.
	Progress func(done, total int, what string)
}

// Summary says what an import did.
type Summary struct {
	// Created counts the snapshots created; Skipped the lists already
	// imported before; Unchanged those identical to the previous snapshot.
	Created, Skipped, Unchanged int
	// Failed names the lists that could not be read, with why; the others
	// are imported all the same.
	Failed []string
}

// Run imports every bundled list not yet in the store. A list that cannot
// be parsed is reported in the summary, not fatal; a store error is.
func (im *Importer) Run(ctx context.Context) (*Summary, error) {
	sum := &Summary{}
	done := 0
	progress := func(what string) {
		done++
		if im.Progress != nil {
			im.Progress(done, Total, what)
		}
	}
	for _, l := range lists {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		asOf, _ := time.Parse("2006-01-02", l.asOf)
		skip, err := im.imported(ctx, l.source, asOf)
		if err != nil {
			return sum, err
		}
		if skip {
			sum.Skipped++
			progress(l.source + " " + l.asOf)
			continue
		}
		parsed, err := readDir(l.dir)
		if err != nil {
			sum.Failed = append(sum.Failed, fmt.Sprintf("%s %s: %v", l.source, l.asOf, errText(err)))
			im.logger().Warn("demo list skipped", "source", l.source, "as_of", l.asOf, "err", err)
			progress(l.source + " " + l.asOf)
			continue
		}
		if err := im.store(ctx, parsed, asOf, sum); err != nil {
			return sum, err
		}
		progress(l.source + " " + l.asOf)
	}
	if err := im.runDaily(ctx, sum, progress); err != nil {
		return sum, err
	}
	return sum, nil
}

func (im *Importer) logger() *slog.Logger {
	if im.Logger != nil {
		return im.Logger
	}
	return slog.Default()
}

// imported reports whether the source already has a snapshot as of asOf or
// later: the list was imported by an earlier run.
func (im *Importer) imported(ctx context.Context, src string, asOf time.Time) (bool, error) {
	snaps, err := im.Lists.Store.FindSnapshots(ctx, embargo.SnapshotFilter{Source: &src})
	if err != nil {
		return false, err
	}
	return len(snaps) > 0 && !snaps[len(snaps)-1].AsOf.Before(asOf), nil
}

// store imports one parsed list.
func (im *Importer) store(ctx context.Context, l *embargo.ParsedList, asOf time.Time, sum *Summary) error {
	res, err := im.Lists.ImportList(ctx, l, asOf)
	if err != nil {
		return fmt.Errorf("import %s as of %s: %w", l.Source, embargo.FormatAsOf(asOf), err)
	}
	if res.Unchanged {
		sum.Unchanged++
	} else {
		sum.Created++
		im.logger().Debug("demo list imported", "snapshot", res.SnapshotID, "entities", res.Entities,
			"added", res.Added, "removed", res.Removed, "changed", res.Changed)
	}
	return nil
}

// readDir parses a bundled folder: its files, uncompressed into a
// temporary directory, read as the command line reads a directory. Lists of
// one source in several files (the EU excerpts) are merged.
func readDir(dir string) (*embargo.ParsedList, error) {
	tmp, err := os.MkdirTemp("", "embargo-demo-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	entries, err := fs.ReadDir(dataFS, dir)
	if err != nil {
		return nil, err
	}
	for _, ent := range entries {
		if err := gunzipTo(path.Join(dir, ent.Name()), filepath.Join(tmp, strings.TrimSuffix(ent.Name(), ".gz"))); err != nil {
			return nil, err
		}
	}
	parsed, err := source.Read(tmp, source.Options{})
	if err != nil {
		return nil, err
	}
	return merge(parsed)
}

// merge joins the lists read from one folder into one.
func merge(parsed []*embargo.ParsedList) (*embargo.ParsedList, error) {
	out := parsed[0]
	seen := map[string]bool{}
	for _, e := range out.Entities {
		seen[e.ID] = true
	}
	for _, l := range parsed[1:] {
		if l.Source != out.Source {
			return nil, fmt.Errorf("demo folder mixes sources %s and %s", out.Source, l.Source)
		}
		for _, e := range l.Entities {
			if !seen[e.ID] {
				seen[e.ID] = true
				out.Entities = append(out.Entities, e)
			}
		}
		out.Warnings = append(out.Warnings, l.Warnings...)
	}
	return out, nil
}

func gunzipTo(name, dst string) error {
	f, err := dataFS.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		r = zr
	}
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, r); err != nil {
		out.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	return out.Close()
}

// day is one snapshot of the daily series.
type day struct {
	n    int
	name string // the folder: the scrape time, e.g. 2021-08-18T093901Z
	asOf time.Time
	data []byte
	list *embargo.ParsedList
	err  error
}

// runDaily imports the daily series: one goroutine reads the archive,
// workers parse, and the snapshots are stored in archive (date) order.
func (im *Importer) runDaily(ctx context.Context, sum *Summary, progress func(string)) error {
	src := embargo.SourceOFACSDN
	snaps, err := im.Lists.Store.FindSnapshots(ctx, embargo.SnapshotFilter{Source: &src})
	if err != nil {
		return err
	}
	var latest time.Time
	if len(snaps) > 0 {
		latest = snaps[len(snaps)-1].AsOf
	}
	workers := im.Workers
	if workers <= 0 {
		workers = min(runtime.GOMAXPROCS(0), 4)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// Parsed days come back in any order; pending puts them back in order.
	// The channels bound how far reading runs ahead of storing.
	jobs := make(chan *day, workers)
	results := make(chan *day, workers*2)
	var readErr error
	go func() {
		defer close(jobs)
		readErr = readSeries(ctx, func(d *day) bool {
			if im.DailyLimit > 0 && d.n >= im.DailyLimit {
				return false
			}
			select {
			case jobs <- d:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for d := range jobs {
				if d.asOf.After(latest) {
					d.list, d.err = ofac.ParseCSVReaders([]ofac.CSVFile{{Name: d.name + "/sdn.csv", Reader: bytes.NewReader(d.data)}}, embargo.ParseOptions{})
				}
				d.data = nil
				select {
				case results <- d:
				case <-ctx.Done():
				}
			}
		})
	}
	go func() { wg.Wait(); close(results) }()

	pending := map[int]*day{}
	next := 0
	var storeErr error
	// Days are stored in batches, each in one transaction: the store then
	// carries aliases and addresses (which the daily sdn.csv lacks) from
	// one day to the next in memory instead of reading them back each day.
	const batchSize = 25
	var batch []*day
	flush := func() {
		if len(batch) == 0 || storeErr != nil {
			return
		}
		i := 0
		var results []*embargo.ImportResult
		results, storeErr = im.Lists.ImportLists(ctx, func() (*embargo.ParsedList, time.Time, error) {
			if i == len(batch) {
				return nil, time.Time{}, nil
			}
			i++
			return batch[i-1].list, batch[i-1].asOf, nil
		})
		for _, res := range results {
			if res.Unchanged {
				sum.Unchanged++
			} else {
				sum.Created++
			}
		}
		if storeErr != nil {
			storeErr = fmt.Errorf("import %s daily snapshots %s to %s: %w", src, batch[0].name, batch[len(batch)-1].name, storeErr)
		}
		for _, d := range batch {
			progress("ofac-sdn daily " + d.name)
		}
		batch = batch[:0]
	}
	for d := range results {
		pending[d.n] = d
		for storeErr == nil {
			d, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			switch {
			case !d.asOf.After(latest):
				sum.Skipped++
				progress("ofac-sdn daily " + d.name)
			case d.err != nil:
				sum.Failed = append(sum.Failed, fmt.Sprintf("%s %s: %v", src, d.name, errText(d.err)))
				im.logger().Warn("demo list skipped", "source", src, "as_of", d.name, "err", d.err)
				progress("ofac-sdn daily " + d.name)
			default:
				batch = append(batch, d)
				if len(batch) == batchSize {
					flush()
				}
			}
		}
		if storeErr != nil {
			cancel()
		}
	}
	flush()
	if storeErr != nil {
		return storeErr
	}
	if readErr != nil {
		return fmt.Errorf("read %s: %w", path.Base(dailySeries), readErr)
	}
	return ctx.Err()
}

// readSeries reads the archive's sdn.csv files in order and hands each to
// emit, stopping when emit returns false.
func readSeries(ctx context.Context, emit func(*day) bool) error {
	f, err := dataFS.Open(dailySeries)
	if err != nil {
		return err
	}
	defer f.Close()
	xr, err := xz.NewReader(bufio.NewReaderSize(f, 1<<16))
	if err != nil {
		return err
	}
	tr := tar.NewReader(xr)
	n := 0
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		if hdr.Typeflag != tar.TypeReg || path.Base(hdr.Name) != "sdn.csv" {
			continue
		}
		folder := path.Base(path.Dir(hdr.Name))
		asOf, err := embargo.ParseAsOf(folder, false)
		if err != nil {
			return fmt.Errorf("%s: folder name is not a time: %w", hdr.Name, err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return err
		}
		if !emit(&day{n: n, name: folder, asOf: asOf, data: data}) {
			return ctx.Err() // nil when emit wants no more
		}
		n++
	}
}

// errText is an error's message for the summary.
func errText(err error) string {
	var pe *embargo.ParseError
	if errors.As(err, &pe) || embargo.ErrorCode(err) != embargo.EINTERNAL {
		return embargo.ErrorMessage(err)
	}
	return err.Error()
}

// LatestLists parses each bundled source's latest folder (not the daily
// series): the lists the linker's labelled sample was drawn from.
func LatestLists() ([]*embargo.ParsedList, error) {
	latest := map[string]list{}
	var order []string
	for _, l := range lists {
		if _, ok := latest[l.source]; !ok {
			order = append(order, l.source)
		}
		latest[l.source] = l
	}
	var out []*embargo.ParsedList
	for _, src := range order {
		pl, err := readDir(latest[src].dir)
		if err != nil {
			return nil, fmt.Errorf("demo list %s: %w", latest[src].dir, err)
		}
		out = append(out, pl)
	}
	return out, nil
}
