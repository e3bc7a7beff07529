// Command embargo imports, versions, screens and serves sanctions lists.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/embargo-dev/embargo"
)

// Version is set with -ldflags "-X main.Version=..."; it falls back to the
// module version from the build info.
var Version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := NewMain()
	code := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// Main is the program, with its I/O injectable for tests.
type Main struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads the environment; tests replace it.
	Getenv func(string) string

	dbPath     string
	cpuProfile string
	// allowPrivateWebhooks is --allow-private-webhooks.
	allowPrivateWebhooks bool
}

// NewMain returns a Main on the process's standard streams.
func NewMain() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

// usageError marks errors in the command line itself (exit status 2).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// exitError is an error with its own exit status (3: a screening that did
// not cover every source in scope).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// Run runs the command line args and returns the exit status.
func (m *Main) Run(ctx context.Context, args []string) int {
	root := m.rootCommand()
	root.SetArgs(args)
	root.SetIn(m.Stdin)
	root.SetOut(m.Stdout)
	root.SetErr(m.Stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(m.Stderr, "embargo: %v\nRun 'embargo --help' for usage.\n", err)
		return 2
	}
	var ee *exitError
	if errors.As(err, &ee) {
		fmt.Fprintf(m.Stderr, "embargo: %v\n", err)
		return ee.code
	}
	fmt.Fprintf(m.Stderr, "embargo: %s\n", errorText(err))
	return 1
}

// errorText is what the user sees of an error: domain errors and parse
// errors in full, anything else with its wrapped context.
func errorText(err error) string {
	if embargo.ErrorCode(err) != embargo.EINTERNAL {
		return embargo.ErrorMessage(err)
	}
	return err.Error()
}

func (m *Main) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "embargo",
		Short:         "Sanctions lists: every version kept, screened, scanned and served",
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&m.dbPath, "db", "", "database: a SQLite file path or a postgres:// URL (default $EMBARGO_DB or ./embargo.db)")
	root.PersistentFlags().StringVar(&m.cpuProfile, "cpuprofile", "", "write a CPU profile of the command to this file (for go tool pprof)")
	_ = root.PersistentFlags().MarkHidden("cpuprofile")
	root.PersistentFlags().BoolVar(&m.allowPrivateWebhooks, "allow-private-webhooks", false, "let webhooks reach private, loopback and link-local addresses (default $EMBARGO_ALLOW_PRIVATE_WEBHOOKS; off: such webhooks are refused)")
	var stopProfile func()
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
		if m.cpuProfile == "" {
			return nil
		}
		var err error
		stopProfile, err = startCPUProfile(m.cpuProfile)
		return err
	}
	root.PersistentPostRun = func(*cobra.Command, []string) {
		if stopProfile != nil {
			stopProfile()
		}
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	addCommands(root,
		m.importCommand(),
		m.snapshotsCommand(),
		m.diffCommand(),
		m.historyCommand(),
		m.screenCommand(),
		m.scanCommand(),
		m.evalCommand(),
		m.updateCommand(),
		m.migrateCommand(),
		m.copyCommand(),
		m.serveCommand(),
		group("keys", "Manage the API keys of the HTTP server", keysHelp,
			m.keysCreateCommand(), m.keysListCommand(), m.keysRevokeCommand()),
		group("watch", "Watchlists: customers re-screened whenever a list changes", watchHelp,
			m.watchAddCommand(), m.watchListCommand(), m.watchShowCommand(), m.watchRemoveCommand(), m.watchHistoryCommand(), m.watchRescreenCommand()),
		m.alertsCommand(),
		group("audit", "The audit log of every screening: export, verify, re-run, prune", auditHelp,
			m.auditExportCommand(), m.auditVerifyCommand(), m.auditRerunCommand(), m.auditPruneCommand()),
		group("webhooks", "Endpoints that new alerts are posted to", webhooksHelp,
			m.webhooksAddCommand(), m.webhooksListCommand(), m.webhooksRemoveCommand(), m.webhooksDeliveriesCommand(), m.webhooksDeliverCommand()),
	)
	return root
}

func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "dev"
}

// Garbage collection for the server, unless GOGC and GOMEMLIMIT say
// otherwise: collect when the heap has grown to five times what is live,
// not twice, but collect harder as it nears softMemoryLimit. It allocates
// a lot in short-lived answers beside a large index that lives on;
// collecting a fifth as often took a tenth off the server's slowest
// answers (p99), for a heap that peaks a few times the index's size.
// Batch screening keeps Go's default: a process that lives a second
// touches each page of its heap for the first time, and on the
// development machine (a virtual machine) a page fault costs about 10 µs,
// more than the collections saved: 20,000 queries took 0.4-0.5 s less CPU
// (user and system) than with this setting, with half the page faults
// (28,000 against 55,000).
const (
	gcPercent       = 400
	softMemoryLimit = 1 << 30
)

func (m *Main) tuneGC() {
	if m.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if m.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
	}
}

// startCPUProfile profiles the process's CPU into path until the
// returned function is called.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
