package bench

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// CPUQuota caps processes at a share of CPU time with cgroups: v2's
// cpu.max where the unified hierarchy has the cpu controller, else v1's
// cpu.cfs_quota_us. Each process gets a group of its own, so that every
// worker of a scaling run has the same quota.
type CPUQuota struct {
	Cores float64 // 0: no cap
}

func (q CPUQuota) String() string {
	if q.Cores == 0 {
		return "no CPU quota"
	}
	return fmt.Sprintf("%.2f CPU", q.Cores)
}

const (
	cgroupV2 = "/sys/fs/cgroup"
	cgroupV1 = "/sys/fs/cgroup/cpu"
)

// root is where groups are made and which version it is.
func (q CPUQuota) root() (dir string, v2 bool, err error) {
	if b, err := os.ReadFile(filepath.Join(cgroupV2, "cgroup.controllers")); err == nil && strings.Contains(string(b), "cpu") {
		if sub, err := os.ReadFile(filepath.Join(cgroupV2, "cgroup.subtree_control")); err == nil && strings.Contains(string(sub), "cpu") {
			return cgroupV2, true, nil
		}
	}
	if _, err := os.Stat(filepath.Join(cgroupV1, "cpu.cfs_quota_us")); err == nil {
		return cgroupV1, false, nil
	}
	return "", false, errors.New("no cgroup CPU controller mounted (cgroups v2 with cpu enabled, or v1's cpu)")
}

// Check says whether groups can be made here (root, a CPU controller).
func (q CPUQuota) Check() error {
	dir, _, err := q.root()
	if err != nil {
		return err
	}
	probe := filepath.Join(dir, fmt.Sprintf("orewatch-probe-%d", os.Getpid()))
	if err := os.Mkdir(probe, 0o755); err != nil {
		return fmt.Errorf("make a cgroup (run as root): %w", err)
	}
	return os.Remove(probe)
}

// Apply puts pid in a new group name capped at the quota and returns a
// function that removes the group once the process has ended.
func (q CPUQuota) Apply(name string, pid int) (remove func(), err error) {
	if q.Cores == 0 {
		return func() {}, nil
	}
	dir, v2, err := q.root()
	if err != nil {
		return nil, err
	}
	g := filepath.Join(dir, name)
	if err := os.Mkdir(g, 0o755); err != nil {
		return nil, fmt.Errorf("make cgroup %s: %w", g, err)
	}
	remove = func() { _ = os.Remove(g) }
	const period = 100000
	quota := int(q.Cores * period)
	if v2 {
		err = os.WriteFile(filepath.Join(g, "cpu.max"), fmt.Appendf(nil, "%d %d", quota, period), 0o644)
	} else {
		err = os.WriteFile(filepath.Join(g, "cpu.cfs_period_us"), []byte(strconv.Itoa(period)), 0o644)
		if err == nil {
			err = os.WriteFile(filepath.Join(g, "cpu.cfs_quota_us"), []byte(strconv.Itoa(quota)), 0o644)
		}
	}
	if err == nil {
		err = os.WriteFile(filepath.Join(g, "cgroup.procs"), []byte(strconv.Itoa(pid)), 0o644)
	}
	if err != nil {
		remove()
		return nil, fmt.Errorf("cap cgroup %s at %s: %w", g, q, err)
	}
	return remove, nil
}
