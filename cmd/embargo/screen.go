package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/engine"
	"github.com/embargo-dev/embargo/export"
	"github.com/embargo-dev/embargo/sqlite"
)

// screenFlags are the flags shared by screen and eval.
type screenFlags struct {
	schema    string
	dob       string
	country   string
	sources   string
	asOf      string
	threshold float64
	limit     int
	delisted  bool
}

func (f *screenFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.schema, "type", "", "person, organization, vessel or aircraft")
	cmd.Flags().StringVar(&f.dob, "dob", "", "date of birth YYYY[-MM[-DD]]")
	cmd.Flags().StringVar(&f.country, "country", "", "country (ISO code or name)")
	cmd.Flags().StringVar(&f.sources, "source", "", "comma-separated sources (default: all)")
	cmd.Flags().StringVar(&f.asOf, "as-of", "", "screen against the lists as they stood on this date")
	cmd.Flags().Float64Var(&f.threshold, "threshold", -1, fmt.Sprintf("minimum score (default %.2f)", embargo.DefaultThreshold))
	cmd.Flags().IntVar(&f.limit, "limit", embargo.DefaultLimit, "maximum matches per query")
	cmd.Flags().BoolVar(&f.delisted, "include-delisted", false, "also show entities listed before, but not on, the as-of date")
}

func (f *screenFlags) options() (embargo.ScreenOptions, error) {
	opts := embargo.ScreenOptions{Threshold: f.threshold, Limit: f.limit, IncludeDelisted: f.delisted}
	if f.sources != "" {
		for _, s := range strings.Split(f.sources, ",") {
			if s = strings.TrimSpace(s); s != "" {
				opts.Sources = append(opts.Sources, s)
			}
		}
	}
	if f.asOf != "" {
		t, err := embargo.ParseAsOf(f.asOf, true)
		if err != nil {
			return opts, &usageError{err}
		}
		opts.AsOf = t
	}
	if f.threshold > 1 {
		return opts, &usageError{fmt.Errorf("--threshold %v: want a score between 0 and 1", f.threshold)}
	}
	return opts, nil
}

// query returns the query of a NAME and the flags, checked (a usage error
// when it is not valid). Batch rows are checked as they are read; the
// flags are checked with a placeholder name then.
func (f *screenFlags) query(name string) (embargo.Query, error) {
	q := embargo.Query{Name: name, Schema: embargo.Schema(f.schema), BirthDate: f.dob, Country: f.country}
	if err := q.Validate(); err != nil {
		return q, &usageError{errors.New(embargo.ErrorMessage(err))}
	}
	q.Schema = embargo.ParseSchema(f.schema)
	return q, nil
}

// loadEngine opens the store and builds the screening index. With audit,
// the engine records its screenings in the audit log.
func (m *Main) loadEngine(ctx context.Context, audit bool) (*engine.Engine, func(), error) {
	// The command reads every stored version once, then exits: mapping
	// the file saves system calls, and resident memory matters little.
	opts := sqlite.Options{MmapBytes: 1 << 30}
	if audit {
		// A screening is answered once its record is in the audit log. An
		// import in another process holds SQLite's write lock until it
		// commits (a minute for the daily series): the record waits for it,
		// rather than failing after the default 10 s.
		opts.BusyTimeout = auditBusyWait
	}
	store, err := m.openStoreWith(ctx, opts, nil)
	if err != nil {
		return nil, nil, err
	}
	eng := engine.New(store)
	eng.Logger = discardLogger()
	eng.KeepLoadHeap = true // a command's process ends soon
	if audit {
		m.auditEngine(eng, store)
		eng.Audit = &waitNotice{Auditor: eng.Audit, w: m.Stderr}
	}
	if err := eng.Load(ctx); err != nil {
		store.Close()
		return nil, nil, err
	}
	return eng, func() { store.Close() }, nil
}

// auditBusyWait is how long a command's audit record waits for SQLite's
// write lock held by another process (an import) before the command fails.
const auditBusyWait = 30 * time.Minute

// waitNotice says on w, once, when an audit record has waited a second
// for the database, so that a command waiting for an import to commit
// does not look hung.
type waitNotice struct {
	embargo.Auditor
	w    io.Writer
	once sync.Once
}

func (a *waitNotice) Record(ctx context.Context, recs ...*embargo.AuditRecord) error {
	done, noticed := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(noticed)
		select {
		case <-done:
		case <-time.After(time.Second):
			a.once.Do(func() {
				fmt.Fprintln(a.w, "embargo: waiting for another process's write to the database (an import?) to finish, to record the screening in the audit log")
			})
		}
	}()
	err := a.Auditor.Record(ctx, recs...)
	close(done)
	<-noticed // the notice is written before the command writes more
	return err
}

