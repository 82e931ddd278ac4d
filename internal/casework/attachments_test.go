package casework_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"orewatch/internal/casework"
	"orewatch/internal/core"
	"orewatch/internal/store/storetest"
)

func TestAttachments(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		now := time.Date(2025, 7, 1, 9, 0, 0, 0, time.UTC)
		s.Alerts().Raise(ctx, &core.Alert{ID: "A9", SubjectType: "declaration", SubjectID: "530120250000000009", Code: "LICENCE_MISSING", Score: 90})
		gac := casework.Officer{Name: "wang", Agency: "GAC", Role: core.RoleInvestigator}
		mps := casework.Officer{Name: "li", Agency: "MPS", Role: core.RoleInvestigator}
		miit := casework.Officer{Name: "sun", Agency: "MIIT", Role: core.RoleInvestigator}
		c, err := casework.Open(ctx, s, gac, "附件测试", []string{"A9"}, []string{"MPS"}, now)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		files := casework.Files{Dir: filepath.Join(dir, "attachments")}
		a, err := casework.Attach(ctx, s, files, gac, c.ID, `..\..\..\etc/passwd`, strings.NewReader("检验报告：铋含量55%"), casework.Share{}, now)
		if err != nil {
			t.Fatal(err)
		}
		if a.Name != "passwd" || a.Size != int64(len("检验报告：铋含量55%")) || len(a.SHA256) != 64 {
			t.Errorf("attachment %+v", a)
		}
		// The file is stored under its hash inside the attachment directory
		// and nowhere else.
		if _, err := os.Stat(filepath.Join(files.Dir, a.SHA256[:2], a.SHA256)); err != nil {
			t.Errorf("content not stored by hash: %v", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "etc")); err == nil {
			t.Errorf("the uploaded name became a path")
		}
		// A private file stays in its agency.
		secret, err := casework.Attach(ctx, s, files, mps, c.ID, "线人名单.pdf", strings.NewReader("restricted"), casework.Share{Private: true}, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			who  casework.Officer
			id   string
			want bool
		}{
			{gac, a.ID, true}, {mps, a.ID, true}, {miit, a.ID, false},
			{gac, secret.ID, false}, {mps, secret.ID, true},
		} {
			_, f, err := casework.OpenAttachment(ctx, s, files, tt.who, c.ID, tt.id)
			if tt.want != (err == nil) {
				t.Errorf("%s reading %s: %v", tt.who.Agency, tt.id, err)
			}
			if err == nil {
				b, _ := io.ReadAll(f)
				f.Close()
				if len(b) == 0 {
					t.Errorf("empty content")
				}
			} else if core.ErrorCode(err) != core.ENOTFOUND {
				t.Errorf("refusal is %v, want not found", err)
			}
		}
		list, err := casework.Attachments(ctx, s, gac, c.ID)
		if err != nil || len(list) != 1 {
			t.Errorf("GAC sees %d attachments, want 1: %v", len(list), err)
		}
		if _, err := casework.Attachments(ctx, s, miit, c.ID); core.ErrorCode(err) != core.ENOTFOUND {
			t.Errorf("MIIT lists a case it is not on: %v", err)
		}
		// The wrong case id does not open another case's file.
		if _, _, err := casework.OpenAttachment(ctx, s, files, gac, "other", a.ID); err == nil {
			t.Errorf("attachment opened through another case id")
		}
		if _, err := files.Open("../../etc/passwd"); err == nil {
			t.Errorf("Files.Open took a path")
		}
		big := strings.NewReader(strings.Repeat("x", casework.MaxAttachment+1))
		if _, err := casework.Attach(ctx, s, files, gac, c.ID, "big.bin", big, casework.Share{}, now); core.ErrorCode(err) != core.EINVALID {
			t.Errorf("oversized file: %v", err)
		}
	})
}
