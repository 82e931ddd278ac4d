package main

import (
	"fmt"
	"strings"
)

// Loc is a registration place in China: province, city, county-level division.
type Loc struct {
	Prov, ProvName, City, County, District string
	Roads, Parks                           []string
	Ports                                  []string // preferred customs offices (sea/road/rail)
	Air                                    string   // preferred airport office
	Post                                   string   // preferred express/postal office
	Tags                                   []string // what is mined/made here
}

var locs = []Loc{
	{"430000", "湖南省", "冷水江市", "431381", "", []string{"北矿路", "资江大道", "冷水江大道", "沙塘湾路", "锡矿山大道"}, []string{"冷水江经济开发区", "锡矿山街道", "冷水江市经济开发区锑品工业园"}, []string{"2248", "5316", "3104"}, "4901", "5349", []string{"antimony"}},
	{"430000", "湖南省", "郴州市", "431002", "北湖区", []string{"国庆北路", "燕泉路", "郴江路", "五岭大道"}, []string{"郴州有色金属产业园", "郴州高新技术产业开发区"}, []string{"5316", "5320", "2248"}, "4901", "5349", []string{"tungsten", "bismuth", "antimony"}},
	{"430000", "湖南省", "郴州市", "431003", "苏仙区", []string{"白露塘大道", "观山洞街", "苏仙北路"}, []string{"郴州白露塘有色金属产业园", "苏仙区白露塘镇"}, []string{"5316", "5320"}, "4901", "5349", []string{"tungsten", "bismuth"}},
	{"430000", "湖南省", "长沙市", "430104", "岳麓区", []string{"岳麓大道", "麓谷大道", "桐梓坡西路", "枫林三路"}, []string{"长沙高新技术产业开发区", "麓谷街道"}, []string{"2248", "5316", "4914"}, "4901", "5349", []string{"trading", "tungsten"}},
	{"430000", "湖南省", "株洲市", "430211", "天元区", []string{"黄河南路", "株洲大道", "栗雨工业园路"}, []string{"株洲高新技术产业开发区", "栗雨工业园"}, []string{"5316", "2248"}, "4901", "5349", []string{"tungsten", "superhard"}},
	{"430000", "湖南省", "娄底市", "431302", "娄星区", []string{"长青中街", "湘中大道"}, []string{"娄底经济技术开发区"}, []string{"5316", "2248"}, "4901", "5349", []string{"antimony"}},
	{"360000", "江西省", "赣州市", "360702", "章贡区", []string{"红旗大道", "长征大道", "金岭西路", "新赣州大道"}, []string{"章贡经济开发区", "赣州沙河工业园"}, []string{"3702", "5316", "2248"}, "5345", "5349", []string{"tungsten", "rare-earth", "trading"}},
	{"360000", "江西省", "赣州市", "360704", "赣县区", []string{"储潭大道", "稀金大道", "赣州大道"}, []string{"赣州高新技术产业开发区", "赣县区稀土工业园"}, []string{"3702", "5316"}, "5345", "5349", []string{"rare-earth"}},
	{"360000", "江西省", "赣州市", "360783", "龙南市", []string{"龙翔大道", "东江大道"}, []string{"龙南经济技术开发区"}, []string{"5320", "3702"}, "5345", "5349", []string{"rare-earth"}},
	{"360000", "江西省", "赣州市", "360725", "崇义县", []string{"阳明大道", "横水大道"}, []string{"崇义县工业园区"}, []string{"3702", "5316"}, "5345", "5349", []string{"tungsten"}},
	{"360000", "江西省", "赣州市", "360723", "大余县", []string{"南安大道", "东山路"}, []string{"大余县新华工业园"}, []string{"3702", "5316"}, "5345", "5349", []string{"tungsten"}},
	{"450000", "广西壮族自治区", "河池市", "451202", "金城江区", []string{"新建路", "南新西路", "金城中路"}, []string{"河池市工业园区", "六甲镇工业园"}, []string{"5316", "7208", "7205"}, "5345", "5349", []string{"antimony", "indium"}},
	{"450000", "广西壮族自治区", "河池市", "451221", "南丹县", []string{"城北路", "莲花路"}, []string{"南丹县车河镇", "南丹县大厂镇", "南丹有色金属新材料产业园"}, []string{"5316", "7208", "7205"}, "5345", "5349", []string{"antimony", "indium"}},
	{"450000", "广西壮族自治区", "钦州市", "450702", "钦南区", []string{"滨海大道", "子材东大街"}, []string{"钦州港经济技术开发区"}, []string{"7208", "7205"}, "5345", "5349", []string{"trading"}},
	{"530000", "云南省", "临沧市", "530902", "临翔区", []string{"南塘街", "旗山路"}, []string{"临沧工业园区", "临翔区博尚镇"}, []string{"8611", "5316"}, "5345", "5349", []string{"germanium"}},
	{"530000", "云南省", "昆明市", "530111", "官渡区", []string{"春城路", "关上北路", "民航路"}, []string{"昆明经济技术开发区"}, []string{"8611", "5316"}, "5345", "5349", []string{"germanium", "trading"}},
	{"530000", "云南省", "红河哈尼族彝族自治州", "532501", "个旧市", []string{"金湖东路", "建设路"}, []string{"个旧市大屯工业园"}, []string{"8611", "5316"}, "5345", "5349", []string{"metal-tin", "indium"}},
	{"150000", "内蒙古自治区", "包头市", "150203", "昆都仑区", []string{"钢铁大街", "阿尔丁大街", "黄河大街"}, []string{"包头稀土高新技术产业开发区", "稀土高新区"}, []string{"0202", "0604"}, "0101", "2201", []string{"rare-earth"}},
	{"150000", "内蒙古自治区", "包头市", "150207", "九原区", []string{"建华南路", "哈屯高勒路"}, []string{"包头装备制造产业园区"}, []string{"0202", "0604"}, "0101", "2201", []string{"rare-earth", "metal-ferro"}},
	{"150000", "内蒙古自治区", "锡林郭勒盟", "152502", "锡林浩特市", []string{"锡林大街", "那达慕大街"}, []string{"锡林浩特市经济技术开发区"}, []string{"0202", "0604"}, "0101", "2201", []string{"germanium"}},
	{"150000", "内蒙古自治区", "乌兰察布市", "150924", "兴和县", []string{"城关镇建设路"}, []string{"兴和县石墨产业园区"}, []string{"0202"}, "0101", "2201", []string{"graphite"}},
	{"150000", "内蒙古自治区", "鄂尔多斯市", "150602", "东胜区", []string{"鄂尔多斯大街", "伊煤路"}, []string{"东胜经济科教园区"}, []string{"0202"}, "0101", "2201", []string{"metal-ferro"}},
	{"230000", "黑龙江省", "鸡西市", "230302", "鸡冠区", []string{"中心大街", "和平北大街"}, []string{"鸡西石墨产业园", "鸡西经济开发区"}, []string{"0902", "0202"}, "0101", "2201", []string{"graphite"}},
	{"230000", "黑龙江省", "鹤岗市", "230421", "萝北县", []string{"凤翔镇团结路"}, []string{"萝北县云山石墨产业园"}, []string{"0902", "0202"}, "0101", "2201", []string{"graphite"}},
	{"370000", "山东省", "青岛市", "370211", "黄岛区", []string{"长江中路", "江山南路", "前湾港路"}, []string{"青岛西海岸新区", "青岛前湾保税港区"}, []string{"4218"}, "0101", "2201", []string{"trading", "graphite", "metal-steel"}},
	{"370000", "山东省", "青岛市", "370283", "平度市", []string{"红旗路", "胶平路"}, []string{"平度市新河镇石墨产业园"}, []string{"4218"}, "0101", "2201", []string{"graphite"}},
	{"370000", "山东省", "淄博市", "370303", "张店区", []string{"柳泉路", "共青团西路", "华光路"}, []string{"淄博高新技术产业开发区"}, []string{"4218", "0202"}, "0101", "2201", []string{"ordinary-ceramics"}},
	{"440000", "广东省", "深圳市", "440304", "福田区", []string{"深南大道", "福华三路", "益田路", "彩田路"}, []string{"福田保税区", "车公庙"}, []string{"5316", "5320"}, "5345", "5349", []string{"trading"}},
	{"440000", "广东省", "深圳市", "440305", "南山区", []string{"科技南十二路", "前海大道", "南海大道", "高新南一道"}, []string{"前海深港现代服务业合作区", "深圳湾科技生态园"}, []string{"5316", "5320"}, "5345", "5349", []string{"trading", "ordinary"}},
	{"440000", "广东省", "深圳市", "440307", "龙岗区", []string{"龙岗大道", "坂田五和大道", "宝龙二路"}, []string{"宝龙工业城", "坂田街道"}, []string{"5320", "5316"}, "5345", "5349", []string{"ordinary", "ordinary-led"}},
	{"440000", "广东省", "佛山市", "440605", "南海区", []string{"桂澜北路", "狮山大道", "海八路"}, []string{"狮山镇科技工业园", "南海区西樵镇"}, []string{"5145", "5316"}, "5141", "5100", []string{"ordinary-ceramics", "ordinary"}},
	{"440000", "广东省", "佛山市", "440606", "顺德区", []string{"大良新桂路", "乐从大道"}, []string{"乐从家具城", "顺德高新区"}, []string{"5145", "5316"}, "5141", "5100", []string{"ordinary-furniture", "ordinary"}},
	{"440000", "广东省", "潮州市", "445103", "潮安区", []string{"庵埠大道", "枫溪大道"}, []string{"枫溪陶瓷工业区"}, []string{"5316", "3702"}, "5141", "5100", []string{"ordinary-ceramics"}},
	{"440000", "广东省", "广州市", "440112", "黄埔区", []string{"开创大道", "科学大道", "香雪三路"}, []string{"广州经济技术开发区", "科学城"}, []string{"5145"}, "5141", "5100", []string{"trading", "ordinary"}},
	{"440000", "广东省", "梅州市", "441426", "平远县", []string{"平城南路"}, []string{"平远县稀土工业园"}, []string{"5320", "5316"}, "5345", "5349", []string{"rare-earth"}},
	{"310000", "上海市", "上海市", "310115", "浦东新区", []string{"富特北路", "杨高北路", "张杨路", "基隆路", "日京路", "世纪大道"}, []string{"中国（上海）自由贸易试验区", "外高桥保税区", "张江高科技园区"}, []string{"2248", "2225"}, "2233", "2201", []string{"trading"}},
	{"310000", "上海市", "上海市", "310104", "徐汇区", []string{"漕溪北路", "宜山路", "虹漕路"}, []string{"漕河泾开发区"}, []string{"2248", "2225"}, "2233", "2201", []string{"trading"}},
	{"310000", "上海市", "上海市", "310113", "宝山区", []string{"友谊路", "宝杨路", "蕰川路"}, []string{"宝山工业园区"}, []string{"2225", "2248"}, "2233", "2201", []string{"trading", "metal-steel"}},
	{"330000", "浙江省", "宁波市", "330206", "北仑区", []string{"明州路", "新碶街道长江路", "保税南区兴业大道"}, []string{"宁波保税区", "北仑港工业园"}, []string{"3104"}, "2233", "2201", []string{"trading", "ordinary"}},
	{"330000", "浙江省", "金华市", "330782", "义乌市", []string{"稠州北路", "福田街道城北路", "国际商贸城"}, []string{"义乌国际商贸城", "义乌工业园区"}, []string{"3104", "2248"}, "2233", "2201", []string{"ordinary"}},
	{"330000", "浙江省", "杭州市", "330108", "滨江区", []string{"江南大道", "网商路"}, []string{"杭州高新技术产业开发区"}, []string{"3104", "2248"}, "2233", "2201", []string{"trading", "ordinary"}},
	{"350000", "福建省", "厦门市", "350203", "思明区", []string{"鹭江道", "湖滨南路", "环岛东路"}, []string{"厦门国际航运中心"}, []string{"3702"}, "5345", "5349", []string{"trading", "tungsten"}},
	{"350000", "福建省", "厦门市", "350206", "湖里区", []string{"象屿路", "兴隆路", "火炬北路"}, []string{"象屿保税区", "厦门火炬高新区"}, []string{"3702"}, "5345", "5349", []string{"trading"}},
	{"350000", "福建省", "龙岩市", "350802", "新罗区", []string{"龙腾中路", "西陂街道"}, []string{"龙岩经济技术开发区"}, []string{"3702"}, "5345", "5349", []string{"rare-earth", "tungsten"}},
	{"350000", "福建省", "龙岩市", "350821", "长汀县", []string{"腾飞大道"}, []string{"长汀稀土工业园区"}, []string{"3702"}, "5345", "5349", []string{"rare-earth"}},
	{"410000", "河南省", "洛阳市", "410324", "栾川县", []string{"君山中路", "伊河路"}, []string{"栾川县产业集聚区"}, []string{"4218", "0202"}, "0101", "2201", []string{"molybdenum", "tungsten"}},
	{"410000", "河南省", "郑州市", "410105", "金水区", []string{"花园路", "经三路", "农业路"}, []string{"郑东新区"}, []string{"4218", "0202"}, "0101", "2201", []string{"trading", "superhard"}},
	{"410000", "河南省", "安阳市", "410506", "龙安区", []string{"文明大道", "龙安路"}, []string{"安阳市龙安区产业集聚区"}, []string{"4218", "0202"}, "0101", "2201", []string{"metal-ferro"}},
	{"140000", "山西省", "吕梁市", "141181", "孝义市", []string{"府前街", "胜溪路"}, []string{"孝义经济开发区"}, []string{"0202", "4218"}, "0101", "2201", []string{"gallium"}},
	{"140000", "山西省", "运城市", "140882", "河津市", []string{"龙门大道", "新耿大街"}, []string{"河津市铝工业园区"}, []string{"0202", "4218"}, "0101", "2201", []string{"gallium"}},
	{"620000", "甘肃省", "金昌市", "620302", "金川区", []string{"北京路", "新华路"}, []string{"金昌经济技术开发区"}, []string{"0202", "9401"}, "0101", "2201", []string{"metal-nickel"}},
	{"130000", "河北省", "唐山市", "130203", "路北区", []string{"建设北路", "北新道", "长宁道"}, []string{"唐山高新技术产业开发区"}, []string{"0202"}, "0101", "2201", []string{"metal-steel"}},
	{"120000", "天津市", "天津市", "120116", "滨海新区", []string{"第二大街", "洞庭路", "海河东路", "东疆港大厦"}, []string{"天津港保税区", "东疆综合保税区", "天津经济技术开发区"}, []string{"0202"}, "0101", "2201", []string{"trading", "metal-steel"}},
	{"610000", "陕西省", "渭南市", "610503", "华州区", []string{"金堆城路", "华州大道"}, []string{"华州区金堆镇"}, []string{"0202", "9401"}, "0101", "2201", []string{"molybdenum"}},
	{"510000", "四川省", "凉山彝族自治州", "513433", "冕宁县", []string{"城厢镇建设路"}, []string{"冕宁县稀土工业园区"}, []string{"5316", "9401"}, "5345", "5349", []string{"rare-earth", "tellurium"}},
	{"510000", "四川省", "成都市", "510107", "武侯区", []string{"人民南路四段", "武科东一路", "科华北路"}, []string{"武侯新城"}, []string{"5316", "9401"}, "5345", "5349", []string{"trading"}},
	{"320000", "江苏省", "无锡市", "320282", "宜兴市", []string{"宜城街道东虹路", "丁蜀镇陶都路"}, []string{"宜兴经济技术开发区", "丁蜀镇陶瓷工业园"}, []string{"2248", "2225"}, "2233", "2201", []string{"ordinary-ceramics", "graphite"}},
	{"320000", "江苏省", "苏州市", "320505", "虎丘区", []string{"长江路", "珠江路", "竹园路"}, []string{"苏州高新区", "浒墅关经济开发区"}, []string{"2248", "2225"}, "2233", "2201", []string{"ordinary", "metal-solder"}},
	{"210000", "辽宁省", "大连市", "210211", "甘井子区", []string{"东北北路", "黄河路", "华北路"}, []string{"大连高新技术产业园区"}, []string{"0902"}, "0101", "2201", []string{"trading", "graphite"}},
	{"640000", "宁夏回族自治区", "石嘴山市", "640202", "大武口区", []string{"朝阳西街", "世纪大道"}, []string{"石嘴山经济技术开发区"}, []string{"0202", "9401"}, "0101", "2201", []string{"metal-ferro"}},
	{"430000", "湖南省", "株洲市", "430203", "芦淞区", []string{"建设南路", "董家塅路"}, []string{"株洲董家塅高科园"}, []string{"5316", "2248"}, "4901", "5349", []string{"metal-zinc"}},
}

