package party

import "github.com/hbollon/go-edlib"

// maxStackRunes is the longest word the distances below work on without
// allocating; longer ones go to go-edlib.
const maxStackRunes = 48

// osaDistance is the optimal string alignment distance (Levenshtein with
// adjacent transpositions), as edlib.OSADamerauLevenshteinDistance gives
// it, without allocating for words up to maxStackRunes runes. Screening
// one name compares it with many candidates' words: edlib's five
// allocations a call were 21 GB in three minutes of the soak test (47 %
// of everything the server allocated), which drove its heap and resident
// memory up with the collector's pace.
func osaDistance(a, b string) int {
	if d, ok := editDistance(a, b, true); ok {
		return d
	}
	return edlib.OSADamerauLevenshteinDistance(a, b)
}

// levenshtein is the Levenshtein distance, as edlib.LevenshteinDistance
// gives it, without allocating for short words.
func levenshtein(a, b string) int {
	if d, ok := editDistance(a, b, false); ok {
		return d
	}
	return edlib.LevenshteinDistance(a, b)
}

// editDistance is the Levenshtein distance, with adjacent transpositions
// when transpose, on three rows kept on the stack; false when a word is
// longer than maxStackRunes.
func editDistance(a, b string, transpose bool) (int, bool) {
	if a == b {
		return 0, true
	}
	var ba, bb [maxStackRunes]rune
	ra, ok1 := runesInto(ba[:0], a)
	rb, ok2 := runesInto(bb[:0], b)
	if !ok1 || !ok2 {
		return 0, false
	}
	if len(ra) == 0 || len(rb) == 0 {
		return len(ra) + len(rb), true
	}
	var rows [3][maxStackRunes + 1]int
	for j := 0; j <= len(rb); j++ {
		rows[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur, prev, prev2 := &rows[i%3], &rows[(i-1)%3], &rows[(i+1)%3] // (i+1)%3 == (i-2)%3
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if transpose && i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
		}
	}
	return rows[len(ra)%3][len(rb)], true
}

// runesInto decodes s into buf, reporting false when it does not fit.
func runesInto(buf []rune, s string) ([]rune, bool) {
	for _, r := range s {
		if len(buf) == cap(buf) {
			return nil, false
		}
		buf = append(buf, r)
	}
	return buf, true
}
