package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sync"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/sqlstore"
	sqlite3 "modernc.org/sqlite"
	sqlite3lib "modernc.org/sqlite/lib"
)

// Options control how a database is opened.
type Options struct {
	// Create creates and migrates the database when the file is missing.
	// Commands that only read leave it false, so a mistyped path fails
	// instead of producing an empty database.
	Create bool
	// MmapBytes, when above 0, maps up to this much of the database file
	// into memory for reading: reading every stored version (as building
	// the screening index does) costs fewer system calls, but the mapped
	// pages count as the process's resident memory. For short-lived
	// commands, not for the server.
	MmapBytes int64
	// CheckpointEvery and WALLimit override checkpointEvery and walLimit
	// (tests).
	CheckpointEvery time.Duration
	WALLimit        int64
	// BusyTimeout is how long a write waits for another connection's or
	// process's write lock (an import holds it until it commits) before it
	// fails with "database is busy" (0: 10 s).
	BusyTimeout time.Duration
}

// DB is an open SQLite database.
type DB struct {
	*sqlstore.Store
	Path string

	updating sync.Mutex
	// stop ends the background checkpointer; done says it has ended.
	stop, done chan struct{}
	closeOnce  sync.Once
	every      time.Duration
	walLimit   int64
}

// checkpointEvery is how often the write-ahead log is copied back into the
// database file, away from the commits.
const checkpointEvery = time.Second

// walLimit is the size of the write-ahead log beyond which the
// checkpointer empties it. SQLite rewinds the log only when a transaction
// begins with all of it copied back and no reader in it, and never
// shrinks the file: under steady writes, with passive checkpoints alone,
// it grows by all that is written (TestCheckpoint_WALBounded).
const walLimit = 64 << 20

// Open opens (and with opts.Create, creates) the database at path and
// brings its schema up to date.
func Open(ctx context.Context, path string, opts Options) (*DB, error) {
	if path == "" {
		return nil, embargo.Errorf(embargo.EINVALID, "database path required")
	}
	// An in-memory database is one connection's: a pool of one, no file,
	// no write-ahead log.
	inMemory := path == ":memory:"
	if !inMemory {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) && !opts.Create {
			return nil, embargo.Errorf(embargo.ENOTFOUND, "database %s does not exist (import a list first, or check --db)", path)
		}
	}
	q := url.Values{}
	busy := cmp.Or(opts.BusyTimeout, 10*time.Second).Milliseconds()
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", fmt.Sprintf("busy_timeout(%d)", busy), "synchronous(NORMAL)", "wal_autocheckpoint(0)"} {
		q.Add("_pragma", p)
	}
	if opts.MmapBytes > 0 {
		q.Add("_pragma", fmt.Sprintf("mmap_size(%d)", opts.MmapBytes))
	}
	q.Set("_txlock", "immediate")
	sqlDB, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if inMemory {
		sqlDB.SetMaxOpenConns(1)
	}
	db := &DB{Path: path, Store: &sqlstore.Store{DB: sqlDB, Dialect: dialect, KeepAuditConn: !inMemory}}
	if err := sqlstore.Migrate(ctx, sqlDB, dialect); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	db.stop, db.done = make(chan struct{}), make(chan struct{})
	db.every, db.walLimit = cmp.Or(opts.CheckpointEvery, checkpointEvery), cmp.Or(opts.WALLimit, walLimit)
	if inMemory {
		close(db.done)
	} else {
		go db.checkpoint()
	}
	return db, nil
}

// checkpoint copies the write-ahead log back into the database file now
// and then. SQLite would otherwise do it inside whichever commit crosses
// its threshold, and that commit (an audited screening's, say) and every
// one queued behind it would wait: tens of milliseconds on a busy server.
// A passive checkpoint here blocks no reader or writer. Once the log
// passes walLimit, a TRUNCATE checkpoint copies what is left (little: the
// passive ones did the rest) and empties the log. It needs a moment with
// no writer, which SQLite's busy waiting would rarely find between audit
// commits that follow each other without pause (a batch's): the audit
// writers are held back meanwhile instead.
func (db *DB) checkpoint() {
	defer close(db.done)
	t := time.NewTicker(db.every)
	defer t.Stop()
	for {
		select {
		case <-db.stop:
			return
		case <-t.C:
			// Errors (a busy database) are left to the next tick.
			if fi, err := os.Stat(db.Path + "-wal"); err == nil && fi.Size() > db.walLimit {
				db.HoldAudit(func() { _, _ = db.DB.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`) })
			} else {
				_, _ = db.DB.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
			}
		}
	}
}

// Close stops the checkpointer and closes the database, which checkpoints
// what remains.
func (db *DB) Close() error {
	db.closeOnce.Do(func() { close(db.stop) })
	<-db.done
	return db.Store.Close()
}

// dialect has no Lock, MigrationLock or ForUpdate: _txlock=immediate
// takes the database's one write lock at BEGIN, which serialises every
// writing transaction across processes.
var dialect = sqlstore.Dialect{
	Name:             "sqlite",
	Rebind:           func(q string) string { return q },
	InsertIgnoreData: `INSERT OR IGNORE INTO entity_data (hash, data) VALUES (?, ?)`,
	TableExists:      `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`,
	NoLimit:          `LIMIT -1`,
	FormatError:      formatError,
	NoWait:           noWait,
}

// noWait sets the connection's busy timeout to zero until restore sets it
// back; a connection whose timeout cannot be set back is discarded.
func noWait(ctx context.Context, c *sql.Conn) (func(), error) {
	var ms int64
	if err := c.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&ms); err != nil {
		return nil, err
	}
	if _, err := c.ExecContext(ctx, `PRAGMA busy_timeout = 0`); err != nil {
		return nil, err
	}
	return func() {
		if _, err := c.ExecContext(context.Background(), fmt.Sprintf(`PRAGMA busy_timeout = %d`, ms)); err != nil {
			_ = c.Raw(func(any) error { return driver.ErrBadConn })
		}
	}, nil
}

// formatError translates SQLite errors into embargo errors.
func formatError(err error) error {
	var se *sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3lib.SQLITE_CONSTRAINT_UNIQUE, sqlite3lib.SQLITE_CONSTRAINT_PRIMARYKEY:
			return embargo.Errorf(embargo.ECONFLICT, "conflict: %s", se.Error())
		case sqlite3lib.SQLITE_BUSY, sqlite3lib.SQLITE_LOCKED:
			return embargo.Errorf(embargo.ECONFLICT, "database is busy: %s", se.Error())
		}
	}
	return err
}
