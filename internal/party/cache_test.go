package party

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"orewatch/internal/core"
)

// TestScreenFromManyRequests: one Screener screens from parallel callers
// (the server's every request) without a data race — this crashed the
// server with "concurrent map writes" — and a spray of unique names does
// not grow its cache past the bound.
func TestScreenFromManyRequests(t *testing.T) {
	s := NewScreener([]*core.ListEntry{
		{List: "CN-UEL", Name: "Golden Kestrel Trading Ltd", Country: "HK", ListedOn: core.MustDate("2024-01-01")},
	})
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range maxCached / 4 {
				name := fmt.Sprintf("spray %d-%d trading", w, i)
				if i%100 == 0 {
					name = "Golden Kestral Trading Limited"
				}
				ms := s.Screen(name, "HK", core.MustDate("2025-06-01"))
				if i%100 == 0 && len(ms) == 0 {
					t.Errorf("the listed name was missed after %d names", i)
					return
				}
			}
		}()
	}
	wg.Wait()
	if n := s.cache.len(); n > maxCached {
		t.Fatalf("%d names cached, bound %d", n, maxCached)
	}
}

// TestNormalizeFromManyRequests: names with marks normalised from parallel
// callers (a shared transformer chain panicked in the server).
func TestNormalizeFromManyRequests(t *testing.T) {
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				n := Normalize(fmt.Sprintf("Huáwéi Jìshù Müller %d-%d Sài Gòn", w, i))
				if !strings.Contains(n.Ordered, "huawei") {
					t.Errorf("marks kept: %q", n.Ordered)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestLiveScreenerCacheBound: a server's screener keeps at most
// maxCachedLive names.
func TestLiveScreenerCacheBound(t *testing.T) {
	l := NewLive(nil)
	s := l.Current()
	for i := range maxCachedLive * 2 {
		s.Screen(fmt.Sprintf("Spray Trading %d Ltd", i), "HK", core.Date{})
	}
	if n := s.cache.len(); n > maxCachedLive {
		t.Fatalf("%d names cached, bound %d", n, maxCachedLive)
	}
}
