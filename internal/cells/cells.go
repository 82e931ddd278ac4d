// Package cells makes text safe to open in a spreadsheet. A cell that
// starts with =, +, -, @, a tab or a carriage return is read by Excel,
// LibreOffice and WPS as a formula (CSV injection: =cmd|' /C calc'!A0);
// every export meant for people passes its cells through Neutralize.
package cells

import "strconv"

// Neutralize prefixes a cell that a spreadsheet would evaluate with a
// single quote, which spreadsheets show as text and do not display. A
// plain number such as -12.5 is left alone: it is a value, not a formula.
func Neutralize(s string) string {
	if !Dangerous(s) {
		return s
	}
	return "'" + s
}

// Dangerous reports whether a spreadsheet would evaluate the cell.
func Dangerous(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '@', '\t', '\r':
		return true
	case '+', '-':
		_, err := strconv.ParseFloat(s, 64)
		return err != nil
	}
	return false
}
