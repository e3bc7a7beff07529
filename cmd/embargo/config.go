package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	embhttp "github.com/embargo-dev/embargo/http"
	"github.com/embargo-dev/embargo/source"
)

// Config is the configuration of `embargo serve`. Each setting is read, in
// increasing precedence, from its default, a JSON config file (--config
// FILE or $EMBARGO_CONFIG), an environment variable EMBARGO_NAME, and a flag
// --name (NAME being the setting's JSON key, upper-cased, with "_"; the
// flag has "-"). For example max_batch is $EMBARGO_MAX_BATCH and
// --max-batch. The file holds a JSON object with any of these keys:
//
//	{
//	  "addr": "127.0.0.1:8080",
//	  "db": "/var/lib/embargo/embargo.db",
//	  "auth_reads": false,
//	  "anon_rate": 50, "anon_burst": 100,
//	  "key_rate": 500, "key_burst": 1000,
//	  "max_body_bytes": 1048576, "max_import_bytes": 268435456, "max_batch": 1000,
//	  "shutdown_timeout": "10s",
//	  "log_level": "info", "log_format": "text", "log_requests": false,
//	  "demo": false, "demo_db": "", "demo_daily": 0
//	}
//
// The database is --db, else $EMBARGO_DB, else the file's "db", else
// ./embargo.db.
type Config struct {
	Addr            string   `json:"addr"`
	DB              string   `json:"db"`
	AuthReads       bool     `json:"auth_reads"`
	AnonRate        float64  `json:"anon_rate"`
	AnonBurst       int      `json:"anon_burst"`
	KeyRate         float64  `json:"key_rate"`
	KeyBurst        int      `json:"key_burst"`
	MaxBodyBytes    int64    `json:"max_body_bytes"`
	MaxImportBytes  int64    `json:"max_import_bytes"`
	MaxBatch        int      `json:"max_batch"`
	BodyTimeout     Duration `json:"body_timeout"`
	MinBodyRate     int64    `json:"min_body_rate"`
	AuthFailRate    float64  `json:"auth_fail_rate"`
	AuthFailBurst   int      `json:"auth_fail_burst"`
	SessionTTL      Duration `json:"session_ttl"`
	AnonScanRate    float64  `json:"anon_scan_rate"`
	AnonScanBurst   int      `json:"anon_scan_burst"`
	KeyScanRate     float64  `json:"key_scan_rate"`
	KeyScanBurst    int      `json:"key_scan_burst"`
	AnonScanShare   float64  `json:"anon_scan_share"`
	AnonScanQueue   int      `json:"anon_scan_queue"`
	AnonScanMention int      `json:"anon_scan_mentions"`
	MaxDecompressed int64    `json:"max_decompressed_bytes"`
	MaxEntities     int      `json:"max_entities"`
	ShutdownTimeout Duration `json:"shutdown_timeout"`
	LogLevel        string   `json:"log_level"`
	LogFormat       string   `json:"log_format"`
	LogRequests     bool     `json:"log_requests"`
	Demo            bool     `json:"demo"`
	DemoDB          string   `json:"demo_db"`
	DemoDaily       int      `json:"demo_daily"`
	UpdateInterval  Duration `json:"update_interval"`
	MaxSourceAge    Duration `json:"max_source_age"`
	SourcesFile     string   `json:"sources_file"`
	AuditSpool      string   `json:"audit_spool"`
	AuditJournal    string   `json:"audit_journal"`
	// AuditJournalInterval is how often records move from the journal
	// (or the spool) into the audit log.
	AuditJournalInterval Duration `json:"audit_journal_interval"`
	Procs                int      `json:"procs"`
}

