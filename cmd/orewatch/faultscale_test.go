//go:build !race

package main

// faultScale is the fault test's load at the size the scale-out issue
// asks: 20,000 lodgings and 200,000 events. Under the race detector (CI's
// second pass) it runs at a tenth: the processes under test are not built
// with it, only the test's clients are.
func faultScale() (docs, perDoc, lodgings int) { return 2000, 100, 20000 }
