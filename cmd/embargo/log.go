package main

import (
	"io"
	"log/slog"
)

// discardLogger is the logger of one-shot commands, whose output is their result.
func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
