package main

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/evaluation"
	"github.com/embargo-dev/embargo/evaluation/bench"
	"github.com/embargo-dev/embargo/match"
)

func (m *Main) evalCommand() *cobra.Command {
	var f screenFlags
	var queries, pairs, benchDir, split, root string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "eval (--queries FILE [--source NAME] [--as-of DATE] | --pairs FILE | --bench DIR [--split train|test])",
		Short: "Measure screening quality on a labelled query set or name pairs",
		Long: `With --queries, screens every row of a labelled CSV (id,name,type,
expected_source_id,kind) and prints, per kind, how often the expected entity was
found and ranked first, and for negatives (empty expected_source_id) how often
anything matched, at several thresholds.

With --pairs, compares labelled name pairs without any list: a CSV with the
columns a,b,label (and optionally kind), JSON lines {"a","b","label"}, or JSON
lines of OpenSanctions-style judgements {"judgement","left","right"}; it prints
precision, recall and F1 at several thresholds.

With --bench, runs the screening benchmark in DIR (evaluation/testdata/bench,
made by "embargo eval build"): its name pairs and its queries, screened against
the lists the benchmark names (read from the repository's testdata, found from
--root), on the train or test split; it prints precision and recall per
category, found/top-1/false positives per category and a table over thresholds
(--json: the same as JSON). Tune on --split train only.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			given := 0
			for _, s := range []string{queries, pairs, benchDir} {
				if s != "" {
					given++
				}
			}
			if given != 1 {
				return embargo.Errorf(embargo.EINVALID, "Give one of --queries, --pairs and --bench.")
			}
			if benchDir != "" {
				return m.evalBench(benchDir, split, root, asJSON)
			}
			if pairs != "" {
				return m.evalPairs(pairs)
			}
			f.threshold = 0
			opts, err := f.options()
			if err != nil {
				return err
			}
			rows, err := evaluation.ReadCSVFile(queries)
			if err != nil {
				return err
			}
			eng, closeFn, err := m.loadEngine(ctx, false)
			if err != nil {
				return err
			}
			defer closeFn()
			report := evaluation.Run(rows, func(q embargo.Query) ([]embargo.Match, error) {
				res, err := eng.Screen(ctx, q, opts)
				if err != nil {
					return nil, err
				}
				return res.Matches, nil
			}, bench.ReportThresholds())
			report.Print(m.Stdout, embargo.DefaultThreshold)
			return nil
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&queries, "queries", "", "labelled query CSV")
	cmd.Flags().StringVar(&pairs, "pairs", "", "labelled name pairs (CSV a,b,label or JSON lines)")
	cmd.Flags().StringVar(&benchDir, "bench", "", "benchmark folder (pairs.csv, queries.csv)")
	cmd.Flags().StringVar(&split, "split", "test", "benchmark split: train, test or all")
	cmd.Flags().StringVar(&root, "root", ".", "repository root, where the benchmark's screened lists are")
	cmd.Flags().BoolVar(&asJSON, "json", false, "benchmark report as JSON")
	addCommands(cmd, m.evalBuildCommand(), m.evalFitCommand())
	return cmd
}

// evalPairs compares the labelled name pairs in path with
// match.CompareNames and prints precision, recall and F1.
func (m *Main) evalPairs(path string) error {
	file, err := os.Open(path)
	if err != nil {
		return embargo.Errorf(embargo.EINVALID, "%s: %v", path, unwrapErr(err))
	}
	defer file.Close()
	ps, err := evaluation.ReadPairs(file)
	if err != nil {
		return embargo.Errorf(embargo.EINVALID, "%s: %v", path, err)
	}
	report := evaluation.RunPairs(ps, evaluation.ComparePairNames(match.CompareNames), bench.ReportThresholds())
	report.Print(m.Stdout, embargo.DefaultThreshold)
	return nil
}
