// Package auditlog is the way screenings reach the audit log: a
// GroupAuditor shares one write among concurrent screenings, and a Journal
// takes records off the answer's path (or keeps them while the database is
// away) and moves them into the audit log in the background. The audit log
// itself is the store's (embargo.AuditService).
package auditlog
