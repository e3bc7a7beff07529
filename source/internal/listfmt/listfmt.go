package listfmt

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"
)

// BOM is the UTF-8 byte-order mark some publishers put at the start of a file.
const BOM = "\xef\xbb\xbf"

// TrimBOM returns b without a leading UTF-8 byte-order mark.
func TrimBOM(b []byte) []byte {
	return bytes.TrimPrefix(b, []byte(BOM))
}

// Clean trims s and collapses runs of white space to one space.
func Clean(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// CleanAll cleans each string of in with Clean and returns the non-empty
// ones, in order. It returns nil if none is left.
func CleanAll(in []string) []string {
	var out []string
	for _, s := range in {
		if s = Clean(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// JoinClean cleans each part with Clean and joins the non-empty ones with sep.
func JoinClean(sep string, parts ...string) string {
	return strings.Join(CleanAll(parts), sep)
}

// JoinTrimmed trims each part and joins the non-empty ones with sep. Unlike
// JoinClean it leaves white space inside a part as it is.
func JoinTrimmed(sep string, parts ...string) string {
	var out []string
	for _, s := range parts {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, sep)
}

// Split splits a multi-valued cell at every sep, trims the values and drops
// the empty ones. It returns nil if no value is left.
func Split(s, sep string) []string {
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Uniq returns the strings of in without repeats, keeping the first of each
// in its place. It returns nil for an empty in.
func Uniq(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// ISODate returns the YYYY-MM-DD date at the start of s, ignoring
// surrounding white space ("1964-07-17", "1964-07-17-05:00"), or "" if s
// does not start with a valid calendar date.
func ISODate(s string) string {
	s = strings.TrimSpace(s)
	if len(s) < 10 {
		return ""
	}
	if _, err := time.Parse(time.DateOnly, s[:10]); err != nil {
		return ""
	}
	return s[:10]
}

// IsYear reports whether s is exactly four ASCII digits.
func IsYear(s string) bool {
	if len(s) != 4 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// ParseTimestamp parses an xs:dateTime as the UN and EU lists write their
// generation dates: RFC 3339 with or without fractional seconds, a local
// date-time without a zone (taken as UTC), or a bare date.
func ParseTimestamp(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02T15:04:05.999999999", s); err == nil {
		return t, nil
	}
	return time.Parse(time.DateOnly, s)
}

// InvalidUTF8Line returns the 1-based line number of the first byte of b
// that is not valid UTF-8, or 0 if b is valid UTF-8.
func InvalidUTF8Line(b []byte) int {
	if utf8.Valid(b) {
		return 0
	}
	i := 0
	for i < len(b) {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			break
		}
		i += n
	}
	return 1 + bytes.Count(b[:i], []byte("\n"))
}
