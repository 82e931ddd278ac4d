//go:build race

package main

func faultScale() (docs, perDoc, lodgings int) { return 200, 100, 2000 }
