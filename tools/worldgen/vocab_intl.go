package main

import (
	"fmt"
	"strings"
)

type Country struct {
	A2, A3, Zh, ZhHant string
	Ports              []string
	Weight             float64 // share of consignees
}

var countries = []*Country{
	{"JP", "JPN", "日本", "日本", []string{"JPTYO", "JPYOK", "JPOSA", "JPUKB", "JPNGO"}, 30},
	{"KR", "KOR", "韩国", "韓國", []string{"KRPUS", "KRINC"}, 20},
	{"DE", "DEU", "德国", "德國", []string{"DEHAM", "DEBRV"}, 16},
	{"NL", "NLD", "荷兰", "荷蘭", []string{"NLRTM"}, 10},
	{"BE", "BEL", "比利时", "比利時", []string{"BEANR"}, 4},
	{"FR", "FRA", "法国", "法國", []string{"FRLEH", "FRFOS"}, 5},
	{"IT", "ITA", "意大利", "義大利", []string{"ITGOA", "ITSPE"}, 5},
	{"GB", "GBR", "英国", "英國", []string{"GBFXT", "GBSOU"}, 5},
	{"PL", "POL", "波兰", "波蘭", []string{"PLGDN"}, 4},
	{"ES", "ESP", "西班牙", "西班牙", []string{"ESVLC", "ESBCN"}, 3},
	{"US", "USA", "美国", "美國", []string{"USLAX", "USLGB", "USNYC", "USSAV", "USHOU"}, 22},
	{"CA", "CAN", "加拿大", "加拿大", []string{"CAVAN"}, 3},
	{"MX", "MEX", "墨西哥", "墨西哥", []string{"MXZLO", "MXLZC"}, 5},
	{"BR", "BRA", "巴西", "巴西", []string{"BRSSZ"}, 4},
	{"VN", "VNM", "越南", "越南", []string{"VNHPH", "VNCLI"}, 15},
	{"TH", "THA", "泰国", "泰國", []string{"THLCH", "THBKK"}, 8},
	{"MY", "MYS", "马来西亚", "馬來西亞", []string{"MYPKG", "MYTPP"}, 7},
	{"SG", "SGP", "新加坡", "新加坡", []string{"SGSIN"}, 5},
	{"ID", "IDN", "印度尼西亚", "印度尼西亞", []string{"IDTPP", "IDSUB"}, 5},
	{"IN", "IND", "印度", "印度", []string{"INNSA", "INMAA"}, 11},
	{"TW", "TWN", "中国台湾", "中國臺灣", []string{"TWKHH", "TWKEL"}, 9},
	{"HK", "HKG", "中国香港", "中國香港", []string{"HKHKG"}, 9},
	{"AE", "ARE", "阿联酋", "阿聯酋", []string{"AEJEA"}, 7},
	{"TR", "TUR", "土耳其", "土耳其", []string{"TRMER", "TRAMB"}, 6},
	{"RU", "RUS", "俄罗斯", "俄羅斯", []string{"RUVVO", "RULED"}, 7},
	{"KZ", "KAZ", "哈萨克斯坦", "哈薩克", []string{"KZALA"}, 3},
	{"AU", "AUS", "澳大利亚", "澳洲", []string{"AUMEL", "AUSYD"}, 3},
	{"SE", "SWE", "瑞典", "瑞典", []string{"SEGOT"}, 3},
	{"CN", "CHN", "中国", "中國", []string{"CNSHA"}, 0},
}

var countryBy = func() map[string]*Country {
	m := map[string]*Country{}
	for _, c := range countries {
		m[c.A2] = c
	}
	return m
}()

// legit transshipment hubs used for far destinations (noise, not violations)
var legitHub = map[string][]string{"BR": {"SGSIN", "LKCMB"}, "MX": {"KRPUS", "PAMIT"}, "TR": {"SGSIN", "EGPSD"}, "SE": {"DEHAM", "NLRTM"}, "PL": {"DEHAM"}, "KZ": {}, "ID": {"SGSIN"}, "IN": {"SGSIN", "LKCMB"}, "ES": {"ITGOA"}}

