//go:build race

package live_test

// raceEnabled: the race detector slows the lodging of a whole world ten
// times; the equivalence is measured in the run without it.
const raceEnabled = true
