package fetch

import "github.com/embargo-dev/embargo"

// File is one file of a source's list.
type File struct {
	// URL is where the publisher serves it.
	URL string `json:"url"`
	// Name is the local file name, which tells the importer its format.
	Name string `json:"name"`
	// Optional files may be missing (404) without failing the source.
	Optional bool `json:"optional,omitempty"`
	// SHA256, when set, is the URL of a published checksum of the file.
	SHA256 string `json:"sha256,omitempty"`
}

// Source is a list to download: its files, fetched and imported together.
type Source struct {
	Name  string `json:"name"`
	Files []File `json:"files"`
}

// DefaultSources are the official publishers' addresses. Configuration may
// replace any of them.
func DefaultSources() []Source {
	const ofac = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
	return []Source{
		{Name: embargo.SourceOFACSDN, Files: []File{
			{URL: ofac + "SDN.CSV", Name: "sdn.csv"},
			{URL: ofac + "ALT.CSV", Name: "alt.csv", Optional: true},
			{URL: ofac + "ADD.CSV", Name: "add.csv", Optional: true},
			{URL: ofac + "SDN_COMMENTS.CSV", Name: "sdn_comments.csv", Optional: true},
		}},
		{Name: embargo.SourceOFACCons, Files: []File{
			{URL: ofac + "CONS_PRIM.CSV", Name: "cons_prim.csv"},
			{URL: ofac + "CONS_ALT.CSV", Name: "cons_alt.csv", Optional: true},
			{URL: ofac + "CONS_ADD.CSV", Name: "cons_add.csv", Optional: true},
			{URL: ofac + "CONS_COMMENTS.CSV", Name: "cons_comments.csv", Optional: true},
		}},
		{Name: embargo.SourceUN, Files: []File{
			{URL: "https://scsanctions.un.org/resources/xml/en/consolidated.xml", Name: "consolidated.xml"},
		}},
		{Name: embargo.SourceEU, Files: []File{
			{URL: "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw", Name: "eu-fsf.xml"},
		}},
		{Name: embargo.SourceUKOFSI, Files: []File{
			{URL: "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv", Name: "ConList.csv"},
		}},
		{Name: embargo.SourceUSCSL, Files: []File{
			{URL: "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv", Name: "consolidated.csv"},
		}},
	}
}
