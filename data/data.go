// Package data embeds OreWatch's reference data so that the single binary
// carries the control list, materials and geography it answers from.
package data

import "embed"

// FS holds catalog/*.yaml, geo/*.csv, risk/ (cargo physics, exchange rates) and calendar/ (public holidays).
//
//go:embed catalog/*.yaml geo/*.csv risk/*.yaml risk/*.csv calendar/*.yaml
var FS embed.FS
