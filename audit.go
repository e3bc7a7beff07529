package embargo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"
)

// Audit record kinds.
const (
	AuditScreen  = "screen"  // one query (CLI, API)
	AuditBatch   = "batch"   // one row of a batch
	AuditWatch   = "watch"   // a watched customer screened when added or changed
	AuditMonitor = "monitor" // a watched customer checked against a list change
	AuditRerun   = "rerun"   // a recorded screening screened again
)

// AuditRecord is one screening as it happened: who asked, what, against
// which snapshots, with which settings, and what it found. Records are
// chained: each one's Hash covers its content and the previous record's
// hash, so that a record altered, removed from the middle or reordered is
// detected.
type AuditRecord struct {
	ID     int64     `json:"id"`
	Time   time.Time `json:"time"`
	Caller string    `json:"caller"`
	Kind   string    `json:"kind"`
	// BatchID and Row (1-based) place a batch row.
	BatchID  string       `json:"batch_id,omitempty"`
	Row      int          `json:"row,omitempty"`
	Customer *CustomerRef `json:"customer,omitempty"`
	// RerunOf is the record a rerun repeated.
	RerunOf int64 `json:"rerun_of,omitempty"`
	Query   Query `json:"query"`
	// Sources and AsOf are the options asked for; Snapshots are the
	// snapshots they resolved to, by source.
	Sources   []string          `json:"sources,omitempty"`
	AsOf      string            `json:"as_of,omitempty"`
	Snapshots map[string]string `json:"snapshots"`
	// Index is each source's latest snapshot in the screening index, whose
	// name statistics weigh tokens: a rerun rebuilds the index as it was.
	Index     map[string]string `json:"index,omitempty"`
	Threshold float64           `json:"threshold"`
	Limit     int               `json:"limit"`
	Matches   []Match           `json:"matches"`
	// NotCovered keeps the sources the screening could not cover.
	NotCovered []NotCovered `json:"not_covered,omitempty"`
	Error      string       `json:"error,omitempty"`
	PrevHash   string       `json:"prev_hash"`
	Hash       string       `json:"hash"`

	// content is the canonical content Seal computed, if it was called.
	content []byte
}

// Auditor records screenings.
type Auditor interface {
	// Record appends records to the audit log in one transaction, setting
	// their ID, PrevHash and Hash (and Time when zero).
	Record(ctx context.Context, recs ...*AuditRecord) error
}

// AuditJournalStore is an audit log that a journal moves records into: it
// remembers, per journal, the sequence number of the last record moved, in
// the same transaction as the records.
type AuditJournalStore interface {
	Auditor

	// RecordJournaled records recs like Auditor.Record, and sets journal's
	// position to seq in the same transaction.
	RecordJournaled(ctx context.Context, journal string, seq int64, recs ...*AuditRecord) error

	// JournalPosition returns journal's position: the sequence number of
	// the last record moved from it, or 0.
	JournalPosition(ctx context.Context, journal string) (int64, error)
}

// AuditFilter selects audit records. Zero fields match everything.
type AuditFilter struct {
	Since      time.Time // recorded at or after
	Until      time.Time // recorded before
	AfterID    int64
	Kind       string
	Caller     string // exactly
	BatchID    string
	List       string // with CustomerID: one customer's records
	CustomerID string
	Limit      int // 0: no limit
}

// AuditService keeps the audit log: append-only, except that records older
// than the retention period may be pruned.
type AuditService interface {
	Auditor

	// FindAuditRecordByID returns a record. Returns ENOTFOUND if there is
	// none.
	FindAuditRecordByID(ctx context.Context, id int64) (*AuditRecord, error)

	// FindAuditRecords calls fn for each record filter selects, in id
	// order, streaming.
	FindAuditRecords(ctx context.Context, filter AuditFilter, fn func(*AuditRecord) error) error

	// PruneAudit deletes the records older than before and returns how
	// many it deleted.
	PruneAudit(ctx context.Context, before time.Time) (int, error)

	// VerifyAudit checks the hash chain of every remaining record and
	// returns how many it checked. Returns ECONFLICT naming the first
	// record whose content or place does not match its hash.
	VerifyAudit(ctx context.Context) (int, error)
}

// AuditHash returns the chained hash of an audit record: SHA-256 over the
// previous record's hash, the record's id and its canonical JSON content
// (the record without ID, PrevHash and Hash).
func AuditHash(prevHash string, id int64, content []byte) string {
	h := sha256.New()
	h.Write([]byte(prevHash))
	h.Write([]byte{'\n'})
	h.Write([]byte(strconv.FormatInt(id, 10)))
	h.Write([]byte{'\n'})
	h.Write(content)
	return hex.EncodeToString(h.Sum(nil))
}

// AuditContent returns the canonical content of a record that its hash
// covers: what json.Marshal makes of the record with ID, PrevHash and Hash
// zero and its time in UTC, so that every other field is in it by
// construction (a field added to AuditRecord is covered as it is added).
// The bytes are those embargo has always stored (TestAuditContent_Golden),
// so records already in an audit log still verify.
func AuditContent(r *AuditRecord) ([]byte, error) {
	if r.content != nil {
		return r.content, nil
	}
	c := *r
	c.ID, c.PrevHash, c.Hash, c.Time = 0, "", "", c.Time.UTC()
	return json.Marshal(&c)
}

// Seal computes the record's canonical content now, so that recording it
// later costs no encoding: screening workers seal their records in
// parallel, and the one writer of the hash chain only stores them. The
// record must not change after Seal, but for ID, PrevHash and Hash, which
// recording sets. A zero Time is set to now. Sealing a sealed record does
// nothing: the stages a record passes (a group, a journal, the log) can
// each make sure of it without encoding it again.
func (r *AuditRecord) Seal() error {
	if r.content != nil {
		return nil
	}
	if r.Time.IsZero() {
		r.Time = time.Now()
	}
	r.Time = r.Time.UTC()
	b, err := AuditContent(r)
	if err != nil {
		return err
	}
	r.content = b
	return nil
}
