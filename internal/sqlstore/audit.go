package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
)

// The audit log: a hash chain of records, written in groups.

var _ embargo.AuditService = (*Store)(nil)

// auditChunk is how many records one INSERT statement carries: 10
// parameters each stays far below both databases' limits.
const auditChunk = 100

// HoldAudit runs fn while no audit record is being written, and holds the
// next ones back until it returns: a task that needs a moment without
// writers (a checkpoint) gets one even while records keep coming.
func (s *Store) HoldAudit(fn func()) {
	s.auditMu.Lock()
	defer s.auditMu.Unlock()
	fn()
}

// Record appends records to the audit log. See embargo.Auditor.
func (s *Store) Record(ctx context.Context, recs ...*embargo.AuditRecord) error {
	return s.record(ctx, "", 0, recs)
}

// RecordJournaled appends records moved from a journal. See
// embargo.AuditJournalStore.
func (s *Store) RecordJournaled(ctx context.Context, journal string, seq int64, recs ...*embargo.AuditRecord) error {
	if journal == "" {
		return embargo.Errorf(embargo.EINVALID, "audit journal: no name")
	}
	return s.record(ctx, journal, seq, recs)
}

// JournalPosition returns a journal's position. See
// embargo.AuditJournalStore.
func (s *Store) JournalPosition(ctx context.Context, journal string) (int64, error) {
	var seq int64
	err := s.DB.QueryRowContext(ctx, s.q(`SELECT seq FROM audit_journals WHERE name = ?`), journal).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	} else if err != nil {
		return 0, s.Dialect.FormatError(err)
	}
	return seq, nil
}

// record appends records and, with a journal, sets its position to seq.
func (s *Store) record(ctx context.Context, journal string, seq int64, recs []*embargo.AuditRecord) (err error) {
	if len(recs) == 0 && journal == "" {
		return nil
	}
	// The statements are prepared once (a busy server records many small
	// groups, and parsing would cost more than writing), before the
	// connection is taken. The head row holds the chain's end; on
	// PostgreSQL, locking it serialises writers (SQLite's BEGIN IMMEDIATE
	// already has).
	head := auditHead + s.Dialect.ForUpdate
	var headSt, updateSt, insertOne, insertChunk, journalSt *sql.Stmt
	if headSt, err = s.prepare(ctx, head); err == nil {
		if updateSt, err = s.prepare(ctx, auditUpdateHead); err == nil {
			if insertOne, err = s.prepare(ctx, auditInsertOne); err == nil && len(recs) >= auditChunk {
				insertChunk, err = s.prepare(ctx, auditInsertChunk)
			}
		}
	}
	if err == nil && journal != "" {
		journalSt, err = s.prepare(ctx, auditJournalPosition)
	}
	if err != nil {
		return s.Dialect.FormatError(err)
	}
	s.auditMu.Lock()
	defer s.auditMu.Unlock()
	if s.auditConn == nil {
		if s.auditConn, err = s.DB.Conn(ctx); err != nil {
			return s.Dialect.FormatError(err)
		}
	}
	defer func() {
		// After a failure the connection may be broken: the next record
		// takes a fresh one.
		if err != nil || !s.KeepAuditConn {
			s.auditConn.Close()
			s.auditConn = nil
		}
	}()
	// Marshal outside the transaction; it is the costly part.
	now := s.now()
	contents := make([][]byte, len(recs))
	for i, r := range recs {
		if r.Time.IsZero() {
			r.Time = now
		}
		r.Time = r.Time.UTC()
		b, err := embargo.AuditContent(r)
		if err != nil {
			return fmt.Errorf("audit record: %w", err)
		}
		contents[i] = b
	}
	tx, err := s.auditConn.BeginTx(ctx, nil)
	if err != nil {
		return s.Dialect.FormatError(err)
	}
	defer tx.Rollback()
	var lastID int64
	var lastHash string
	if err := tx.StmtContext(ctx, headSt).QueryRowContext(ctx).Scan(&lastID, &lastHash); err != nil {
		return s.Dialect.FormatError(err)
	}
	ids := make([]int64, len(recs))
	prevs := make([]string, len(recs))
	hashes := make([]string, len(recs))
	// Full chunks go auditChunk rows per statement, the rest one by one.
	args := make([]any, 0, 10*auditChunk)
	for start := 0; start < len(recs); {
		n, insert := auditChunk, insertChunk
		if len(recs)-start < auditChunk {
			n, insert = 1, insertOne
		}
		args = args[:0]
		for i := start; i < start+n; i++ {
			r := recs[i]
			lastID++
			ids[i], prevs[i] = lastID, lastHash
			lastHash = embargo.AuditHash(lastHash, lastID, contents[i])
			hashes[i] = lastHash
			var list, customer string
			if r.Customer != nil {
				list, customer = r.Customer.List, r.Customer.ID
			}
			args = append(args, ids[i], formatFixed(r.Time), r.Kind, r.Caller, r.BatchID, list, customer, string(contents[i]), prevs[i], hashes[i])
		}
		if _, err := tx.StmtContext(ctx, insert).ExecContext(ctx, args...); err != nil {
			return s.Dialect.FormatError(err)
		}
		start += n
	}
	if _, err := tx.StmtContext(ctx, updateSt).ExecContext(ctx, lastID, lastHash); err != nil {
		return s.Dialect.FormatError(err)
	}
	if journalSt != nil {
		if _, err := tx.StmtContext(ctx, journalSt).ExecContext(ctx, journal, seq); err != nil {
			return s.Dialect.FormatError(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return s.Dialect.FormatError(err)
	}
	for i, r := range recs {
		r.ID, r.PrevHash, r.Hash = ids[i], prevs[i], hashes[i]
	}
	return nil
}

// The audit log's statements.
const (
	auditHead       = `SELECT last_id, last_hash FROM audit_head WHERE id = 1`
	auditUpdateHead = `UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1`
	// A journal's position only moves forward: a stale mover cannot set
	// it back.
	auditJournalPosition = `INSERT INTO audit_journals (name, seq) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET seq = excluded.seq WHERE excluded.seq > audit_journals.seq`
)

var auditInsertOne, auditInsertChunk = auditInsert(1), auditInsert(auditChunk)

// auditInsert returns the INSERT statement of n audit records.
func auditInsert(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO audit_log (id, recorded_at, kind, caller, batch_id, list, customer_id, data, prev_hash, hash) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	}
	return b.String()
}

func scanAudit(sc scanner) (*embargo.AuditRecord, error) {
	var r embargo.AuditRecord
	var id int64
	var data, prev, hash string
	if err := sc.Scan(&id, &data, &prev, &hash); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(data), &r); err != nil {
		return nil, fmt.Errorf("audit record %d: %w", id, err)
	}
	r.ID, r.PrevHash, r.Hash = id, prev, hash
	return &r, nil
}

