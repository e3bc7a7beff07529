package main

import (
	"strings"
	"testing"
)

func TestAuditJournalDir(t *testing.T) {
	for _, tc := range []struct {
		journal, spool, def, want, err string
		wantSpool                      bool
	}{
		{def: "data/embargo.db.audit-journal", want: "data/embargo.db.audit-journal"},
		{journal: "/var/lib/embargo/journal", want: "/var/lib/embargo/journal"},
		{journal: "/var/lib/embargo/journal", def: "embargo.db.audit-journal", want: "/var/lib/embargo/journal"},
		{},
		{journal: "off", def: "embargo.db.audit-journal"},
		{spool: "spool", def: "embargo.db.audit-journal", want: "spool", wantSpool: true},
		{spool: "spool", want: "spool", wantSpool: true},
		{journal: "off", spool: "spool", def: "embargo.db.audit-journal", want: "spool", wantSpool: true},
		{journal: "j", spool: "spool", def: "embargo.db.audit-journal", err: "give one"},
	} {
		cfg := DefaultConfig()
		cfg.AuditJournal, cfg.AuditSpool = tc.journal, tc.spool
		got, spool, err := auditJournalDir(cfg, tc.def)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%+v: err = %v, want %q", tc, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want || spool != tc.wantSpool {
			t.Errorf("%+v: %q, %v, %v; want %q, %v", tc, got, spool, err, tc.want, tc.wantSpool)
		}
	}
}
