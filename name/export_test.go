package name

// Exported for tests.
var (
	FoldClusters    = foldClusters
	FoldClusterScan = foldClusterScan
)
