// Package data embeds OreWatch's reference data so that the single binary
// carries the control list, materials and geography it answers from.
package data

import "embed"

// FS holds catalog/*.yaml and geo/*.csv.
//
//go:embed catalog/*.yaml geo/*.csv
var FS embed.FS
