// Package listfmt holds the small text and date helpers that the list-format
// parsers under source/ share: white-space clean-up, joining and splitting of
// multi-valued cells, ISO 8601 dates and years, xs:dateTime timestamps, and
// locating invalid UTF-8. The functions are pure and do no I/O.
package listfmt