// Office is a customs office (关别).
type Office struct {
	Code, Name, Port string // Port: UN/LOCODE of the port of loading (sea) or airport
	Mode             int    // main mode handled
}

var offices = map[string]*Office{
	"2248": {"2248", "洋山海关", "CNSHA", 2},
	"2225": {"2225", "外港海关", "CNSHA", 2},
	"3104": {"3104", "北仑海关", "CNNGB", 2},
	"4218": {"4218", "黄岛海关", "CNTAO", 2},
	"0202": {"0202", "新港海关", "CNTXG", 2},
	"5316": {"5316", "蛇口海关", "CNSHK", 2},
	"5320": {"5320", "大鹏海关", "CNYTN", 2},
	"5145": {"5145", "南沙海关", "CNNSA", 2},
	"3702": {"3702", "东渡海关", "CNXMN", 2},
	"0902": {"0902", "大窑湾海关", "CNDLC", 2},
	"7208": {"7208", "钦州港海关", "CNQZH", 2},
	"2233": {"2233", "浦东机场海关", "CNPVG", 5},
	"5345": {"5345", "深圳宝安机场海关", "CNSZX", 5},
	"5141": {"5141", "白云机场海关", "CNCAN", 5},
	"0101": {"0101", "首都机场海关", "CNPEK", 5},
	"4901": {"4901", "长沙黄花机场海关", "CNCSX", 5},
	"2201": {"2201", "浦江海关", "CNSHA", 6},
	"5349": {"5349", "深圳快件监管海关", "CNSZX", 6},
	"5100": {"5100", "广州邮局海关", "CNCAN", 6},
	"7205": {"7205", "友谊关海关", "CNPXG", 4},
	"8611": {"8611", "河口海关", "CNHKO", 4},
	"0604": {"0604", "满洲里海关", "CNMZL", 3},
	"9401": {"9401", "阿拉山口海关", "CNAKA", 3},
	"4914": {"4914", "长沙铁路海关", "CNCSX", 3},
}

