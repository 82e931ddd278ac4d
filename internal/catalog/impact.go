package catalog

import (
	"context"
	"slices"

	"orewatch/internal/core"
)

// Impact is what a day of the calendar touches in the store.
type Impact struct {
	// Licences valid on the day before and on the day, for the event's
	// codes (and destination).
	Licences int `json:"licences"`
	// Declarations of the 30 days before the day under those codes (to
	// that destination): the flows whose answer the day changes.
	Declarations int `json:"declarations"`
	// Exporters of those declarations, and of those licences.
	Exporters     int         `json:"exporters"`
	ExporterUSCCs []core.USCC `json:"exporter_usccs,omitempty"`
}

// maxImpactRows bounds what one event reads of licences and declarations.
const maxImpactRows = 100000

// ImpactOf counts, for one calendar event, the licences valid across its
// day and the recent declarations and exporters its change concerns. An
// event on no goods (a measure without items) touches nothing. With only
// set, it counts that exporter's licences and declarations alone (what an
// enterprise may see).
func ImpactOf(ctx context.Context, st core.Repos, ev Event, only core.USCC) (Impact, error) {
	var h Impact
	if len(ev.HSCodes) == 0 {
		return h, nil
	}
	concerns := func(hs, dest string, u core.USCC) bool {
		return Covers(ev.HSCodes, hs) && (ev.Destination == "" || dest == ev.Destination) && (only == "" || u == only)
	}
	exporters := map[core.USCC]bool{}
	ls, _, err := st.Licences().List(ctx, core.LicenceFilter{ValidOn: ev.Date, Limit: maxImpactRows})
	if err != nil {
		return h, err
	}
	for _, l := range ls {
		if concerns(l.HSCode, l.Destination, l.ExporterUSCC) && !l.ValidFrom.After(ev.Date.AddDays(-1)) {
			h.Licences++
			exporters[l.ExporterUSCC] = true
		}
	}
	ds, _, err := st.Declarations().List(ctx, core.DeclarationFilter{From: ev.Date.AddDays(-30), To: ev.Date.AddDays(-1), Limit: maxImpactRows})
	if err != nil {
		return h, err
	}
	for _, d := range ds {
		if concerns(d.HSCode, d.DestinationCountry, d.ExporterUSCC) {
			h.Declarations++
			exporters[d.ExporterUSCC] = true
		}
	}
	for u := range exporters {
		h.ExporterUSCCs = append(h.ExporterUSCCs, u)
	}
	slices.Sort(h.ExporterUSCCs)
	h.Exporters = len(exporters)
	return h, nil
}
