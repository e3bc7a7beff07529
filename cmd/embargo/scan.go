package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/engine"
	"github.com/embargo-dev/embargo/export"
	"github.com/embargo-dev/embargo/textscan"
)

func (m *Main) scanCommand() *cobra.Command {
	var asOf string
	var sources []string
	var threshold float64
	var maxMentions int
	var jsonOut, csvOut bool
	cmd := &cobra.Command{
		Use:   "scan [flags] FILE|-",
		Short: "Find listed persons, organisations, vessels and aircraft named in a text",
		Long: `Scan reads a text (a news article, a payment message; - for standard input)
and reports every listed entity it names: where (byte offsets), which entity,
how sure, and whether it was listed on the --as-of date or had been delisted.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			opts := engine.ScanOptions{Threshold: threshold, MaxMentions: maxMentions}
			for _, s := range sources {
				for _, p := range strings.Split(s, ",") {
					if p = strings.TrimSpace(p); p != "" {
						opts.Sources = append(opts.Sources, p)
					}
				}
			}
			if asOf != "" {
				t, err := embargo.ParseAsOf(asOf, true)
				if err != nil {
					return &usageError{err}
				}
				opts.AsOf = t
			}
			if threshold > 1 {
				return &usageError{fmt.Errorf("--threshold %v: want a score between 0 and 1", threshold)}
			}
			in, name, closeIn, err := m.openScanInput(args[0], !jsonOut && !csvOut)
			if err != nil {
				return err
			}
			defer closeIn()
			eng, closeFn, err := m.loadEngine(ctx, false)
			if err != nil {
				return err
			}
			defer closeFn()
			res, err := eng.Scan(ctx, in, opts)
			if err != nil {
				return fmt.Errorf("scan %s: %w", name, err)
			}
			if jsonOut {
				return writeJSON(m.Stdout, res)
			}
			if csvOut {
				return export.Mentions(export.NewWriter(m.Stdout), res.Mentions)
			}
			return printScanResult(m.Stdout, res, in)
		},
	}
	cmd.Flags().StringVar(&asOf, "as-of", "", "scan against the lists as they stood on this date")
	cmd.Flags().Float64Var(&threshold, "threshold", -1, fmt.Sprintf("minimum score (default %.2f)", embargo.DefaultThreshold))
	cmd.Flags().StringSliceVar(&sources, "source", nil, "sources to scan against, comma-separated or repeated (default: all)")
	cmd.Flags().IntVar(&maxMentions, "max-mentions", engine.DefaultMaxMentions, "stop after this many mentions")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON")
	cmd.Flags().BoolVar(&csvOut, "csv", false, "print CSV, a row per mention")
	cmd.MarkFlagsMutuallyExclusive("json", "csv")
	return cmd
}

// scanInput is the text being scanned. For human output it must be read
// again to show each mention in context: a file is read again where it
// is, standard input is copied to a temporary file as it is scanned.
type scanInput struct {
	io.Reader
	at io.ReaderAt
}

func (m *Main) openScanInput(path string, keep bool) (*scanInput, string, func(), error) {
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, "", nil, embargo.Errorf(embargo.EINVALID, "%s: %v", path, unwrapErr(err))
		}
		if fi, err := f.Stat(); err == nil && fi.IsDir() {
			f.Close()
			return nil, "", nil, embargo.Errorf(embargo.EINVALID, "%s: is a directory", path)
		}
		return &scanInput{Reader: f, at: f}, path, func() { f.Close() }, nil
	}
	if !keep {
		return &scanInput{Reader: m.Stdin}, "stdin", func() {}, nil
	}
	tmp, err := os.CreateTemp("", "embargo-scan-*")
	if err != nil {
		return nil, "", nil, fmt.Errorf("temporary copy of stdin: %w", err)
	}
	done := func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}
	return &scanInput{Reader: io.TeeReader(m.Stdin, tmp), at: tmp}, "stdin", done, nil
}

// printScanResult prints each mention in its context with the entity, the
// score and whether it was listed.
func printScanResult(w io.Writer, res *engine.ScanResult, in *scanInput) error {
	fmt.Fprintf(w, "scanned %d bytes against %s\n", res.Bytes, strings.Join(sortedValues(res.Snapshots), ", "))
	if len(res.Mentions) == 0 {
		fmt.Fprintln(w, "no listed entity mentioned")
		return nil
	}
	listed, delisted := 0, 0
	for _, mt := range res.Mentions {
		if mt.Listed {
			listed++
		} else {
			delisted++
		}
	}
	fmt.Fprintf(w, "%d %s (%d listed, %d delisted)\n", len(res.Mentions), pluralWord(len(res.Mentions), "mention", "mentions"), listed, delisted)
	for _, mt := range res.Mentions {
		status := "LISTED"
		if !mt.Listed {
			status = "DELISTED"
			if mt.Between != nil {
				status += ", " + mt.Between.String()
			} else if mt.DelistedOn != "" {
				status += " by " + mt.DelistedOn
			}
		}
		fmt.Fprintf(w, "\n%d-%d  %s\n", mt.Start, mt.End, mentionContext(in.at, mt))
		fmt.Fprintf(w, "    %s  %s (%s)  score %.2f  %s  [%s]\n", mt.EntityID, mt.Name, mt.Schema, mt.Score, status, strings.ReplaceAll(mt.Rule, "_", " "))
		if mt.MatchedName != "" && mt.MatchedName != mt.Name {
			fmt.Fprintf(w, "    matched %q\n", mt.MatchedName)
		}
	}
	if res.Truncated {
		fmt.Fprintf(w, "\nstopped after %d mentions (--max-mentions)\n", len(res.Mentions))
	}
	return nil
}

// mentionContext returns the mention with up to 40 bytes of text either
// side, on one line, the mention itself in »guillemets«.
func mentionContext(at io.ReaderAt, mt textscan.Mention) string {
	const pad = 40
	if at == nil {
		return "»" + oneLine(mt.Text) + "«"
	}
	from := max(mt.Start-pad, 0)
	buf := make([]byte, mt.End+pad-from)
	n, _ := at.ReadAt(buf, from)
	buf = buf[:n]
	s, e := int(mt.Start-from), int(mt.End-from)
	if e > len(buf) {
		return "»" + oneLine(mt.Text) + "«"
	}
	// Trim partial characters at the edges of the context.
	lo := 0
	for lo < s && !utf8.RuneStart(buf[lo]) {
		lo++
	}
	hi := len(buf)
	for hi > e && hi > 0 && !utf8.FullRune(buf[lastRuneStart(buf[:hi]):hi]) {
		hi = lastRuneStart(buf[:hi])
	}
	prefix, suffix := "", ""
	if from > 0 || lo > 0 {
		prefix = "…"
	}
	if n == len(buf) && hi == len(buf) && int64(len(buf)) == mt.End+pad-from {
		suffix = "…"
	}
	return prefix + oneLine(string(buf[lo:s])) + "»" + oneLine(string(buf[s:e])) + "«" + oneLine(string(buf[e:hi])) + suffix
}

func lastRuneStart(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			return i
		}
	}
	return len(b)
}

// oneLine makes text printable on one line: line breaks and tabs become
// spaces, invalid UTF-8 and control characters are replaced.
func oneLine(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case r < 0x20 || r == 0x7f:
			return '\uFFFD'
		}
		return r
	}, s)
}

func sortedValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
