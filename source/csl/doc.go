// Package csl parses the US Consolidated Screening List (CSL) in its CSV
// form (consolidated.csv, published by the International Trade
// Administration for the Departments of Commerce, State and the Treasury)
// into embargo entities of source "us-csl". A gzip-compressed file
// (consolidated.csv.gz) is decompressed on the fly.
//
// Columns are found by their header names, so their order does not matter;
// "name" and one of "_id" or "entity_number" are required. Each row is one
// entry of one of the CSL's sub-lists (the "source" column, e.g. "Entity
// List (EL) - Bureau of Industry and Security"), which is kept in the
// entity's "list" property. The entity's SourceID is the row's _id, or its
// entity_number where _id is empty. Treasury entries appear on several
// sub-lists under the same _id (an SDN that is also on the SSI and CAPTA
// lists); their rows are merged into one entity, whose "list" property
// names every sub-list.
//
// Multi-valued cells ("alt_names", "addresses", "programs", "ids",
// "dates_of_birth", ...) are split at "; ". An "ids" item reads
// "[COUNTRY, ][DATES, ]VALUE, LABEL": documents and registry numbers become
// Identifiers (passports, national and tax ids, registrations, IMO and MMSI
// numbers, SWIFT/BIC codes, web sites, e-mail and digital currency
// addresses, keeping the CSL's label where no embargo type fits), "Gender"
// becomes the gender, and other facts (aircraft model, secondary sanctions
// information, directive dates) become properties named after the label.
// "(Linked To: NAME)" in the remarks becomes a Link, resolved to the entity
// of that name when the list holds one. The earliest start_date is ListedOn.
package csl
