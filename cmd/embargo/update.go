package main

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

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
			srcs := fetch.DefaultSources()
			if sourcesFile != "" {
				data, err := os.ReadFile(sourcesFile)
				if err != nil {
					return embargo.Errorf(embargo.EINVALID, "%s: %v", sourcesFile, unwrapErr(err))
				}
				if srcs, err = fetch.ParseSources(data); err != nil {
					return embargo.Errorf(embargo.EINVALID, "%s: %v", sourcesFile, err)
				}
			}
			if listSources {
				return m.printSources(srcs, jsonOut)
			}
			store, err := m.openStore(ctx, true)
			if err != nil {
				return err
			}
			defer store.Close()
			u := &fetch.Updater{Fetcher: fetch.NewFetcher(), Importer: m.importer(store), States: store, Sources: srcs}
			u.Fetcher.Logger = discardLogger()
			var names []string
			for _, s := range strings.Split(sources, ",") {
				if s = strings.TrimSpace(s); s != "" {
					names = append(names, s)
				}
			}
			outcomes, uerr := u.Update(ctx, names)
			if jsonOut {
				if err := writeJSON(m.Stdout, outcomes); err != nil {
					return err
				}
				return uerr
			}
			tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "SOURCE\tSTATUS\tSNAPSHOT\tDETAIL\t")
			for _, o := range outcomes {
				snap, detail := "", o.Error
				for _, r := range o.Results {
					snap = r.SnapshotID
					if !r.Unchanged {
						detail = fmt.Sprintf("+%d -%d ~%d", r.Added, r.Removed, r.Changed)
					}
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", o.Source, o.Status, snap, detail)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			return uerr
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
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tFORMAT\tPUBLISHER\tURL\t")
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
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", name, format, publisher, url)
		}
	}
	return tw.Flush()
}
