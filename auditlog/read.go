package auditlog

import (
	"context"

	"github.com/embargo-dev/embargo"
)

// Reading returns the audit log svc read through the journal: each read
// first moves the records still waiting in the journal, so that a
// screening answered is always found.
func (j *Journal) Reading(svc embargo.AuditService) embargo.AuditService {
	return flushedAudit{svc, j}
}

type flushedAudit struct {
	embargo.AuditService
	j *Journal
}

func (f flushedAudit) flush(ctx context.Context) error {
	_, err := f.j.Flush(ctx)
	return err
}

func (f flushedAudit) FindAuditRecordByID(ctx context.Context, id int64) (*embargo.AuditRecord, error) {
	if err := f.flush(ctx); err != nil {
		return nil, err
	}
	return f.AuditService.FindAuditRecordByID(ctx, id)
}

func (f flushedAudit) FindAuditRecords(ctx context.Context, filter embargo.AuditFilter, fn func(*embargo.AuditRecord) error) error {
	if err := f.flush(ctx); err != nil {
		return err
	}
	return f.AuditService.FindAuditRecords(ctx, filter, fn)
}

func (f flushedAudit) VerifyAudit(ctx context.Context) (int, error) {
	if err := f.flush(ctx); err != nil {
		return 0, err
	}
	return f.AuditService.VerifyAudit(ctx)
}
