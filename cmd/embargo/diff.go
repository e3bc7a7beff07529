package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/export"
)

func (m *Main) diffCommand() *cobra.Command {
	var src string
	var jsonOut, csvOut bool
	var filter export.RowFilter
	cmd := m.storeCommand(&cobra.Command{
		Use:   "diff [--source NAME] FROM TO",
		Short: "Show what changed in a list between two snapshots",
		Long:  "FROM and TO are snapshot ids (ofac-sdn@2019-01-04) or dates; a date means the latest snapshot on or before it.",
		Args:  cobra.ExactArgs(2),
	}, false, func(ctx context.Context, store embargo.Database, args []string) error {
		if src == "" {
			src = sourceOfRef(args[0])
		}
		if src == "" {
			srcs, err := store.Sources(ctx)
			if err != nil {
				return err
			}
			if len(srcs) != 1 {
				return &usageError{fmt.Errorf("diff: --source is required when the database holds several sources (%s)", strings.Join(srcs, ", "))}
			}
			src = srcs[0]
		}
		from, err := store.ResolveSnapshot(ctx, src, args[0])
		if err != nil {
			return err
		}
		to, err := store.ResolveSnapshot(ctx, src, args[1])
		if err != nil {
			return err
		}
		d, err := store.Diff(ctx, from, to)
		if err != nil {
			return err
		}
		if csvOut || filter != (export.RowFilter{}) {
			rows, err := export.DiffRows(ctx, store, d, from, to)
			if err != nil {
				return err
			}
			rows = filter.Filter(rows)
			if csvOut {
				return export.Diff(export.NewWriter(m.Stdout), d.Source, d.From, d.To, rows)
			}
			d = export.FilterDiff(d, rows)
		}
		if jsonOut {
			return writeJSON(m.Stdout, d)
		}
		fmt.Fprintf(m.Stdout, "%s: %s → %s: %d added, %d removed, %d changed\n", d.Source, d.From, d.To, len(d.Added), len(d.Removed), len(d.Changed))
		for _, r := range d.Added {
			fmt.Fprintf(m.Stdout, "+ %s\t%s\n", r.EntityID, r.Name)
		}
		for _, r := range d.Removed {
			fmt.Fprintf(m.Stdout, "- %s\t%s\n", r.EntityID, r.Name)
		}
		for _, c := range d.Changed {
			var fields []string
			for _, f := range c.Fields {
				fields = append(fields, f.Field)
			}
			fmt.Fprintf(m.Stdout, "~ %s\t%s\t(%s)\n", c.EntityID, c.Name, strings.Join(fields, ", "))
		}
		return nil
	})
	cmd.Flags().StringVar(&src, "source", "", "the list's source name")
	jsonFlag(cmd, &jsonOut)
	cmd.Flags().BoolVar(&csvOut, "csv", false, "print CSV: a row per entity with its programs, countries and listing date")
	cmd.Flags().StringVar(&filter.Program, "program", "", "only entities with a program containing this (case-insensitive)")
	cmd.Flags().StringVar(&filter.Country, "country", "", "only entities tied to this country (name or ISO code)")
	cmd.Flags().StringVar(&filter.Change, "change", "", "only added, removed or changed entities")
	cmd.MarkFlagsMutuallyExclusive("json", "csv")
	return cmd
}

// sourceOfRef returns the source of a snapshot id (SOURCE@DATE), or "".
func sourceOfRef(ref string) string {
	src, _, ok := strings.Cut(ref, "@")
	if !ok {
		return ""
	}
	return src
}

// formatValue renders a field value for human output: "—" for none, else
// as fmt prints it.
func formatValue(v any) string {
	if v == nil {
		return "—"
	}
	return fmt.Sprint(v)
}