// DefaultConfig returns the default settings.
func DefaultConfig() Config {
	d := embhttp.DefaultConfig()
	return Config{
		Addr:            d.Addr,
		AnonRate:        d.AnonRate,
		AnonBurst:       d.AnonBurst,
		KeyRate:         d.KeyRate,
		KeyBurst:        d.KeyBurst,
		MaxBodyBytes:    d.MaxBodyBytes,
		MaxImportBytes:  d.MaxImportBytes,
		MaxBatch:        d.MaxBatch,
		BodyTimeout:     Duration(d.BodyTimeout),
		MinBodyRate:     d.MinBodyRate,
		AuthFailRate:    d.AuthFailRate,
		AuthFailBurst:   d.AuthFailBurst,
		SessionTTL:      Duration(d.SessionTTL),
		AnonScanRate:    d.AnonScanBytesRate,
		AnonScanBurst:   d.AnonScanBytesBurst,
		KeyScanRate:     d.KeyScanBytesRate,
		KeyScanBurst:    d.KeyScanBytesBurst,
		AnonScanShare:   d.AnonScanShare,
		AnonScanQueue:   d.AnonScanQueue,
		AnonScanMention: d.AnonScanMentions,
		MaxDecompressed: source.DefaultMaxBytes,
		MaxEntities:     source.DefaultMaxEntities,
		ShutdownTimeout: Duration(d.ShutdownTimeout),
		LogLevel:        "info",
		LogFormat:       "text",
		// Often enough that `embargo audit` in another process is not far
		// behind; seldom enough that a loaded server moves thousands of
		// records a transaction.
		AuditJournalInterval: Duration(200 * time.Millisecond),
	}
}

// Duration is a time.Duration written as "10s" in JSON, flags and the
// environment.
type Duration time.Duration

// String implements pflag.Value.
func (d *Duration) String() string { return time.Duration(*d).String() }

// Set implements pflag.Value.
func (d *Duration) Set(s string) error {
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("want a duration such as 10s or 1m30s")
	}
	*d = Duration(v)
	return nil
}

// Type implements pflag.Value.
func (d *Duration) Type() string { return "duration" }

// UnmarshalJSON reads "10s".
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want a duration string such as \"10s\"")
	}
	return d.Set(s)
}

// MarshalJSON writes "10s".
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// setting is one configurable value: its JSON key, where it lives, and
// its help text.
type setting struct {
	name  string
	ptr   any // *string, *bool, *int, *int64, *float64 or *Duration
	usage string
}

// settings lists c's settings in the order of the help text.
func (c *Config) settings() []setting {
	return []setting{
		{"addr", &c.Addr, "address to listen on (host:port; :0 picks a free port)"},
		{"auth_reads", &c.AuthReads, "require an API key for reads too (writes and bulk screening always need one)"},
		{"anon_rate", &c.AnonRate, "rate limit per anonymous IP address, requests per second (0: none)"},
		{"anon_burst", &c.AnonBurst, "burst allowed above the anonymous rate"},
		{"key_rate", &c.KeyRate, "rate limit per API key, requests per second (0: none)"},
		{"key_burst", &c.KeyBurst, "burst allowed above the per-key rate"},
		{"max_body_bytes", &c.MaxBodyBytes, "largest JSON request body (413 beyond)"},
		{"max_import_bytes", &c.MaxImportBytes, "largest uploaded list file (413 beyond)"},
		{"max_decompressed_bytes", &c.MaxDecompressed, "largest uploaded list file once decompressed (413 beyond; a gzip bomb stops here)"},
		{"max_entities", &c.MaxEntities, "most entities in one uploaded list (an error at the line beyond)"},
		{"max_batch", &c.MaxBatch, "most queries in one batch request"},
		{"body_timeout", &c.BodyTimeout, "how long a request body may take to arrive, plus 1 s per min_body_rate bytes received (slower bodies are cut off)"},
		{"min_body_rate", &c.MinBodyRate, "bytes per second of request body that earn it more time beyond body_timeout"},
		{"auth_fail_rate", &c.AuthFailRate, "failed authentications allowed per client address, per second; beyond them 429 without a key lookup (0: no limit)"},
		{"auth_fail_burst", &c.AuthFailBurst, "burst of failed authentications allowed above auth_fail_rate"},
		{"anon_scan_rate", &c.AnonScanRate, "bytes of text per second each anonymous address may scan (POST /api/v1/scan; 0: no limit)"},
		{"anon_scan_burst", &c.AnonScanBurst, "burst of scanned bytes allowed above anon_scan_rate (a larger text is refused, 413)"},
		{"key_scan_rate", &c.KeyScanRate, "bytes of text per second each API key may scan (0: no limit)"},
		{"key_scan_burst", &c.KeyScanBurst, "burst of scanned bytes allowed above key_scan_rate"},
		{"anon_scan_share", &c.AnonScanShare, "share of one core that anonymous scans may use together: they run one at a time, paced (0: no bound)"},
		{"anon_scan_queue", &c.AnonScanQueue, "anonymous scans that may wait for their turn; beyond, 429"},
		{"anon_scan_mentions", &c.AnonScanMention, "mentions an anonymous scan reports at most (truncated beyond; 0: the engine's 10,000)"},
		{"session_ttl", &c.SessionTTL, "how long a web UI sign-in lasts (the session is revoked on sign-out)"},
		{"shutdown_timeout", &c.ShutdownTimeout, "how long shutdown waits for requests in flight"},
		{"log_level", &c.LogLevel, "debug, info, warn or error"},
		{"log_format", &c.LogFormat, "text or json"},
		{"log_requests", &c.LogRequests, "log every request at info level (else at debug)"},
		{"demo", &c.Demo, "serve bundled real lists (OFAC SDN with 310 snapshots, UN, UK, EU) from a demo database"},
		{"demo_db", &c.DemoDB, "the demo database (default: the user cache directory, embargo/demo.db)"},
		{"demo_daily", &c.DemoDaily, "with --demo, import only the first N of the 308 daily SDN snapshots (0: all)"},
		{"update_interval", &c.UpdateInterval, "download the official lists this often (0: never); with several replicas one updates at a time"},
		{"max_source_age", &c.MaxSourceAge, "a source older than this turns /readyz amber and logs a warning (0: no limit)"},
		{"sources_file", &c.SourcesFile, "JSON file with the sources' download addresses (default: the official ones)"},
		{"audit_spool", &c.AuditSpool, "directory that keeps audit records, synced, while the database is unavailable, so screening goes on (default: none; screening then answers 503)"},
		{"procs", &c.Procs, "cores that run Go code once the index is loaded (0: all but one, at least one, leaving a core to the network stack and processes beside the server; GOMAXPROCS, when set, wins)"},
		{"audit_journal", &c.AuditJournal, "directory of the audit journal: a screening is answered once its record is in it, and records move into the audit log in the background (default: the SQLite database's path + \".audit-journal\"; none on PostgreSQL; \"off\": every record straight into the audit log)"},
		{"audit_journal_interval", &c.AuditJournalInterval, "how often records move from the audit journal or spool into the audit log"},
	}
}

