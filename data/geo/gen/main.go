// Command gen writes geo/divisions.csv, the prefecture- and county-level
// GB/T 2260 divisions, from the National Bureau of Statistics' 2023 division
// code list (统计用区划代码, cut-off 2023-06-30, published 2023-09-11) as
// tabulated by github.com/modood/Administrative-divisions-of-China
// (dist/cities.csv and dist/areas.csv). The first six digits of the
// statistical codes are the GB/T 2260 codes.
//
// English names: prefectures get the name in common official use (hand
// checked; pinyin of the proper name otherwise); counties are left without
// one because machine pinyin gets too many place names wrong (长治 Changzhi
// but 长沙 Changsha is right only by luck), and a wrong name is worse than
// the Chinese one.
//
//	go run ./data/geo/gen -cities cities.csv -areas areas.csv > data/geo/divisions.csv
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/mozillazg/go-pinyin"
)

func main() {
	cities := flag.String("cities", "", "dist/cities.csv (code,name,provinceCode)")
	areas := flag.String("areas", "", "dist/areas.csv (code,name,cityCode,provinceCode)")
	flag.Parse()
	w := csv.NewWriter(os.Stdout)
	must(w.Write([]string{"code", "name_zh", "name_en", "level", "parent"}))
	for _, r := range read(*cities) {
		code := r[0] + "00"
		must(w.Write([]string{code, r[1], english(code, r[1]), "prefecture", r[2] + "0000"}))
	}
	for _, r := range read(*areas) {
		if r[0] == r[2]+"00" {
			continue // 东莞, 中山, 儋州 have no counties; NBS repeats the city as its own county
		}
		must(w.Write([]string{r[0], r[1], "", "county", r[2] + "00"}))
	}
	w.Flush()
	must(w.Error())
}

func read(name string) [][]string {
	f, err := os.Open(name)
	must(err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	must(err)
	return recs[1:]
}

// named holds the prefectures whose English name is not the pinyin of
// their Chinese name minus 市: autonomous prefectures, leagues, the
// placeholder rows of municipalities, and places with established
// non-pinyin names or pinyin the dictionary reads wrongly.
var named = map[string]string{
	"110100": "Beijing (districts)", "120100": "Tianjin (districts)", "310100": "Shanghai (districts)",
	"500100": "Chongqing (districts)", "500200": "Chongqing (counties)",
	"419000": "Henan (directly administered counties)", "429000": "Hubei (directly administered counties)",
	"469000": "Hainan (directly administered counties)", "659000": "Xinjiang (directly administered counties)",
	"150100": "Hohhot", "150600": "Ordos", "150700": "Hulunbuir", "150800": "Bayannur", "150900": "Ulanqab",
	"152200": "Hinggan League", "152500": "Xilingol League", "152900": "Alxa League",
	"232700": "Da Hinggan Ling Prefecture", "222400": "Yanbian Korean Autonomous Prefecture",
	"340100": "Hefei", "341500": "Lu'an", "340300": "Bengbu", "331100": "Lishui", "350200": "Xiamen",
	"360300": "Pingxiang", "430100": "Changsha", "431300": "Loudi",
	"422800": "Enshi Tujia and Miao Autonomous Prefecture", "433100": "Xiangxi Tujia and Miao Autonomous Prefecture",
	"441700": "Yangjiang", "451000": "Baise", "460300": "Sansha", "460400": "Danzhou",
	"511100": "Leshan", "510400": "Panzhihua", "511700": "Dazhou",
	"513200": "Ngawa Tibetan and Qiang Autonomous Prefecture", "513300": "Garze Tibetan Autonomous Prefecture",
	"513400": "Liangshan Yi Autonomous Prefecture", "520300": "Zunyi",
	"522300": "Qianxinan Bouyei and Miao Autonomous Prefecture", "522600": "Qiandongnan Miao and Dong Autonomous Prefecture",
	"522700": "Qiannan Bouyei and Miao Autonomous Prefecture", "530800": "Pu'er",
	"532300": "Chuxiong Yi Autonomous Prefecture", "532500": "Honghe Hani and Yi Autonomous Prefecture",
	"532600": "Wenshan Zhuang and Miao Autonomous Prefecture", "532800": "Xishuangbanna Dai Autonomous Prefecture",
	"532900": "Dali Bai Autonomous Prefecture", "533100": "Dehong Dai and Jingpo Autonomous Prefecture",
	"533300": "Nujiang Lisu Autonomous Prefecture", "533400": "Deqen Tibetan Autonomous Prefecture",
	"540100": "Lhasa", "540200": "Shigatse", "540300": "Qamdo", "540400": "Nyingchi", "540500": "Shannan",
	"540600": "Nagqu", "542500": "Ngari Prefecture",
	"610400": "Xianyang", "140400": "Changzhi", "220100": "Changchun", "440600": "Foshan", "230100": "Harbin",
	"230200": "Qiqihar", "510100": "Chengdu", "141100": "Lüliang", "620200": "Jiayuguan",
	"622900": "Linxia Hui Autonomous Prefecture", "623000": "Gannan Tibetan Autonomous Prefecture",
	"632200": "Haibei Tibetan Autonomous Prefecture", "632300": "Huangnan Tibetan Autonomous Prefecture",
	"632500": "Hainan Tibetan Autonomous Prefecture", "632600": "Golog Tibetan Autonomous Prefecture",
	"632700": "Yushu Tibetan Autonomous Prefecture", "632800": "Haixi Mongol and Tibetan Autonomous Prefecture",
	"650100": "Urumqi", "650200": "Karamay", "650400": "Turpan", "650500": "Hami",
	"652300": "Changji Hui Autonomous Prefecture", "652700": "Bortala Mongol Autonomous Prefecture",
	"652800": "Bayingolin Mongol Autonomous Prefecture", "652900": "Aksu Prefecture",
	"653000": "Kizilsu Kirghiz Autonomous Prefecture", "653100": "Kashgar Prefecture", "653200": "Hotan Prefecture",
	"654000": "Ili Kazakh Autonomous Prefecture", "654200": "Tacheng Prefecture", "654300": "Altay Prefecture",
}

func english(code, zh string) string {
	if en, ok := named[code]; ok {
		return en
	}
	base := strings.TrimSuffix(zh, "市")
	suffix := ""
	if b, ok := strings.CutSuffix(zh, "地区"); ok {
		base, suffix = b, " Prefecture"
	}
	if strings.Contains(base, "自治") || strings.HasSuffix(base, "盟") {
		log.Fatalf("%s %s: give its English name in the named table", code, zh)
	}
	a := pinyin.NewArgs()
	var b strings.Builder
	for i, s := range pinyin.LazyPinyin(base, a) {
		if i > 0 && strings.ContainsAny(s[:1], "aeo") {
			b.WriteByte('\'')
		}
		b.WriteString(s)
	}
	en := b.String()
	if en == "" {
		log.Fatalf("%s %s: no pinyin", code, zh)
	}
	return strings.ToUpper(en[:1]) + en[1:] + suffix
}

func must(err error) {
	if err != nil {
		log.Fatal(fmt.Errorf("gen: %w", err))
	}
}
