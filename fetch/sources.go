package fetch

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/embargo-dev/embargo"
)

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
	Name string `json:"name"`
	// Format names the list format of the files (see source.Formats), for
	// `embargo update --list-sources`; the importer detects it anyway.
	Format string `json:"format,omitempty"`
	// Publisher says who publishes the list.
	Publisher string `json:"publisher,omitempty"`
	Files     []File `json:"files"`
}

// DefaultSources are the official publishers' addresses. Configuration may
// replace any of them. The UK's list is the FCDO's UK Sanctions List
// (uk-fcdo), the only official UK list since OFSI's Consolidated List was
// retired on 28 January 2026; uk-ofsi remains a source name for importing
// historical OFSI files, and is not downloaded. The EU's is the full
// Financial Sanctions Files XML.
func DefaultSources() []Source {
	const ofac = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
	return []Source{
		{Name: embargo.SourceOFACSDN, Format: "ofac-csv", Publisher: "US Treasury OFAC", Files: []File{
			{URL: ofac + "SDN.CSV", Name: "sdn.csv"},
			{URL: ofac + "ALT.CSV", Name: "alt.csv", Optional: true},
			{URL: ofac + "ADD.CSV", Name: "add.csv", Optional: true},
			{URL: ofac + "SDN_COMMENTS.CSV", Name: "sdn_comments.csv", Optional: true},
		}},
		{Name: embargo.SourceOFACCons, Format: "ofac-csv", Publisher: "US Treasury OFAC", Files: []File{
			{URL: ofac + "CONS_PRIM.CSV", Name: "cons_prim.csv"},
			{URL: ofac + "CONS_ALT.CSV", Name: "cons_alt.csv", Optional: true},
			{URL: ofac + "CONS_ADD.CSV", Name: "cons_add.csv", Optional: true},
			{URL: ofac + "CONS_COMMENTS.CSV", Name: "cons_comments.csv", Optional: true},
		}},
		{Name: embargo.SourceUN, Format: "un-xml", Publisher: "UN Security Council", Files: []File{
			{URL: "https://scsanctions.un.org/resources/xml/en/consolidated.xml", Name: "consolidated.xml"},
		}},
		{Name: embargo.SourceEU, Format: "eu-xml", Publisher: "European Commission (FSF)", Files: []File{
			{URL: "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw", Name: "eu-fsf.xml"},
		}},
		{Name: embargo.SourceUKFCDO, Format: "uk-xml", Publisher: "UK FCDO (UK Sanctions List)", Files: []File{
			{URL: "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml", Name: "UK-Sanctions-List.xml"},
		}},
		{Name: embargo.SourceUSCSL, Format: "csl-csv", Publisher: "US International Trade Administration", Files: []File{
			{URL: "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv", Name: "consolidated.csv"},
		}},
	}
}

// Validate reports a source whose files could not be downloaded safely: a
// file name must be a plain name inside the download folder (no directory,
// no "..", not absolute), since it becomes a path there, and a URL must be
// http or https.
func (s Source) Validate() error {
	if s.Name == "" || !filepath.IsLocal(s.Name) || strings.ContainsAny(s.Name, `/\`) {
		return fmt.Errorf("source name %q: want a plain name such as ofac-sdn", s.Name)
	}
	if len(s.Files) == 0 {
		return fmt.Errorf("source %s: no files", s.Name)
	}
	for _, f := range s.Files {
		if f.Name == "" || !filepath.IsLocal(f.Name) || strings.ContainsAny(f.Name, `/\`) {
			return fmt.Errorf("source %s: file name %q must be a plain file name inside the download folder", s.Name, f.Name)
		}
		for i, u := range []string{f.URL, f.SHA256} {
			if i == 1 && u == "" {
				continue // no published checksum
			}
			p, err := url.Parse(u)
			if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
				return fmt.Errorf("source %s: file %s: URL %q is not an http(s) address", s.Name, f.Name, u)
			}
		}
	}
	return nil
}

// ParseSources reads a sources file: a JSON array of sources, each checked
// with Validate.
func ParseSources(data []byte) ([]Source, error) {
	var srcs []Source
	if err := json.Unmarshal(data, &srcs); err != nil {
		return nil, err
	}
	for _, s := range srcs {
		if err := s.Validate(); err != nil {
			return nil, err
		}
	}
	return srcs, nil
}
