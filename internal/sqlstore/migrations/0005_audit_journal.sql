-- How far each server's audit journal has moved into the audit log: the
-- last journal sequence number recorded, set in the same transaction as
-- the records, so that a journal replayed after a crash records nothing
-- twice.
CREATE TABLE audit_journals (
	name TEXT PRIMARY KEY,
	seq {{template "bigint"}} NOT NULL
);
