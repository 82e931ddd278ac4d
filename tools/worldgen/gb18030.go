package main

//go:generate go run gen_gb18030.go

// toGB18030 encodes s; it returns the first rune without a table entry, if any.
func toGB18030(s string) ([]byte, rune) {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if r < 0x80 {
			out = append(out, byte(r))
			continue
		}
		if r >= 0x10000 { // supplementary planes: linear four-byte mapping
			v := int(r) - 0x10000 + 189000
			b4 := v%10 + 0x30
			v /= 10
			b3 := v%126 + 0x81
			v /= 126
			b2 := v%10 + 0x30
			v /= 10
			b1 := v + 0x81
			out = append(out, byte(b1), byte(b2), byte(b3), byte(b4))
			continue
		}
		enc, ok := gbTable[r]
		if !ok {
			return nil, r
		}
		out = append(out, enc...)
	}
	return out, 0
}
