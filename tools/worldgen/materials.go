package main

import (
	"hash/fnv"
	"math"
	"time"
)

// Material is something that moves: a controlled mineral product, an
// uncontrolled neighbour of one, a base-metal cover good or an ordinary good.
type Material struct {
	ID, Group, HS string
	Class         string // ctrl, near, metal, ordinary, raw
	Code          string // dual-use control code: the announcement's, or the unified dual-use list's where the announcement printed none
	Eff           time.Time
	Names, Specs  []string
	Density       float64 // kg/m3 as shipped
	From          string  // made_from material id
	Yield         float64
	P             [4]float64 // INTL price USD/kg at 2025-01, 2025-07, 2026-01, 2026-07
	CNRatio       float64    // INTL / CN (in USD) ratio
	PriceUnit     string     // t or kg in prices.csv
	Min, Max      float64    // kg (or units) per declaration line
	Air           float64    // share shipped by air
	Pack          string     // package word
	PackKg        float64
	GrossF        float64 // gross / net
	Unit          string  // declaration unit (kg unless ordinary goods)
	UnitKg        float64 // kg per unit when Unit != kg
	UnitUSD       float64 // price per unit for unpriced ordinary goods
	EndUses       []string
}

func (m *Material) Controlled(d time.Time) bool {
	return m.Class == "ctrl" && !m.Eff.IsZero() && !d.Before(m.Eff)
}
func (m *Material) Priced() bool  { return m.P[0] > 0 }
func (m *Material) Mineral() bool { return m.Group != "other" }
func (m *Material) Art2() bool {
	return m.Group == "gallium" || m.Group == "germanium" || m.Group == "antimony" || m.Group == "superhard"
}

var (
	effGaGe     = day(2023, 8, 1)
	effGraphite = day(2023, 12, 1)
	effSb       = day(2024, 9, 15)
	effW        = day(2025, 2, 4)
	effRE       = day(2025, 4, 4)
	podFrom     = day(2024, 12, 3)
	podTo       = day(2025, 11, 8) // suspended from 2025-11-09 to 2026-11-27
)

func inPoD(d time.Time) bool { return !d.Before(podFrom) && !d.After(podTo) }

