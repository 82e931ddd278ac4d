package risk

import "testing"

// TestRoleMailbox: a role's mailbox at a domain not the party's own ties
// no one; a person's mailbox, or a role's at the company's domain, does.
func TestRoleMailbox(t *testing.T) {
	for _, tc := range []struct {
		email, name string
		want        bool
	}{
		{"trade@mail.co", "Ural Metals LLC", true},
		{"sales@mail.com", "АО «Дальневосточные сплавы»", true},
		{"sales@vostokmetals.com", "Vostok Metals LLC", false},
		{"zhang.wei@163.com", "Golden Kestrel Trading Co., Ltd.", false},
		{"info2@gmail.com", "Summit Metals Trading Inc.", true},
		{"purchase@summitadvanc.co", "Summit Advanced Materials Corp.", false},
	} {
		if got := roleMailbox(tc.email, tc.name); got != tc.want {
			t.Errorf("roleMailbox(%q, %q) = %v", tc.email, tc.name, got)
		}
	}
}
