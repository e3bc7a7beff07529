package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/ingest"
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
in the name of the file or of a folder it is in, else today. Every path is read before anything is
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
			return m.withStore(ctx, true, func(store embargo.Database) error {
				results, err := m.importer(store).ImportPaths(ctx, args, opts, forced)
				var oe *ingest.ObserverError
				if err != nil && !errors.As(err, &oe) {
					return err
				}
				if perr := m.printImports(results, jsonOut); perr != nil {
					return perr
				}
				return err
			})
		},
	}
	cmd.Flags().StringVar(&opts.Source, "source", "", "source name (FollowTheMoney and custom lists)")
	cmd.Flags().StringVar(&opts.Format, "format", "", "force the format (detected when empty)")
	cmd.Flags().Int64Var(&opts.MaxBytes, "max-decompressed-bytes", source.DefaultMaxBytes, "largest list file once decompressed (a gzip bomb stops here)")
	cmd.Flags().IntVar(&opts.MaxEntities, "max-entities", source.DefaultMaxEntities, "most entities in one list (a file of valid rows stops here, at a line)")
	cmd.Flags().StringVar(&asOf, "as-of", "", "snapshot date YYYY-MM-DD (default: the file's own date)")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON, one object per source")
	return cmd
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
	for _, res := range results {
		for _, w := range res.Warnings {
			fmt.Fprintf(m.Stderr, "embargo: warning: %s: %s\n", res.Source, w)
		}
	}
	return printTable(m.Stdout, []string{"SOURCE", "SNAPSHOT", "ENTITIES", "ADDED", "REMOVED", "CHANGED"}, results, func(res *embargo.ImportResult) []any {
		if res.Unchanged {
			return []any{res.Source, res.SnapshotID, res.Entities, "unchanged", "", ""}
		}
		return []any{res.Source, res.SnapshotID, res.Entities, res.Added, res.Removed, res.Changed}
	})
}
