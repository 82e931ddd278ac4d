// Package deploy holds the deployment files (compose.yaml, systemd units,
// the Caddyfile, the Dockerfile); this test checks the compose file as
// `docker compose config` would, with the Compose Specification's own
// loader, so that it is checked where docker is not installed too.
package deploy

import (
	"context"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

func TestComposeFile(t *testing.T) {
	opts, err := cli.NewProjectOptions([]string{"compose.yaml"}, cli.WithWorkingDirectory("."), cli.WithName("orewatch"),
		cli.WithEnv([]string{"POSTGRES_PASSWORD=example"}))
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	for _, name := range []string{"postgres", "nats", "init", "audit-key", "serve", "worker", "proxy"} {
		if _, err := p.GetService(name); err != nil {
			t.Errorf("no %s service: %v", name, err)
		}
	}
	serve, _ := p.GetService("serve")
	worker, _ := p.GetService("worker")
	for _, s := range []types.ServiceConfig{serve, worker} {
		env := s.Environment
		for _, k := range []string{"OREWATCH_DATABASE_URL", "OREWATCH_NATS_URL", "OREWATCH_AUDIT_KEY_FILE"} {
			if v, ok := env[k]; !ok || v == nil || *v == "" {
				t.Errorf("%s: %s not set", s.Name, k)
			}
		}
		if !strings.Contains(*env["OREWATCH_DATABASE_URL"], "example@postgres:5432") {
			t.Errorf("%s: database URL %q does not take POSTGRES_PASSWORD", s.Name, *env["OREWATCH_DATABASE_URL"])
		}
		if _, ok := s.DependsOn["audit-key"]; !ok {
			t.Errorf("%s starts before the audit key is made", s.Name)
		}
		if !slices.ContainsFunc(s.Volumes, func(v types.ServiceVolumeConfig) bool { return v.Source == "keys" && v.Target == "/keys" }) {
			t.Errorf("%s does not share the keys volume", s.Name)
		}
	}
	if *serve.Environment["OREWATCH_AUDIT_KEY_FILE"] != *worker.Environment["OREWATCH_AUDIT_KEY_FILE"] {
		t.Error("servers and workers read different audit keys")
	}
	if serve.Deploy == nil || serve.Deploy.Replicas == nil || *serve.Deploy.Replicas < 2 {
		t.Error("serve: want at least two replicas by default")
	}
	if !slices.Contains(serve.Command, "--auto-migrate=false") {
		t.Error("serve replicas would migrate the schema at once: the init service does")
	}
	if _, err := exec.LookPath("docker"); err == nil {
		if out, err := exec.Command("docker", "compose", "version").CombinedOutput(); err == nil {
			c := exec.Command("docker", "compose", "-f", filepath.Join(".", "compose.yaml"), "config", "--quiet")
			c.Env = append(c.Environ(), "POSTGRES_PASSWORD=example")
			if out, err := c.CombinedOutput(); err != nil {
				t.Errorf("docker compose config: %v\n%s", err, out)
			}
		} else {
			t.Logf("docker compose not available (%s): checked with compose-go only", strings.TrimSpace(string(out)))
		}
	}
}

// TestSystemdUnits checks the units with systemd-analyze where it exists.
func TestSystemdUnits(t *testing.T) {
	if _, err := exec.LookPath("systemd-analyze"); err != nil {
		t.Skip("systemd-analyze not installed: units not checked")
	}
	units, _ := filepath.Glob("systemd/*.service")
	if len(units) < 2 {
		t.Fatalf("units: %v", units)
	}
	for _, u := range units {
		out, err := exec.Command("systemd-analyze", "verify", "--man=no", "--recursive-errors=no", u).CombinedOutput()
		// The binary and user it names are not on a build machine; only
		// the unit's own syntax counts here.
		for _, line := range strings.Split(string(out), "\n") {
			if strings.Contains(line, "Unknown") || strings.Contains(line, "Failed to parse") || strings.Contains(line, "Invalid") {
				t.Errorf("%s: %s", u, line)
			}
		}
		_ = err
	}
}