func pickS(r *R, metal bool, m, o []string) string {
	if metal {
		return pick(r, m)
	}
	return pick(r, o)
}

type named struct{ native, latin string }

func pickN(r *R, xs []named) named { return xs[r.IntN(len(xs))] }

// foreignCompany returns the name as written (one form) and alternates.
func foreignCompany(r *R, cc string, sector string) (string, []string) {
	metalish := sector != "ordinary"
	switch cc {
	case "DE":
		stem := pickS(r, metalish, []string{"Nordmetall", "Westfalia Sondermetalle", "Hansa Rohstoff", "Schwarzwald Werkstoff", "Elbe Metallhandel", "Bayerische Hartmetall", "Saar Legierungen", "Ruhr Pulvermetall", "Isar Spezialmetalle", "Harz Minor Metals"}, []string{"Weser Keramik", "Main Haushaltswaren", "Rhein Wohnbedarf", "Hanseatische Importkontor", "Alster Handelshaus"})
		suf := pick(r, []string{"GmbH", "AG", "GmbH & Co. KG", "Handelsgesellschaft mbH"})
		n := stem + " " + suf
		return n, []string{strings.ToUpper(n)}
	case "NL":
		n := pickS(r, metalish, []string{"Van der Berg Metals", "Maas Minor Metals", "Delta Rare Materials", "Zeeland Alloys", "Oranje Metal Trading"}, []string{"De Vries Handelsonderneming", "Schouten Ceramics", "Holland Home Import"}) + pick(r, []string{" B.V.", " BV"})
		return n, []string{strings.ToUpper(n)}
	case "BE":
		n := pick(r, []string{"Schelde Metals", "Antwerp Specialty Materials", "Brabant Alloys", "Kempen Minerals"}) + pick(r, []string{" NV", " BV", " SA"})
		return n, nil
	case "FR":
		n := pickS(r, metalish, []string{"Société Alpine des Métaux", "Métaux Spéciaux de Lorraine", "Rhône Matériaux Avancés"}, []string{"Céramiques du Limousin", "Maison Import Provence"}) + pick(r, []string{" SAS", " SA", " SARL"})
		return n, []string{strings.ToUpper(n)}
	case "IT":
		n := pickS(r, metalish, []string{"Metalli Speciali Lombardi", "Leghe Venete", "Polveri Metalliche Emiliane"}, []string{"Ceramiche Sassuolo Export", "Casa Italia Forniture"}) + pick(r, []string{" S.p.A.", " S.r.l."})
		return n, nil
	case "GB":
		n := pickS(r, metalish, []string{"Thames Minor Metals", "Pennine Alloys", "Severn Advanced Materials"}, []string{"Mersey Trading", "Clyde Industrial Supplies", "Kentish Home Goods"}) + pick(r, []string{" Ltd", " Limited", " PLC"})
		return n, []string{strings.ToUpper(n)}
	case "PL":
		n := pickS(r, metalish, []string{"Huta Metali Rzadkich", "Śląskie Stopy", "Baltic Battery Materials"}, []string{"Wisła Materiały Budowlane", "Mazowsze Dom"}) + " Sp. z o.o."
		return n, nil
	case "ES":
		n := pickS(r, metalish, []string{"Metales Técnicos del Norte", "Aleaciones Levante"}, []string{"Cerámica Castellón Import", "Hogar Mediterráneo"}) + pick(r, []string{" S.L.", " S.A."})
		return n, nil
	case "SE":
		n := pickS(r, metalish, []string{"Norrland Hårdmetall", "Bergslagen Alloys", "Vänern Materials"}, []string{"Småland Hem AB"}) + " AB"
		return n, nil
	case "US":
		n := pickS(r, metalish, []string{"Keystone Advanced Materials", "Great Lakes Specialty Alloys", "Pacific Rim Metals", "Ohio Valley Powder Metals", "Cascade Semiconductor Materials", "Bluegrass Alloy Supply", "Gulf Coast Industrial Minerals", "Mesa Optical Materials"}, []string{"Prairie Home Goods", "Harbor Point Imports", "Blue Ridge Housewares", "Sunbelt Building Supply", "Lakeshore Home Decor"}) + pick(r, []string{" LLC", " Inc.", " Corp.", ", Inc."})
		return n, []string{strings.ToUpper(strings.ReplaceAll(n, ".", ""))}
	case "CA":
		n := pickS(r, metalish, []string{"Laurentian Metals", "Fraser Alloys"}, []string{"Maple Leaf Home Supply", "Prairie North Imports"}) + pick(r, []string{" Inc.", " Ltd."})
		return n, nil
	case "AU":
		n := pickS(r, metalish, []string{"Southern Cross Metals", "Pilbara Alloys"}, []string{"Murray Imports", "Coastal Living Wholesale"}) + " Pty Ltd"
		return n, nil
	case "MX":
		n := pickS(r, metalish, []string{"Metales del Bajío", "Aleaciones del Norte", "Materiales Especiales de Monterrey"}, []string{"Importadora Cerámica del Pacífico", "Comercializadora Hogar del Valle"}) + ", S.A. de C.V."
		return n, []string{strings.ToUpper(strings.ReplaceAll(n, ",", ""))}
	case "BR":
		n := pickS(r, metalish, []string{"Metais Raros do Brasil", "Ligas Paulista"}, []string{"Cerâmica Atlântica", "Casa & Lar Importadora"}) + " Ltda."
		return n, nil
	case "JP":
		stem := pickN(r, []named{{"東洋", "Toyo"}, {"大和", "Yamato"}, {"北陸", "Hokuriku"}, {"関西", "Kansai"}, {"中部", "Chubu"}, {"瀬戸内", "Setouchi"}, {"富岳", "Fugaku"}, {"三和", "Sanwa"}, {"日進", "Nisshin"}, {"昭栄", "Shoei"}, {"信越精", "Shinetsusei"}, {"湘南", "Shonan"}})
		biz := pickN(r, []named{{"金属工業", "Kinzoku Kogyo"}, {"マテリアル", "Material"}, {"レアメタル", "Rare Metal"}, {"電子材料", "Denshi Zairyo"}, {"合金", "Gokin"}, {"商事", "Shoji"}, {"化学", "Kagaku"}, {"磁材", "Jizai"}})
		if !metalish {
			biz = pickN(r, []named{{"商事", "Shoji"}, {"物産", "Bussan"}, {"陶器", "Toki"}})
		}
		native := stem.native + biz.native + "株式会社"
		if r.P(0.35) {
			native = "株式会社" + stem.native + biz.native
		}
		latin := stem.latin + " " + biz.latin + " Co., Ltd."
		if r.P(0.5) {
			return native, []string{latin, strings.ToUpper(latin)}
		}
		return latin, []string{native}
	case "KR":
		stem := pickN(r, []named{{"한성", "Hansung"}, {"대한", "Daehan"}, {"동양", "Dongyang"}, {"세원", "Sewon"}, {"미래", "Mirae"}, {"태광", "Taekwang"}, {"영진", "Youngjin"}, {"삼익", "Samik"}})
		biz := pickN(r, []named{{"소재", "Materials"}, {"금속", "Metal"}, {"희소금속", "Rare Metals"}, {"신소재", "Advanced Materials"}, {"상사", "Trading"}, {"케미칼", "Chemical"}})
		native := "(주)" + stem.native + biz.native
		if r.P(0.4) {
			native = stem.native + biz.native + " 주식회사"
		}
		latin := stem.latin + " " + biz.latin + " Co., Ltd."
		if r.P(0.55) {
			return latin, []string{native, strings.ToUpper(latin)}
		}
		return native, []string{latin}
	case "VN":
		stem := pickN(r, []named{{"HƯNG THỊNH", "HUNG THINH"}, {"AN PHÁT", "AN PHAT"}, {"PHÚ QUÝ", "PHU QUY"}, {"THÀNH ĐẠT", "THANH DAT"}, {"MINH LONG", "MINH LONG"}, {"VIỆT TIẾN", "VIET TIEN"}, {"TRƯỜNG SƠN", "TRUONG SON"}, {"HOÀNG GIA", "HOANG GIA"}})
		if r.P(0.5) {
			native := "CÔNG TY TNHH " + pick(r, []string{"KIM LOẠI ", "VẬT LIỆU ", "THƯƠNG MẠI ", "SẢN XUẤT "}) + stem.native
			latin := stem.latin + pick(r, []string{" METAL", " MATERIALS", " TRADING", " MANUFACTURING"}) + " COMPANY LIMITED"
			if r.P(0.5) {
				return native, []string{latin}
			}
			return latin, []string{native}
		}
		native := "CÔNG TY CỔ PHẦN VẬT LIỆU MỚI " + stem.native
		latin := stem.latin + " NEW MATERIALS JOINT STOCK COMPANY"
		if r.P(0.5) {
			return native, []string{latin}
		}
		return latin, []string{native}
	case "TH":
		stem := pickN(r, []named{{"สยาม", "Siam"}, {"ไทยรุ่งเรือง", "Thai Rungruang"}, {"เจริญ", "Charoen"}, {"บางกอก", "Bangkok"}, {"อีสเทิร์น", "Eastern"}})
		biz := pickN(r, []named{{"เมทัล", "Metal"}, {"อัลลอย", "Alloy"}, {"แมททีเรียล", "Materials"}, {"เทรดดิ้ง", "Trading"}})
		native := "บริษัท " + stem.native + biz.native + " จำกัด"
		latin := stem.latin + " " + biz.latin + " Co., Ltd."
		if r.P(0.6) {
			return latin, []string{native}
		}
		return native, []string{latin}
	case "MY":
		n := pickS(r, metalish, []string{"Sinar Logam", "Cahaya Aloi", "Permata Bahan", "Harimau Metal", "Bumi Mineral"}, []string{"Seri Mutiara Trading", "Kedai Rumah Import"}) + pick(r, []string{" Sdn. Bhd.", " Sdn Bhd", " SDN. BHD."})
		return n, nil
	case "SG":
		n := pickS(r, metalish, []string{"Straits Alloy", "Lion City Metals", "Marina Minor Metals"}, []string{"Orchid Commodities", "Merlion Home Trading"}) + pick(r, []string{" Pte. Ltd.", " Pte Ltd"})
		return n, nil
	case "ID":
		n := "PT " + pickS(r, metalish, []string{"Logam Nusantara", "Sinar Baja Mulia", "Bumi Material Indonesia"}, []string{"Cahaya Keramik Abadi", "Rumah Sejahtera Import"})
		return n, []string{strings.ToUpper(n)}
	case "IN":
		n := pickS(r, metalish, []string{"Shree Ganesh Alloys", "Bharat Rare Metals", "Deccan Metallurgicals", "Sai Krishna Minerals", "Gujarat Flame Retardants", "Amrit Battery Components"}, []string{"Lakshmi Home Exports", "Sagar Trading Company"}) + pick(r, []string{" Pvt. Ltd.", " Private Limited", " Pvt Ltd"})
		return n, []string{strings.ToUpper(n)}
	case "AE":
		stem := pickN(r, []named{{"النور لتجارة المعادن", "Al Noor Metals Trading"}, {"الخليج للمواد النادرة", "Gulf Rare Materials"}, {"الصقر للسلع", "Falcon Commodities"}, {"نجمة الصحراء للتجارة العامة", "Desert Star General Trading"}, {"الصفا للمعادن", "Al Safa Minerals"}})
		if !metalish && r.P(0.6) {
			stem = pickN(r, []named{{"الواحة للتجارة العامة", "Al Waha General Trading"}, {"بيت الخليج للأدوات المنزلية", "Gulf House Household Goods Trading"}})
		}
		latin := stem.latin + pick(r, []string{" FZE", " FZCO", " DMCC", " L.L.C."})
		return latin, []string{stem.native, strings.ToUpper(latin)}
	case "TR":
		n := pickS(r, metalish, []string{"Anadolu Metal Sanayi ve Ticaret", "Ege Alaşım", "Marmara Nadir Metal", "Boğaziçi Maden"}, []string{"Konya Seramik", "Bursa Ev Tekstili"}) + pick(r, []string{" A.Ş.", " Ltd. Şti."})
		return n, []string{strings.ToUpper(n)}
	case "RU":
		stem := pickN(r, []named{{"СибМеталл", "SibMetall"}, {"УралСплав", "UralSplav"}, {"ВолгаРесурс", "VolgaResurs"}, {"НеваМет", "NevaMet"}, {"ДальМеталлТорг", "DalMetallTorg"}})
		form := pickN(r, []named{{"ООО", "LLC"}, {"АО", "JSC"}})
		native := form.native + " «" + stem.native + "»"
		latin := stem.latin + " " + form.latin
		if r.P(0.5) {
			return native, []string{latin, "OOO " + strings.ToUpper(stem.latin)}
		}
		return latin, []string{native}
	case "KZ":
		stem := pickN(r, []named{{"Казметалл-Трейд", "Kazmetall-Trade"}, {"Алтын Тау Ресурс", "Altyn Tau Resource"}})
		return "ТОО «" + stem.native + "»", []string{stem.latin + " LLP"}
	case "TW":
		stem := pickN(r, []named{{"全宏", "Chuan Hung"}, {"鼎昌", "Ting Chang"}, {"華錸", "Hua Lai"}, {"聯鋁", "Lien Lu"}, {"光鋐", "Kuang Hung"}, {"永勝", "Yung Sheng"}})
		biz := pickN(r, []named{{"材料", "Materials"}, {"科技", "Technology"}, {"金屬", "Metal"}, {"光電", "Optoelectronics"}})
		form := pickN(r, []named{{"股份有限公司", "Co., Ltd."}, {"有限公司", "Co., Ltd."}})
		native := stem.native + biz.native + form.native
		latin := stem.latin + " " + biz.latin + " " + form.latin
		if r.P(0.5) {
			return native, []string{latin}
		}
		return latin, []string{native}
	case "HK":
		stem := pickN(r, []named{{"港豐", "Kong Fung"}, {"嘉利", "Ka Lee"}, {"恒昌", "Hang Cheong"}, {"永興", "Wing Hing"}, {"利達", "Lee Tat"}, {"偉業", "Wai Yip"}})
		biz := pickN(r, []named{{"金屬", "Metals"}, {"貿易", "Trading"}, {"國際", "International"}, {"實業", "Industrial"}})
		native := stem.native + biz.native + "有限公司"
		latin := stem.latin + " " + biz.latin + " Limited"
		if r.P(0.55) {
			return latin, []string{native, strings.ToUpper(latin)}
		}
		return native, []string{latin}
	}
	return "Global Trading Co., Ltd.", nil
}

