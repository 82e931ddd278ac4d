// Package workdays counts China's working days (工作日): Monday to Friday,
// less the public holidays, plus the weekend days worked instead (调休上班),
// as the State Council General Office publishes them each year. Statutory
// time limits in working days — 45 for a dual-use export licence — are
// counted on it.
package workdays

import (
	"fmt"
	"io/fs"
	"slices"
	"time"

	"go.yaml.in/yaml/v3"

	"orewatch/data"
	"orewatch/internal/core"
)

// Source is the notice a year's holidays come from.
type Source struct {
	Title     string `yaml:"title" json:"title"`
	Document  string `yaml:"document" json:"document"`
	Published string `yaml:"published" json:"published"`
	URL       string `yaml:"url" json:"url"`
}

type year struct {
	Year   int         `yaml:"year"`
	Source Source      `yaml:"source"`
	Off    []core.Date `yaml:"off"`
	Work   []core.Date `yaml:"work"`
}

// Calendar holds the published years. Outside them a working day is a
// weekday, and Covers says so.
type Calendar struct {
	off, work map[core.Date]bool
	sources   map[int]Source
	years     []int
}

// Load reads the shipped calendar (data/calendar/holidays.yaml).
func Load() (*Calendar, error) {
	b, err := fs.ReadFile(data.FS, "calendar/holidays.yaml")
	if err != nil {
		return nil, err
	}
	return Parse(b)
}

// Parse reads a calendar in the shipped file's form, checking that each
// day off and each worked weekend day lies in its year and is what it
// says: no weekday is "worked instead", no date is both.
func Parse(b []byte) (*Calendar, error) {
	var doc struct {
		Years []year `yaml:"years"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("holidays: %w", err)
	}
	c := &Calendar{off: map[core.Date]bool{}, work: map[core.Date]bool{}, sources: map[int]Source{}}
	for _, y := range doc.Years {
		if y.Source.Document == "" || y.Source.URL == "" {
			return nil, fmt.Errorf("holidays %d: no source document and address", y.Year)
		}
		if _, dup := c.sources[y.Year]; dup {
			return nil, fmt.Errorf("holidays %d: the year is given twice", y.Year)
		}
		for _, d := range y.Off {
			if d.Year() != y.Year {
				return nil, fmt.Errorf("holidays %d: day off %s is in another year", y.Year, d)
			}
			c.off[d] = true
		}
		for _, d := range y.Work {
			if d.Year() != y.Year {
				return nil, fmt.Errorf("holidays %d: working day %s is in another year", y.Year, d)
			}
			if !weekend(d) {
				return nil, fmt.Errorf("holidays %d: %s is a weekday, not a weekend day worked instead", y.Year, d)
			}
			if c.off[d] {
				return nil, fmt.Errorf("holidays %d: %s is both a day off and a working day", y.Year, d)
			}
			c.work[d] = true
		}
		c.sources[y.Year] = y.Source
		c.years = append(c.years, y.Year)
	}
	slices.Sort(c.years)
	return c, nil
}

func weekend(d core.Date) bool {
	wd := d.Time().Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// Covers says whether d's year has its holidays published here.
func (c *Calendar) Covers(d core.Date) bool {
	_, ok := c.sources[d.Year()]
	return ok
}

// Source is the notice of d's year, if it is published here.
func (c *Calendar) Source(d core.Date) (Source, bool) {
	s, ok := c.sources[d.Year()]
	return s, ok
}

// Years are the published years.
func (c *Calendar) Years() []int { return slices.Clone(c.years) }

// Workday says whether d is a working day.
func (c *Calendar) Workday(d core.Date) bool {
	switch {
	case c.work[d]:
		return true
	case c.off[d]:
		return false
	}
	return !weekend(d)
}

// Add is the n-th working day after d (d itself not counted: a time limit
// runs from the day after the day it starts, as the Civil Code counts).
func (c *Calendar) Add(d core.Date, n int) core.Date {
	for n > 0 {
		d = d.AddDays(1)
		if c.Workday(d) {
			n--
		}
	}
	return d
}

// Count is the number of working days after from up to and including to;
// zero when to is not after from.
func (c *Calendar) Count(from, to core.Date) int {
	n := 0
	for d := from.AddDays(1); !d.After(to); d = d.AddDays(1) {
		if c.Workday(d) {
			n++
		}
	}
	return n
}
