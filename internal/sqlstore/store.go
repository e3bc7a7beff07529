package sqlstore

import (
	"context"
	"database/sql"
	"sync"
	"time"

	"github.com/embargo-dev/embargo"
)

// Dialect holds what differs between the SQL databases, so that the store
// code itself asks no database its name. The schema's differences are in
// migrations/<Name>.tmpl.
type Dialect struct {
	// Name is "sqlite" or "postgres": it names the dialect's words in
	// migrations/.
	Name string
	// Rebind turns a query written with ? placeholders into the dialect's.
	Rebind func(string) string
	// InsertIgnoreData inserts an entity_data row unless its hash is
	// stored already.
	InsertIgnoreData string
	// Lock, when set, makes tx the one transaction holding key, across
	// processes, until it ends. Without it every write transaction runs
	// alone already (SQLite takes its one write lock at BEGIN).
	Lock func(ctx context.Context, tx *sql.Tx, key string) error
	// MigrationLock, when set, is the statement that each migration's
	// transaction runs first, so that replicas starting together do not
	// migrate twice.
	MigrationLock string
	// TableExists counts the tables named by its one parameter.
	TableExists string
	// NoLimit is the LIMIT clause that an OFFSET without a limit needs.
	NoLimit string
	// ForUpdate, appended to a SELECT, locks the rows read until the
	// transaction ends (empty where a write transaction runs alone).
	ForUpdate string
	// FormatError translates driver errors into embargo errors.
	FormatError func(error) error
	// NoWait, when set, makes a connection's writes fail at once, rather
	// than wait, while another connection or process writes, until the
	// function it returns is called (a write that may be skipped, the
	// index cache's, must not hold a command up behind an import).
	NoWait func(ctx context.Context, c *sql.Conn) (restore func(), err error)
	// AfterImport, when set, runs inside an import's transaction once the
	// snapshot is written (PostgreSQL notifies the other replicas there).
	AfterImport func(ctx context.Context, tx *sql.Tx, snap *embargo.Snapshot) error
}

// Store implements embargo.Store on a SQL database.
type Store struct {
	DB      *sql.DB
	Dialect Dialect
	// Now returns the current time; tests replace it.
	Now func() time.Time

	// stmts holds statements prepared once for hot paths (query → *sql.Stmt).
	stmts sync.Map
	// KeepAuditConn keeps one connection for writing audit records
	// rather than taking one from the pool for every group (which measured
	// slower under load). Not for a pool of one connection.
	KeepAuditConn bool

	auditMu   sync.Mutex
	auditConn *sql.Conn // under auditMu
}

var _ embargo.Store = (*Store)(nil)

const timeLayout = time.RFC3339Nano

func (s *Store) q(query string) string { return s.Dialect.Rebind(query) }

// Close closes the database.
func (s *Store) Close() error {
	s.auditMu.Lock()
	if s.auditConn != nil {
		s.auditConn.Close()
		s.auditConn = nil
	}
	s.auditMu.Unlock()
	return s.DB.Close()
}

// prepare returns query (in ? form) prepared once on the database, for
// hot paths where parsing a statement costs more than running it; bind it
// to a transaction with Tx.StmtContext. Call it before taking a
// connection of your own: preparing may need one from the pool (a pool of
// one connection, as an in-memory database has, would wait for ever).
func (s *Store) prepare(ctx context.Context, query string) (*sql.Stmt, error) {
	if v, ok := s.stmts.Load(query); ok {
		return v.(*sql.Stmt), nil
	}
	st, err := s.DB.PrepareContext(ctx, s.q(query))
	if err != nil {
		return nil, err
	}
	if v, loaded := s.stmts.LoadOrStore(query, st); loaded {
		st.Close()
		st = v.(*sql.Stmt)
	}
	return st, nil
}

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// SQLDB returns the database connection, for tests that check what the
// schema itself refuses (updates of append-only tables).
func (s *Store) SQLDB() *sql.DB { return s.DB }
