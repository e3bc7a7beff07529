package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/postgres"
	"github.com/embargo-dev/embargo/sqlite"
)

// The helpers of every subcommand: its place in the command tree, its
// flags and arguments, its input and the database it works on. Output is
// in output.go.

// addCommands adds the subcommands to parent, their argument-count errors
// made usage errors.
func addCommands(parent *cobra.Command, subs ...*cobra.Command) {
	for _, c := range subs {
		c.Args = wrapArgs(c.Args)
	}
	parent.AddCommand(subs...)
}

// group is a command that only groups subcommands: use names it, short
// and long are its help.
func group(use, short, long string, subs ...*cobra.Command) *cobra.Command {
	cmd := &cobra.Command{Use: use, Short: short, Long: long}
	addCommands(cmd, subs...)
	return cmd
}

// wrapArgs makes argument-count errors usage errors.
func wrapArgs(fn cobra.PositionalArgs) cobra.PositionalArgs {
	if fn == nil {
		return nil
	}
	return func(cmd *cobra.Command, args []string) error {
		if err := fn(cmd, args); err != nil {
			return &usageError{err}
		}
		return nil
	}
}

// requireFlag is the usage error of a required flag left empty, or nil.
func requireFlag(name, value string) error {
	if value == "" {
		return &usageError{fmt.Errorf("--%s is required", name)}
	}
	return nil
}

// positiveID parses the id of a record (what names it in the error).
func positiveID(what, s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, &usageError{fmt.Errorf("%s %q: want a positive number", what, s)}
	}
	return id, nil
}

// oneID is the argument rule of a command on one record: exactly one
// argument, which parse turns into *id (a usage error when it cannot).
// Cobra checks it before the command runs, so before the database opens.
func oneID(id *int64, parse func(string) (int64, error)) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.ExactArgs(1)(cmd, args); err != nil {
			return err
		}
		var err error
		*id, err = parse(args[0])
		return err
	}
}

// positive parses the positive id of a record (see positiveID).
func positive(what string) func(string) (int64, error) {
	return func(s string) (int64, error) { return positiveID(what, s) }
}

// number parses the id of a record, any integer; format words the usage
// error, with the argument for its %q.
func number(format string) func(string) (int64, error) {
	return func(s string) (int64, error) {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, &usageError{fmt.Errorf(format, s)}
		}
		return id, nil
	}
}

// unlessEmpty is a filter's optional field: &s, or nil for "".
func unlessEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// openInput opens a command's input: the file at path, or standard input
// for "-"; name is what errors call it.
func (m *Main) openInput(path string) (r io.ReadCloser, name string, err error) {
	if path == "-" {
		return io.NopCloser(m.Stdin), "stdin", nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, "", embargo.Errorf(embargo.EINVALID, "%s: %v", path, unwrapErr(err))
	}
	return f, path, nil
}

// unwrapErr is the cause of a file error, without the operation and path
// (which the message says its own way).
func unwrapErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// withStore runs fn with the database open, then closes it; create is
// false for commands that only read. Commands check their flags and
// arguments first, so that a usage error is said before a missing database.
func (m *Main) withStore(ctx context.Context, create bool, fn func(store embargo.Database) error) error {
	store, err := m.openStore(ctx, create)
	if err != nil {
		return err
	}
	defer store.Close()
	return fn(store)
}

// storeCommand completes cmd (its usage, summary, argument rule and
// flags) into a command that runs with the database open; create is true
// for commands that write (a missing database is created). Arguments
// (cmd.Args) and flags (cmd.PreRunE) are checked before the database is
// opened, so that a usage error is said first.
func (m *Main) storeCommand(cmd *cobra.Command, create bool, run func(ctx context.Context, store embargo.Database, args []string) error) *cobra.Command {
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		return m.withStore(cmd.Context(), create, func(store embargo.Database) error {
			return run(cmd.Context(), store, args)
		})
	}
	return cmd
}

// idCommand is a command on one record named by its id, which parse reads
// (a usage error when it cannot): run acts on the record, then done,
// formatted with the id, is printed.
func (m *Main) idCommand(use, short string, parse func(string) (int64, error), run func(ctx context.Context, store embargo.Database, id int64) error, done string) *cobra.Command {
	var id int64
	return m.storeCommand(&cobra.Command{Use: use, Short: short, Args: oneID(&id, parse)}, false,
		func(ctx context.Context, store embargo.Database, _ []string) error {
			if err := run(ctx, store, id); err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, done, id)
			return nil
		})
}

// dsn returns the database to use: --db, else $EMBARGO_DB, else ./embargo.db.
func (m *Main) dsn() string {
	if m.dbPath != "" {
		return m.dbPath
	}
	if v := m.Getenv("EMBARGO_DB"); v != "" {
		return v
	}
	return "embargo.db"
}

// openStore opens the database; create is false for commands that only read.
func (m *Main) openStore(ctx context.Context, create bool) (embargo.Database, error) {
	return m.openStoreWith(ctx, sqlite.Options{Create: create}, nil)
}

// openStoreWith opens the database with these SQLite options (ignored on
// PostgreSQL); logger, when set, receives PostgreSQL's reconnections.
func (m *Main) openStoreWith(ctx context.Context, opts sqlite.Options, logger *slog.Logger) (embargo.Database, error) {
	dsn := m.dsn()
	if !isPostgres(dsn) {
		db, err := sqlite.Open(ctx, dsn, opts)
		if err != nil {
			return nil, err
		}
		return db, nil
	}
	db, err := postgres.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if logger != nil {
		db.SetLogger(logger)
	}
	return db, nil
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}
