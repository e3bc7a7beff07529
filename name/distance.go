package name

// DamerauLevenshtein returns the optimal-string-alignment edit distance
// between a and b: the number of single-character insertions, deletions,
// substitutions and transpositions of adjacent characters that turn a into
// b, each character edited at most once. It compares runes. When the
// distance is certainly above max (max >= 0), it stops early and returns
// max+1; pass a negative max for the exact distance.
func DamerauLevenshtein(a, b string, max int) int {
	if max >= 0 && (len(a)-len(b) > 4*max || len(b)-len(a) > 4*max) {
		return max + 1 // even counting four bytes a rune, too far apart
	}
	if isASCII(a) && isASCII(b) {
		if max >= 0 && abs(len(a)-len(b)) > max {
			return max + 1
		}
		if max == 1 {
			return withinOne(a, b)
		}
		if a == b {
			return 0
		}
		return osa([]byte(a), []byte(b), max)
	}
	if a == b {
		return 0
	}
	return osa([]rune(a), []rune(b), max)
}

func osa[E byte | rune](ra, rb []E, max int) int {
	la, lb := len(ra), len(rb)
	if max >= 0 && abs(la-lb) > max {
		return max + 1
	}
	if la == 0 {
		return lb
	}
	if lb == 0 {
		return la
	}
	// Three rolling rows: two back for transpositions.
	var buf [3 * 64]int
	var prev2, prev, cur []int
	if lb+1 <= 64 {
		prev2, prev, cur = buf[0:lb+1], buf[64:64+lb+1], buf[128:128+lb+1]
	} else {
		prev2, prev, cur = make([]int, lb+1), make([]int, lb+1), make([]int, lb+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= lb; j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d := prev[j] + 1
			if v := cur[j-1] + 1; v < d {
				d = v
			}
			if v := prev[j-1] + cost; v < d {
				d = v
			}
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				if v := prev2[j-2] + 1; v < d {
					d = v
				}
			}
			cur[j] = d
			if d < rowMin {
				rowMin = d
			}
		}
		if max >= 0 && rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	d := prev[lb]
	if max >= 0 && d > max {
		return max + 1
	}
	return d
}

// JaroWinkler returns the Jaro-Winkler similarity of a and b in [0, 1]:
// 1 for equal strings, with a bonus for a common prefix of up to four
// characters (scaling factor 0.1), because typing errors and transliteration
// differences are rarer at the start of a name.
func JaroWinkler(a, b string) float64 {
	if a == b {
		return 1
	}
	if isASCII(a) && isASCII(b) {
		return jaroWinkler([]byte(a), []byte(b))
	}
	return jaroWinkler([]rune(a), []rune(b))
}

func jaroWinkler[E byte | rune](ra, rb []E) float64 {
	la, lb := len(ra), len(rb)
	if la == 0 || lb == 0 {
		return 0
	}
	window := max(la, lb)/2 - 1
	if window < 0 {
		window = 0
	}
	var abuf, bbuf [64]bool
	var am, bm []bool
	if la <= 64 && lb <= 64 {
		am, bm = abuf[:la], bbuf[:lb]
	} else {
		am, bm = make([]bool, la), make([]bool, lb)
	}
	matches := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-window), min(lb, i+window+1)
		for j := lo; j < hi; j++ {
			if !bm[j] && ra[i] == rb[j] {
				am[i], bm[j] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	trans, k := 0, 0
	for i := 0; i < la; i++ {
		if !am[i] {
			continue
		}
		for !bm[k] {
			k++
		}
		if ra[i] != rb[k] {
			trans++
		}
		k++
	}
	m := float64(matches)
	jaro := (m/float64(la) + m/float64(lb) + (m-float64(trans)/2)/m) / 3
	prefix := 0
	for prefix < 4 && prefix < la && prefix < lb && ra[prefix] == rb[prefix] {
		prefix++
	}
	return jaro + float64(prefix)*0.1*(1-jaro)
}

// withinOne returns the OSA distance of two ASCII strings whose lengths
// differ by at most one when it is 0 or 1, and 2 otherwise, in linear
// time: skip the common prefix and suffix, and what is left must be one
// substitution, insertion, deletion or adjacent transposition.
func withinOne(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	if i == len(a) && i == len(b) {
		return 0
	}
	ja, jb := len(a), len(b)
	for ja > i && jb > i && a[ja-1] == b[jb-1] {
		ja--
		jb--
	}
	ra, rb := ja-i, jb-i // the differing middles
	switch {
	case ra <= 1 && rb <= 1:
		return 1 // one substitution, insertion or deletion (the strings differ)
	case ra == 2 && rb == 2 && a[i] == b[i+1] && a[i+1] == b[i]:
		return 1
	}
	return 2
}

func isASCII(s string) bool {
	var or byte
	for i := 0; i < len(s); i++ {
		or |= s[i]
	}
	return or < 0x80
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
