package embargo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// auditIDTime is the time part of an audit id: UTC to the nanosecond, as
// the audit log keeps it, in a form safe in paths and file names.
const auditIDTime = "20060102T150405.000000000Z"

// AuditIDOf returns the audit id of a record: its time to the nanosecond
// and the first 12 hex digits of the SHA-256 of its canonical content, e.g.
// "20261206T022512.123456789Z-3fa9c1d24b5e". It is known as soon as the
// screening is recorded, before the record reaches the audit log and gets
// its number there (see engine.Journal), so every answer can carry it; it
// names the record for good, as the content is what the hash chain covers.
func AuditIDOf(r *AuditRecord) (string, error) {
	c, err := AuditContent(r)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(c)
	return r.Time.UTC().Format(auditIDTime) + "-" + hex.EncodeToString(sum[:6]), nil
}

// FindAuditRecord finds a record by its audit id (AuditIDOf) or by its
// number in the audit log. Returns EINVALID for a malformed id and
// ENOTFOUND if no record has it (or none yet: a record may take a moment
// to reach the audit log).
func FindAuditRecord(ctx context.Context, svc AuditService, id string) (*AuditRecord, error) {
	id = strings.TrimSpace(id)
	if n, err := strconv.ParseInt(id, 10, 64); err == nil && n > 0 {
		return svc.FindAuditRecordByID(ctx, n)
	}
	ts, _, ok := strings.Cut(id, "-")
	t, err := time.Parse(auditIDTime, ts)
	if !ok || err != nil {
		return nil, Errorf(EINVALID, "audit id %q: want a record number or an id such as 20261206T022512.123456789Z-3fa9c1d24b5e", id)
	}
	var found *AuditRecord
	err = svc.FindAuditRecords(ctx, AuditFilter{Since: t, Until: t.Add(time.Nanosecond)}, func(r *AuditRecord) error {
		if got, err := AuditIDOf(r); err != nil {
			return err
		} else if got == id {
			found = r
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if found == nil {
		return nil, Errorf(ENOTFOUND, "no audit record %s", id)
	}
	return found, nil
}