func foreignAddress(r *R, cc string) string {
	n := r.I(1, 480)
	switch cc {
	case "DE":
		return fmt.Sprintf("%s %d, %s", pick(r, []string{"Industriestraße", "Hafenstraße", "Gutenbergstraße", "Daimlerstraße", "Am Stadthafen"}), n%120+1, pick(r, []string{"40599 Düsseldorf", "20457 Hamburg", "45127 Essen", "80331 München", "38640 Goslar", "63450 Hanau"}))
	case "NL":
		return fmt.Sprintf("%s %d, %s", pick(r, []string{"Waalhaven Zuidzijde", "Botlekweg", "Europaweg"}), n, pick(r, []string{"3089 JH Rotterdam", "3197 KG Botlek Rotterdam"}))
	case "BE":
		return fmt.Sprintf("Haven %d, 2030 Antwerpen", n)
	case "FR":
		return fmt.Sprintf("%d rue de l'Industrie, %s", n%80+1, pick(r, []string{"69007 Lyon", "57000 Metz", "87000 Limoges"}))
	case "IT":
		return fmt.Sprintf("Via dell'Industria %d, %s", n%90+1, pick(r, []string{"20090 Milano", "41049 Sassuolo (MO)", "30175 Venezia"}))
	case "GB":
		return fmt.Sprintf("Unit %d, %s", n%40+1, pick(r, []string{"Riverside Industrial Estate, Sheffield S9 1XH", "Trafford Park, Manchester M17 1AA", "Harbour Road, Southampton SO14 3QN"}))
	case "PL":
		return fmt.Sprintf("ul. Przemysłowa %d, %s", n%60+1, pick(r, []string{"40-101 Katowice", "80-001 Gdańsk"}))
	case "ES":
		return fmt.Sprintf("Polígono Industrial %s, nave %d, %s", pick(r, []string{"El Bayo", "Sur"}), n%50+1, pick(r, []string{"12200 Onda (Castellón)", "48950 Erandio"}))
	case "SE":
		return fmt.Sprintf("Industrigatan %d, 811 81 Sandviken", n%50+1)
	case "US":
		return fmt.Sprintf("%d %s", n*10, pick(r, []string{"Industrial Pkwy, Pittsburgh, PA 15222", "Commerce Dr, Troy, MI 48083", "W Harbor Blvd, Long Beach, CA 90802", "Technology Way, Austin, TX 78744", "Enterprise Ave, Columbus, OH 43219", "Port Rd, Savannah, GA 31408"}))
	case "CA":
		return fmt.Sprintf("%d %s", n*5, pick(r, []string{"Boul. Industriel, Laval, QC H7L 4S3", "Annacis Pkwy, Delta, BC V3M 6Y2"}))
	case "AU":
		return fmt.Sprintf("%d Kewdale Rd, Welshpool WA 6106", n%200+1)
	case "MX":
		return fmt.Sprintf("Av. Industrias %d, Parque Industrial, %s", n, pick(r, []string{"78395 San Luis Potosí, S.L.P.", "66600 Apodaca, N.L.", "28200 Manzanillo, Col."}))
	case "BR":
		return fmt.Sprintf("Rua das Indústrias, %d, %s", n, pick(r, []string{"Santo André - SP, 09210-000", "Joinville - SC, 89219-500"}))
	case "JP":
		if r.P(0.5) {
			return pick(r, []string{"東京都港区芝浦", "神奈川県川崎市川崎区扇町", "大阪府堺市西区築港新町", "愛知県名古屋市港区潮見町", "茨城県日立市白銀町"}) + fmt.Sprintf("%d-%d-%d", r.I(1, 5), r.I(1, 20), r.I(1, 30))
		}
		return fmt.Sprintf("%d-%d-%d %s", r.I(1, 5), r.I(1, 20), r.I(1, 30), pick(r, []string{"Shibaura, Minato-ku, Tokyo 108-0023", "Ogimachi, Kawasaki-ku, Kawasaki 210-0867", "Chikko Shinmachi, Nishi-ku, Sakai 592-8331", "Shiomi-cho, Minato-ku, Nagoya 455-0028"}))
	case "KR":
		if r.P(0.5) {
			return pick(r, []string{"서울특별시 강남구 테헤란로 ", "경기도 평택시 포승읍 평택항로 ", "울산광역시 남구 산업로 ", "충청북도 청주시 흥덕구 오송읍 "}) + fmt.Sprint(n)
		}
		return fmt.Sprintf("%d %s", n, pick(r, []string{"Teheran-ro, Gangnam-gu, Seoul", "Sanup-ro, Nam-gu, Ulsan", "Pyeongtaekhang-ro, Poseung-eup, Pyeongtaek-si, Gyeonggi-do"}))
	case "VN":
		return pick(r, []string{"Lô C5, KCN Đình Vũ, P. Đông Hải 2, Q. Hải An, Hải Phòng", "Số 12 Đường số 7, KCN Tân Tạo, Q. Bình Tân, TP. Hồ Chí Minh", "Lot CN3, Nam Dinh Vu IZ, Hai Phong", "KCN Yên Phong, Bắc Ninh", "Road 2, Nhon Trach 3 IZ, Dong Nai"})
	case "TH":
		return fmt.Sprintf("%d/%d %s", n, r.I(1, 20), pick(r, []string{"Moo 4, Amata City Industrial Estate, Chonburi 20000", "หมู่ 2 นิคมอุตสาหกรรมเหมราชอีสเทิร์นซีบอร์ด ระยอง 21140", "Soi Sukhumvit 71, Bangkok 10110"}))
	case "MY":
		return fmt.Sprintf("Lot %d, %s", n, pick(r, []string{"Jalan Perindustrian 3, Kawasan Perindustrian Pulau Indah, 42920 Port Klang, Selangor", "Jalan Tampoi 7/4, 81200 Johor Bahru, Johor"}))
	case "SG":
		return fmt.Sprintf("%d Tuas Avenue %d, Singapore 63%04d", n%80+1, r.I(1, 20), r.I(0, 9999))
	case "ID":
		return fmt.Sprintf("Jl. Industri Raya Blok %s No. %d, Cikarang, Bekasi 17530", upper(r, 1), n%90+1)
	case "IN":
		return fmt.Sprintf("Plot No. %d, %s", n, pick(r, []string{"GIDC Estate, Ankleshwar, Gujarat 393002", "MIDC Taloja, Navi Mumbai 410208", "Peenya Industrial Area, Bengaluru 560058"}))
	case "AE":
		return fmt.Sprintf(pick(r, []string{"Office %d, JAFZA One, Jebel Ali Free Zone, Dubai", "Unit %d, Jumeirah Bay X2, JLT, Dubai", "Warehouse %d, Al Quoz Industrial Area 3, Dubai", "Office %d, SAIF Zone, Sharjah"}), n)
	case "TR":
		return fmt.Sprintf("Organize Sanayi Bölgesi %d. Cad. No:%d, %s", r.I(1, 12), n%90+1, pick(r, []string{"Gebze/Kocaeli", "Kemalpaşa/İzmir", "Selçuklu/Konya"}))
	case "RU":
		if r.P(0.5) {
			return fmt.Sprintf("%s, д. %d", pick(r, []string{"г. Екатеринбург, ул. Фронтовых бригад", "г. Новосибирск, ул. Станционная", "г. Владивосток, ул. Калинина"}), n%100+1)
		}
		return fmt.Sprintf("ul. %s %d, %s", pick(r, []string{"Frontovykh Brigad", "Stantsionnaya", "Kalinina"}), n%100+1, pick(r, []string{"Yekaterinburg", "Novosibirsk", "Vladivostok"}))
	case "KZ":
		return fmt.Sprintf("г. Алматы, ул. Тимирязева, %d", n%100+1)
	case "TW":
		if r.P(0.5) {
			return fmt.Sprintf("%s%d號", pick(r, []string{"新竹市東區力行路", "高雄市前鎮區成功二路", "臺南市新市區南科三路"}), n%200+1)
		}
		return fmt.Sprintf("No. %d, %s", n%200+1, pick(r, []string{"Lixing Rd., East Dist., Hsinchu City", "Chenggong 2nd Rd., Qianzhen Dist., Kaohsiung"}))
	case "HK":
		if r.P(0.5) {
			return fmt.Sprintf("香港九龍觀塘巧明街%d號%d樓%s室", n%120+1, r.I(3, 28), upper(r, 1))
		}
		return fmt.Sprintf("Flat %s, %d/F, %s", upper(r, 1), r.I(3, 28), pick(r, []string{"Kwun Tong Road, Kowloon, Hong Kong", "Hung To Road, Kwun Tong, Kowloon", "Des Voeux Road Central, Hong Kong"}))
	}
	return "N/A"
}