var materialList = []*Material{
	// antimony
	{ID: "antimony-concentrate", Group: "antimony", HS: "2617101000", Class: "raw", Names: []string{"锑精矿"}, Density: 2200, P: [4]float64{14, 20, 18, 16}, CNRatio: 1.3, PriceUnit: "t"},
	{ID: "antimony-ingot", Group: "antimony", HS: "8110101000", Class: "ctrl", Code: "3C003.b", Eff: effSb, Names: []string{"锑锭", "锑锭 Antimony Ingot", "金属锑锭", "未锻轧锑锭"}, Specs: []string{"Sb≥99.65% 锭状 25kg/块", "Sb99.85% ingot, 1MT/pallet", "0|0|锭状|Sb99.65%|无品牌", "Sb 99.90% min, 20-25kg/块", "1#锑 Sb≥99.85%"}, Density: 3800, From: "antimony-concentrate", Yield: 0.55, P: [4]float64{40, 58, 52, 46}, CNRatio: 1.35, PriceUnit: "t", Min: 3000, Max: 24000, Pack: "托", PackKg: 1000, GrossF: 1.008, EndUses: []string{"铅酸蓄电池板栅合金", "阻燃剂母料生产", "轴承合金生产"}},
	{ID: "antimony-trioxide-4n", Group: "antimony", HS: "2825800010", Class: "ctrl", Code: "3C003.c", Eff: effSb, Names: []string{"高纯三氧化二锑", "三氧化二锑（高纯）", "Antimony Trioxide 99.99%"}, Specs: []string{"Sb2O3≥99.99% 粉末 25kg/袋", "纯度99.995% 粒径0.3-0.5μm", "4N 粉末 500kg/吨袋"}, Density: 1400, From: "antimony-ingot", Yield: 1.18, P: [4]float64{46, 64, 57, 50}, CNRatio: 1.35, PriceUnit: "t", Min: 1000, Max: 18000, Pack: "袋", PackKg: 25, GrossF: 1.01, EndUses: []string{"光学玻璃澄清剂", "PET聚合催化剂", "电子陶瓷"}},
	{ID: "antimony-trioxide", Group: "antimony", HS: "2825800090", Class: "near", Names: []string{"三氧化二锑", "锑白", "Antimony Trioxide"}, Specs: []string{"Sb2O3 99.5% 阻燃级", "Sb2O3≥99.8% 粉末 25kg/袋", "99.5%min 催化级 非高纯", "纯度99.8% 25kg/袋"}, Density: 1400, From: "antimony-ingot", Yield: 1.18, P: [4]float64{36, 52, 46, 41}, CNRatio: 1.3, PriceUnit: "t", Min: 4000, Max: 20000, Pack: "袋", PackKg: 25, GrossF: 1.01},
	// gallium
	{ID: "gallium-crude", Group: "gallium", HS: "", Class: "raw", Names: []string{"粗镓"}, Density: 5900, P: [4]float64{330, 450, 420, 390}, CNRatio: 1.4, PriceUnit: "kg"},
	{ID: "gallium-metal", Group: "gallium", HS: "8112929010", Class: "ctrl", Code: "3C001.a", Eff: effGaGe, Names: []string{"金属镓", "高纯镓", "镓锭 Gallium Ingot", "Gallium Metal 6N"}, Specs: []string{"Ga 99.99% 锭状", "Ga≥99.9999% 1kg/瓶", "4N 锭状 5kg/锭", "6N 半导体级 1kg/瓶"}, Density: 5900, From: "gallium-crude", Yield: 0.97, P: [4]float64{520, 700, 650, 600}, CNRatio: 1.45, PriceUnit: "kg", Min: 20, Max: 1000, Air: 0.6, Pack: "箱", PackKg: 20, GrossF: 1.08, EndUses: []string{"LED外延片生产", "化合物半导体衬底", "钕铁硼添加剂", "射频器件"}},
	{ID: "gallium-oxide", Group: "gallium", HS: "2825909001", Class: "ctrl", Code: "3C001.c", Eff: effGaGe, Names: []string{"氧化镓", "三氧化二镓", "Gallium Oxide"}, Specs: []string{"Ga2O3 99.99% 粉末", "5N 粉末 1kg/瓶"}, Density: 1500, From: "gallium-metal", Yield: 1.3, P: [4]float64{380, 480, 460, 430}, CNRatio: 1.4, PriceUnit: "kg", Min: 10, Max: 400, Air: 0.85, Pack: "箱", PackKg: 10, GrossF: 1.08, EndUses: []string{"荧光粉", "功率器件研发"}},
	// germanium
	{ID: "germanium-concentrate", Group: "germanium", HS: "2617909000", Class: "raw", Names: []string{"锗精矿"}, Density: 1800},
	{ID: "germanium-dioxide", Group: "germanium", HS: "2825600001", Class: "ctrl", Code: "3C002.e", Eff: effGaGe, Names: []string{"二氧化锗", "高纯二氧化锗", "Germanium Dioxide"}, Specs: []string{"GeO2≥99.999% 粉末", "5N 光纤级 1kg/瓶", "GeO2 99.999% 催化剂级"}, Density: 1300, From: "germanium-concentrate", Yield: 0.2, P: [4]float64{1900, 2600, 2500, 2300}, CNRatio: 1.4, PriceUnit: "kg", Min: 10, Max: 500, Air: 0.65, Pack: "箱", PackKg: 10, GrossF: 1.07, EndUses: []string{"光纤预制棒掺杂", "PET聚合催化剂"}},
	{ID: "germanium-ingot", Group: "germanium", HS: "8112921090", Class: "ctrl", Code: "3C002.b", Eff: effGaGe, Names: []string{"区熔锗锭", "锗锭", "金属锗", "Germanium Ingot"}, Specs: []string{"Ge≥99.999% 区熔锭", "电阻率≥50Ω·cm 锭状", "5N 锗锭 约4kg/根"}, Density: 5300, From: "germanium-dioxide", Yield: 0.68, P: [4]float64{2800, 3900, 3700, 3400}, CNRatio: 1.4, PriceUnit: "kg", Min: 8, Max: 300, Air: 0.8, Pack: "箱", PackKg: 16, GrossF: 1.1, EndUses: []string{"红外光学窗口加工", "太阳能电池衬底", "探测器"}},
	{ID: "germanium-lens", Group: "germanium", HS: "9001909090", Class: "near", Names: []string{"锗透镜", "红外锗镜片（成品）", "锗窗口片"}, Specs: []string{"Φ25mm 镀增透膜 成品光学元件", "成品光学元件 非原料", "Φ50×5mm 镀DLC膜"}, Density: 900, From: "germanium-ingot", Yield: 0.6, Min: 40, Max: 600, Air: 0.7, Pack: "箱", PackKg: 6, GrossF: 1.4, Unit: "pcs", UnitKg: 0.05, UnitUSD: 95},
	// graphite
	{ID: "flake-graphite", Group: "graphite", HS: "2504101000", Class: "ctrl", Code: "1C108.c", Eff: effGraphite, Names: []string{"天然鳞片石墨", "鳞片石墨", "Natural Flake Graphite"}, Specs: []string{"+100目 C≥94%", "-195 固定碳95%", "+50目 固定碳94-95% 吨袋"}, Density: 1000, P: [4]float64{0.62, 0.58, 0.60, 0.63}, CNRatio: 1.25, PriceUnit: "t", Min: 20000, Max: 100000, Pack: "吨袋", PackKg: 1000, GrossF: 1.005, EndUses: []string{"耐火材料", "膨胀石墨生产", "负极材料前驱体"}},
	{ID: "spherical-graphite", Group: "graphite", HS: "3801901000", Class: "ctrl", Code: "1C108.c", Eff: effGraphite, Names: []string{"球化石墨", "球形石墨", "Spherical Graphite"}, Specs: []string{"SG15 D50=15μm C≥99.95%", "SG10 负极材料用", "D50 17±2μm 纯度99.95%"}, Density: 900, From: "flake-graphite", Yield: 0.45, P: [4]float64{2.5, 2.3, 2.4, 2.6}, CNRatio: 1.25, PriceUnit: "t", Min: 10000, Max: 48000, Pack: "吨袋", PackKg: 500, GrossF: 1.01, EndUses: []string{"锂离子电池负极材料"}},
	{ID: "isostatic-graphite", Group: "graphite", HS: "3801100030", Class: "ctrl", Code: "1C108.b", Eff: effGraphite, Names: []string{"等静压石墨", "高纯等静压石墨块"}, Specs: []string{"密度1.85g/cm3 抗折强度45MPa 纯度99.99%", "1.90g/cm3 块状 灰分<50ppm"}, Density: 1850, P: [4]float64{11, 11, 12, 12}, CNRatio: 1.3, PriceUnit: "kg", Min: 800, Max: 9000, Pack: "木箱", PackKg: 500, GrossF: 1.08, EndUses: []string{"单晶硅炉热场", "电火花加工电极"}},
	{ID: "amorphous-graphite", Group: "graphite", HS: "2504900000", Class: "near", Names: []string{"微晶石墨", "土状石墨"}, Specs: []string{"C80% -200目", "固定碳75-80% 铸造用"}, Density: 1100, P: [4]float64{0.28, 0.27, 0.28, 0.29}, CNRatio: 1.2, PriceUnit: "t", Min: 20000, Max: 60000, Pack: "吨袋", PackKg: 1000, GrossF: 1.005},
	{ID: "graphite-electrode", Group: "graphite", HS: "8545110000", Class: "near", Names: []string{"石墨电极", "超高功率石墨电极"}, Specs: []string{"UHP Φ600mm×2400mm", "HP Φ450mm 带接头", "RP Φ350mm"}, Density: 1700, P: [4]float64{1.9, 1.7, 1.8, 1.8}, CNRatio: 1.2, PriceUnit: "t", Min: 10000, Max: 25000, Pack: "件", PackKg: 1000, GrossF: 1.03},
	// tungsten
	{ID: "tungsten-concentrate", Group: "tungsten", HS: "2611000000", Class: "raw", Names: []string{"钨精矿"}, Density: 2400, P: [4]float64{19, 26, 28, 27}, CNRatio: 1.3, PriceUnit: "t"},
	{ID: "apt", Group: "tungsten", HS: "2841801000", Class: "ctrl", Code: "1C117.d", Eff: effW, Names: []string{"仲钨酸铵", "APT", "仲钨酸铵 Ammonium Paratungstate"}, Specs: []string{"WO3≥88.5% 0级", "APT 0级 250kg/桶", "GB/T 10116 APT-0"}, Density: 2300, From: "tungsten-concentrate", Yield: 0.72, P: [4]float64{42, 55, 68, 70}, CNRatio: 1.35, PriceUnit: "t", Min: 3000, Max: 20000, Pack: "桶", PackKg: 250, GrossF: 1.06, EndUses: []string{"钨粉及硬质合金原料", "催化剂"}},
	{ID: "tungsten-oxide", Group: "tungsten", HS: "2825901200", Class: "ctrl", Code: "1C117.d", Eff: effW, Names: []string{"蓝钨", "氧化钨", "黄钨 WO3"}, Specs: []string{"WO3≥99.9%", "蓝色氧化钨 WO2.9", "黄色氧化钨 粉末 200kg/桶"}, Density: 2500, From: "apt", Yield: 0.87, P: [4]float64{46, 60, 74, 76}, CNRatio: 1.35, PriceUnit: "t", Min: 2000, Max: 15000, Pack: "桶", PackKg: 200, GrossF: 1.06, EndUses: []string{"钨粉生产", "电致变色材料"}},
	{ID: "tungsten-carbide", Group: "tungsten", HS: "2849902000", Class: "ctrl", Code: "1C117.d", Eff: effW, Names: []string{"碳化钨粉", "碳化钨", "Tungsten Carbide Powder"}, Specs: []string{"WC 粒度1.0μm 总碳6.13%", "WC 0.8μm 非1C226管制", "WC 2.0μm 50kg/桶"}, Density: 4500, From: "tungsten-oxide", Yield: 0.82, P: [4]float64{48, 60, 75, 78}, CNRatio: 1.35, PriceUnit: "kg", Min: 400, Max: 8000, Air: 0.25, Pack: "桶", PackKg: 50, GrossF: 1.05, EndUses: []string{"硬质合金刀具", "矿山工具", "耐磨涂层"}},
	{ID: "tungsten-wire", Group: "tungsten", HS: "8101960000", Class: "near", Names: []string{"钨丝", "照明用钨丝"}, Specs: []string{"Φ0.05mm 照明用", "Φ0.18mm 切割用"}, Density: 3000, From: "tungsten-oxide", Yield: 0.7, P: [4]float64{90, 100, 115, 118}, CNRatio: 1.3, PriceUnit: "kg", Min: 100, Max: 2000, Air: 0.5, Pack: "箱", PackKg: 20, GrossF: 1.1},
	{ID: "ferrotungsten", Group: "tungsten", HS: "7202800000", Class: "near", Names: []string{"钨铁", "FeW80"}, Specs: []string{"W≥75% 10-50mm", "FeW80-A"}, Density: 4000, From: "tungsten-concentrate", Yield: 0.8, P: [4]float64{38, 48, 58, 60}, CNRatio: 1.3, PriceUnit: "t", Min: 5000, Max: 20000, Pack: "桶", PackKg: 1000, GrossF: 1.01},
	// rare earths
	{ID: "rare-earth-concentrate", Group: "rare-earth", HS: "2530902010", Class: "raw", Names: []string{"离子型稀土精矿"}, Density: 1600},
	{ID: "dysprosium-oxide", Group: "rare-earth", HS: "2846901500", Class: "ctrl", Code: "1C905.b", Eff: effRE, Names: []string{"氧化镝", "氧化镝 Dy2O3"}, Specs: []string{"Dy2O3/TREO≥99.5%", "99.9% 粉末 50kg/桶", "Dy2O3/REO 99.5%min"}, Density: 1500, From: "rare-earth-concentrate", Yield: 0.02, P: [4]float64{240, 420, 460, 450}, CNRatio: 1.8, PriceUnit: "kg", Min: 50, Max: 1000, Air: 0.45, Pack: "桶", PackKg: 50, GrossF: 1.05, EndUses: []string{"烧结钕铁硼磁体", "磁致伸缩材料"}},
	{ID: "terbium-oxide", Group: "rare-earth", HS: "2846901600", Class: "ctrl", Code: "1C904.b", Eff: effRE, Names: []string{"氧化铽", "Tb4O7"}, Specs: []string{"Tb4O7/TREO≥99.99%", "99.99% 25kg/桶"}, Density: 1500, From: "rare-earth-concentrate", Yield: 0.004, P: [4]float64{850, 1500, 1600, 1550}, CNRatio: 1.8, PriceUnit: "kg", Min: 20, Max: 300, Air: 0.8, Pack: "桶", PackKg: 25, GrossF: 1.06, EndUses: []string{"磁体晶界扩散", "荧光粉"}},
	{ID: "yttrium-oxide", Group: "rare-earth", HS: "2846901100", Class: "ctrl", Code: "1C908.b", Eff: effRE, Names: []string{"氧化钇", "Y2O3"}, Specs: []string{"Y2O3≥99.999% 荧光级", "Y2O3 99.99% 陶瓷级"}, Density: 1300, From: "rare-earth-concentrate", Yield: 0.2, P: [4]float64{7, 11, 12, 12}, CNRatio: 1.6, PriceUnit: "kg", Min: 500, Max: 10000, Pack: "桶", PackKg: 50, GrossF: 1.04, EndUses: []string{"热障涂层", "结构陶瓷", "激光晶体"}},
	{ID: "samarium-oxide", Group: "rare-earth", HS: "2846901940", Class: "ctrl", Code: "1C902.b", Eff: effRE, Names: []string{"氧化钐", "Sm2O3"}, Specs: []string{"Sm2O3/TREO≥99.5%", "99.9% 粉末"}, Density: 1400, From: "rare-earth-concentrate", Yield: 0.03, P: [4]float64{2.6, 3.5, 3.8, 3.8}, CNRatio: 1.5, PriceUnit: "kg", Min: 500, Max: 5000, Pack: "桶", PackKg: 50, GrossF: 1.04, EndUses: []string{"钐钴磁体", "催化剂"}},
	{ID: "gadolinium-oxide", Group: "rare-earth", HS: "2846901930", Class: "ctrl", Code: "1C903.b", Eff: effRE, Names: []string{"氧化钆", "Gd2O3"}, Specs: []string{"Gd2O3≥99.99%", "99.5% 粉末 50kg/桶"}, Density: 1400, From: "rare-earth-concentrate", Yield: 0.03, P: [4]float64{22, 28, 30, 30}, CNRatio: 1.5, PriceUnit: "kg", Min: 200, Max: 3000, Air: 0.2, Pack: "桶", PackKg: 50, GrossF: 1.04, EndUses: []string{"磁共振造影剂原料", "光学玻璃"}},
	{ID: "scandium-oxide", Group: "rare-earth", HS: "2846901980", Class: "ctrl", Code: "1C907.b", Eff: effRE, Names: []string{"氧化钪", "Sc2O3"}, Specs: []string{"Sc2O3≥99.99%", "99.999% 1kg/瓶"}, Density: 1000, From: "rare-earth-concentrate", Yield: 0.001, P: [4]float64{720, 800, 820, 820}, CNRatio: 1.4, PriceUnit: "kg", Min: 5, Max: 80, Air: 0.9, Pack: "箱", PackKg: 5, GrossF: 1.12, EndUses: []string{"固体氧化物燃料电池电解质", "铝钪合金"}},
	{ID: "dysprosium-metal", Group: "rare-earth", HS: "2805301200", Class: "ctrl", Code: "1C905.a", Eff: effRE, Names: []string{"金属镝", "镝锭"}, Specs: []string{"Dy/TREM≥99.5%", "99.9% 块状"}, Density: 4500, From: "dysprosium-oxide", Yield: 0.85, P: [4]float64{310, 520, 560, 560}, CNRatio: 1.8, PriceUnit: "kg", Min: 20, Max: 300, Air: 0.8, Pack: "桶", PackKg: 25, GrossF: 1.08, EndUses: []string{"磁体合金"}},
	{ID: "terbium-metal", Group: "rare-earth", HS: "2805301300", Class: "ctrl", Code: "1C904.a", Eff: effRE, Names: []string{"金属铽", "铽锭"}, Specs: []string{"Tb/TREM≥99.9%", "99.95% 块状"}, Density: 4500, From: "terbium-oxide", Yield: 0.83, P: [4]float64{1050, 1800, 1900, 1850}, CNRatio: 1.8, PriceUnit: "kg", Min: 5, Max: 80, Air: 0.9, Pack: "箱", PackKg: 10, GrossF: 1.1, EndUses: []string{"磁致伸缩材料", "磁体晶界扩散"}},
	{ID: "neodymium-oxide", Group: "rare-earth", HS: "2846901300", Class: "near", Names: []string{"氧化钕", "Nd2O3"}, Specs: []string{"Nd2O3/TREO≥99.5%", "99% 粉末 50kg/桶"}, Density: 1400, From: "rare-earth-concentrate", Yield: 0.15, P: [4]float64{72, 80, 82, 80}, CNRatio: 1.25, PriceUnit: "kg", Min: 1000, Max: 10000, Pack: "桶", PackKg: 50, GrossF: 1.03},
	{ID: "lanthanum-oxide", Group: "rare-earth", HS: "2846901200", Class: "near", Names: []string{"氧化镧", "La2O3"}, Specs: []string{"La2O3≥99.99%", "La2O3/TREO 99.9%"}, Density: 1300, From: "rare-earth-concentrate", Yield: 0.25, P: [4]float64{0.65, 0.62, 0.6, 0.6}, CNRatio: 1.2, PriceUnit: "kg", Min: 5000, Max: 25000, Pack: "吨袋", PackKg: 1000, GrossF: 1.02},
	{ID: "cerium-oxide", Group: "rare-earth", HS: "2846101000", Class: "near", Names: []string{"氧化铈", "氧化铈抛光粉原料"}, Specs: []string{"CeO2/TREO≥99.9%", "CeO2 99.95%"}, Density: 1300, From: "rare-earth-concentrate", Yield: 0.3, P: [4]float64{1.2, 1.2, 1.15, 1.15}, CNRatio: 1.2, PriceUnit: "kg", Min: 5000, Max: 25000, Pack: "吨袋", PackKg: 1000, GrossF: 1.02},
	{ID: "ndfeb-magnet", Group: "rare-earth", HS: "8505111000", Class: "near", Names: []string{"烧结钕铁硼永磁体", "钕铁硼磁钢", "NdFeB Magnets"}, Specs: []string{"N52 不含镝铽 镀镍", "N42 镀镍 不含重稀土", "N35 方块 Ni-Cu-Ni 镀层 无Dy/Tb"}, Density: 2200, From: "neodymium-oxide", Yield: 2.8, P: [4]float64{42, 48, 50, 50}, CNRatio: 1.25, PriceUnit: "kg", Min: 500, Max: 8000, Air: 0.2, Pack: "箱", PackKg: 25, GrossF: 1.12},
	// superhard
	{ID: "cubic-press-parts", Group: "superhard", HS: "8479909020", Class: "ctrl", Code: "2A901", Eff: effSb, Names: []string{"六面顶压机铰链梁", "六面顶压机专用工作缸", "六面顶压机顶锤组件"}, Specs: []string{"缸径560mm 铰链梁 成套", "六面顶压机专用零部件 工作缸", "设计压力5.5GPa 配套"}, Density: 2000, Min: 1000, Max: 8000, Pack: "木箱", PackKg: 1500, GrossF: 1.15, EndUses: []string{"人造金刚石合成设备维修", "超硬材料生产线"}},
	{ID: "synthetic-diamond", Group: "superhard", HS: "7105100000", Class: "near", Names: []string{"人造金刚石微粉", "金刚石微粉"}, Specs: []string{"粒度W1-W5 研磨级", "W10 抛光用 非管制"}, Density: 1500, P: [4]float64{180, 170, 165, 160}, CNRatio: 1.25, PriceUnit: "kg", Min: 20, Max: 500, Air: 0.7, Pack: "箱", PackKg: 10, GrossF: 1.1},
	// base-metal cover goods (strategic minerals in the wider sense; exporters kept in the ledger)
	{ID: "ferrosilicon", Group: "other", HS: "7202210000", Class: "metal", Names: []string{"硅铁", "硅铁 FeSi75"}, Specs: []string{"Si72-75% 10-50mm 吨袋", "FeSi75-B 粒度10-60mm"}, Density: 1600, P: [4]float64{1.25, 1.2, 1.22, 1.25}, CNRatio: 1.15, PriceUnit: "t", Min: 20000, Max: 26000, Pack: "吨袋", PackKg: 1000, GrossF: 1.005},
	{ID: "nickel-powder", Group: "other", HS: "7504000000", Class: "metal", Names: []string{"镍粉", "电解镍粉"}, Specs: []string{"Ni≥99.5% -200目", "羰基镍粉 FSSS 2.2-2.8μm"}, Density: 2500, P: [4]float64{22, 21, 21, 22}, CNRatio: 1.15, PriceUnit: "kg", Min: 500, Max: 5000, Pack: "桶", PackKg: 50, GrossF: 1.05},
	{ID: "tin-ingot", Group: "other", HS: "8001100000", Class: "metal", Names: []string{"锡锭", "精锡"}, Specs: []string{"Sn≥99.95%", "Sn99.99% 25kg/块"}, Density: 4500, P: [4]float64{30, 33, 36, 38}, CNRatio: 1.12, PriceUnit: "t", Min: 5000, Max: 24000, Pack: "托", PackKg: 1000, GrossF: 1.005},
	{ID: "solder-wire", Group: "other", HS: "8311300000", Class: "metal", Names: []string{"焊锡丝", "药芯焊锡丝", "无铅焊锡丝"}, Specs: []string{"Sn99.3Cu0.7 Φ0.8mm 带助焊剂", "SAC305 Φ1.0mm"}, Density: 3000, P: [4]float64{34, 37, 40, 42}, CNRatio: 1.15, PriceUnit: "kg", Min: 500, Max: 5000, Air: 0.1, Pack: "箱", PackKg: 20, GrossF: 1.08},
	{ID: "zinc-ingot", Group: "other", HS: "7901110000", Class: "metal", Names: []string{"锌锭", "0#锌锭"}, Specs: []string{"Zn≥99.995%", "Zn99.995 25kg/块"}, Density: 3800, P: [4]float64{2.8, 2.7, 2.9, 3.0}, CNRatio: 1.1, PriceUnit: "t", Min: 20000, Max: 25000, Pack: "托", PackKg: 1000, GrossF: 1.003},
	{ID: "steel-pipe", Group: "other", HS: "7306309000", Class: "metal", Names: []string{"焊接钢管", "镀锌钢管"}, Specs: []string{"Φ48×3.0mm 6m", "DN50 热镀锌 6m/支"}, Density: 1200, P: [4]float64{0.85, 0.8, 0.78, 0.8}, CNRatio: 1.1, PriceUnit: "t", Min: 15000, Max: 25000, Pack: "捆", PackKg: 2000, GrossF: 1.0},
	{ID: "hot-rolled-coil", Group: "other", HS: "7208390000", Class: "metal", Names: []string{"热轧卷板", "热轧钢卷"}, Specs: []string{"Q235B 2.0×1250mm", "SS400 1.8mm×1219mm"}, Density: 4000, P: [4]float64{0.55, 0.52, 0.5, 0.52}, CNRatio: 1.1, PriceUnit: "t", Min: 20000, Max: 26000, Pack: "卷", PackKg: 13000, GrossF: 1.0},
	{ID: "aluminium-ingot", Group: "other", HS: "7601100000", Class: "metal", Names: []string{"铝锭", "原铝锭"}, Specs: []string{"Al99.70", "A00铝锭 Al≥99.7%"}, Density: 2200, P: [4]float64{2.5, 2.55, 2.6, 2.65}, CNRatio: 1.1, PriceUnit: "t", Min: 20000, Max: 25000, Pack: "捆", PackKg: 1000, GrossF: 1.003},
	// ordinary goods
	{ID: "ceramic-tiles", Group: "other", HS: "6907210000", Class: "ordinary", Names: []string{"瓷砖", "抛釉砖", "陶瓷地砖 Porcelain Tiles"}, Specs: []string{"600×1200mm 吸水率<0.5%", "800×800mm 抛釉", "300×600mm 内墙砖"}, Density: 1500, Min: 300, Max: 1200, Pack: "托", PackKg: 1300, GrossF: 1.06, Unit: "m2", UnitKg: 20, UnitUSD: 6.2},
	{ID: "ceramic-tableware", Group: "other", HS: "6912001000", Class: "ordinary", Names: []string{"陶瓷餐具", "陶瓷餐具套装", "骨瓷杯碟"}, Specs: []string{"16件套 彩盒包装", "釉中彩 20头"}, Density: 380, Min: 100, Max: 1800, Pack: "箱", PackKg: 12, GrossF: 1.12, Unit: "set", UnitKg: 6, UnitUSD: 17},
	{ID: "tile-adhesive", Group: "other", HS: "3214909000", Class: "ordinary", Names: []string{"瓷砖胶", "瓷砖粘结剂 Tile Adhesive"}, Specs: []string{"C2TE 25kg/袋", "水泥基 20kg/袋"}, Density: 1300, Min: 5000, Max: 24000, Pack: "袋", PackKg: 25, GrossF: 1.005, Unit: "kg", UnitKg: 1, UnitUSD: 0.34},
	{ID: "ceramic-glaze", Group: "other", HS: "3207200000", Class: "ordinary", Names: []string{"陶瓷釉料", "熔块釉"}, Specs: []string{"透明釉 25kg/袋", "乳浊熔块"}, Density: 1100, Min: 2000, Max: 15000, Pack: "袋", PackKg: 25, GrossF: 1.02, Unit: "kg", UnitKg: 1, UnitUSD: 1.1},
	{ID: "led-lamps", Group: "other", HS: "8539520000", Class: "ordinary", Names: []string{"LED灯泡", "LED球泡灯", "LED Bulb"}, Specs: []string{"A60 9W E27", "A70 12W B22"}, Density: 160, Min: 5000, Max: 90000, Pack: "箱", PackKg: 6, GrossF: 1.25, Unit: "pcs", UnitKg: 0.06, UnitUSD: 0.62},
	{ID: "eps-foam", Group: "other", HS: "3923100090", Class: "ordinary", Names: []string{"EPS泡沫包装盒", "聚苯乙烯泡沫制品"}, Specs: []string{"保温箱 450×300×280mm", "缓冲衬垫"}, Density: 35, Min: 200, Max: 1400, Pack: "捆", PackKg: 8, GrossF: 1.05, Unit: "kg", UnitKg: 1, UnitUSD: 3.4},
	{ID: "paper-cartons", Group: "other", HS: "4819100000", Class: "ordinary", Names: []string{"瓦楞纸箱", "五层瓦楞纸箱"}, Specs: []string{"K=K 五层 折叠", "600×400×400mm"}, Density: 250, Min: 5000, Max: 40000, Pack: "捆", PackKg: 20, GrossF: 1.03, Unit: "pcs", UnitKg: 0.4, UnitUSD: 0.35},
	{ID: "towels", Group: "other", HS: "6302600090", Class: "ordinary", Names: []string{"全棉毛巾", "纯棉浴巾"}, Specs: []string{"32S 100%棉 70×140cm", "21S 毛巾 35×75cm"}, Density: 220, Min: 2000, Max: 40000, Pack: "箱", PackKg: 15, GrossF: 1.05, Unit: "pcs", UnitKg: 0.25, UnitUSD: 1.8},
	{ID: "furniture", Group: "other", HS: "9403609990", Class: "ordinary", Names: []string{"木制家具", "实木餐桌", "实木餐椅"}, Specs: []string{"橡胶木 1.4m 平板包装", "白蜡木 餐椅 4把/箱"}, Density: 180, Min: 20, Max: 300, Pack: "箱", PackKg: 45, GrossF: 1.12, Unit: "set", UnitKg: 45, UnitUSD: 160},
	{ID: "gears", Group: "other", HS: "8483409000", Class: "ordinary", Names: []string{"齿轮", "传动齿轮"}, Specs: []string{"20CrMnTi 模数4", "斜齿轮 外径180mm"}, Density: 1800, Min: 100, Max: 3000, Pack: "箱", PackKg: 60, GrossF: 1.08, Unit: "pcs", UnitKg: 3, UnitUSD: 12},
	{ID: "oil-filters", Group: "other", HS: "8421230000", Class: "ordinary", Names: []string{"机油滤清器", "机滤"}, Specs: []string{"M20×1.5 纸质滤芯", "旋装式"}, Density: 250, Min: 1000, Max: 20000, Pack: "箱", PackKg: 12, GrossF: 1.1, Unit: "pcs", UnitKg: 0.4, UnitUSD: 1.6},
	{ID: "plastic-hangers", Group: "other", HS: "3926909090", Class: "ordinary", Names: []string{"塑料衣架", "PP衣架"}, Specs: []string{"42cm PP", "防滑 40cm"}, Density: 120, Min: 10000, Max: 200000, Pack: "箱", PackKg: 10, GrossF: 1.06, Unit: "pcs", UnitKg: 0.05, UnitUSD: 0.08},
	{ID: "glassware", Group: "other", HS: "7013370000", Class: "ordinary", Names: []string{"玻璃杯", "钠钙玻璃水杯"}, Specs: []string{"300ml 6只/盒", "350ml 直身杯"}, Density: 320, Min: 2000, Max: 40000, Pack: "箱", PackKg: 12, GrossF: 1.15, Unit: "pcs", UnitKg: 0.3, UnitUSD: 0.5},
	{ID: "optical-glass", Group: "other", HS: "7014000090", Class: "ordinary", Names: []string{"光学玻璃毛坯", "光学镜片毛坯"}, Specs: []string{"K9 毛坯 Φ30mm", "未加工光学玻璃片"}, Density: 1200, Min: 20, Max: 800, Pack: "箱", PackKg: 10, GrossF: 1.12, Unit: "kg", UnitKg: 1, UnitUSD: 8},
}