func flagName(key string) string { return strings.ReplaceAll(key, "_", "-") }
func envName(key string) string  { return "EMBARGO_" + strings.ToUpper(key) }

// configFlags holds the flag values of `serve`; only the flags given on
// the command line override the file and the environment.
type configFlags struct {
	Config
	file string
}

// register adds the settings' flags to fs.
func (f *configFlags) register(fs *pflag.FlagSet) {
	f.Config = DefaultConfig()
	fs.StringVar(&f.file, "config", "", "JSON config file (default $EMBARGO_CONFIG)")
	for _, s := range f.settings() {
		name := flagName(s.name)
		switch p := s.ptr.(type) {
		case *string:
			fs.StringVar(p, name, *p, s.usage)
		case *bool:
			fs.BoolVar(p, name, *p, s.usage)
		case *int:
			fs.IntVar(p, name, *p, s.usage)
		case *int64:
			fs.Int64Var(p, name, *p, s.usage)
		case *float64:
			fs.Float64Var(p, name, *p, s.usage)
		case *Duration:
			fs.Var(p, name, s.usage)
		}
	}
}

// load builds the configuration: defaults, then the file, then the
// environment, then the flags given.
func (f *configFlags) load(fs *pflag.FlagSet, getenv func(string) string) (Config, error) {
	cfg := DefaultConfig()
	file := f.file
	if file == "" {
		file = getenv("EMBARGO_CONFIG")
	}
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return cfg, fmt.Errorf("config file: %w", err)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&cfg); err != nil {
			return cfg, fmt.Errorf("config file %s: %w", file, err)
		}
		if err := dec.Decode(&struct{}{}); err != io.EOF {
			return cfg, fmt.Errorf("config file %s: more than one JSON object", file)
		}
	}
	// db has its own global flag and variable, handled by Main.dsn.
	settings := cfg.settings()
	flags := f.settings()
	for i, s := range settings {
		if v := getenv(envName(s.name)); v != "" {
			if err := setValue(s.ptr, v); err != nil {
				return cfg, fmt.Errorf("$%s=%q: %v", envName(s.name), v, err)
			}
		}
		if fs.Changed(flagName(s.name)) {
			copyValue(s.ptr, flags[i].ptr)
		}
	}
	return cfg, cfg.validate()
}

