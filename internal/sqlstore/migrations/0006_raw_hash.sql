-- The hash of an entity as its list gave it, when the version stored
-- differs (fields the list lacks, e.g. a daily SDN file's aliases, filled
-- from the previous version): an import that finds the same row again
-- reuses the version without reading it back. NULL: the same as hash.
ALTER TABLE versions ADD COLUMN raw_hash TEXT;