var matBy = func() map[string]*Material {
	m := map[string]*Material{}
	for _, x := range materialList {
		if x.Unit == "" {
			x.Unit = "kg"
			x.UnitKg = 1
		}
		if x.From != "" && x.Yield == 0 {
			x.Yield = 1
		}
		m[x.ID] = x
	}
	return m
}()

// controlledRef lists every reference HS code of the measures in force in the
// window (from the reference yaml, plus the rare-earth codes of MOFCOM-GAC
// 2025 No. 18 as published), with the date it took effect.
var controlledRef = func() map[string]time.Time {
	m := map[string]time.Time{}
	add := func(d time.Time, codes ...string) {
		for _, c := range codes {
			if old, ok := m[c]; !ok || d.Before(old) {
				m[c] = d
			}
		}
	}
	add(effGaGe, "8112929010", "8112929090", "8112999000", "2850001901", "3818009001", "3825690001", "2825909001", "3818009002", "3825690002",
		"2853904030", "3818009003", "3825690003", "2853909026", "3818009004", "3825690004", "2853909028", "3818009005", "3825690005",
		"2842909024", "3818009006", "3825690006", "2853909029", "3818009007", "3825690007", "8112921010", "8112921090", "8112991000",
		"2853904040", "3818009008", "3825690008", "2825600001", "2825600002", "3818009009", "3825690009")
	add(effGraphite, "3801100030", "3801909010", "6815190020", "2504101000", "2504109100", "3801901000", "3824999940")
	add(effSb, "2617101000", "2617109001", "2617109090", "2830902000", "8110101000", "8110102000", "8110200000", "8110900000",
		"2825800010", "2931900032", "2850009020", "2853909031", "8479899956", "8479909020", "9032899094")
	add(effW, "2841801000", "2825901200", "2825901910", "2825901920", "2849902000")
	add(effRE, "2805301910", "3824999922", "8486909110", "2846901940", "2846901993", "2846902810", "2846902910", "2846903910",
		"2846904820", "2846904910", "2846909920", "2846901930", "2805301300", "2846901600", "2805301200", "2846901500",
		"2805301800", "2846901980", "2805301700", "2846901100")
	return m
}()

