package listfmt

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"iter"
	"strings"
)

// Tokens yields the tokens of d up to the end of its input. An error of
// the decoder other than io.EOF is yielded, with a nil token, and ends the
// sequence. A token is valid until the next one is read, as with
// xml.Decoder.Token.
func Tokens(d *xml.Decoder) iter.Seq2[xml.Token, error] {
	return func(yield func(xml.Token, error) bool) {
		for {
			tok, err := d.Token()
			if err == io.EOF {
				return
			}
			if !yield(tok, err) || err != nil {
				return
			}
		}
	}
}

// XML reads an XML list file as a stream of tokens, naming the file and the
// decoder's line in its errors.
type XML struct {
	File
	Dec *xml.Decoder
}

// NewXML returns an XML reading the file name from r.
func NewXML(name string, r io.Reader) *XML {
	return &XML{File: NewFile(name), Dec: xml.NewDecoder(r)}
}

// Failf returns a ParseError at the decoder's current line.
func (x *XML) Failf(format string, args ...any) error {
	line, _ := x.Dec.InputPos()
	return x.Errorf(line, format, args...)
}

// Wrap turns an error of the decoder into a ParseError: malformed XML at
// the line the decoder names, a stream cut short as a truncated file, and
// anything else at the current line.
func (x *XML) Wrap(err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		msg := strings.TrimPrefix(se.Msg, "xml: ")
		if msg == "unexpected EOF" {
			msg = "unexpected end of file: the file is truncated"
		}
		return x.Errorf(se.Line, "malformed XML: %s", msg)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return x.Failf("unexpected end of file: the file is truncated")
	}
	return x.Failf("%v", err)
}

// Root reads up to the document element and returns it. It fails with the
// message empty if the file has none, and with notList (as in "not a UN
// consolidated list") if text comes before it.
func (x *XML) Root(empty, notList string) (xml.StartElement, error) {
	for {
		startLine, _ := x.Dec.InputPos()
		tok, err := x.Dec.Token()
		if err == io.EOF {
			return xml.StartElement{}, x.Errorf(0, "%s", empty)
		} else if err != nil {
			return xml.StartElement{}, x.Wrap(err)
		}
		if cd, ok := tok.(xml.CharData); ok && len(bytes.TrimSpace(cd)) > 0 {
			return xml.StartElement{}, x.Errorf(startLine, "%s: text before the root element (not XML?)", notList)
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se, nil
		}
	}
}

// Walk reads the rest of the document element, which Root returned, and
// calls fn with each element it starts, the number of elements open around
// it (1 for a child of the root) and the line the decoder is on. fn either
// reads the whole element (with Dec.DecodeElement) and returns true, or
// returns false for Walk to go into it. After the root element's end, Walk
// accepts nothing but white space, comments and processing instructions,
// and fails with the message trailing if another element follows.
func (x *XML) Walk(trailing string, fn func(t xml.StartElement, depth, line int) (bool, error)) error {
	depth := 1
	for depth > 0 {
		tok, err := x.Dec.Token()
		if err == io.EOF {
			return x.Failf("unexpected end of file: the file is truncated")
		} else if err != nil {
			return x.Wrap(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			line, _ := x.Dec.InputPos()
			done, err := fn(t, depth, line)
			if err != nil {
				return err
			}
			if !done {
				depth++
			}
		case xml.EndElement:
			depth--
		}
	}
	for {
		tok, err := x.Dec.Token()
		if err == io.EOF {
			return nil
		} else if err != nil {
			return x.Wrap(err)
		}
		if _, ok := tok.(xml.StartElement); ok {
			return x.Failf("%s", trailing)
		}
	}
}
