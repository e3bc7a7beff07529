package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/spf13/cobra"
)

// jsonFlag adds --json, which makes a command print JSON instead of text.
func jsonFlag(cmd *cobra.Command, on *bool) {
	cmd.Flags().BoolVar(on, "json", false, "print JSON")
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// writeJSONLine writes v as one line of JSON.
func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// printTable prints rows as the human output's table: a line of column
// names (none when columns is empty), then a line a row, with the cells
// cells returns; columns are aligned two spaces apart. A cell prints as
// fmt.Print prints it, a time.Time in RFC 3339.
func printTable[T any](w io.Writer, columns []string, rows []T, cells func(T) []any) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if len(columns) > 0 {
		fmt.Fprintln(tw, strings.Join(columns, "\t")+"\t")
	}
	var line strings.Builder
	for _, r := range rows {
		line.Reset()
		for _, c := range cells(r) {
			if t, ok := c.(time.Time); ok {
				c = t.Format(time.RFC3339)
			}
			fmt.Fprint(&line, c)
			line.WriteByte('\t')
		}
		line.WriteByte('\n')
		io.WriteString(tw, line.String())
	}
	return tw.Flush()
}

// resultCommand completes cmd into a command that runs with the database
// open (see storeCommand) and prints its one result: as JSON with --json,
// else as text writes it.
func resultCommand[T any](m *Main, cmd *cobra.Command, create bool, get func(ctx context.Context, store embargo.Database, args []string) (T, error), text func(w io.Writer, v T) error) *cobra.Command {
	var jsonOut bool
	jsonFlag(cmd, &jsonOut)
	return m.storeCommand(cmd, create, func(ctx context.Context, store embargo.Database, args []string) error {
		v, err := get(ctx, store, args)
		if err != nil {
			return err
		}
		if jsonOut {
			return writeJSON(m.Stdout, v)
		}
		return text(m.Stdout, v)
	})
}

// listCommand is a command that lists what read returns from the
// database: as JSON with --json, else as a table of these columns with
// the cells of each row (see printTable). The flags read uses are added
// to the command returned.
func listCommand[T any](m *Main, use, short string, read func(context.Context, embargo.Database) ([]T, error), columns []string, cells func(T) []any) *cobra.Command {
	return resultCommand(m, &cobra.Command{Use: use, Short: short, Args: cobra.NoArgs}, false,
		func(ctx context.Context, store embargo.Database, _ []string) ([]T, error) { return read(ctx, store) },
		func(w io.Writer, rows []T) error { return printTable(w, columns, rows, cells) })
}
