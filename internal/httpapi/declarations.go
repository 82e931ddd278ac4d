package httpapi

import (
	"errors"
	"io"
	"net/http"

	"orewatch/internal/access"
	"orewatch/internal/core"
	"orewatch/internal/lodge"
)

// screenDeclaration pre-checks one declaration before it is lodged: the
// checks of an analysis against the store as it is, nothing stored.
func (s *server) screenDeclaration(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return core.Errorf(core.ETOOLARGE, "request body larger than %d bytes", mbe.Limit)
		}
		return err
	}
	items, err := lodge.Parse(body)
	var inv *lodge.Invalid
	if errors.As(err, &inv) {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": map[string]any{"code": core.EINVALID,
			"message": inv.Error(), "problems": inv.Problems}})
		return nil
	}
	if err != nil {
		return err
	}
	// An exporter's officer checks their own enterprise's declarations.
	if u, ok := access.UserFrom(r.Context()); ok && u.Role == core.RoleEnterprise && items[0].ExporterUSCC != u.EnterpriseUSCC {
		return core.Errorf(core.EFORBIDDEN, "you may check the declarations of %s only", u.EnterpriseUSCC)
	}
	lists := s.ListsNow
	if lists == nil {
		lists = func() []*core.ListEntry { return s.Lists }
	}
	a, err := lodge.PreCheck(r.Context(), lodge.Deps{Store: st, Catalog: s.Catalog, Lists: lists}, items)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}
