// Package un parses the UN Security Council Consolidated List in its XML
// form (the file published as consolidated.xml, schema sc-sanctions.xsd)
// into embargo entities of source "un-sc".
//
// Each INDIVIDUAL becomes a person and each ENTITY an organisation; the
// entity id is "un-sc:" followed by the UN reference number (for example
// "un-sc:QDi.012"). FIRST_NAME to FOURTH_NAME are joined into the primary
// name; NAME_ORIGINAL_SCRIPT becomes an alias of type "original-script" whose
// Script is detected from its letters; aliases of quality "Good" or "a.k.a."
// are strong and those of quality "Low" weak. UN_LIST_TYPE is the program,
// TITLE the title, DESIGNATION the "position" property, COMMENTS1 the remarks
// and the dateGenerated attribute the list's AsOf date.
//
// The file is streamed with encoding/xml, one record at a time. A file that
// is not well-formed XML (the UN list has been republished with bare '&'
// characters) fails as a whole with an *embargo.ParseError naming the line of
// the first error: nothing is half-imported.
package un
