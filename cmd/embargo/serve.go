package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/auditlog"
	"github.com/embargo-dev/embargo/crosslist"
	"github.com/embargo-dev/embargo/demo"
	"github.com/embargo-dev/embargo/engine"
	"github.com/embargo-dev/embargo/fetch"
	embhttp "github.com/embargo-dev/embargo/http"
	"github.com/embargo-dev/embargo/ingest"
	"github.com/embargo-dev/embargo/sqlite"
)

func (m *Main) serveCommand() *cobra.Command {
	var f configFlags
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080] [--demo] [flags]",
		Short: "Serve the JSON API and the web UI",
		Long: `Serve the HTTP API (/api/v1/..., and POST /match/{dataset} for clients of
OpenSanctions' yente), the web UI, /healthz, /readyz and /metrics on one port.

With --demo, embargo serves real bundled lists (OFAC SDN: two full sets and
308 daily snapshots 2021-2024; UN; UK OFSI; EU excerpts) from a demo
database in the user cache directory. The first start imports them in the
background (a minute at most): the server listens at once, and /readyz and
the UI say it is loading until the lists are in. Later starts reuse the
database.

Settings come from defaults, a JSON config file (--config or $EMBARGO_CONFIG),
EMBARGO_* environment variables (e.g. EMBARGO_ADDR, EMBARGO_AUTH_READS) and
flags, each overriding the one before.

Reads (GET) are open unless --auth-reads; POST /api/v1/screen and /match need
an analyst key and POST /api/v1/import an admin key: see 'embargo keys'.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := f.load(cmd.Flags(), m.Getenv)
			if err != nil {
				return &usageError{err}
			}
			return m.serve(cmd.Context(), cfg)
		},
	}
	f.register(cmd.Flags())
	return cmd
}

// serve runs the server until ctx is cancelled, then shuts down gracefully.
func (m *Main) serve(ctx context.Context, cfg Config) error {
	logger := cfg.logger(m.Stderr)
	m.tuneGC()
	var store embargo.Database
	demoPath, where := "", ""
	if cfg.Demo {
		var err error
		if demoPath, err = demoDBPath(cfg.DemoDB); err != nil {
			return err
		}
		db, err := sqlite.Open(ctx, demoPath, sqlite.Options{Create: true})
		if err != nil {
			return err
		}
		store, where = db, demoPath
	} else {
		// The config file's db comes after --db and $EMBARGO_DB.
		if m.dbPath == "" && m.Getenv("EMBARGO_DB") == "" && cfg.DB != "" {
			m.dbPath = cfg.DB
		}
		where = m.dsn()
		if strings.Contains(where, "://") {
			where = "postgres" // a URL may hold a password: not for the log
		}
		// A replica may start on an empty PostgreSQL database (it migrates
		// it); a missing SQLite file is more likely a mistyped path.
		// PostgreSQL's snapshot listener logs its reconnections.
		var err error
		store, err = m.openStoreWith(ctx, sqlite.Options{Create: isPostgres(m.dsn())}, logger)
		if embargo.ErrorCode(err) == embargo.ENOTFOUND {
			return embargo.Errorf(embargo.ENOTFOUND, "%s (or try: embargo serve --demo)", embargo.ErrorMessage(err))
		} else if err != nil {
			return err
		}
	}
	defer store.Close()

	eng := engine.New(store)
	eng.Logger = logger
	// A server builds its index once and reloads it after every import;
	// the index cache is for short-lived commands (a batch, a cron job).
	// Storing it on every reload cost each replica about 0.35 s before it
	// answered on the new list, and replicas raced to store the same one
	// (TestReplicas, TestPostgresRestart).
	eng.NoIndexCache = true
	journalDir, spool, err := auditJournalDir(cfg, store.DefaultAuditJournal())
	if err != nil {
		return err
	}
	var journal *auditlog.Journal
	{
		// Every API screening is recorded; concurrent requests share
		// writes. With a journal, a screening waits for one write to a
		// local file, not for a transaction (see auditlog.Journal). With a
		// spool (a journal that syncs), records go to local disk only
		// while the database is away.
		ga := &auditlog.GroupAuditor{Auditor: store}
		if journalDir != "" {
			what := "audit journal"
			if spool {
				what = "audit spool"
			}
			if journal, err = auditlog.OpenJournal(ctx, journalDir, store); err != nil {
				return err
			}
			journal.Sync = spool
			if n := journal.Replayed(); n > 0 {
				logger.Warn(what+": moved records of an earlier run into the audit log", "records", n, "dir", journalDir)
			}
			defer func() {
				cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Duration(cfg.ShutdownTimeout))
				defer cancel()
				if err := journal.Close(cctx); err != nil {
					logger.Error(what+": records left to move at the next start", "err", err, "records", journal.Pending())
				}
			}()
			go journal.Run(ctx, time.Duration(cfg.AuditJournalInterval), func(err error) {
				logger.Warn(what+": cannot move records into the audit log yet", "err", err, "records", journal.Pending())
			}, func(n int) {
				logger.Info(what+": moving records again", "records", n)
			})
			if spool {
				ga.Fallback = journal
			} else {
				ga.Auditor = journal
			}
		}
		eng.Audit = ga
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{Namespace: "embargo"}))
	if journal != nil {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "embargo_audit_journal_pending",
			Help: "Audit records in the journal (or spool) that are not in the audit log yet.",
		}, func() float64 { return float64(journal.Pending()) }))
	}
	srv := embhttp.NewServer()
	srv.Config = cfg.server()
	// The services, built once: the audit log is read through the
	// journal, so that a screening answered is always found.
	var audit embargo.AuditService = store
	if journal != nil {
		audit = journal.Reading(store)
	}
	mon := m.monitorService(store, eng, logger)
	mon.Audit, mon.Ready = audit, eng.Ready
	srv.Engine, srv.Store, srv.Keys = eng, store, store
	srv.Watchlists, srv.Alerts, srv.Audit, srv.Monitor = store, store, audit, mon
	links := crosslist.New(store, logger)
	srv.CrossLinks = links
	// One import workflow for uploads and scheduled updates: once lists
	// are stored, the index reloads, the lists are linked, the
	// watchlists are re-screened, then the import metrics count what was
	// created.
	srv.Importer = &ingest.Importer{Store: store, Observers: []embargo.ImportObserver{eng, links, mon, newImportMetrics(reg)}}
	srv.Registry, srv.Logger, srv.Version = reg, logger, version()
	srv.SetStatus("Opening the database…")
	// Set before the server opens: handlers read it.
	checked := &lastChecked{at: map[string]time.Time{}}
	srv.LastChecked = checked.get
	if err := srv.Open(); err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	logger.Info("serving", "url", srv.URL(), "db", where, "demo", cfg.Demo, "auth_reads", cfg.AuthReads)
	fmt.Fprintf(m.Stdout, "embargo: serving on %s\n", srv.URL())

	loaded := make(chan error, 1)
	go func() { loaded <- m.load(ctx, srv, eng, links, store, demoPath, cfg.DemoDaily, logger) }()

	select {
	case <-ctx.Done():
	case err := <-loaded:
		if err != nil && ctx.Err() == nil {
			// The server stays up, not ready, saying why: a broken database
			// should be visible on /readyz, not a crash loop.
			logger.Error("load failed", "err", err)
			srv.SetStatus("Loading failed: " + embargo.ErrorMessage(err) + " (see the server log).")
		}
		if err == nil {
			defer m.setProcs(cfg.Procs, logger)()
			bg, err := m.background(ctx, cfg, store, eng, srv, checked, logger)
			if err != nil {
				srv.Close()
				return err
			}
			defer bg.Wait()
		}
		<-ctx.Done()
	}
	logger.Info("shutting down")
	if err := srv.Close(); err != nil {
		logger.Warn("shutdown", "err", err)
	}
	return nil
}

// defaultProcs is the process's GOMAXPROCS at start: the cores (or the
// container's CPU limit) it may use.
var defaultProcs = runtime.GOMAXPROCS(0)

// setProcs sets how many cores run Go code once the index is loaded (the
// load uses them all): n, or by default all but one. On a small machine a
// server that keeps every core busy with Go code makes the kernel's network
// stack and the processes beside it (its clients, PostgreSQL) wait for a
// core, each wait up to a scheduler tick (compare `bash scripts/bench
// server` with EMBARGO_PROCS=2; the README has the figures). GOMAXPROCS,
// when set, wins. It returns the function that restores the setting.
func (m *Main) setProcs(n int, logger *slog.Logger) func() {
	if m.Getenv("GOMAXPROCS") != "" {
		return func() {}
	}
	if n <= 0 {
		n = max(1, defaultProcs-1)
	}
	prev := runtime.GOMAXPROCS(n)
	logger.Info("cores running Go code", "procs", n, "cores", defaultProcs)
	return func() { runtime.GOMAXPROCS(prev) }
}