var charPool = []rune("鑫瑞华金恒泰盛宏达源汇联通丰利祥隆昌兴嘉誉峰润晟浩辰锦弘诚信德和安永中远天宇东方南海山川星光明正合众创新嘉美佳凯旭腾飞龙凤豪博睿智成科普汉唐宁久隆富贵鼎益骏祺钰铭")

func ziHao(r *R) string {
	a := charPool[r.IntN(len(charPool))]
	b := charPool[r.IntN(len(charPool))]
	for b == a {
		b = charPool[r.IntN(len(charPool))]
	}
	return string([]rune{a, b})
}

var industryWords = map[string][]string{
	"antimony":           {"锑业", "锑品", "有色金属冶炼", "锑化工", "有色金属"},
	"gallium":            {"镓业", "稀有金属", "铝业", "高纯材料"},
	"germanium":          {"锗业", "半导体材料", "光电材料", "锗材料"},
	"graphite":           {"石墨", "石墨新材料", "碳素", "新能源材料", "石墨制品"},
	"tungsten":           {"钨业", "硬质合金", "钨钼材料", "钨制品", "精密合金"},
	"rare-earth":         {"稀土", "稀土新材料", "稀土功能材料", "磁材", "稀土冶炼分离"},
	"superhard":          {"超硬材料", "金刚石", "机械装备", "重型机械"},
	"molybdenum":         {"钼业", "钼材料"},
	"bismuth":            {"铋业", "有色金属"},
	"indium":             {"铟业", "稀散金属"},
	"tellurium":          {"碲业", "稀散金属"},
	"trading":            {"进出口", "国际贸易", "贸易", "供应链管理", "实业", "物产"},
	"metal-ferro":        {"铁合金", "冶金", "硅业"},
	"metal-nickel":       {"镍业", "新材料"},
	"metal-tin":          {"锡业", "有色金属"},
	"metal-zinc":         {"锌业", "冶炼"},
	"metal-steel":        {"钢铁", "钢管", "金属制品", "钢材"},
	"metal-solder":       {"焊接材料", "焊料"},
	"ordinary":           {"家居用品", "五金制品", "电子科技", "包装制品", "塑料制品", "日用品", "机械", "汽车配件", "纺织品"},
	"ordinary-ceramics":  {"陶瓷", "建材", "瓷业"},
	"ordinary-led":       {"照明电器", "光电科技"},
	"ordinary-furniture": {"家具", "家居"},
	"broker":             {"报关", "国际货运代理", "报关服务", "供应链"},
}

