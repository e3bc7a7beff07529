package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/evaluation"
	"github.com/embargo-dev/embargo/evaluation/bench"
)

// evalBuildCommand regenerates the benchmark from the data folder.
func (m *Main) evalBuildCommand() *cobra.Command {
	var data, out string
	cmd := &cobra.Command{
		Use:   "build --data DIR --out DIR",
		Short: "Regenerate the screening benchmark from the real lists in a data folder",
		Long: `Reads the OFAC SDN list of 2021-04-25, the UN lists of 2018-10-29 and 2026-02-27,
the UK OFSI list of 2020-04-27, the US CSL of 2022-04-21 and the nickname list in
DIR (the layout of ../shared/data) and writes labelled name pairs, screening
queries and their counts into the output folder (pairs.csv, queries.csv,
COUNTS.md). The output is the same on every run: rows are chosen and varied by
stable hashes, and each row's train/test split by a hash of the listed
entities it was made from (see evaluation/testdata/bench/README.md).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := bench.Build(data)
			if err != nil {
				return err
			}
			if err := b.Write(out); err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, "%d pairs, %d queries written to %s\n", len(b.Pairs), len(b.Queries), out)
			return nil
		},
	}
	cmd.Flags().StringVar(&data, "data", "../shared/data", "data folder with the real lists")
	cmd.Flags().StringVar(&out, "out", "evaluation/testdata/bench", "output folder")
	return cmd
}

// evalBench runs the benchmark in dir: its pairs through
// match.CompareNames and its queries against the screened lists (read
// from lists, paths relative to the repository), on one split.
func (m *Main) evalBench(dir, split, listRoot string, asJSON bool) error {
	if split != "" && split != bench.Train && split != bench.Test && split != "all" {
		return embargo.Errorf(embargo.EINVALID, "--split is train, test or all, not %q", split)
	}
	if split == "all" {
		split = ""
	}
	var lists []string
	for _, l := range bench.ScreenedLists {
		lists = append(lists, filepath.Join(listRoot, l))
	}
	rep, err := bench.RunDir(dir, split, lists)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep.Summary())
	}
	rep.Print(m.Stdout)
	return nil
}

// evalFitCommand fits the score calibration on the benchmark's training
// split and writes it as Go source for package match.
func (m *Main) evalFitCommand() *cobra.Command {
	var dir, root, out string
	var perSchema bool
	cmd := &cobra.Command{
		Use:   "fit [--bench DIR] [--out FILE] [--per-schema]",
		Short: "Fit the score calibration on the benchmark's training split",
		Long: `Screens the training split's queries of the benchmark (never the test split)
against its lists, fits a logistic curve of the raw score (the probability
that a match is true; its slope may change at the raw scores 0.6, 0.7, 0.8 and 0.9;
with --per-schema one curve per schema) and writes it as match/calibration_fit.go,
with the default threshold: the calibrated score of the raw score 0.75, the
threshold before calibration, which keeps the training split's share of
queries found and of negative queries matching (it prints the range of
thresholds that keep both).
Rebuild and run "embargo eval --bench DIR --split test" to see its effect.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := bench.Read(dir, bench.Train)
			if err != nil {
				return err
			}
			var lists []string
			for _, l := range bench.ScreenedLists {
				lists = append(lists, filepath.Join(root, l))
			}
			es, err := bench.ReadLists(lists)
			if err != nil {
				return err
			}
			// The kinds not findable by name are left out, as from
			// every figure of "embargo eval --bench".
			var rows []evaluation.Row
			for _, q := range b.Queries {
				if !bench.NotByName(q.Kind) {
					rows = append(rows, q)
				}
			}
			cands, err := bench.Candidates(rows, bench.Index(es))
			if err != nil {
				return err
			}
			fit, err := bench.FitCalibration(cands, perSchema)
			if err != nil {
				return err
			}
			src, err := fit.GoSource()
			if err != nil {
				return err
			}
			if err := os.WriteFile(out, src, 0o644); err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, "fitted on %d matches (%d true): log loss %.4f, Brier %.4f; default threshold %g (keeping the training figures: [%.4f, %.4f]; found %.3f, negatives matching %.3f; before: %.3f, %.3f); least cost (miss = %g false alerts) at %.2f; best F1 %.3f at %.2f\n%s",
				fit.N, fit.Positive, fit.LogLoss, fit.Brier, fit.Threshold, fit.KeepLo, fit.KeepHi, fit.Found, fit.NegMatched, fit.PriorFound, fit.PriorNegMatched, bench.MissCost, fit.LeastCost, fit.F1, fit.ThresholdF1, src)
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "bench", "evaluation/testdata/bench", "benchmark folder")
	cmd.Flags().StringVar(&root, "root", ".", "repository root, where the benchmark's screened lists are")
	cmd.Flags().StringVar(&out, "out", "match/calibration_fit.go", "Go file to write")
	cmd.Flags().BoolVar(&perSchema, "per-schema", false, "fit one curve per schema (pulled toward the shared one) instead of one for all")
	return cmd
}
