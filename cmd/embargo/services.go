package main

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/crosslist"
	"github.com/embargo-dev/embargo/engine"
	"github.com/embargo-dev/embargo/ingest"
	"github.com/embargo-dev/embargo/monitor"
)

// The services a command works with, built once per process from its
// database: screening, monitoring, and the import workflow with the
// observers that follow each import.

// callerName names the user of the command line in the audit log.
func (m *Main) callerName() string {
	if u := m.Getenv("USER"); u != "" {
		return "cli:" + u
	}
	return "cli"
}

// callerContext returns ctx carrying the command-line user as the caller.
func (m *Main) callerContext(ctx context.Context) context.Context {
	return embargo.NewContextWithCaller(ctx, embargo.Caller{Name: m.callerName()})
}

// auditEngine makes the engine record its screenings in the database's
// audit log, in the name of the command-line user.
func (m *Main) auditEngine(eng *engine.Engine, db embargo.Database) {
	eng.Audit, eng.DefaultCaller = db, m.callerName()
}

// monitorService returns the monitoring service over db; screener, when
// not nil, screens customers as they are saved.
func (m *Main) monitorService(db embargo.Database, screener embargo.Screener, logger *slog.Logger) *monitor.Service {
	return monitor.New(db, screener, m.privateWebhooks(), logger)
}

// screeningMonitor returns the monitoring service over db with a loaded
// screening engine, so that customers saved are screened against every
// list.
func (m *Main) screeningMonitor(ctx context.Context, db embargo.Database) (*monitor.Service, *engine.Engine, error) {
	eng := engine.New(db)
	eng.Logger = discardLogger()
	m.auditEngine(eng, db)
	if err := eng.Load(ctx); err != nil {
		return nil, nil, err
	}
	return m.monitorService(db, eng, eng.Logger), eng, nil
}

// importer returns the import workflow of a command: the lists go into
// db, they are linked, then the watchlists are re-screened against what
// changed.
func (m *Main) importer(db embargo.Database) *ingest.Importer {
	return &ingest.Importer{Store: db, Observers: []embargo.ImportObserver{
		crosslist.New(db, discardLogger()),
		cliMonitor{m, m.monitorService(db, nil, discardLogger())},
	}}
}

// cliMonitor re-screens the watchlists after a command's imports and says
// on stderr what that raised.
type cliMonitor struct {
	m   *Main
	svc *monitor.Service
}

func (c cliMonitor) OnImport(ctx context.Context, created []*embargo.ImportResult) error {
	out, err := c.svc.CatchUpImports(c.m.callerContext(ctx), created)
	if err != nil {
		return fmt.Errorf("re-screening the watchlists failed (it catches up at the next import, or run 'embargo watch rescreen'): %w", err)
	}
	c.m.reportMonitoring(out)
	return nil
}

// reportMonitoring says on stderr what monitoring raised, if anything.
func (m *Main) reportMonitoring(out *monitor.Result) {
	if len(out.Alerts) > 0 {
		fmt.Fprintf(m.Stderr, "embargo: %d new alert(s) for watched customers; see 'embargo alerts --status open'\n", len(out.Alerts))
	}
	if out.Failed > 0 {
		fmt.Fprintf(m.Stderr, "embargo: %d webhook delivery(ies) failed; see 'embargo webhooks deliveries'\n", out.Failed)
	}
}

// privateWebhooks reports whether webhooks may reach private addresses:
// --allow-private-webhooks, else $EMBARGO_ALLOW_PRIVATE_WEBHOOKS.
func (m *Main) privateWebhooks() bool {
	if m.allowPrivateWebhooks {
		return true
	}
	v, _ := strconv.ParseBool(m.Getenv("EMBARGO_ALLOW_PRIVATE_WEBHOOKS"))
	return v
}
