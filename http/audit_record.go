package http

import (
	"context"
	nethttp "net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/embargo-dev/embargo"
)

// screeningRecord is a record with what its printable page shows besides.
type screeningRecord struct {
	Record  *embargo.AuditRecord `json:"record"`
	AuditID string               `json:"audit_id"`
	// Lists are the snapshots the screening used, with their dates and
	// content hashes.
	Lists []recordList `json:"lists"`
	// Verify is the command that checks the record in the hash chain.
	Verify string `json:"verify"`
}

type recordList struct {
	Source      string `json:"source"`
	SnapshotID  string `json:"snapshot_id"`
	AsOf        string `json:"as_of,omitempty"`
	Entities    int    `json:"entities,omitempty"`
	ContentHash string `json:"content_hash,omitempty"`
}

// findScreeningRecord finds a record by audit id (or, for admins, number).
func (s *Server) findScreeningRecord(ctx context.Context, id string) (*screeningRecord, error) {
	if _, err := strconv.ParseInt(strings.TrimSpace(id), 10, 64); err == nil {
		if k := keyFromContext(ctx); k == nil || !k.Role.Allows(embargo.RoleAdmin) {
			return nil, embargo.Errorf(embargo.EFORBIDDEN, "audit records by number need the admin role; use the audit id a screening returned (audit_id)")
		}
	}
	rec, err := embargo.FindAuditRecord(ctx, s.Audit, id)
	if err != nil {
		return nil, err
	}
	aid, err := embargo.AuditIDOf(rec)
	if err != nil {
		return nil, err
	}
	out := &screeningRecord{Record: rec, AuditID: aid, Verify: "embargo audit verify --record " + aid}
	for src, snapID := range rec.Snapshots {
		l := recordList{Source: src, SnapshotID: snapID}
		if snap, err := s.Store.ResolveSnapshot(ctx, src, snapID); err == nil {
			l.AsOf, l.Entities, l.ContentHash = embargo.FormatAsOf(snap.AsOf), snap.Entities, snap.ContentHash
		}
		out.Lists = append(out.Lists, l)
	}
	sort.Slice(out.Lists, func(i, j int) bool { return out.Lists[i].Source < out.Lists[j].Source })
	return out, nil
}

// handleAuditRecord serves GET /api/v1/audit/{id}: one screening's audit
// record by its audit id, with the snapshots it used.
func (s *Server) handleAuditRecord(w nethttp.ResponseWriter, r *nethttp.Request) error {
	rec, err := s.findScreeningRecord(r.Context(), r.PathValue("id"))
	return s.reply(w, r, rec, err)
}

// handleAuditRecordPage serves GET /audit/{id}: the printable record of a
// screening: query, caller, time, each list and snapshot used, the result
// and the hash that `embargo audit verify --record` checks.
func (s *Server) handleAuditRecordPage(w nethttp.ResponseWriter, r *nethttp.Request) {
	rec, err := s.findScreeningRecord(r.Context(), r.PathValue("id"))
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.render(w, r, nethttp.StatusOK, "audit_record", "Screening record "+rec.AuditID, "", rec)
}
