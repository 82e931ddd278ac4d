package config

import (
	"bytes"
	"flag"
	"io"
	"strings"
	"testing"
)

func resolve(t *testing.T, args []string, env map[string]string) (*Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	b := Bind(fs, func(k string) string { return env[k] }, true)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return b.Resolve()
}

func TestPrecedence(t *testing.T) {
	c, err := resolve(t, nil, nil)
	if err != nil || c.Addr != "127.0.0.1:8080" || c.DataDir != "./orewatch-data" || !c.AutoMigrate {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	c, _ = resolve(t, nil, map[string]string{"OREWATCH_ADDR": "127.0.0.1:9999", "OREWATCH_DATA_DIR": "/var/lib/ow"})
	if c.Addr != "127.0.0.1:9999" || c.DataDir != "/var/lib/ow" {
		t.Fatalf("env: %+v", c)
	}
	c, _ = resolve(t, []string{"--addr", "127.0.0.1:0"}, map[string]string{"OREWATCH_ADDR": "127.0.0.1:9999"})
	if c.Addr != "127.0.0.1:0" {
		t.Fatalf("flag should beat env: %+v", c)
	}
}

func TestBadValues(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"OREWATCH_LOG_LEVEL": "loud"}, "env OREWATCH_LOG_LEVEL"},
		{map[string]string{"OREWATCH_AUTO_MIGRATE": "perhaps"}, "auto-migrate"},
		{map[string]string{"OREWATCH_LOG_FORMAT": "xml"}, "log format"},
	} {
		_, err := resolve(t, nil, tt.env)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("env %v: error %v, want it to mention %q", tt.env, err, tt.want)
		}
	}
}

func TestPrintRedactsSecrets(t *testing.T) {
	c, _ := resolve(t, []string{"--database-url", "postgres://ow:hunter2@db:5432/ow"}, nil)
	var b bytes.Buffer
	if err := c.Print(&b); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "hunter2") {
		t.Fatalf("secret printed:\n%s", b.String())
	}
	if !strings.Contains(b.String(), "REDACTED") || !strings.Contains(b.String(), "flag --database-url") {
		t.Fatalf("print-config output:\n%s", b.String())
	}
}
