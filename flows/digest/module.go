package digest

import "github.com/houqin/houqin/flows"

// Module is the morning digest to the principal, the 分管领导 and the
// 总务主任, and today's so far when they ask (今天, 日报, 今天怎么样); link
// makes the signed page link for each recipient. At the district office
// (Settings.DistrictOffice) the morning digest is the district view, with
// district's link.
func Module(link DigestLink, district DistrictLink) flows.Module {
	return flows.Module{Name: "digest", Flows: []flows.Flow{Today{link: link, district: district}, Ledgers{link: link}}, Jobs: []flows.Job{{Name: "digest", Run: func(t *flows.Turn) error { return digestTick(t, link, district) }}},
		Topics: map[string]string{flows.KindArea(Kind): "每日汇总"}}
}
