// Package evaluation measures screening quality on labelled queries.
//
// A query set is a CSV file with the columns id,name,type,expected_source_id,kind:
// each row is a name to screen, the listed entity it should find (empty for
// a negative, a name that is not listed) and the kind of change that made it
// from the listed name (typo1, cyrillic, legal_form, ...). Run screens every
// row once and computes, for several thresholds, per kind how often the
// expected entity is among the matches (found) and ranked first (top-1),
// and how often a negative returns any match (false positives). It is what
// `embargo eval` prints and what the quality regression test asserts.
package evaluation
