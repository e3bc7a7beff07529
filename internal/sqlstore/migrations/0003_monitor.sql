-- Monitoring: watchlists, alerts, decisions, monitoring runs, webhooks and
-- the audit log. Times are fixed-width RFC 3339 in UTC, so that they order
-- as strings. Decisions are append-only, audit records may only be pruned:
-- triggers refuse anything else.
CREATE TABLE customers (
	list TEXT NOT NULL,
	customer_id TEXT NOT NULL,
	name TEXT NOT NULL,
	data TEXT NOT NULL,
	hash TEXT NOT NULL,
	rev {{template "bigint"}} NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	removed_at TEXT,
	PRIMARY KEY (list, customer_id)
){{template "without_rowid"}};

CREATE TABLE customer_changes (
	rev {{template "bigint"}} PRIMARY KEY,
	list TEXT NOT NULL,
	customer_id TEXT NOT NULL,
	change TEXT NOT NULL,
	data TEXT NOT NULL,
	changed_at TEXT NOT NULL
);

CREATE INDEX customer_changes_customer ON customer_changes (list, customer_id, rev);

CREATE TABLE alerts (
	id {{template "serial"}},
	list TEXT NOT NULL,
	customer_id TEXT NOT NULL,
	customer_name TEXT NOT NULL,
	customer_hash TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	entity_hash TEXT NOT NULL,
	score {{template "double"}} NOT NULL,
	match TEXT NOT NULL,
	snapshot_id TEXT NOT NULL,
	cause TEXT NOT NULL,
	status TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE UNIQUE INDEX alerts_active ON alerts (list, customer_id, entity_id) WHERE status IN ('open', 'needs_review');
CREATE INDEX alerts_pair ON alerts (list, customer_id, entity_id, id);
CREATE INDEX alerts_status ON alerts (status, id);

CREATE TABLE decisions (
	id {{template "serial"}},
	alert_id {{template "bigint"}} NOT NULL REFERENCES alerts (id),
	list TEXT NOT NULL,
	customer_id TEXT NOT NULL,
	customer_name TEXT NOT NULL,
	customer_hash TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	entity_hash TEXT NOT NULL,
	status TEXT NOT NULL,
	note TEXT NOT NULL,
	decided_by TEXT NOT NULL,
	created_at TEXT NOT NULL
);

CREATE INDEX decisions_alert ON decisions (alert_id, id);
CREATE INDEX decisions_pair ON decisions (list, customer_id, entity_id, id);
{{template "decisions_append_only"}}

CREATE TABLE monitor_runs (
	id {{template "serial"}},
	source TEXT NOT NULL,
	from_snapshot TEXT NOT NULL,
	to_snapshot TEXT NOT NULL,
	to_seq INTEGER NOT NULL,
	watch_rev {{template "bigint"}} NOT NULL,
	entities INTEGER NOT NULL,
	customers INTEGER NOT NULL,
	candidates INTEGER NOT NULL,
	matches INTEGER NOT NULL,
	alerts INTEGER NOT NULL,
	suppressed INTEGER NOT NULL,
	threshold {{template "double"}} NOT NULL,
	started_at TEXT NOT NULL,
	finished_at TEXT NOT NULL
);

CREATE INDEX monitor_runs_source ON monitor_runs (source, to_seq);

CREATE TABLE webhooks (
	id {{template "serial"}},
	url TEXT NOT NULL,
	secret TEXT NOT NULL,
	created_at TEXT NOT NULL,
	deleted_at TEXT
);

CREATE TABLE webhook_deliveries (
	id {{template "serial"}},
	webhook_id {{template "bigint"}} NOT NULL REFERENCES webhooks (id),
	alert_id {{template "bigint"}} NOT NULL REFERENCES alerts (id),
	attempt INTEGER NOT NULL,
	ok INTEGER NOT NULL,
	status_code INTEGER NOT NULL,
	error TEXT NOT NULL,
	duration_ms {{template "double"}} NOT NULL,
	created_at TEXT NOT NULL
);

CREATE INDEX webhook_deliveries_alert ON webhook_deliveries (webhook_id, alert_id);

CREATE TABLE audit_head (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	last_id {{template "bigint"}} NOT NULL,
	last_hash TEXT NOT NULL
);

INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, '');

CREATE TABLE audit_log (
	id {{template "bigint"}} PRIMARY KEY,
	recorded_at TEXT NOT NULL,
	kind TEXT NOT NULL,
	caller TEXT NOT NULL,
	batch_id TEXT NOT NULL,
	list TEXT NOT NULL,
	customer_id TEXT NOT NULL,
	data TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);

CREATE INDEX audit_log_time ON audit_log (recorded_at);
CREATE INDEX audit_log_customer ON audit_log (list, customer_id, id) WHERE customer_id <> '';
CREATE INDEX audit_log_batch ON audit_log (batch_id, id) WHERE batch_id <> '';
{{template "audit_log_append_only"}}
