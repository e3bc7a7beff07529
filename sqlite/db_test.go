package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/storetest"
	"github.com/embargo-dev/embargo/internal/testutil"
	"github.com/embargo-dev/embargo/sqlite"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) embargo.Store { return testutil.MustSQLite(t) })
}

func TestWatchSnapshots(t *testing.T) {
	db := testutil.MustSQLite(t)
	storetest.Watch(t, db, db)
}

func TestOpen_Missing(t *testing.T) {
	_, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "nope.db"), sqlite.Options{})
	if embargo.ErrorCode(err) != embargo.ENOTFOUND {
		t.Fatalf("err=%v, want ENOTFOUND", err)
	}
}

// TestAuditConn checks the connection kept for audit records: a failed
// write gives it up and the next one takes a fresh one, an in-memory
// database (a pool of one connection) does not keep it, and records from
// concurrent callers form one chain.
func TestAuditConn(t *testing.T) {
	ctx := context.Background()
	rec := func(name string) *embargo.AuditRecord {
		return &embargo.AuditRecord{Caller: "test", Kind: embargo.AuditScreen, Query: embargo.Query{Name: name},
			Snapshots: map[string]string{}, Threshold: 0.75, Limit: 10}
	}
	t.Run("AfterFailure", func(t *testing.T) {
		db := testutil.MustSQLite(t)
		if err := db.Record(ctx, rec("a")); err != nil {
			t.Fatal(err)
		}
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if err := db.Record(cancelled, rec("b")); err == nil {
			t.Fatal("record with a cancelled context succeeded")
		}
		if err := db.Record(ctx, rec("c")); err != nil {
			t.Fatalf("record after a failed one: %v", err)
		}
		if n, err := db.VerifyAudit(ctx); err != nil || n != 2 {
			t.Fatalf("verify: %d records, %v; want 2", n, err)
		}
	})
	t.Run("InMemory", func(t *testing.T) {
		db, err := sqlite.Open(ctx, ":memory:", sqlite.Options{Create: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		for _, n := range []string{"a", "b"} {
			if err := db.Record(ctx, rec(n)); err != nil {
				t.Fatal(err)
			}
		}
		// With the one connection kept for the audit log, this would wait
		// for ever.
		done := make(chan error, 1)
		go func() { _, err := db.FindSnapshots(ctx, embargo.SnapshotFilter{}); done <- err }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("a query waits for the audit log's connection")
		}
	})
	t.Run("Concurrent", func(t *testing.T) {
		db := testutil.MustSQLite(t)
		testutil.Concurrently(t, 8, 25, func(i, j int) error {
			return db.Record(ctx, rec(fmt.Sprintf("%d-%d", i, j)))
		})
		if n, err := db.VerifyAudit(ctx); err != nil || n != 200 {
			t.Fatalf("verify: %d records, %v; want 200", n, err)
		}
	})
}

// TestCheckpoint_WALBounded writes without pause, as a busy server's audit
// log is written: the write-ahead log must not grow past its limit (with
// the passive checkpoints alone it grew by all that was written).
func TestCheckpoint_WALBounded(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "embargo.db")
	const limit = 1 << 20
	db, err := sqlite.Open(ctx, path, sqlite.Options{Create: true, CheckpointEvery: 20 * time.Millisecond, WALLimit: limit})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pad := strings.Repeat("x", 500)
	var written, largest int64
	for start := time.Now(); time.Since(start) < 2*time.Second || written < 16*limit; {
		recs := make([]*embargo.AuditRecord, 50)
		for i := range recs {
			recs[i] = &embargo.AuditRecord{Caller: "test", Kind: embargo.AuditScreen, Query: embargo.Query{Name: pad},
				Snapshots: map[string]string{}, Threshold: 0.75, Limit: 10}
		}
		if err := db.Record(ctx, recs...); err != nil {
			t.Fatal(err)
		}
		written += 50 * 600
		if fi, err := os.Stat(path + "-wal"); err == nil {
			largest = max(largest, fi.Size())
		}
	}
	t.Logf("%d MB written, largest write-ahead log %.1f MB", written>>20, float64(largest)/(1<<20))
	// The log may pass the limit by what is written between two
	// checkpoints, and by a checkpoint's wait for the writer.
	if largest > 6*limit {
		t.Fatalf("write-ahead log reached %.1f MB with a limit of 1 MB (%d MB written)", float64(largest)/(1<<20), written>>20)
	}
}

// mustImported creates a database file holding one imported snapshot,
// closed when the test ends, and returns it with its path, for a test to
// open it again as another process would.
func mustImported(t *testing.T) (*sqlite.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "embargo.db")
	db, err := sqlite.Open(context.Background(), path, sqlite.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	storetest.MustImport(t, db, &embargo.ParsedList{Source: "test", Entities: []embargo.Entity{{ID: "test:1", Source: "test", SourceID: "1", Schema: embargo.SchemaPerson, Name: "DOE, John"}}}, "2020-01-01")
	return db, path
}