func foreignPhone(r *R, cc string) string {
	switch cc {
	case "US", "CA":
		return fmt.Sprintf("+1 (%d) 555-01%02d", r.I(201, 989), r.I(0, 99))
	case "DE":
		return "+49 " + pick(r, []string{"211", "40", "201", "89", "5321"}) + " " + digits(r, 7)
	case "JP":
		return "+81 " + pick(r, []string{"3", "44", "72", "52", "294"}) + "-" + digits(r, 4) + "-" + digits(r, 4)
	case "KR":
		return "+82 " + pick(r, []string{"2", "31", "52", "43"}) + "-" + digits(r, 3) + "-" + digits(r, 4)
	case "VN":
		return "+84 " + pick(r, []string{"225", "28", "222", "251"}) + " " + digits(r, 4) + " " + digits(r, 3)
	case "TH":
		return "+66 " + pick(r, []string{"2", "38"}) + " " + digits(r, 3) + " " + digits(r, 4)
	case "AE":
		return "+971 4 " + digits(r, 3) + " " + digits(r, 4)
	case "TR":
		return "+90 " + pick(r, []string{"262", "232", "332"}) + " " + digits(r, 3) + " " + digits(r, 2) + " " + digits(r, 2)
	case "RU":
		return "+7 " + pick(r, []string{"343", "383", "423"}) + " " + digits(r, 3) + "-" + digits(r, 2) + "-" + digits(r, 2)
	case "HK":
		return "+852 " + digits(r, 4) + " " + digits(r, 4)
	case "TW":
		return "+886 " + pick(r, []string{"3", "7", "6"}) + "-" + digits(r, 7)
	case "MY":
		return "+60 3-" + digits(r, 4) + " " + digits(r, 4)
	case "IN":
		return "+91 " + digits(r, 5) + " " + digits(r, 5)
	case "MX":
		return "+52 " + pick(r, []string{"444", "81", "314"}) + " " + digits(r, 3) + " " + digits(r, 4)
	}
	return "+" + fmt.Sprint(r.I(30, 99)) + " " + digits(r, 9)
}

