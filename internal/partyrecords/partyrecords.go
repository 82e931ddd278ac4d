// Package partyrecords takes parties (consignees, agents, end users
// abroad) and the links between them through the API, as an analyst or
// another department's system adds what it learns: each read like a row
// of parties.csv or party_links.csv, stored with the version it replaces
// and audited. The detectors' party graph is built from them.
package partyrecords

import (
	"context"
	"fmt"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/core"
	"orewatch/internal/lodge"
	"orewatch/internal/versions"
)

// Kind names parties among record versions.
const Kind = core.VersionParty

// MaxRows bounds one submission.
const MaxRows = 10000

// ParseParties reads {"parties": [rows of parties.csv]} or a bare array.
func ParseParties(body []byte) ([]*core.Party, error) {
	b, err := lodge.ParseRows("parties", "parties", body, MaxRows)
	if err != nil {
		return nil, err
	}
	return b.Parties, nil
}

// ParseLinks reads {"links": [rows of party_links.csv]} or a bare array.
func ParseLinks(body []byte) ([]*core.PartyLink, error) {
	b, err := lodge.ParseRows("party_links", "links", body, MaxRows)
	if err != nil {
		return nil, err
	}
	return b.Links, nil
}

// Outcome is what a submission did.
type Outcome struct {
	versions.Tally
}

// Options say who submits and from where.
type Options struct {
	Actor  audit.Actor
	Source string
	Now    time.Time
}

// SubmitParties stores parties in one audited transaction, keeping the
// version each amended one replaced.
func SubmitParties(ctx context.Context, s core.Store, ps []*core.Party, o Options) (*Outcome, error) {
	out := &Outcome{}
	err := audit.Change(ctx, s, o.Actor, "parties.submit", fmt.Sprintf("%d parties", len(ps)), nil, nil, o.Source, func(r core.Repos) error {
		for _, p := range ps {
			prev, err := r.Parties().Get(ctx, p.ID)
			if err != nil && core.ErrorCode(err) != core.ENOTFOUND {
				return err
			}
			changed, err := r.Parties().Upsert(ctx, p)
			if err != nil {
				return err
			}
			if err := versions.Count(ctx, r, &out.Tally, Kind, p.ID, prev, p, changed, o.Actor.Name, o.Source, o.Now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SubmitLinks stores links in one audited transaction; a link is one
// relation from one party to another, recorded once.
func SubmitLinks(ctx context.Context, s core.Store, ls []*core.PartyLink, o Options) (*Outcome, error) {
	out := &Outcome{}
	err := audit.Change(ctx, s, o.Actor, "parties.link", fmt.Sprintf("%d links", len(ls)), nil, nil, o.Source, func(r core.Repos) error {
		for _, l := range ls {
			changed, err := r.Parties().AddLink(ctx, l)
			if err != nil {
				return err
			}
			if changed {
				out.Stored++
			} else {
				out.Unchanged++
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Record is a party with its links and the versions it had.
type Record struct {
	Party    *core.Party           `json:"party"`
	Links    []*core.PartyLink     `json:"links"`
	Versions []*core.RecordVersion `json:"versions"`
}

// Show reads a party's record.
func Show(ctx context.Context, s core.Store, id string) (*Record, error) {
	p, err := s.Parties().Get(ctx, id)
	if err != nil {
		return nil, err
	}
	ls, err := s.Parties().Links(ctx)
	if err != nil {
		return nil, err
	}
	rec := &Record{Party: p, Links: []*core.PartyLink{}, Versions: []*core.RecordVersion{}}
	for _, l := range ls {
		if l.From == id || l.To == id {
			rec.Links = append(rec.Links, l)
		}
	}
	vs, err := s.Versions().List(ctx, Kind, id)
	if err != nil {
		return nil, err
	}
	rec.Versions = append(rec.Versions, vs...)
	return rec, nil
}