func companyForm(r *R, kind string) string {
	switch kind {
	case "trading":
		return pick(r, []string{"进出口有限公司", "贸易有限公司", "有限公司", "国际贸易有限公司", "有限公司", "进出口有限公司"})
	case "broker":
		return pick(r, []string{"有限公司", "有限责任公司"})
	}
	i := wpick(r, []float64{45, 22, 14, 6, 5})
	return []string{"有限公司", "有限责任公司", "股份有限公司", "集团有限公司", "有限公司"}[i]
}

// chineseCompanyName composes a realistic Chinese enterprise name.
func chineseCompanyName(r *R, l *Loc, kind string) string {
	words := industryWords[kind]
	if words == nil {
		words = industryWords["ordinary"]
	}
	ind := pick(r, words)
	zh := ziHao(r)
	form := companyForm(r, kind)
	if strings.HasSuffix(form, "进出口有限公司") || strings.HasSuffix(form, "贸易有限公司") {
		if strings.Contains(ind, "进出口") || strings.Contains(ind, "贸易") {
			ind = ""
		}
	}
	cityShort := strings.TrimSuffix(strings.TrimSuffix(l.City, "市"), "自治州")
	provShort := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(l.ProvName, "省"), "市"), "壮族自治区")
	provShort = strings.TrimSuffix(strings.TrimSuffix(provShort, "回族自治区"), "自治区")
	switch r.IntN(6) {
	case 0:
		return provShort + zh + ind + form
	case 1:
		return l.City + zh + ind + form
	case 2:
		return zh + ind + "（" + cityShort + "）" + form
	case 3:
		if l.District != "" && r.P(0.5) {
			return cityShort + l.District + zh + ind + form
		}
		return cityShort + zh + ind + form
	default:
		return cityShort + zh + ind + form
	}
}

