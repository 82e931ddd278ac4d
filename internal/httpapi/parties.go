package httpapi

import (
	"net/http"

	"orewatch/internal/partyrecords"
)

// submitParties stores parties (rows of parties.csv as JSON objects), each
// amended one keeping the version it replaced; the detectors' party graph
// is read again.
func (s *server) submitParties(w http.ResponseWriter, r *http.Request) error {
	deps, body, err := s.declarationBody(r)
	if err != nil {
		return err
	}
	ps, err := partyrecords.ParseParties(body)
	if writeInvalid(w, err) {
		return nil
	}
	if err != nil {
		return err
	}
	out, err := partyrecords.SubmitParties(r.Context(), deps.Store, ps, partyrecords.Options{Actor: actorOf(r), Source: "POST /api/v1/parties", Now: s.Now()})
	if err != nil {
		return err
	}
	s.changed()
	writeJSON(w, http.StatusOK, out)
	return nil
}

// submitPartyLinks stores links between parties (rows of party_links.csv).
func (s *server) submitPartyLinks(w http.ResponseWriter, r *http.Request) error {
	deps, body, err := s.declarationBody(r)
	if err != nil {
		return err
	}
	ls, err := partyrecords.ParseLinks(body)
	if writeInvalid(w, err) {
		return nil
	}
	if err != nil {
		return err
	}
	out, err := partyrecords.SubmitLinks(r.Context(), deps.Store, ls, partyrecords.Options{Actor: actorOf(r), Source: "POST /api/v1/parties/links", Now: s.Now()})
	if err != nil {
		return err
	}
	s.changed()
	writeJSON(w, http.StatusOK, out)
	return nil
}

// showParty is a party with its links and versions.
func (s *server) showParty(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	rec, err := partyrecords.Show(r.Context(), st, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rec)
	return nil
}

// changed tells the live detectors that reference data changed.
func (s *server) changed() {
	if s.Changed != nil {
		s.Changed()
	}
}
