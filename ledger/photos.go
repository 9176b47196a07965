package ledger

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/houqin/houqin/flows/repair"
)

// repairPhotos is the 报修台账's 照片 cell: which photos the repair has (报修照片,
// 完工照片), linking to its job page, where whoever may see the repair sees
// them (the link carries no signature: a ledger is printed and e-mailed,
// and opening the page needs the reader's own identity).
func repairPhotos(r repair.Repair, jobURL func(string) string, st styles) any {
	var has []string
	if r.Photo != "" {
		has = append(has, "报修照片")
	}
	if r.DonePhoto != "" {
		has = append(has, "完工照片")
	}
	if len(has) == 0 {
		return ""
	}
	label := strings.Join(has, "、")
	if jobURL == nil {
		return label + "（见 /r/" + r.Ref + "）"
	}
	u := jobURL(r.Ref)
	if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return label + "（见 /r/" + r.Ref + "）"
	}
	return excelize.Cell{StyleID: st.link, Formula: `HYPERLINK("` + strings.ReplaceAll(u, `"`, `""`) + `","` + label + `")`, Value: label}
}
