package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/export"
)

// auditHelp is the help of embargo audit.
const auditHelp = `Every screening (embargo screen, batches, the API, monitoring) is recorded
with its time, caller, query, the snapshots used, the threshold and the
matches. Records are chained by hash: 'audit verify' detects a record altered
or removed. 'audit rerun' screens a record again against its snapshots.`

func (m *Main) auditExportCommand() *cobra.Command {
	var since, until, kind, batch, list, customer string
	var after int64
	var csvOut bool
	var f embargo.AuditFilter
	cmd := m.storeCommand(&cobra.Command{
		Use:   "export [--since DATE] [--until DATE] [--kind KIND] [--csv] > audit.jsonl",
		Short: "Write audit records as JSON lines (or CSV), oldest first",
		Args:  cobra.NoArgs,
		PreRunE: func(cmd *cobra.Command, args []string) error {
			f = embargo.AuditFilter{Kind: kind, BatchID: batch, List: list, CustomerID: customer, AfterID: after}
			var err error
			if since != "" {
				if f.Since, err = embargo.ParseAsOf(since, false); err != nil {
					return &usageError{err}
				}
			}
			if until != "" {
				if f.Until, err = embargo.ParseAsOf(until, true); err != nil {
					return &usageError{err}
				}
			}
			if customer != "" && list == "" {
				return &usageError{fmt.Errorf("--customer needs --list")}
			}
			return nil
		},
	}, false, func(ctx context.Context, store embargo.Database, _ []string) error {
		bw := bufio.NewWriterSize(m.Stdout, 1<<16)
		if csvOut {
			cw := export.NewWriter(bw)
			if err := cw.Write(export.AuditHeader...); err != nil {
				return err
			}
			if err := store.FindAuditRecords(ctx, f, func(r *embargo.AuditRecord) error { return export.AuditRecord(cw, r) }); err != nil {
				return err
			}
			if err := cw.Flush(); err != nil {
				return err
			}
			return bw.Flush()
		}
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		if err := store.FindAuditRecords(ctx, f, func(r *embargo.AuditRecord) error { return enc.Encode(r) }); err != nil {
			return err
		}
		return bw.Flush()
	})
	cmd.Flags().StringVar(&since, "since", "", "records from this date or time on")
	cmd.Flags().StringVar(&until, "until", "", "records up to this date (inclusive) or time")
	cmd.Flags().StringVar(&kind, "kind", "", "screen, batch, watch, monitor or rerun")
	cmd.Flags().StringVar(&batch, "batch", "", "one batch's records")
	cmd.Flags().StringVar(&list, "list", "", "with --customer: one watched customer's records")
	cmd.Flags().StringVar(&customer, "customer", "", "one watched customer's records")
	cmd.Flags().Int64Var(&after, "after", 0, "records after this id (incremental export)")
	cmd.Flags().BoolVar(&csvOut, "csv", false, "write CSV (a row per record, with its audit id and hash) instead of JSON lines")
	return cmd
}

func (m *Main) auditVerifyCommand() *cobra.Command {
	var record string
	cmd := m.storeCommand(&cobra.Command{
		Use:   "verify [--record AUDIT_ID]",
		Short: "Check that no audit record was altered or removed",
		Long: `Check the audit log's hash chain: every record's hash covers its content and
the previous record's hash. With --record (an audit id as screening results
and the printable screening record show it, or a record number), also check
that this record is in the verified chain with the hash shown.`,
		Args: cobra.NoArgs,
	}, false, func(ctx context.Context, store embargo.Database, _ []string) error {
		n, err := store.VerifyAudit(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "%d audit record(s), hash chain intact\n", n)
		if record == "" {
			return nil
		}
		rec, err := embargo.FindAuditRecord(ctx, store, record)
		if err != nil {
			return err
		}
		content, err := embargo.AuditContent(rec)
		if err != nil {
			return err
		}
		if h := embargo.AuditHash(rec.PrevHash, rec.ID, content); h != rec.Hash {
			return embargo.Errorf(embargo.ECONFLICT, "audit record %d: its content hashes to %s, not %s", rec.ID, h, rec.Hash)
		}
		id, err := embargo.AuditIDOf(rec)
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "record %d (audit id %s, %s by %s at %s): hash %s, in the verified chain\n",
			rec.ID, id, rec.Kind, rec.Caller, rec.Time.Format(time.RFC3339), rec.Hash)
		return nil
	})
	cmd.Flags().StringVar(&record, "record", "", "also check this record (an audit id or record number)")
	return cmd
}

