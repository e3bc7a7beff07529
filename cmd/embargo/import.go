package main

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source"
)

func (m *Main) importCommand() *cobra.Command {
	var opts source.Options
	var asOf string
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "import [--source NAME] [--format FORMAT] [--as-of DATE] PATH...",
		Short: "Import list files as new snapshots",
		Long: `Import list files. Each PATH is a file, or a directory holding one list's
files (sdn.csv + alt.csv + add.csv + sdn_comments.csv). Each import creates one
snapshot per source; content identical to the latest snapshot creates nothing.
The snapshot's date is --as-of, else the date printed in the file, else a date
in the directory's name, else today. Every path is read before anything is
stored, so a file that cannot be read leaves the database as it was.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var forced time.Time
			if asOf != "" {
				t, err := embargo.ParseAsOf(asOf, false)
				if err != nil {
					return &usageError{err}
				}
				forced = t
			}
			store, err := m.openStore(ctx, true)
			if err != nil {
				return err
			}
			defer store.Close()
			var results []*embargo.ImportResult
			err = store.ImportLists(ctx, readLists(ctx, orderPaths(args), opts, forced), func(res *embargo.ImportResult) error {
				results = append(results, res)
				return nil
			})
			if err != nil {
				return err
			}
			if err := m.printImports(results, jsonOut); err != nil {
				return err
			}
			return m.monitorImports(ctx, m.monitorService(store, nil, discardLogger()), results)
		},
	}
	cmd.Flags().StringVar(&opts.Source, "source", "", "source name (FollowTheMoney and custom lists)")
	cmd.Flags().StringVar(&opts.Format, "format", "", "force the format (detected when empty)")
	cmd.Flags().Int64Var(&opts.MaxBytes, "max-decompressed-bytes", source.DefaultMaxBytes, "largest list file once decompressed (a gzip bomb stops here)")
	cmd.Flags().StringVar(&asOf, "as-of", "", "snapshot date YYYY-MM-DD (default: the file's own date)")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON, one object per source")
	return cmd
}

// orderPaths puts paths whose names carry dates (a folder per snapshot, as
// in the daily series) in date order; others keep their order.
func orderPaths(paths []string) []string {
	out := append([]string(nil), paths...)
	sort.SliceStable(out, func(i, j int) bool {
		a, aok := pathDate(out[i])
		b, bok := pathDate(out[j])
		return aok && bok && a.Before(b)
	})
	return out
}

// parsed is one path's lists, or the error reading it.
type parsed struct {
	path  string
	lists []*embargo.ParsedList
	err   error
}

// readLists returns a function yielding the lists of paths one at a time,
// for Store.ImportLists. A goroutine reads the next path while the store
// writes the current one; only a path or two are in memory at once, so a
// series of hundreds of snapshots imports in bounded memory.
func readLists(ctx context.Context, paths []string, opts source.Options, forced time.Time) func() (*embargo.ParsedList, time.Time, error) {
	ch := make(chan parsed, 1)
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		defer close(ch)
		for _, path := range paths {
			lists, err := source.Read(path, opts)
			select {
			case ch <- parsed{path, lists, err}:
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
		l := cur.lists[0]
		cur.lists = cur.lists[1:]
		return l, snapshotDate(forced, l, cur.path), nil
	}
}

func (m *Main) printImports(results []*embargo.ImportResult, jsonOut bool) error {
	if jsonOut {
		for _, res := range results {
			if err := writeJSONLine(m.Stdout, res); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tSNAPSHOT\tENTITIES\tADDED\tREMOVED\tCHANGED\t")
	for _, res := range results {
		if res.Unchanged {
			fmt.Fprintf(tw, "%s\t%s\t%d\tunchanged\t\t\t\n", res.Source, res.SnapshotID, res.Entities)
		} else {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t\n", res.Source, res.SnapshotID, res.Entities, res.Added, res.Removed, res.Changed)
		}
		for _, w := range res.Warnings {
			fmt.Fprintf(m.Stderr, "embargo: warning: %s: %s\n", res.Source, w)
		}
	}
	return tw.Flush()
}

// snapshotDate picks a snapshot's date: the forced one, the list's own, a
// date in the path's name, or today.
func snapshotDate(forced time.Time, l *embargo.ParsedList, path string) time.Time {
	switch {
	case !forced.IsZero():
		return forced
	case !l.AsOf.IsZero():
		return l.AsOf.UTC()
	}
	if t, ok := pathDate(path); ok {
		return t
	}
	return time.Now().UTC().Truncate(24 * time.Hour)
}

// pathDate finds a date in the names of path and its parents
// ("ofac-sdn/2021-08-18T093901Z/sdn.csv").
func pathDate(path string) (time.Time, bool) {
	for p := filepath.Clean(path); p != "." && p != "/"; p = filepath.Dir(p) {
		if t, err := embargo.ParseAsOf(filepath.Base(p), false); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
