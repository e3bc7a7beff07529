package main

import (
	"strings"
	"testing"
)

func TestAuditJournalDir(t *testing.T) {
	for _, tc := range []struct {
		journal, spool, where, want, err string
		wantSpool                        bool
	}{
		{where: "data/embargo.db", want: "data/embargo.db.audit-journal"},
		{where: "file:data/embargo.db?_pragma=x", want: "data/embargo.db.audit-journal"},
		{journal: "/var/lib/embargo/journal", where: "postgres", want: "/var/lib/embargo/journal"},
		{where: "postgres"},
		{where: ":memory:"},
		{where: "file:x?mode=memory"},
		{journal: "off", where: "embargo.db"},
		{spool: "spool", where: "embargo.db", want: "spool", wantSpool: true},
		{spool: "spool", where: "postgres", want: "spool", wantSpool: true},
		{journal: "off", spool: "spool", where: "embargo.db", want: "spool", wantSpool: true},
		{journal: "j", spool: "spool", where: "embargo.db", err: "give one"},
	} {
		cfg := DefaultConfig()
		cfg.AuditJournal, cfg.AuditSpool = tc.journal, tc.spool
		got, spool, err := auditJournalDir(cfg, tc.where)
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
