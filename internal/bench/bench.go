// Package bench generates large synthetic bundles and measures OreWatch on
// them against baselines, for 'orewatch bench' and the Go benchmarks.
package bench

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"orewatch/internal/core"
)

// Write generates a bundle of n declaration items (in declarations of one
// to three items) with its ledger and licences into dir. Most goods are
// uncontrolled, as in real trade; a few per cent are controlled items under
// licences, some with problems for the checks to find.
func Write(dir string, n int, seed uint64) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	if err := os.WriteFile(filepath.Join(dir, "bundle.json"), []byte(`{"format":"orewatch-bundle/1","title":"bench","as_of":"2025-12-31"}`+"\n"), 0o644); err != nil {
		return err
	}
	const nEnt = 2000
	usccs := make([]string, nEnt)
	var ent strings.Builder
	ent.WriteString("uscc,name,province,segments,minerals,registered_on,ledger_status\n")
	provinces := []string{"150000", "360000", "430000", "440000", "450000", "520000", "530000"}
	for i := range usccs {
		first := fmt.Sprintf("91%sMA%07d", provinces[i%len(provinces)], i)
		c, err := core.USCCCheckChar(first)
		if err != nil {
			return err
		}
		usccs[i] = first + string(c)
		if i%10 != 9 { // one in ten exporters is missing from the ledger
			fmt.Fprintf(&ent, "%s,Enterprise %d,%s,smelting|export,antimony,2024-01-01,active\n", usccs[i], i, provinces[i%len(provinces)])
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "enterprises.csv"), []byte(ent.String()), 0o644); err != nil {
		return err
	}
	var lic strings.Builder
	lic.WriteString("licence_no,exporter_uscc,status,uses,valid_from,valid_to,hs_code,quantity,unit,destination,consignee_name\n")
	for i := 0; i < nEnt; i++ {
		fmt.Fprintf(&lic, "LIC-%05d,%s,valid,multiple,2025-01-01,2025-12-31,8110101000,500,t,NL,Rotterdam Metals B.V.\n", i, usccs[i])
	}
	if err := os.WriteFile(filepath.Join(dir, "licences.csv"), []byte(lic.String()), 0o644); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, "declarations.csv"))
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"declaration_no", "item_no", "declared_at", "exporter_uscc", "transport_mode", "containers", "destination_country",
		"consignee_name", "licence_no", "hs_code", "goods_name", "quantity", "unit", "net_weight_kg", "gross_weight_kg", "total_value", "currency", "remarks"})
	uncontrolled := []string{"7901119000", "7403111100", "8504409999", "8471500000", "3907300000", "7208510000", "2620999000", "8541430000"}
	dests := []string{"NL", "DE", "JP", "KR", "US", "TH", "VN", "MX", "IN", "BE"}
	consignees := []string{"Rotterdam Metals B.V.", "Hartmetall GmbH", "Tokyo Magnetics K.K.", "Seoul Materials Co., Ltd.", "Acme Inc.", "Siam Trading Co., Ltd.", "Hanoi Steel JSC", "Metales del Norte S.A. de C.V.", "Mumbai Alloys Pvt Ltd", "Antwerp Chemicals NV"}
	decl, item, per := 0, 0, 1
	for i := 0; i < n; i++ {
		if item == per {
			decl++
			item = 0
			per = 1 + rng.IntN(3)
		}
		item++
		e := rng.IntN(nEnt)
		day := 1 + (decl*365/max(1, n/2))%365
		date := core.NewDate(2025, 1, 1).AddDays(day - 1).String()
		di := rng.IntN(len(dests))
		hs, licNo, remarks := uncontrolled[rng.IntN(len(uncontrolled))], "", "唛头N/M"
		if rng.IntN(100) < 4 {
			hs, licNo, remarks = "8110101000", fmt.Sprintf("LIC-%05d", e), "是否属于管制物项：是；管制编码：1C999"
			if rng.IntN(10) == 0 {
				remarks = "唛头N/M"
			}
		}
		kg := 100 + rng.IntN(20000)
		_ = cw.Write([]string{fmt.Sprintf("53012025%010d", decl), strconv.Itoa(item), date, usccs[e], "2",
			fmt.Sprintf("MSKU%07d", decl%10000000), dests[di], consignees[di], licNo, hs, "goods", strconv.Itoa(kg), "kg",
			strconv.Itoa(kg), strconv.Itoa(kg + 50), strconv.Itoa(kg * 3), "USD", remarks})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// BareCSV reads every record of a CSV file with encoding/csv and nothing
// else: the baseline the bundle reader is measured against.
func BareCSV(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	r.ReuseRecord = true
	n := 0
	for {
		_, err := r.Read()
		if err == io.EOF {
			return n - 1, nil
		}
		if err != nil {
			return n, err
		}
		n++
	}
}

// PeakRSS returns the process's peak resident set size in bytes (Linux),
// or 0 where it cannot be read.
func PeakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				kb, _ := strconv.ParseInt(f[1], 10, 64)
				return kb * 1024
			}
		}
	}
	return 0
}

// CPUTime returns the process's user and system CPU time so far (Linux,
// to a hundredth of a second), or zeros where it cannot be read.
func CPUTime() (user, system time.Duration) {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0, 0
	}
	// The command name, field 2, is in parentheses and may hold spaces.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0, 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, 0
	}
	// Fields 14 and 15 (utime, stime), in clock ticks of 1/100 s: the
	// USER_HZ every Linux architecture reports.
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut) * 10 * time.Millisecond, time.Duration(st) * 10 * time.Millisecond
}