// TestLockOutDuringImport is finding 3 of issue 15: opening a current
// database ran the migrations in a write transaction, so while an import
// held the write lock, every other command failed with SQLITE_BUSY after
// the busy timeout. Opening now only reads.
func TestLockOutDuringImport(t *testing.T) {
	ctx := context.Background()
	db, path := mustImported(t)
	// An import in progress: the write lock held.
	tx, err := db.Store.DB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO entity_data (hash, data) VALUES ('x', 'y')`); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	other, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatalf("open during an import: %v (after %s)", err, time.Since(start))
	}
	defer other.Close()
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("open during an import took %s: it waited for the write lock", d)
	}
	snaps, err := other.FindSnapshots(ctx, embargo.SnapshotFilter{})
	if err != nil || len(snaps) != 1 {
		t.Fatalf("FindSnapshots during an import = %v, %v", snaps, err)
	}
}

// TestAuditWaitsForImport: a screening's audit record written while
// another process imports waits for the import's write lock for
// Options.BusyTimeout, and is written once the import commits; with a
// shorter wait it fails "database is busy" (as `embargo screen` did after
// SQLite's 10 s during a minute-long import).
func TestAuditWaitsForImport(t *testing.T) {
	ctx := context.Background()
	db, path := mustImported(t)
	record := func(busy time.Duration) error {
		other, err := sqlite.Open(ctx, path, sqlite.Options{BusyTimeout: busy})
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		return other.Record(ctx, &embargo.AuditRecord{Kind: "screen", Caller: "test", Query: embargo.Query{Name: "John Doe"}})
	}
	hold := func(d time.Duration) {
		tx, err := db.Store.DB.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO entity_data (hash, data) VALUES (?, 'y')`, d.String()); err != nil {
			t.Fatal(err)
		}
		go func() {
			time.Sleep(d)
			tx.Commit()
		}()
	}

	hold(time.Second)
	if err := record(100 * time.Millisecond); embargo.ErrorCode(err) != embargo.ECONFLICT || !strings.Contains(err.Error(), "busy") {
		t.Fatalf("audit record with a 100 ms wait during a 1 s import: %v, want database is busy", err)
	}
	time.Sleep(time.Second)

	start := time.Now()
	hold(time.Second + time.Millisecond)
	if err := record(time.Minute); err != nil {
		t.Fatalf("audit record with a minute's wait during a 1 s import: %v", err)
	}
	if d := time.Since(start); d < 500*time.Millisecond {
		t.Fatalf("the audit record was written after %s: the import did not hold the lock", d)
	}
	n := 0
	err := db.FindAuditRecords(ctx, embargo.AuditFilter{}, func(*embargo.AuditRecord) error { n++; return nil })
	if err != nil || n != 1 {
		t.Fatalf("audit log after both: %d records, %v; want 1 (the first was refused)", n, err)
	}
}

func TestDB_DefaultAuditJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "embargo.db")
	db, err := sqlite.Open(context.Background(), path, sqlite.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got, want := db.DefaultAuditJournal(), path+".audit-journal"; got != want {
		t.Errorf("DefaultAuditJournal() = %q, want %q", got, want)
	}
	mem, err := sqlite.Open(context.Background(), ":memory:", sqlite.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	if got := mem.DefaultAuditJournal(); got != "" {
		t.Errorf("in memory: DefaultAuditJournal() = %q, want none", got)
	}
	for path, want := range map[string]string{
		"file:data/embargo.db?_pragma=x": "data/embargo.db.audit-journal",
		"file:x?mode=memory":             "",
	} {
		if got := (&sqlite.DB{Path: path}).DefaultAuditJournal(); got != want {
			t.Errorf("%s: DefaultAuditJournal() = %q, want %q", path, got, want)
		}
	}
}

// TestIndexCacheDoesNotWait: storing the index cache while another process
// writes (an import) fails at once, however long the store's writes may
// wait, so that a command does not wait behind an import for a cache; the
// connection's busy timeout is set back afterwards.
func TestIndexCacheDoesNotWait(t *testing.T) {
	ctx := context.Background()
	db, path := mustImported(t)
	other, err := sqlite.Open(ctx, path, sqlite.Options{BusyTimeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := db.Store.DB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO entity_data (hash, data) VALUES ('held', 'y')`); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err = other.PutIndexCache(ctx, "k", []byte("index"))
	if embargo.ErrorCode(err) != embargo.ECONFLICT || time.Since(start) > 5*time.Second {
		t.Fatalf("PutIndexCache while another process writes: %v after %s, want database is busy at once", err, time.Since(start))
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := other.PutIndexCache(ctx, "k", []byte("index")); err != nil {
		t.Fatalf("PutIndexCache once the write ended: %v", err)
	}
	// Every connection of the pool waits a minute again.
	var conns []*sql.Conn
	for range 4 {
		c, err := other.Store.DB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	for i, c := range conns {
		var ms int64
		if err := c.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&ms); err != nil || ms != time.Minute.Milliseconds() {
			t.Errorf("connection %d: busy timeout %d ms (%v), want %d", i, ms, err, time.Minute.Milliseconds())
		}
	}
}