var priceAnchors = [4]time.Time{day(2025, 1, 1), day(2025, 7, 1), day(2026, 1, 1), day(2026, 7, 1)}

func interp(v [4]float64, d time.Time) float64 {
	if !d.After(priceAnchors[0]) {
		return v[0]
	}
	for i := 0; i < 3; i++ {
		if !d.After(priceAnchors[i+1]) {
			f := float64(d.Sub(priceAnchors[i])) / float64(priceAnchors[i+1].Sub(priceAnchors[i]))
			return v[i] + f*(v[i+1]-v[i])
		}
	}
	return v[3]
}

func weekNoise(seed int64, id string, d time.Time, amp float64) float64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	_, wk := d.ISOWeek()
	x := h.Sum64() ^ uint64(seed)*0x9E3779B97F4A7C15 ^ uint64(d.Year()*100+wk)*0xBF58476D1CE4E5B9
	x ^= x >> 31
	x *= 0x94D049BB133111EB
	x ^= x >> 29
	u := float64(x%10000)/10000.0*2 - 1
	return 1 + amp*u
}

// intlUSDkg is the overseas market price, USD per kg, for the week of d.
func (w *World) intlUSDkg(m *Material, d time.Time) float64 {
	return interp(m.P, d) * weekNoise(w.Seed, m.ID, d, 0.03)
}

func (w *World) cnUSDkg(m *Material, d time.Time) float64 {
	return w.intlUSDkg(m, d) / m.CNRatio * weekNoise(w.Seed, m.ID+"/cn", d, 0.02)
}

var (
	fxUSDCNY = [4]float64{7.30, 7.17, 7.08, 7.02}
	fxEURUSD = [4]float64{1.03, 1.16, 1.16, 1.17}
	fxUSDJPY = [4]float64{157, 146, 152, 147}
)

// usdPer converts one unit of currency c into USD on day d.
func usdPer(c string, d time.Time) float64 {
	switch c {
	case "CNY":
		return 1 / interp(fxUSDCNY, d)
	case "EUR":
		return interp(fxEURUSD, d)
	case "JPY":
		return 1 / interp(fxUSDJPY, d)
	case "HKD":
		return 1 / 7.80
	}
	return 1
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
