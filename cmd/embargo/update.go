package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/fetch"
)

func (m *Main) updateCommand() *cobra.Command {
	var sources, sourcesFile string
	var jsonOut, listSources bool
	cmd := &cobra.Command{
		Use:   "update [--source NAME,...] | update --list-sources [--json]",
		Short: "Download the current lists from their publishers and import what changed",
		Long: `Downloads each source from its official publisher (conditional requests,
size limits, timeouts, retries with backoff) and imports it when the content
changed. A failed or partial download never replaces the current snapshot.
--sources-file names a JSON file with [{"name": ..., "files": [{"url", "name",
"optional", "sha256"}]}] to replace the official addresses.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			srcs, err := loadSources(sourcesFile, "")
			if err != nil {
				return err
			}
			if listSources {
				return m.printSources(srcs, jsonOut)
			}
			var names []string
			for _, s := range strings.Split(sources, ",") {
				if s = strings.TrimSpace(s); s != "" {
					names = append(names, s)
				}
			}
			return m.withStore(ctx, true, func(store embargo.Database) error {
				u := &fetch.Updater{Fetcher: fetch.NewFetcher(), Importer: m.importer(store), States: store, Sources: srcs}
				u.Fetcher.Logger = discardLogger()
				outcomes, uerr := u.Update(ctx, names)
				var err error
				if jsonOut {
					err = writeJSON(m.Stdout, outcomes)
				} else {
					err = printTable(m.Stdout, []string{"SOURCE", "STATUS", "SNAPSHOT", "DETAIL"}, outcomes, func(o fetch.Outcome) []any {
						snap, detail := "", o.Error
						for _, r := range o.Results {
							snap = r.SnapshotID
							if !r.Unchanged {
								detail = fmt.Sprintf("+%d -%d ~%d", r.Added, r.Removed, r.Changed)
							}
						}
						return []any{o.Source, o.Status, snap, detail}
					})
				}
				if err != nil {
					return err
				}
				return uerr
			})
		},
	}
	cmd.Flags().StringVar(&sources, "source", "", "comma-separated sources to update (default: all)")
	cmd.Flags().StringVar(&sourcesFile, "sources-file", "", "JSON file with the sources' download addresses")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON")
	cmd.Flags().BoolVar(&listSources, "list-sources", false, "print what would be downloaded (name, format, URLs) and exit")
	return cmd
}

// printSources prints the sources update downloads: name, format and URLs.
func (m *Main) printSources(srcs []fetch.Source, jsonOut bool) error {
	if jsonOut {
		return writeJSON(m.Stdout, srcs)
	}
	// A line a file, the source named on its first.
	var files [][]any
	for _, s := range srcs {
		for i, f := range s.Files {
			name, format, publisher := s.Name, s.Format, s.Publisher
			if i > 0 {
				name, format, publisher = "", "", ""
			}
			url := f.URL
			if f.Optional {
				url += " (optional)"
			}
			files = append(files, []any{name, format, publisher, url})
		}
	}
	return printTable(m.Stdout, []string{"SOURCE", "FORMAT", "PUBLISHER", "URL"}, files, func(cells []any) []any { return cells })
}

// loadSources returns the sources update downloads: those of the file at
// path (setting names its setting in errors, e.g. "sources_file"), or the
// official ones.
func loadSources(path, setting string) ([]fetch.Source, error) {
	if path == "" {
		return fetch.DefaultSources(), nil
	}
	where := path
	if setting != "" {
		where = setting + " " + path
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, embargo.Errorf(embargo.EINVALID, "%s: %v", where, unwrapErr(err))
	}
	srcs, err := fetch.ParseSources(data)
	if err != nil {
		return nil, embargo.Errorf(embargo.EINVALID, "%s: %v", where, err)
	}
	return srcs, nil
}
