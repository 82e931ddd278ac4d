package party

import (
	"strings"

	"orewatch/internal/core"
)

// Request is a screening request from the CLI or the API.
type Request struct {
	Name    string    `json:"name"`
	Country string    `json:"country,omitempty"`
	Date    core.Date `json:"date,omitempty"`
}

// Response lists the matches, best first.
type Response struct {
	Name      string  `json:"name"`
	Country   string  `json:"country,omitempty"`
	Date      string  `json:"date"`
	Threshold float64 `json:"threshold"`
	Matched   bool    `json:"matched"`
	Matches   []Match `json:"matches"`
}

// CountryResolver normalises country input.
type CountryResolver interface {
	NormalizeCountry(string) (string, error)
}

// Handle validates and answers a request; the date defaults to today.
func (s *Screener) Handle(req Request, today core.Date, countries CountryResolver) (Response, error) {
	if strings.TrimSpace(req.Name) == "" {
		return Response{}, core.FieldErrorf("name", "a name to screen is required")
	}
	if len([]rune(req.Name)) > 500 {
		return Response{}, core.FieldErrorf("name", "names longer than 500 characters are not screened")
	}
	if req.Country != "" {
		c, err := countries.NormalizeCountry(req.Country)
		if err != nil {
			return Response{}, core.FieldErrorf("country", "%v", err)
		}
		req.Country = c
	}
	if req.Date.IsZero() {
		req.Date = today
	}
	ms := s.Screen(req.Name, req.Country, req.Date)
	if ms == nil {
		ms = []Match{}
	}
	return Response{Name: req.Name, Country: req.Country, Date: req.Date.String(), Threshold: s.Threshold, Matched: len(ms) > 0, Matches: ms}, nil
}