// auditJournalDir returns the directory of the journal that audit records
// go through (as configured, or the database's default: see
// embargo.Database.DefaultAuditJournal; "" for none), and whether it is a
// spool: a journal that syncs and takes records only while the database is
// unavailable.
func auditJournalDir(cfg Config, defaultDir string) (dir string, spool bool, err error) {
	journal := cfg.AuditJournal
	switch {
	case cfg.AuditSpool != "" && journal != "" && journal != "off":
		return "", false, embargo.Errorf(embargo.EINVALID, "audit_journal and audit_spool: give one (the journal also keeps records while the database is unavailable), or audit_journal off")
	case cfg.AuditSpool != "":
		return cfg.AuditSpool, true, nil
	case journal == "off":
		return "", false, nil
	case journal != "":
		return journal, false, nil
	}
	return defaultDir, false, nil
}

// background starts the work a ready server does besides answering
// requests: reloading the index whenever any replica imports a snapshot,
// and, when configured, downloading the lists on a schedule (one replica at
// a time). The returned WaitGroup is done once ctx is.
func (m *Main) background(ctx context.Context, cfg Config, store embargo.Database, eng *engine.Engine, srv *embhttp.Server, checked *lastChecked, logger *slog.Logger) (*sync.WaitGroup, error) {
	srcs, err := loadSources(cfg.SourcesFile, "sources_file")
	if err != nil {
		return nil, err
	}
	var wg sync.WaitGroup
	reload := make(chan struct{}, 1)
	wg.Add(2)
	go func() {
		defer wg.Done()
		err := store.WatchSnapshots(ctx, func(id string) {
			if id != "" && eng.HasSnapshot(id) {
				return // imported here, and already loaded
			}
			logger.Info("new snapshot; reloading the index", "snapshot", id)
			select {
			case reload <- struct{}{}:
			default: // a reload is already due and will include this one
			}
		})
		if err != nil && ctx.Err() == nil {
			logger.Error("snapshot watch stopped", "err", err)
		}
	}()
	go func() {
		defer wg.Done()
		for {
			select {
			case <-ctx.Done():
				return
			case <-reload:
			}
			if err := eng.Load(ctx); err != nil && ctx.Err() == nil {
				logger.Error("index reload failed; still serving the previous index", "err", err)
			}
		}
	}()

	if cfg.UpdateInterval <= 0 {
		return &wg, nil
	}
	f := fetch.NewFetcher()
	f.Logger = logger
	// Imports go through the server's workflow: its observers reload the
	// index and re-screen the watchlists; their failures are logged with
	// the update's outcome.
	u := &fetch.Updater{Fetcher: f, Importer: srv.Importer, States: store, Sources: srcs}
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Duration(cfg.UpdateInterval))
		defer t.Stop()
		for {
			ran, err := store.WithUpdateLock(ctx, func(ctx context.Context) error {
				outcomes, err := u.Update(ctx, nil)
				for _, o := range outcomes {
					if o.Status != "failed" {
						checked.set(o.Source, time.Now())
					}
					logger.Info("update", "source", o.Source, "status", o.Status, "error", o.Error)
				}
				return err
			})
			switch {
			case err != nil && ctx.Err() == nil:
				logger.Warn("scheduled update failed; current snapshots kept", "err", err)
			case !ran:
				logger.Debug("another replica is updating")
			}
			for src, age := range srv.SourceAges() {
				if cfg.MaxSourceAge > 0 && age > time.Duration(cfg.MaxSourceAge) {
					logger.Warn("source is stale", "source", src, "age", age.Round(time.Minute))
				}
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return &wg, nil
}

// lastChecked remembers when each source was last checked successfully.
type lastChecked struct {
	mu sync.Mutex
	at map[string]time.Time
}

func (c *lastChecked) get(src string) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at[src]
}

