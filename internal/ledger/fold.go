package ledger

import "orewatch/internal/textnorm"

func foldZh(s string) string { return textnorm.Fold(s) }
