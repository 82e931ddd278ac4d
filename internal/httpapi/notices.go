package httpapi

import (
	"net/http"

	"orewatch/internal/access"
	"orewatch/internal/core"
	"orewatch/internal/notices"
)

// exporterNotices lists an exporter's notices: licences about to expire
// or nearly drawn down, consignees newly listed, control changes for its
// goods. An exporter's officer gets its own; others name the exporter,
// within their province.
func (s *server) exporterNotices(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	var u core.USCC
	if me, ok := access.UserFrom(r.Context()); ok && me.Role == core.RoleEnterprise {
		u = me.EnterpriseUSCC
	} else if u, err = core.ParseUSCC(r.URL.Query().Get("exporter")); err != nil {
		return core.FieldErrorf("exporter", "name the exporter (USCC): %v", err)
	}
	if scope := access.ProvinceScope(r.Context()); scope != "" {
		if e, err := st.Enterprises().Get(r.Context(), u); err != nil || e.Province != scope {
			return core.Errorf(core.ENOTFOUND, "exporter %s is not in your province's ledger", u)
		}
	}
	lists := s.ListsNow
	if lists == nil {
		lists = func() []*core.ListEntry { return s.lists() }
	}
	ns, err := notices.For(r.Context(), notices.Deps{Store: st, Catalog: s.cat(), Lists: lists}, u, core.DateOf(s.Now()))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"exporter_uscc": u, "notices": ns})
	return nil
}