func (m *Main) auditRerunCommand() *cobra.Command {
	var id int64
	var jsonOut bool
	cmd := m.storeCommand(&cobra.Command{
		Use:   "rerun ID",
		Short: "Screen a recorded screening again against its snapshots and compare",
		Long: `Screen audit record ID again: the same query, threshold and limit against the
same snapshots, with the screening index as it stood then. Prints whether the
matches are the same, and exits with status 1 when they are not.`,
		Args: oneID(&id, positive("audit record id")),
	}, false, func(ctx context.Context, store embargo.Database, _ []string) error {
		ctx = m.callerContext(ctx)
		svc, eng, err := m.screeningMonitor(ctx, store)
		if err != nil {
			return err
		}
		res, err := svc.Rerun(ctx, id, eng)
		if err != nil {
			return err
		}
		if jsonOut {
			if err := writeJSON(m.Stdout, res); err != nil {
				return err
			}
		} else {
			rec := res.Record
			fmt.Fprintf(m.Stdout, "record %d (%s by %s at %s): %q against %s\n", rec.ID, rec.Kind, rec.Caller,
				rec.Time.Format(time.RFC3339), rec.Query.Name, snapshotList(rec.Snapshots))
			if res.Same {
				fmt.Fprintf(m.Stdout, "same result: %d match(es)\n", len(res.Matches))
			}
			for _, d := range res.Differences {
				fmt.Fprintf(m.Stdout, "differs: %s\n", d)
			}
		}
		if !res.Same {
			return fmt.Errorf("the rerun of record %d differs from the record", id)
		}
		return nil
	})
	jsonFlag(cmd, &jsonOut)
	return cmd
}

func snapshotList(m map[string]string) string {
	if len(m) == 0 {
		return "no snapshots"
	}
	var ids []string
	for _, id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return strings.Join(ids, ", ")
}

func (m *Main) auditPruneCommand() *cobra.Command {
	var olderThan string
	var d time.Duration
	cmd := m.storeCommand(&cobra.Command{
		Use:   "prune --older-than 365d",
		Short: "Delete audit records older than the retention period",
		Long: `Delete the audit records older than the retention period: --older-than, else
$EMBARGO_AUDIT_RETENTION (e.g. 365d, 52w, 8760h). The oldest records go
first, so what remains is still one verifiable chain.`,
		Args: cobra.NoArgs,
		PreRunE: func(cmd *cobra.Command, args []string) error {
			if olderThan == "" {
				olderThan = m.Getenv("EMBARGO_AUDIT_RETENTION")
			}
			if olderThan == "" {
				return &usageError{fmt.Errorf("--older-than is required (or set EMBARGO_AUDIT_RETENTION)")}
			}
			var err error
			if d, err = parseRetention(olderThan); err != nil {
				return &usageError{err}
			}
			return nil
		},
	}, false, func(ctx context.Context, store embargo.Database, _ []string) error {
		before := time.Now().Add(-d)
		n, err := store.PruneAudit(ctx, before)
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "%d audit record(s) older than %s deleted\n", n, before.UTC().Format(time.RFC3339))
		return nil
	})
	cmd.Flags().StringVar(&olderThan, "older-than", "", "retention period: 365d, 52w or a Go duration")
	return cmd
}

// parseRetention parses a retention period: Nd (days), Nw (weeks) or a Go
// duration; at least a day, so that a slip does not empty the log.
func parseRetention(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var d time.Duration
	if n, err := strconv.Atoi(strings.TrimSuffix(s, "d")); err == nil && strings.HasSuffix(s, "d") {
		d = time.Duration(n) * 24 * time.Hour
	} else if n, err := strconv.Atoi(strings.TrimSuffix(s, "w")); err == nil && strings.HasSuffix(s, "w") {
		d = time.Duration(n) * 7 * 24 * time.Hour
	} else if d, err = time.ParseDuration(s); err != nil {
		return 0, fmt.Errorf("retention %q: want e.g. 365d, 52w or 8760h", s)
	}
	if d < 24*time.Hour {
		return 0, fmt.Errorf("retention %q: want at least a day", s)
	}
	return d, nil
}