func (m *Main) screenCommand() *cobra.Command {
	var f screenFlags
	var in, out string
	var jsonOut, csvOut bool
	cmd := &cobra.Command{
		Use:   "screen [flags] NAME | screen --in FILE [--out FILE] [flags]",
		Short: "Screen a name, or a file of names, against the lists",
		Args: func(cmd *cobra.Command, args []string) error {
			if in == "" && len(args) != 1 {
				return fmt.Errorf("screen takes one NAME (quote it), or --in FILE")
			}
			if in != "" && len(args) != 0 {
				return fmt.Errorf("screen --in takes no NAME argument")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			opts, err := f.options()
			if err != nil {
				return err
			}
			name := "-" // --in: the flags alone are checked
			if in == "" {
				name = args[0]
			}
			q, err := f.query(name)
			if err != nil {
				return err
			}
			eng, closeFn, err := m.loadEngine(ctx, true)
			if err != nil {
				return err
			}
			defer closeFn()
			if in != "" {
				return m.screenBatch(ctx, eng, in, out, opts, csvOut)
			}
			res, err := eng.Screen(ctx, q, opts)
			if err != nil {
				return sourceUsage(err)
			}
			switch {
			case jsonOut:
				err = writeJSON(m.Stdout, res)
			case csvOut:
				err = export.ScreenResults(export.NewWriter(m.Stdout), res)
			default:
				err = printScreenResult(m.Stdout, res)
			}
			if err == nil && len(res.NotCovered) > 0 {
				return notCoveredError(res.NotCovered)
			}
			return err
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&in, "in", "", "batch: CSV (id,name,type,dob,country) or JSON lines; - for stdin")
	cmd.Flags().StringVar(&out, "out", "", "batch: JSON lines output file (default stdout)")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON")
	cmd.Flags().BoolVar(&csvOut, "csv", false, "print CSV, a row per match (batch: instead of JSON lines)")
	cmd.MarkFlagsMutuallyExclusive("json", "csv")
	return cmd
}

func printScreenResult(w io.Writer, res *embargo.ScreenResult) error {
	if res.AuditID != nil {
		defer fmt.Fprintf(w, "audit id: %s\n", *res.AuditID)
	}
	for _, nc := range res.NotCovered {
		fmt.Fprintf(w, "NOT COVERED: %s: %s\n", nc.Source, nc.Reason)
	}
	switch {
	case len(res.Snapshots) == 0:
		fmt.Fprintf(w, "%q was screened against no list: this is not a clean result\n", res.Query.Name)
	case len(res.Matches) == 0:
		fmt.Fprintf(w, "no match for %q in %s\n", res.Query.Name, snapshotList(res.Snapshots))
	default:
		if err := printMatches(w, res.Matches, false); err != nil {
			return err
		}
	}
	if len(res.Delisted) > 0 {
		fmt.Fprintf(w, "\nDELISTED (listed before, but not on, the date screened):\n")
		return printMatches(w, res.Delisted, true)
	}
	return nil
}

func printMatches(w io.Writer, ms []embargo.Match, removed bool) error {
	return printTable(w, []string{"SCORE", "ENTITY", "NAME", "MATCHED NAME", "PROGRAMS", "LISTED", "WHY"}, ms, func(mt embargo.Match) []any {
		why := ""
		if mt.Explanation != nil {
			why = mt.Explanation.Summary
		}
		return []any{fmt.Sprintf("%.3f", mt.Score), mt.EntityID, mt.Name, mt.MatchedName, strings.Join(mt.Programs, " "), listedText(&mt, removed), why}
	})
}

// listedText says in a few words when a match's entity was listed (and,
// for a delisted one, removed).
func listedText(mt *embargo.Match, removed bool) string {
	s := "seen since " + mt.FirstSeen
	if mt.ListedOn != nil {
		s = "listed on " + *mt.ListedOn
	}
	if removed && mt.Between != nil {
		s += "; " + mt.Between.String()
	}
	return s
}

// notCoveredError is the error of a screening that could not cover every
// source in scope: exit status 3.
func notCoveredError(nc []embargo.NotCovered) error {
	names := make([]string, len(nc))
	for i, n := range nc {
		names[i] = n.Source
	}
	return &exitError{code: 3, err: fmt.Errorf("not covered: %s (see not_covered)", strings.Join(names, ", "))}
}

// sourceUsage makes an unknown source or country, which the engine finds,
// a usage error.
func sourceUsage(err error) error {
	if embargo.ErrorCode(err) == embargo.EINVALID {
		return &usageError{err}
	}
	return err
}

func (m *Main) screenBatch(ctx context.Context, eng *engine.Engine, in, out string, opts embargo.ScreenOptions, csvOut bool) error {
	r, name, err := m.openInput(in)
	if err != nil {
		return err
	}
	defer r.Close()
	var w io.Writer = m.Stdout
	if out != "" && out != "-" {
		f, err := os.Create(out)
		if err != nil {
			return fmt.Errorf("create %s: %w", out, err)
		}
		defer f.Close()
		w = f
	}
	bo := engine.BatchOptions{ScreenOptions: opts, Name: name, CSV: csvOut}
	start := time.Now()
	if f, ok := m.Stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		bo.Progress = func(done int) {
			rate := float64(done) / time.Since(start).Seconds()
			fmt.Fprintf(m.Stderr, "\r%d rows screened (%.0f/s)", done, rate)
		}
		defer fmt.Fprintln(m.Stderr)
	}
	nc, err := eng.Coverage(opts)
	if err != nil {
		return sourceUsage(err)
	}
	if _, err := eng.ScreenBatch(ctx, r, w, bo); err != nil {
		return err
	}
	// Every row of a batch is screened against the same snapshots: each
	// row's not_covered says it; the command fails at the end.
	if len(nc) > 0 {
		return notCoveredError(nc)
	}
	return nil
}
