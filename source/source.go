// Package source reads list files in any supported format: it detects the
// format of each path from file names and content and hands it to the
// format's parser package (source/ofac, source/un, ...), which only produce
// entities.
package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/csl"
	"github.com/embargo-dev/embargo/source/custom"
	"github.com/embargo-dev/embargo/source/eu"
	"github.com/embargo-dev/embargo/source/ftm"
	"github.com/embargo-dev/embargo/source/ofac"
	"github.com/embargo-dev/embargo/source/uk"
	"github.com/embargo-dev/embargo/source/un"
)

// Formats embargo reads, as named by --format.
const (
	FormatOFACCSV         = "ofac-csv"
	FormatOFACXML         = "ofac-xml"
	FormatOFACAdvancedXML = "ofac-advanced-xml"
	FormatUNXML           = "un-xml"
	FormatUKCSV           = "uk-csv"
	FormatUKXML           = "uk-xml"
	FormatCSLCSV          = "csl-csv"
	FormatEUXML           = "eu-xml"
	FormatFtM             = "ftm"
	FormatCustomCSV       = "custom-csv"
)

// Formats lists every format name, for help texts.
var Formats = []string{FormatOFACCSV, FormatOFACXML, FormatOFACAdvancedXML, FormatUNXML, FormatUKCSV, FormatUKXML, FormatCSLCSV, FormatEUXML, FormatFtM, FormatCustomCSV}

// Options control reading.
type Options struct {
	// Format forces a format instead of detecting it.
	Format string
	// Source names the list (required for FollowTheMoney and custom lists
	// unless the file says).
	Source string
	// MaxBytes bounds the bytes read from each file after decompression
	// (0: DefaultMaxBytes): a small gzip file can inflate to gigabytes.
	MaxBytes int64
	// MaxEntities bounds the entities of one list (0: DefaultMaxEntities;
	// negative: no bound):
	// rows of a few bytes each parse to entities of a kilobyte or more, so
	// the byte bound alone lets a file of valid rows take gigabytes.
	MaxEntities int
}

// DefaultMaxEntities is the default bound on a list's entities: ten times
// the largest official list (the Consolidated Screening List, about
// 20,000), and low enough that a file of valid rows stops before its
// parsed entities pass a few hundred MB (TestDecompressionBombMemory in
// ingest).
const DefaultMaxEntities = 200_000

func (o Options) parseOptions() embargo.ParseOptions {
	n := o.MaxEntities
	if n == 0 {
		n = DefaultMaxEntities
	}
	return embargo.ParseOptions{Source: o.Source, MaxEntities: n}
}

// DefaultMaxBytes is the default bound on a list file's decompressed size:
// above the largest official list (OFAC's SDN advanced XML, about 100 MB),
// and low enough that a bomb stops before it costs much memory: parsers
// that read a file whole hold two or three times its size, and parsed
// rows several times theirs (TestDecompressionBombMemory in ingest).
const DefaultMaxBytes = 128 << 20

// ErrTooLarge reports a file over Options.MaxBytes once decompressed.
var ErrTooLarge = errors.New("file too large")

