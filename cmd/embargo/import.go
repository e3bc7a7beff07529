package main

import (
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
			type job struct {
				list *embargo.ParsedList
				asOf time.Time
			}
			var jobs []job
			for _, path := range args {
				lists, err := source.Read(path, opts)
				if err != nil {
					return err
				}
				for _, l := range lists {
					jobs = append(jobs, job{l, snapshotDate(forced, l, path)})
				}
			}
			// Several dated paths of one source import oldest first.
			sort.SliceStable(jobs, func(i, j int) bool {
				if jobs[i].list.Source != jobs[j].list.Source {
					return false
				}
				return jobs[i].asOf.Before(jobs[j].asOf)
			})
			store, err := m.openStore(ctx, true)
			if err != nil {
				return err
			}
			defer store.Close()
			tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
			if !jsonOut {
				fmt.Fprintln(tw, "SOURCE\tSNAPSHOT\tENTITIES\tADDED\tREMOVED\tCHANGED\t")
			}
			for _, j := range jobs {
				res, err := store.ImportList(ctx, j.list, j.asOf)
				if err != nil {
					return err
				}
				if jsonOut {
					if err := writeJSONLine(m.Stdout, res); err != nil {
						return err
					}
					continue
				}
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
		},
	}
	cmd.Flags().StringVar(&opts.Source, "source", "", "source name (FollowTheMoney and custom lists)")
	cmd.Flags().StringVar(&opts.Format, "format", "", "force the format (detected when empty)")
	cmd.Flags().StringVar(&asOf, "as-of", "", "snapshot date YYYY-MM-DD (default: the file's own date)")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON, one object per source")
	return cmd
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
	for p := filepath.Clean(path); p != "." && p != "/"; p = filepath.Dir(p) {
		if t, err := embargo.ParseAsOf(filepath.Base(p), false); err == nil {
			return t
		}
	}
	return time.Now().UTC().Truncate(24 * time.Hour)
}
