package textscan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"unicode/utf8"
)

// ScanReader scans the text r yields and calls fn with each mention, in
// the order of the text, as it is found. The text is read in chunks of
// 256 KiB that overlap by a few KiB, so memory stays bounded whatever the
// input's size, and a name that crosses a chunk boundary is found once.
// Invalid UTF-8 and binary data are read as separators; offsets stay those
// of the input. Scanning stops at the first error of r, of fn, or of ctx,
// and returns it.
func (s *Scanner) ScanReader(ctx context.Context, r io.Reader, opts ScanOptions, fn func(Mention) error) error {
	st := s.newState(opts)
	// The chunk buffer and its tokens are reused from scan to scan: a
	// server scanning large texts would otherwise allocate a few MB per
	// scan, and collect them.
	bufs := chunkPool.Get().(*chunkBuffers)
	defer func() {
		bufs.toks = st.toks[:0]
		chunkPool.Put(bufs)
	}()
	buf := bufs.text[:0]
	st.toks = bufs.toks
	var base int64
	from := 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		eof := false
		switch {
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			eof = true
		case err != nil:
			return fmt.Errorf("read text at byte %d: %w", base+int64(len(buf)), err)
		}
		to := len(buf)
		if !eof {
			to = cutPoint(buf, len(buf)-lookahead)
		}
		st.chunk(buf, base, from, to, fn)
		if st.err != nil {
			return st.err
		}
		if eof {
			return nil
		}
		keep := keepPoint(buf, to)
		copy(buf, buf[keep:])
		buf = buf[:len(buf)-keep]
		base += int64(keep)
		from = to - keep
	}
}

// chunkBuffers are the reusable buffers of a ScanReader.
type chunkBuffers struct {
	text []byte
	toks []token
}

var chunkPool = sync.Pool{New: func() any {
	// About one token per 6 bytes of English.
	return &chunkBuffers{text: make([]byte, 0, chunkSize+lookahead), toks: make([]token, 0, (chunkSize+lookahead)/6)}
}}

// cutPoint returns where a chunk's reporting ends: at a space or line
// break at or before target, not after a hyphen (which may join a word
// across the line), so that no word straddles it; failing that, at a
// character boundary.
func cutPoint(buf []byte, target int) int {
	for p := target; p > target-backContext && p > 0; p-- {
		if c := buf[p]; (c == ' ' || c == '\n' || c == '\r' || c == '\t') && buf[p-1] != '-' {
			return p
		}
	}
	return runeStart(buf, target)
}

// keepPoint returns how much of a chunk the next one can drop: all but
// about backContext bytes before the cut, which the next chunk reads again
// for the context of its first mentions. It starts at a space so the first
// word read is whole.
func keepPoint(buf []byte, cut int) int {
	p := max(cut-backContext, 0)
	for q := p; q < cut; q++ {
		if c := buf[q]; c == ' ' || c == '\n' {
			return q
		}
	}
	return runeStart(buf, p)
}

// runeStart moves p back to the start of the UTF-8 sequence it is in.
func runeStart(buf []byte, p int) int {
	for k := 0; k < utf8.UTFMax && p > 0 && !utf8.RuneStart(buf[p]); k++ {
		p--
	}
	return p
}