func chineseAddress(r *R, l *Loc) string {
	road := pick(r, l.Roads)
	park := pick(r, l.Parks)
	num := r.I(1, 688)
	switch r.IntN(6) {
	case 0:
		return fmt.Sprintf("%s%s%s%s%d号", l.ProvName, l.City, l.District, road, num)
	case 1:
		return fmt.Sprintf("%s%s%d号", l.City, road, num)
	case 2:
		return fmt.Sprintf("%s%s%s%s%s%d号%s", l.ProvName, l.City, l.District, park, road, num, pick(r, []string{"", "1号厂房", "综合楼3楼", "B栋", "办公楼201室"}))
	case 3:
		if l.Prov == "310000" {
			return fmt.Sprintf("中国（上海）自由贸易试验区%s%d号%d部位%d室", road, num, r.I(1, 9)*100+r.I(1, 20), r.I(101, 999))
		}
		return fmt.Sprintf("%s%s", l.City, park)
	case 4:
		return fmt.Sprintf("%s%s%s（%s）", l.City, l.District, road, park)
	default:
		return fmt.Sprintf("%s%s%s%d号%s", l.ProvName, l.City, road, num, pick(r, []string{"", "院内", "1幢", "A座1208室"}))
	}
}

func chinaPhone(r *R, l *Loc) string {
	if r.P(0.5) {
		return "+86 1" + pick(r, []string{"38", "39", "58", "59", "86", "87", "36", "77"}) + digits(r, 8)
	}
	area := map[string]string{"430000": "0731", "360000": "0797", "450000": "0778", "530000": "0871", "150000": "0472", "230000": "0467", "370000": "0532", "440000": "0755", "310000": "021", "330000": "0574", "350000": "0592", "410000": "0379", "140000": "0358", "620000": "0935", "130000": "0315", "120000": "022", "610000": "0913", "510000": "028", "320000": "0510", "210000": "0411", "640000": "0952"}[l.Prov]
	if area == "" {
		area = "010"
	}
	return "+86 " + area + "-" + digits(r, 8)
}