// FindAuditRecordByID returns an audit record. See embargo.AuditService.
func (s *Store) FindAuditRecordByID(ctx context.Context, id int64) (*embargo.AuditRecord, error) {
	r, err := scanAudit(s.DB.QueryRowContext(ctx, s.q(`SELECT id, data, prev_hash, hash FROM audit_log WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, embargo.Errorf(embargo.ENOTFOUND, "audit record %d not found", id)
	} else if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	return r, nil
}

// FindAuditRecords streams audit records. See embargo.AuditService. fn
// must not use the store: the rows are open while it runs.
func (s *Store) FindAuditRecords(ctx context.Context, f embargo.AuditFilter, fn func(*embargo.AuditRecord) error) error {
	var w where
	if !f.Since.IsZero() {
		w.and("recorded_at >= ?", formatFixed(f.Since))
	}
	if !f.Until.IsZero() {
		w.and("recorded_at < ?", formatFixed(f.Until))
	}
	if f.AfterID != 0 {
		w.and("id > ?", f.AfterID)
	}
	if f.Kind != "" {
		w.and("kind = ?", f.Kind)
	}
	if f.Caller != "" {
		w.and("caller = ?", f.Caller)
	}
	if f.BatchID != "" {
		w.and("batch_id = ?", f.BatchID)
	}
	if f.CustomerID != "" {
		w.and("list = ? AND customer_id = ?", f.List, f.CustomerID)
	}
	return queryEach(ctx, s, s.DB, scanAudit, fn, `SELECT id, data, prev_hash, hash FROM audit_log`+w.String()+` ORDER BY id`+s.limitOffset(f.Limit, 0), w.args...)
}

// PruneAudit deletes old audit records. See embargo.AuditService. It
// deletes a prefix of the log (every record up to the newest one older than
// before), so that what remains is one unbroken chain.
func (s *Store) PruneAudit(ctx context.Context, before time.Time) (int, error) {
	res, err := s.DB.ExecContext(ctx, s.q(`DELETE FROM audit_log WHERE id <= (SELECT COALESCE(MAX(id), 0) FROM audit_log WHERE recorded_at < ?)`), formatFixed(before))
	if err != nil {
		return 0, s.Dialect.FormatError(err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// VerifyAudit checks the audit log's hash chain. See embargo.AuditService.
func (s *Store) VerifyAudit(ctx context.Context) (int, error) {
	var headID int64
	var headHash string
	if err := s.DB.QueryRowContext(ctx, `SELECT last_id, last_hash FROM audit_head WHERE id = 1`).Scan(&headID, &headHash); err != nil {
		return 0, s.Dialect.FormatError(err)
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT id, data, prev_hash, hash FROM audit_log ORDER BY id`)
	if err != nil {
		return 0, s.Dialect.FormatError(err)
	}
	defer rows.Close()
	n := 0
	var lastID int64
	var lastHash string
	for rows.Next() {
		var id int64
		var data, prev, hash string
		if err := rows.Scan(&id, &data, &prev, &hash); err != nil {
			return n, err
		}
		// The first record left after pruning starts the chain; every
		// later one must follow the one before it without a gap.
		if n > 0 && (id != lastID+1 || prev != lastHash) {
			return n, embargo.Errorf(embargo.ECONFLICT, "audit record %d does not follow record %d: a record was removed or replaced", id, lastID)
		}
		if n == 0 && id == 1 && prev != "" {
			return n, embargo.Errorf(embargo.ECONFLICT, "audit record 1 does not start the chain")
		}
		if embargo.AuditHash(prev, id, []byte(data)) != hash {
			return n, embargo.Errorf(embargo.ECONFLICT, "audit record %d does not match its hash: it was altered", id)
		}
		lastID, lastHash = id, hash
		n++
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	if n > 0 && (lastID != headID || lastHash != headHash) {
		return n, embargo.Errorf(embargo.ECONFLICT, "the audit log ends at record %d, but record %d was written: records were removed from its end", lastID, headID)
	}
	return n, nil
}
