package access

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestThrottleIsBounded: a spray of names faster than the window does not
// grow the throttle without end.
func TestThrottleIsBounded(t *testing.T) {
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	th := NewThrottle(func() time.Time { return now })
	ctx := context.Background()
	for i := range 3 * maxThrottled {
		th.Fail(ctx, fmt.Sprintf("spray-%d", i))
	}
	if n := len(th.failures); n > maxThrottled {
		t.Fatalf("%d keys remembered, bound %d", n, maxThrottled)
	}
	// A real name that just failed five times is still held.
	for range 5 {
		th.Fail(ctx, "wang")
	}
	if wait, _ := th.Wait(ctx, "wang"); wait == 0 {
		t.Error("the throttle forgot a name it had just counted")
	}
}
