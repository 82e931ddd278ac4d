package bundle

import (
	"testing"
)

// TestStreamIsRead: a bundle streamed part by part holds, in all its parts,
// exactly what Read gives at once: the same rows, files and rejections.
func TestStreamIsRead(t *testing.T) {
	const dir = "../../cmd/orewatch/testdata/bundles/screening"
	whole, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	var parts int
	sum := &Bundle{}
	err = Stream(dir, DefaultLimits(), func(p *Bundle) error {
		parts++
		if p.Meta.Title != whole.Meta.Title {
			t.Errorf("part without the bundle's meta: %+v", p.Meta)
		}
		sum.Enterprises = append(sum.Enterprises, p.Enterprises...)
		sum.Licences = append(sum.Licences, p.Licences...)
		sum.Declarations = append(sum.Declarations, p.Declarations...)
		sum.Parties = append(sum.Parties, p.Parties...)
		sum.Manifests = append(sum.Manifests, p.Manifests...)
		sum.EPCIS = append(sum.EPCIS, p.EPCIS...)
		sum.Files = append(sum.Files, p.Files...)
		sum.Rejected = append(sum.Rejected, p.Rejected...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if parts < len(Tables) || len(sum.Enterprises) != len(whole.Enterprises) || len(sum.Licences) != len(whole.Licences) ||
		len(sum.Declarations) != len(whole.Declarations) || len(sum.Parties) != len(whole.Parties) || len(sum.Manifests) != len(whole.Manifests) ||
		len(sum.EPCIS) != len(whole.EPCIS) || len(sum.Files) != len(whole.Files) || len(sum.Rejected) != len(whole.Rejected) {
		t.Errorf("%d parts; streamed %d/%d/%d/%d, %d docs, %d files, %d rejected; read %d/%d/%d/%d, %d docs, %d files, %d rejected", parts,
			len(sum.Enterprises), len(sum.Licences), len(sum.Declarations), len(sum.Parties), len(sum.EPCIS), len(sum.Files), len(sum.Rejected),
			len(whole.Enterprises), len(whole.Licences), len(whole.Declarations), len(whole.Parties), len(whole.EPCIS), len(whole.Files), len(whole.Rejected))
	}
}