func foreignRegistry(r *R, cc string) string {
	switch cc {
	case "DE":
		return "HRB " + digits(r, 5)
	case "JP":
		return digits(r, 13)
	case "KR":
		return digits(r, 3) + "-" + digits(r, 2) + "-" + digits(r, 5)
	case "VN":
		return "MST " + "0" + digits(r, 9)
	case "US":
		return "EIN " + digits(r, 2) + "-" + digits(r, 7)
	case "AE":
		return pick(r, []string{"JAFZA-", "DMCC-", "SAIF-"}) + digits(r, 6)
	case "RU":
		return "ИНН " + digits(r, 10)
	case "IN":
		return "CIN U" + digits(r, 5) + pick(r, []string{"GJ", "MH", "KA"}) + "20" + digits(r, 2) + "PTC" + digits(r, 6)
	case "GB":
		return "Company No. " + digits(r, 8)
	case "NL":
		return "KvK " + digits(r, 8)
	case "TR":
		return "Vergi No " + digits(r, 10)
	case "MY":
		return digits(r, 12) + " (" + digits(r, 7) + "-" + upper(r, 1) + ")"
	case "HK":
		return "CR No. " + digits(r, 7)
	case "TW":
		return "統一編號 " + digits(r, 8)
	}
	if r.P(0.5) {
		return ""
	}
	return digits(r, 9)
}

func emailFor(r *R, name string, cc string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(name) {
		if c >= 'a' && c <= 'z' {
			b.WriteRune(c)
		}
		if b.Len() >= 14 {
			break
		}
	}
	dom := b.String()
	if len(dom) < 4 {
		dom = "trade" + digits(r, 3)
	}
	tld := map[string]string{"DE": "de", "JP": "co.jp", "KR": "co.kr", "VN": "com.vn", "TH": "co.th", "AE": "ae", "TR": "com.tr", "RU": "ru", "GB": "co.uk", "NL": "nl", "FR": "fr", "IT": "it", "PL": "pl", "IN": "in", "MY": "com.my", "HK": "com.hk", "TW": "com.tw", "MX": "com.mx", "BR": "com.br"}[cc]
	if tld == "" {
		tld = "com"
	}
	return pick(r, []string{"sales", "info", "purchasing", "trade", "import", "procurement"}) + "@" + dom + "." + tld
}