// setValue parses v into the setting at ptr.
func setValue(ptr any, v string) error {
	var err error
	switch p := ptr.(type) {
	case *string:
		*p = v
	case *bool:
		*p, err = strconv.ParseBool(v)
	case *int:
		*p, err = strconv.Atoi(v)
	case *int64:
		*p, err = strconv.ParseInt(v, 10, 64)
	case *float64:
		*p, err = strconv.ParseFloat(v, 64)
	case *Duration:
		err = p.Set(v)
	}
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok {
			err = ne.Err
		}
		return err
	}
	return nil
}

// copyValue sets the setting at dst (a pointer) to the one at src, of
// the same type.
func copyValue(dst, src any) {
	reflect.ValueOf(dst).Elem().Set(reflect.ValueOf(src).Elem())
}

func (c *Config) validate() error {
	switch {
	case c.Addr == "":
		return fmt.Errorf("addr is empty")
	case c.AnonRate < 0 || c.KeyRate < 0 || c.AuthFailRate < 0 || c.AnonScanRate < 0 || c.KeyScanRate < 0:
		return fmt.Errorf("rates must not be negative")
	case c.AnonScanShare < 0 || c.AnonScanShare > 1 || c.AnonScanQueue < 0 || c.AnonScanMention < 0:
		return fmt.Errorf("anon_scan_share must be between 0 and 1, anon_scan_queue and anon_scan_mentions not negative")
	case c.MaxBatch < 1:
		return fmt.Errorf("max_batch must be at least 1")
	case c.MaxBodyBytes < 1 || c.MaxImportBytes < 1 || c.MinBodyRate < 1 || c.BodyTimeout <= 0:
		return fmt.Errorf("body limits must be positive")
	case c.AuditJournalInterval <= 0:
		return fmt.Errorf("audit_journal_interval must be positive")
	}
	if _, err := c.logLevel(); err != nil {
		return err
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("log_format %q: want text or json", c.LogFormat)
	}
	return nil
}

func (c *Config) logLevel() (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return l, fmt.Errorf("log_level %q: want debug, info, warn or error", c.LogLevel)
	}
	return l, nil
}

// logger returns the server's logger, writing to w.
func (c *Config) logger(w io.Writer) *slog.Logger {
	level, _ := c.logLevel()
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// server returns the HTTP server's settings.
func (c *Config) server() embhttp.Config {
	sc := embhttp.DefaultConfig()
	sc.Addr = c.Addr
	sc.AuthReads = c.AuthReads
	sc.AnonRate, sc.AnonBurst = c.AnonRate, c.AnonBurst
	sc.KeyRate, sc.KeyBurst = c.KeyRate, c.KeyBurst
	sc.MaxBodyBytes, sc.MaxImportBytes, sc.MaxBatch = c.MaxBodyBytes, c.MaxImportBytes, c.MaxBatch
	sc.ShutdownTimeout = time.Duration(c.ShutdownTimeout)
	sc.BodyTimeout, sc.MinBodyRate = time.Duration(c.BodyTimeout), c.MinBodyRate
	sc.AuthFailRate, sc.AuthFailBurst = c.AuthFailRate, c.AuthFailBurst
	sc.SessionTTL = time.Duration(c.SessionTTL)
	sc.AnonScanBytesRate, sc.AnonScanBytesBurst = c.AnonScanRate, c.AnonScanBurst
	sc.KeyScanBytesRate, sc.KeyScanBytesBurst = c.KeyScanRate, c.KeyScanBurst
	sc.AnonScanShare, sc.AnonScanQueue, sc.AnonScanMentions = c.AnonScanShare, c.AnonScanQueue, c.AnonScanMention
	sc.MaxDecompressedBytes = c.MaxDecompressed
	sc.MaxEntities = c.MaxEntities
	sc.LogRequests = c.LogRequests
	sc.MaxSourceAge = time.Duration(c.MaxSourceAge)
	return sc
}
