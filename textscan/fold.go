package textscan

// appendFold appends to dst the romanisation-variant key of the lower-case
// ASCII token t, computed as name.Fold computes it, but into a caller's
// buffer and without allocating: it runs once per word of scanned text.
//
// The scanner does not depend on the two agreeing exactly: every listed
// token is entered in the dictionary under both name.Fold's key and this
// one, so a divergence can only lose a variant spelling, never an exact one
// (and TestAppendFold checks that they agree).
func appendFold(dst, t []byte) []byte {
	start := len(dst)
	// Cluster rewrites (name.Fold's foldClusters). No cluster is a prefix of
	// another, so the first one that matches at a position is the one
	// strings.Replacer would pick by argument order.
	for i := 0; i < len(t); {
		c := t[i]
		rest := t[i:]
		switch c {
		case 's':
			if hasPrefix(rest, "shch") {
				dst = append(dst, 's', 'h')
				i += 4
				continue
			}
			if hasPrefix(rest, "sch") {
				dst = append(dst, 's', 'h')
				i += 3
				continue
			}
		case 't':
			if hasPrefix(rest, "tsch") {
				dst = append(dst, 'c', 'h')
				i += 4
				continue
			}
			if hasPrefix(rest, "tch") {
				dst = append(dst, 'c', 'h')
				i += 3
				continue
			}
			if hasPrefix(rest, "tz") {
				dst = append(dst, 't', 's')
				i += 2
				continue
			}
			if hasPrefix(rest, "th") {
				dst = append(dst, 't')
				i += 2
				continue
			}
		case 'd':
			if hasPrefix(rest, "dzh") {
				dst = append(dst, 'i')
				i += 3
				continue
			}
			if hasPrefix(rest, "dj") {
				dst = append(dst, 'i')
				i += 2
				continue
			}
			if hasPrefix(rest, "dh") {
				dst = append(dst, 'd')
				i += 2
				continue
			}
		case 'c':
			if hasPrefix(rest, "cz") {
				dst = append(dst, 'c', 'h')
				i += 2
				continue
			}
			if hasPrefix(rest, "ck") {
				dst = append(dst, 'k')
				i += 2
				continue
			}
		case 'k':
			if hasPrefix(rest, "kh") {
				dst = append(dst, 'h')
				i += 2
				continue
			}
			if hasPrefix(rest, "ks") {
				dst = append(dst, 'x')
				i += 2
				continue
			}
		case 'g':
			if hasPrefix(rest, "gh") {
				dst = append(dst, 'g')
				i += 2
				continue
			}
		case 'p':
			if hasPrefix(rest, "ph") {
				dst = append(dst, 'f')
				i += 2
				continue
			}
		case 'o':
			if hasPrefix(rest, "ou") || hasPrefix(rest, "oo") {
				dst = append(dst, 'u')
				i += 2
				continue
			}
		case 'e':
			if hasPrefix(rest, "ee") {
				dst = append(dst, 'i')
				i += 2
				continue
			}
		case 'w':
			c = 'v'
		case 'q':
			c = 'k'
		case 'y', 'j':
			c = 'i'
		}
		dst = append(dst, c)
		i++
	}
	s := dst[start:]
	// Word-initial ie- before a consonant is e- ("Ievgen").
	if len(s) > 3 && s[0] == 'i' && s[1] == 'e' && !isVowel(s[2]) {
		copy(s, s[1:])
		s = s[:len(s)-1]
	}
	if n := len(s); n >= 5 {
		switch {
		case s[n-2] == 'e' && s[n-1] == 'i':
			s[n-2] = 'i'
			s = s[:n-1]
		case s[n-1] == 'f' && s[n-2] == 'f' && (s[n-3] == 'o' || s[n-3] == 'e'):
			s[n-2] = 'v'
			s = s[:n-1]
		case s[n-1] == 'h' && (s[n-2] == 'a' || s[n-2] == 'e'):
			s = s[:n-1]
		}
	}
	// Collapse doubled ASCII letters.
	w := 0
	for r := 0; r < len(s); r++ {
		if r > 0 && s[r] == s[w-1] && s[r] >= 'a' && s[r] <= 'z' {
			continue
		}
		s[w] = s[r]
		w++
	}
	return dst[:start+w]
}

func hasPrefix(b []byte, p string) bool {
	if len(b) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if b[i] != p[i] {
			return false
		}
	}
	return true
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}
