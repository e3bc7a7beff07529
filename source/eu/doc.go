// Package eu parses the European Union's consolidated list of persons,
// groups and entities subject to financial sanctions, as published in the
// Financial Sanctions Files (FSF) XML export (namespace
// http://eu.europa.ec/fpi/fsd/export, root element <export>), into embargo
// entities of source "eu-fsf". The older flat export (root element <WHOLE>,
// one <ENTITY> with <NAME>, <BIRTH>, <PASSPORT>, <CITIZEN> and <ADDRESS>
// children) is read too.
//
// Each sanctionEntity becomes one entity: logicalId is its SourceID, the
// subjectType code ("person", "enterprise") its schema. The first strong
// nameAlias is the primary name; the other nameAlias elements become
// aliases, weak where strong="false". The regulations' programmes are the
// programs; ListedOn is the designationDate where the file gives one, and
// otherwise the earliest publicationDate of the entity's regulations.
// Citizenships, dates and places of birth, identification documents and
// addresses are mapped to their fields, with ISO 3166 alpha-2 country codes
// where the file gives them and the country's name otherwise. The
// export's generationDate is the list's AsOf.
//
// The file is streamed with encoding/xml, one sanctionEntity at a time; a
// file that is not well-formed XML fails as a whole with an
// *embargo.ParseError naming the line of the first error.
package eu