// limitedReader reads at most max bytes and then fails with a message
// naming the file and the limit, instead of feeding a decompression bomb
// to a parser.
type limitedReader struct {
	r    io.Reader
	n    int64
	max  int64
	path string
	err  error // set once over the limit
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n >= l.max {
		// One byte more tells a file of exactly max bytes from a larger one.
		var one [1]byte
		if n, _ := l.r.Read(one[:]); n == 0 {
			return 0, io.EOF
		}
		l.err = embargo.Errorf(embargo.ETOOLARGE, "%s: more than %d bytes once decompressed (the limit; raise it with --max-decompressed-bytes): %v", l.path, l.max, ErrTooLarge)
		return 0, l.err
	}
	if int64(len(p)) > l.max-l.n {
		p = p[:l.max-l.n]
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	return n, err
}

const sniffLen = 4096

// Read reads one path: a file, or a directory holding one list's files.
func Read(path string, opts Options) ([]*embargo.ParsedList, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, embargo.Errorf(embargo.EINVALID, "%s: %v", path, unwrapPathError(err))
	}
	if !fi.IsDir() {
		l, err := readFile(path, opts)
		if err != nil {
			return nil, err
		}
		return []*embargo.ParsedList{l}, nil
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, embargo.Errorf(embargo.EINVALID, "%s: %v", path, unwrapPathError(err))
	}
	var csvSet, others []string
	for _, ent := range entries {
		if ent.IsDir() || strings.HasPrefix(ent.Name(), ".") {
			continue
		}
		p := filepath.Join(path, ent.Name())
		if (opts.Format == "" || opts.Format == FormatOFACCSV) && ofac.IsCSVSetName(ent.Name()) {
			csvSet = append(csvSet, p)
		} else if isListFile(ent.Name()) {
			others = append(others, p)
		}
	}
	var out []*embargo.ParsedList
	if len(csvSet) > 0 {
		l, err := ofac.ParseCSVSet(csvSet, opts.parseOptions())
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	sort.Strings(others)
	for _, p := range others {
		l, err := readFile(p, opts)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		return nil, embargo.Errorf(embargo.EINVALID, "%s: no list files found in the directory", path)
	}
	// A directory may hold one list in several formats (OFAC publishes the
	// CSV set and the XML side by side): one snapshot per source, from the
	// first read (the CSV set, then files in name order).
	kept := out[:0]
	bySource := map[string]*embargo.ParsedList{}
	for _, l := range out {
		if first, ok := bySource[l.Source]; ok {
			first.Warnings = append(first.Warnings, fmt.Sprintf("%s holds the same list (%s) again; not imported twice", strings.Join(l.Files, ", "), l.Source))
			continue
		}
		bySource[l.Source] = l
		kept = append(kept, l)
	}
	return kept, nil
}

// isListFile reports whether a file in a list directory is worth reading:
// data files, not specs and notes.
func isListFile(name string) bool {
	switch strings.ToLower(filepath.Ext(strings.TrimSuffix(name, ".gz"))) {
	case ".xml", ".csv", ".json", ".jsonl", ".ndjson", ".ftm":
		return true
	}
	return false
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func readFile(path string, opts Options) (*embargo.ParsedList, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, embargo.Errorf(embargo.EINVALID, "%s: %v", path, unwrapPathError(err))
	}
	defer f.Close()
	// Compressed files are read through gzip; the parsers see the
	// uncompressed stream under the name without ".gz".
	var r io.Reader = f
	name := path
	if strings.HasSuffix(strings.ToLower(path), ".gz") {
		zr, err := gzip.NewReader(bufio.NewReader(f))
		if err != nil {
			return nil, &embargo.ParseError{File: path, Msg: "not a gzip file: " + err.Error()}
		}
		defer zr.Close()
		r, name = zr, path[:len(path)-3]
	}
	max := opts.MaxBytes
	if max <= 0 {
		max = DefaultMaxBytes
	}
	lr := &limitedReader{r: r, max: max, path: path}
	r = lr
	br := bufio.NewReaderSize(r, 1<<16)
	head, err := br.Peek(sniffLen)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, &embargo.ParseError{File: path, Msg: err.Error()}
	}
	if len(head) == 0 {
		return nil, &embargo.ParseError{File: path, Msg: "file is empty"}
	}
	format := opts.Format
	if format == "" {
		format = Detect(filepath.Base(name), head)
		if format == "" {
			return nil, &embargo.ParseError{File: path, Msg: "unknown list format (use --format, one of " + strings.Join(Formats, ", ") + ")"}
		}
	}
	po := opts.parseOptions()
	i := slices.IndexFunc(formats, func(f listFormat) bool { return f.name == format })
	if i < 0 {
		return nil, embargo.Errorf(embargo.EINVALID, "unknown format %q (one of %s)", format, strings.Join(Formats, ", "))
	}
	l, err := formats[i].parse(br, name, po)
	if lr.err != nil {
		// However the parser worded it, the file was too large.
		return nil, lr.err
	}
	// The parsers name the file by its base name; the user gave a path.
	var pe *embargo.ParseError
	if errors.As(err, &pe) && pe.File == filepath.Base(name) {
		pe.File = path
	}
	return l, err
}

// listFormat is one list format: its name, how a file of it is recognised
// from its base name and first bytes, and its parser (name is the file's
// name, for error messages and sniffing).
type listFormat struct {
	name  string
	sniff func(name string, head []byte) bool
	parse func(r io.Reader, name string, opts embargo.ParseOptions) (*embargo.ParsedList, error)
}

// formats are the formats in the order Detect tries them: the XML ones by
// their first bytes, then those that need the file's name as well.
var formats = []listFormat{
	{FormatOFACAdvancedXML, byHead(ofac.SniffAdvancedXML), ofac.ParseAdvancedXML},
	{FormatOFACXML, byHead(ofac.SniffXML), ofac.ParseXML},
	{FormatUNXML, un.Sniff, un.Parse},
	{FormatUKXML, byHead(uk.SniffXML), uk.ParseXML},
	{FormatEUXML, eu.Sniff, eu.Parse},
	{FormatFtM, ftm.Sniff, ftm.Parse},
	{FormatUKCSV, uk.Sniff, uk.Parse},
	{FormatCSLCSV, csl.Sniff, csl.Parse},
	{FormatOFACCSV, ofac.SniffCSV, func(r io.Reader, name string, opts embargo.ParseOptions) (*embargo.ParsedList, error) {
		return ofac.ParseCSVReaders([]ofac.CSVFile{{Name: name, Reader: r}}, opts)
	}},
	{FormatCustomCSV, custom.Sniff, custom.Parse},
}

// byHead is a sniffer that needs only the first bytes.
func byHead(sniff func(head []byte) bool) func(string, []byte) bool {
	return func(_ string, head []byte) bool { return sniff(head) }
}

// Detect names the format of a file from its base name and first bytes, or
// returns "" when it cannot tell.
func Detect(name string, head []byte) string {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	for _, f := range formats {
		if f.sniff(name, head) {
			return f.name
		}
	}
	return ""
}
