// Package monitor keeps watched customers screened while the lists change.
//
// Re-screening is a reverse search. The customers of every watchlist are
// indexed as if they were listed entities (a match.Index over
// pseudo-entities, kept in memory and brought up to date from the
// watchlists' change log); when an import changes a source, the names of
// each added or changed entity are searched in that index, and every
// customer found is confirmed with match.Score(customer, entity). The cost
// of a list change thus grows with the change, not with the number of
// customers. Customers added or changed are screened the other way, against
// every list, through the screening engine.
//
// Matches become alerts, unless the pair of customer and entity already has
// an active alert or an analyst's decision covers it (a false positive is
// kept until the entity or the customer changes). Each monitoring step is
// recorded as a run, which also marks how far a source's changes have been
// screened: a step missed (a crash, an import made elsewhere) is caught up
// at the next one. New alerts are posted to webhooks, signed with
// HMAC-SHA256, with retries and every attempt recorded.
package monitor
