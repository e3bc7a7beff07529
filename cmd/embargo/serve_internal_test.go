package main

import (
	"strings"
	"testing"
)

func TestAuditJournalDir(t *testing.T) {
	for _, tc := range []struct {
		journal, spool, where, want, err string
	}{
		{where: "data/embargo.db", want: "data/embargo.db.audit-journal"},
		{where: "file:data/embargo.db?_pragma=x", want: "data/embargo.db.audit-journal"},
		{journal: "/var/lib/embargo/journal", where: "postgres", want: "/var/lib/embargo/journal"},
		{where: "postgres"},
		{where: ":memory:"},
		{where: "file:x?mode=memory"},
		{journal: "off", where: "embargo.db"},
		{spool: "spool.jsonl", where: "embargo.db"},
		{journal: "j", spool: "spool.jsonl", where: "embargo.db", err: "give one"},
	} {
		cfg := DefaultConfig()
		cfg.AuditJournal, cfg.AuditSpool = tc.journal, tc.spool
		got, err := auditJournalDir(cfg, tc.where)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%+v: err = %v, want %q", tc, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%+v: %q, %v; want %q", tc, got, err, tc.want)
		}
	}
}
