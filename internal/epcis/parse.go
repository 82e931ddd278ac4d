package epcis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"orewatch/internal/core"
)

// EventTypes are the five EPCIS 2.0 event types.
var EventTypes = []string{"ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent"}

// Parse reads the events of a validated EPCISDocument.
func Parse(doc []byte) ([]*core.Event, error) {
	d, ok := cut(doc)
	return parseCut(doc, d, ok)
}

// parseCut is Parse with the document already cut (cutOK false: cut
// could not, and the document is decoded as it was before cut existed).
func parseCut(doc []byte, d document, cutOK bool) ([]*core.Event, error) {
	if !cutOK {
		var whole struct {
			Type      string `json:"type"`
			EPCISBody struct {
				EventList []json.RawMessage `json:"eventList"`
			} `json:"epcisBody"`
		}
		if err := json.Unmarshal(doc, &whole); err != nil {
			return nil, fmt.Errorf("read EPCIS document: %w", err)
		}
		d.typ, d.events = whole.Type, make([][]byte, len(whole.EPCISBody.EventList))
		for i, e := range whole.EPCISBody.EventList {
			d.events[i] = e
		}
	}
	if d.typ != "EPCISDocument" {
		return nil, fmt.Errorf("type %q: capture takes an EPCISDocument", d.typ)
	}
	out := make([]*core.Event, 0, len(d.events))
	var hashes []string
	for i, raw := range d.events {
		e, err := parseEvent(raw)
		if err != nil {
			return nil, fmt.Errorf("event %d: %w", i, err)
		}
		if e.EventID == "" {
			// The standard's event hash needs the document (its context
			// names the extensions' namespaces); computed once, on demand.
			if hashes == nil {
				if hashes, err = EventHashes(doc); err != nil {
					return nil, err
				}
			}
			if i >= len(hashes) {
				return nil, fmt.Errorf("event %d: no event hash", i)
			}
			e.Key = hashes[i]
		}
		out = append(out, e)
	}
	return out, nil
}

type rawEvent struct {
	Type               string               `json:"type"`
	EventID            string               `json:"eventID"`
	EventTime          string               `json:"eventTime"`
	Action             string               `json:"action"`
	BizStep            string               `json:"bizStep"`
	Disposition        string               `json:"disposition"`
	ReadPoint          *struct{ ID string } `json:"readPoint"`
	BizLocation        *struct{ ID string } `json:"bizLocation"`
	QuantityList       []rawQty             `json:"quantityList"`
	InputQuantityList  []rawQty             `json:"inputQuantityList"`
	OutputQuantityList []rawQty             `json:"outputQuantityList"`
	ChildQuantityList  []rawQty             `json:"childQuantityList"`
	SourceList         []rawTyped           `json:"sourceList"`
	DestinationList    []rawTyped           `json:"destinationList"`
	BizTransactionList []rawTyped           `json:"bizTransactionList"`
}

type rawQty struct {
	EPCClass string      `json:"epcClass"`
	Quantity json.Number `json:"quantity"`
	UOM      string      `json:"uom"`
}

type rawTyped struct {
	Type           string `json:"type"`
	Source         string `json:"source"`
	Destination    string `json:"destination"`
	BizTransaction string `json:"bizTransaction"`
}

func parseEvent(raw json.RawMessage) (*core.Event, error) {
	var r rawEvent
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&r); err != nil {
		return nil, err
	}
	t, err := time.Parse(time.RFC3339Nano, r.EventTime)
	if err != nil {
		return nil, fmt.Errorf("eventTime %q: %w", r.EventTime, err)
	}
	e := &core.Event{EventID: r.EventID, Type: r.Type, EventTime: t.UTC(), Action: r.Action, BizStep: ShortCBV(r.BizStep, "BizStep"),
		Disposition: ShortCBV(r.Disposition, "Disp"), Raw: append([]byte(nil), raw...)}
	if r.ReadPoint != nil {
		e.ReadPoint = r.ReadPoint.ID
	}
	if r.BizLocation != nil {
		e.BizLocation = r.BizLocation.ID
	}
	for _, set := range []struct {
		role string
		qs   []rawQty
	}{{"quantity", r.QuantityList}, {"input", r.InputQuantityList}, {"output", r.OutputQuantityList}, {"child", r.ChildQuantityList}} {
		for _, q := range set.qs {
			var amount core.Decimal
			if q.Quantity != "" {
				if amount, err = core.ParseDecimal(q.Quantity.String()); err != nil {
					return nil, fmt.Errorf("%s quantity of %s: %w", set.role, q.EPCClass, err)
				}
			}
			e.Quantities = append(e.Quantities, core.EventQty{Role: set.role, EPCClass: q.EPCClass, Quantity: amount, UOM: q.UOM})
		}
	}
	for _, s := range r.SourceList {
		e.Sources = append(e.Sources, core.EventParty{Type: ShortCBV(s.Type, "SDT"), ID: s.Source})
	}
	for _, d := range r.DestinationList {
		e.Destinations = append(e.Destinations, core.EventParty{Type: ShortCBV(d.Type, "SDT"), ID: d.Destination})
	}
	for _, b := range r.BizTransactionList {
		e.BizTransactions = append(e.BizTransactions, core.EventParty{Type: ShortCBV(b.Type, "BTT"), ID: b.BizTransaction})
	}
	e.Key = e.EventID // Parse gives an event without one its event hash
	return e, nil
}

// ShortCBV turns a CBV 2.0 URI (https://ref.gs1.org/cbv/BizStep-shipping)
// or a 1.x URN (urn:epcglobal:cbv:bizstep:shipping) into its bare word,
// which is how EPCIS 2.0 JSON writes standard values; other URIs are kept.
func ShortCBV(v, vocab string) string {
	if v == "" {
		return ""
	}
	if rest, ok := strings.CutPrefix(v, "https://ref.gs1.org/cbv/"+vocab+"-"); ok {
		return rest
	}
	if rest, ok := strings.CutPrefix(v, "urn:epcglobal:cbv:"+strings.ToLower(vocab)+":"); ok {
		return rest
	}
	return v
}