func (c *lastChecked) set(src string, t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at[src] = t
}

// load imports the demo lists when asked and builds the index, then marks
// the server ready.
func (m *Main) load(ctx context.Context, srv *embhttp.Server, eng *engine.Engine, links *crosslist.Service, store embargo.Store, demoPath string, demoDaily int, logger *slog.Logger) error {
	if demoPath != "" && !demoComplete(demoPath) {
		start := time.Now()
		srv.SetStatus(fmt.Sprintf("Importing the demo lists (0 of %d snapshots)…", demo.Total))
		total := demo.Total
		if demoDaily > 0 {
			total = demo.Total - demo.DailyCount + min(demoDaily, demo.DailyCount)
		}
		// The terminal sees the progress too: a line rewritten in place
		// on a terminal, else a line every 50 snapshots (logs and pipes).
		tty := false
		if f, ok := m.Stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			tty = true
		}
		fmt.Fprintf(m.Stderr, "embargo: importing the demo lists into %s (%d snapshots, once; about a minute and a half)\n", demoPath, total)
		// The demo imports before the index loads: no observers.
		im := &demo.Importer{Lists: &ingest.Importer{Store: store}, Logger: logger, DailyLimit: demoDaily, Progress: func(done, _ int, what string) {
			srv.SetStatus(fmt.Sprintf("Importing the demo lists: %d of %d snapshots (%s)…", done, total, what))
			switch {
			case tty:
				fmt.Fprintf(m.Stderr, "\rembargo: %d of %d snapshots imported (%s)\033[K", done, total, what)
			case done%50 == 0 || done == total:
				fmt.Fprintf(m.Stderr, "embargo: %d of %d snapshots imported (%s)\n", done, total, what)
			}
		}}
		if tty {
			defer fmt.Fprintln(m.Stderr)
		}
		sum, err := im.Run(ctx)
		if err != nil {
			return fmt.Errorf("demo import: %w", err)
		}
		logger.Info("demo lists imported", "created", sum.Created, "unchanged", sum.Unchanged, "skipped", sum.Skipped,
			"failed", len(sum.Failed), "duration", time.Since(start).Round(time.Millisecond))
		for _, f := range sum.Failed {
			logger.Warn("demo list not imported", "list", f)
		}
		if len(sum.Failed) == 0 && demoDaily == 0 {
			if err := os.WriteFile(demoPath+".complete", []byte(demo.Version+"\n"), 0o644); err != nil {
				logger.Warn("demo: cannot mark the database complete", "err", err)
			}
		}
	}
	srv.SetStatus("Building the screening index…")
	if err := eng.Load(ctx); err != nil {
		return err
	}
	// The latest lists' links, kept at import, are linked now where no
	// import did (the demo, a database from before links were kept).
	srv.SetStatus("Linking the lists…")
	if _, err := links.Latest(ctx); err != nil {
		return fmt.Errorf("link the lists: %w", err)
	}
	srv.SetStatus("")
	logger.Info("ready", "index_size", eng.IndexSize())
	return nil
}

// demoDBPath returns the demo database's path, creating its directory.
func demoDBPath(path string) (string, error) {
	if path == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("demo database: no cache directory (%v); give --demo-db PATH", err)
		}
		path = filepath.Join(dir, "embargo", "demo.db")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", fmt.Errorf("demo database: %w", err)
	}
	return path, nil
}

// demoComplete reports whether the demo database holds this version's
// bundled lists in full (an interrupted import resumes where it stopped).
func demoComplete(path string) bool {
	data, err := os.ReadFile(path + ".complete")
	if errors.Is(err, fs.ErrNotExist) || err != nil {
		return false
	}
	if _, err := os.Stat(path); err != nil {
		return false
	}
	return strings.TrimSpace(string(data)) == demo.Version
}
