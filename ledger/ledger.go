// Package ledger writes the monthly ledgers (台账) inspectors ask a school
// for — 报修台账, 赔偿台账, 来访登记簿, 留样记录, 陪餐记录, and the safety
// ledgers 隐患排查整改台账, 安全检查记录 and 消防器材台账 — as Excel workbooks
// in the layout a paper ledger has: a title row with the school and month,
// Chinese column headers, one row per record.
//
// Rows are streamed from the database cursor straight into the workbook's
// compressed sheet (see xlsx.go), so memory stays flat however many rows a
// month holds.
package ledger

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/canteen"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/flows/visit"
)

// Kind is one ledger.
type Kind string

// The ledgers, by their command-line keys.
const (
	Repairs Kind = "repairs" // 报修台账
	Damage  Kind = "damage"  // 赔偿台账: repairs of damage caused by people, by class/room
	Visits  Kind = "visits"  // 来访登记簿
	Samples Kind = "samples" // 留样记录
	Meals   Kind = "meals"   // 陪餐记录

	Hazards   Kind = "hazards"   // 隐患排查整改台账
	Checks    Kind = "checks"    // 安全检查记录
	Equipment Kind = "equipment" // 消防器材台账: the equipment register with expiry
)

// Kinds lists every ledger in the order the digest page offers them.
var Kinds = []Kind{Repairs, Damage, Visits, Samples, Meals}

// SafetyKinds lists the safety ledgers, which the monthly safety report
// (安全月报) page offers.
var SafetyKinds = []Kind{Hazards, Checks, Equipment}

// Title is the ledger's Chinese name.
func (k Kind) Title() string {
	switch k {
	case Repairs:
		return "报修台账"
	case Damage:
		return "赔偿台账"
	case Visits:
		return "来访登记簿"
	case Samples:
		return "留样记录"
	case Meals:
		return "陪餐记录"
	case Hazards:
		return "隐患排查整改台账"
	case Checks:
		return "安全检查记录"
	case Equipment:
		return "消防器材台账"
	}
	return string(k)
}

// ParseKind reads a ledger key.
func ParseKind(s string) (Kind, error) {
	for _, k := range append(Kinds, SafetyKinds...) {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown ledger %q (ledgers: repairs, damage, visits, samples, meals, hazards, checks, equipment)", s)
}

// Source reads the records of a ledger, streaming.
type Source interface {
	// EachRepair calls fn for each of a school's repairs reported in [from,
	// to), in report order. With damageOnly it is instead the repairs found
	// to be damage caused by people (cause "damage") completed in [from,
	// to), ordered by location then time. LocationName carries the class
	// (the location's first alias) in brackets when there is one.
	EachRepair(ctx context.Context, schoolID int64, from, to time.Time, damageOnly bool, fn func(repair.Repair) error) error
	// EachVisit calls fn for each of a school's visits that arrived in
	// [from, to), in arrival order. The visits carry the masked ID number
	// only: IDCipher and IDHash are empty.
	EachVisit(ctx context.Context, schoolID int64, from, to time.Time, fn func(visit.Visit) error) error
	// EachSampleBatch calls fn for each of a school's sample batches of the
	// days from's date up to to's date, by day, meal and storage time,
	// with their dishes.
	EachSampleBatch(ctx context.Context, schoolID int64, from, to time.Time, fn func(canteen.SampleBatch) error) error
	// EachAccompaniedMeal calls fn for each of a school's 陪餐 records of the
	// days from's date up to to's date, by day, meal and recording time.
	EachAccompaniedMeal(ctx context.Context, schoolID int64, from, to time.Time, fn func(canteen.AccompaniedMeal) error) error
	InspectionSource
}

// Month returns the first instant of the local month "YYYY-MM" in loc.
func Month(s string, loc *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01", s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("month %q: want YYYY-MM", s)
	}
	return t, nil
}

// FileName is the suggested file name: 一中-报修台账-2026-11.xlsx.
func FileName(s flows.School, k Kind, month time.Time) string {
	return s.Name + "-" + k.Title() + "-" + month.Format("2006-01") + ".xlsx"
}

// column is one ledger column: header and width in characters.
type column struct {
	header string
	width  float64
}

var repairColumns = []column{
	{"序号", 6}, {"报修单号", 17}, {"报修时间", 17}, {"报修人", 9}, {"地点", 22}, {"工种", 8},
	{"报修内容", 30}, {"紧急/大修/小修", 9}, {"完成期限", 17}, {"维修人员", 9}, {"完成时间", 17},
	{"是否按期", 9}, {"状态", 14}, {"损坏原因", 20}, {"验收时间", 17}, {"评分", 6}, {"返修次数", 9},
	{"照片", 22},
}

var damageColumns = []column{
	{"序号", 6}, {"班级/房间", 24}, {"报修单号", 17}, {"报修时间", 17}, {"损坏物品", 14}, {"损坏情况", 30},
	{"责任说明", 30}, {"维修人员", 9}, {"完成时间", 17}, {"赔偿情况", 16},
}

var visitColumns = []column{
	{"序号", 6}, {"来访时间", 17}, {"离校时间", 17}, {"姓名", 9}, {"证件类型", 11}, {"证件号码", 21},
	{"电话", 13}, {"单位", 18}, {"事由", 20}, {"被访人", 9}, {"人数", 6}, {"车牌", 11},
	{"确认结果", 30}, {"门卫", 9}, {"备注", 20},
}

// sampleColumns: one row per dish, the batch's details repeated on each.
var sampleColumns = []column{
	{"序号", 6}, {"日期", 11}, {"餐次", 6}, {"菜品", 16}, {"重量(克)", 9}, {"冷藏温度(℃)", 12},
	{"留样时间", 17}, {"留样人", 9}, {"最早处理时间", 17}, {"处理时间", 17}, {"处理人", 9}, {"违规说明", 30},
}

var mealColumns = []column{
	{"序号", 6}, {"日期", 11}, {"餐次", 6}, {"陪餐领导", 10}, {"菜品", 24}, {"口味", 6}, {"份量", 6},
	{"卫生", 6}, {"意见", 30}, {"是否转总务处", 12}, {"记录时间", 17},
}

func columns(k Kind) []column {
	switch k {
	case Damage:
		return damageColumns
	case Visits:
		return visitColumns
	case Samples:
		return sampleColumns
	case Meals:
		return mealColumns
	case Hazards:
		return hazardColumns
	case Checks:
		return checkColumns
	case Equipment:
		return equipmentColumns
	}
	return repairColumns
}

// Options change what a ledger links to.
type Options struct {
	// JobURL is the absolute URL of a repair's job page (/r/{ref}), where
	// its photos are: the 报修台账's 照片 column links there. nil: the
	// column names the photos and the page's path.
	JobURL func(ref string) string
}

// Write writes a school's ledger of the month starting at month to w and
// returns the number of record rows (for 留样记录, dishes). The workbook is
// written to w as the rows are read, so after an error w holds part of
// one: callers write to a temporary file or a buffer.
func Write(ctx context.Context, w io.Writer, src Source, s flows.School, k Kind, month time.Time) (int, error) {
	return WriteWith(ctx, w, src, s, k, month, Options{})
}

// WriteWith is Write with options.
func WriteWith(ctx context.Context, w io.Writer, src Source, s flows.School, k Kind, month time.Time, o Options) (int, error) {
	title := fmt.Sprintf("%s %s（%d年%d月）", s.Name, k.Title(), month.Year(), month.Month())
	return write(ctx, w, src, title, []flows.School{s}, false, k, month, o)
}

// WriteDistrict writes one workbook of a ledger of a month for several
// schools (a district's, flows.DistrictSchools), school by school in the
// order given, with a 学校 column after the 序号, which runs on across
// them. Each school's month is its own zone's. name heads the title (「某区
// 教育局」); it returns the number of record rows. A ledger that is not
// ForDistrict is refused.
func WriteDistrict(ctx context.Context, w io.Writer, src Source, name string, schools []flows.School, k Kind, month time.Time, o Options) (int, error) {
	if !k.ForDistrict() {
		return 0, fmt.Errorf("ledger: %s is each school's own, not the district's", k.Title())
	}
	title := fmt.Sprintf("%s %s（%d年%d月，%d 所学校）", name, k.Title(), month.Year(), month.Month(), len(schools))
	return write(ctx, w, src, title, schools, true, k, month, o)
}

// ForDistrict reports whether a district may have ledger k of all its
// schools. The 来访登记簿 stays with each school: visitors' names and
// phone numbers are collected for the school's gate, and the district's
// view counts visitors without them (personal data kept to the purpose
// it was collected for).
func (k Kind) ForDistrict() bool { return k != Visits }

// DistrictFileName is the suggested file name of a district's ledger.
func DistrictFileName(name string, k Kind, month time.Time) string {
	return name + "-全区" + k.Title() + "-" + month.Format("2006-01") + ".xlsx"
}

// write writes the ledger k of month for schools under title; withSchool
// adds the 学校 column.
func write(ctx context.Context, w io.Writer, src Source, title string, schools []flows.School, withSchool bool, k Kind, month time.Time, o Options) (int, error) {
	if _, err := ParseKind(string(k)); err != nil {
		return 0, err
	}
	cols := columns(k)
	if withSchool {
		cols = append([]column{cols[0], {"学校", 16}}, cols[1:]...)
	}
	// Freeze the title and the header: they stay in view while scrolling.
	b, err := newBook(w, k.Title(), title, cols, 2)
	if err != nil {
		return 0, err
	}
	st := b.st
	hdr := make([]any, len(cols))
	for i, c := range cols {
		hdr[i] = excelize.Cell{StyleID: st.header, Value: c.header}
	}
	if err := b.add(hdr, excelize.RowOpts{Height: 22}); err != nil {
		return 0, err
	}
	n := 0
	row := make([]any, len(cols))
	for _, s := range schools {
		// put writes the next record row: n is its 序号, vals the other cells.
		put := func(vals ...any) error {
			n++
			lead := []any{n}
			if withSchool {
				lead = append(lead, text(s.Name, st))
			}
			putRow(row, append(lead, vals...), st)
			return b.add(row)
		}
		if err := writeSchool(ctx, src, s, k, month, o, put, st); err != nil {
			return n, err
		}
	}
	return n, b.finish(w)
}

// writeSchool puts the rows of one school's ledger k of month.
func writeSchool(ctx context.Context, src Source, s flows.School, k Kind, month time.Time, o Options, put func(...any) error, st styles) error {
	loc := s.Location()
	from := time.Date(month.Year(), month.Month(), 1, 0, 0, 0, 0, loc)
	to := from.AddDate(0, 1, 0)
	switch k {
	case Repairs, Damage:
		return src.EachRepair(ctx, s.ID, from, to, k == Damage, func(r repair.Repair) error {
			if k == Damage {
				return put(damageRow(r, loc, st)...)
			}
			return put(append(repairRow(r, loc, st), repairPhotos(r, o.JobURL, st))...)
		})
	case Visits:
		return src.EachVisit(ctx, s.ID, from, to, func(v visit.Visit) error { return put(visitRow(v, loc, st)...) })
	case Samples:
		return src.EachSampleBatch(ctx, s.ID, from, to, func(b canteen.SampleBatch) error {
			items := b.Items
			if len(items) == 0 {
				items = []canteen.SampleItem{{}}
			}
			for _, it := range items {
				if err := put(sampleRow(b, it, loc, st)...); err != nil {
					return err
				}
			}
			return nil
		})
	case Meals:
		return src.EachAccompaniedMeal(ctx, s.ID, from, to, func(a canteen.AccompaniedMeal) error { return put(mealRow(a, loc, st)...) })
	case Hazards, Checks, Equipment:
		return writeSafety(ctx, src, s, k, from, to, put, st)
	}
	return nil
}

type styles struct{ title, header, date, day, text, link int }

// local turns an instant into a cell showing the school's wall-clock time:
// Excel dates have no zone, and excelize reads a time.Time as UTC.
func local(t time.Time, loc *time.Location, st styles) any {
	if t.IsZero() {
		return excelize.Cell{StyleID: st.text, Value: ""}
	}
	l := t.In(loc)
	return excelize.Cell{StyleID: st.date, Value: time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)}
}

// civilDay turns a civil date (a day at UTC midnight, as the store returns
// a date column) into a date-only cell.
func civilDay(d time.Time, st styles) any {
	if d.IsZero() {
		return excelize.Cell{StyleID: st.text, Value: ""}
	}
	return excelize.Cell{StyleID: st.day, Value: time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)}
}

func text(v any, st styles) any { return excelize.Cell{StyleID: st.text, Value: v} }

// putRow fills row with vals, giving plain values the text style.
func putRow(row []any, vals []any, st styles) {
	for i, v := range vals {
		if _, ok := v.(excelize.Cell); !ok {
			v = text(v, st)
		}
		row[i] = v
	}
}

func repairRow(r repair.Repair, loc *time.Location, st styles) []any {
	onTime := ""
	switch {
	case !r.DoneAt.IsZero() && !r.DoneAt.After(r.DueAt):
		onTime = "按期"
	case !r.DoneAt.IsZero():
		onTime = "超期"
	case r.Status.Open():
		onTime = "未完成"
	}
	cause := r.Cause.Label()
	if r.Cause == repair.CauseDamage && r.DamageNote != "" {
		cause += "：" + r.DamageNote
	}
	rating := ""
	if r.Rating > 0 {
		rating = strconv.Itoa(r.Rating)
	}
	desc := r.Description
	if r.Item != "" && r.Item != r.Description {
		desc = r.Item + "：" + r.Description
	}
	return []any{r.Ref, local(r.ReportedAt, loc, st), r.ReporterName, r.Place(), r.Trade.Label(), desc, r.Severity(),
		local(r.DueAt, loc, st), r.WorkerName, local(r.DoneAt, loc, st), onTime, r.Status.Label(), cause,
		local(r.ClosedAt, loc, st), rating, r.Reopens}
}

func damageRow(r repair.Repair, loc *time.Location, st styles) []any {
	item := r.Item
	if item == "" {
		item = r.Trade.Label()
	}
	// 赔偿情况 is left blank for the school to fill in by hand: houqin
	// records the damage, not what the family paid.
	return []any{r.Place(), r.Ref, local(r.ReportedAt, loc, st), item, r.Description, r.DamageNote,
		r.WorkerName, local(r.DoneAt, loc, st), ""}
}

// visitRow is a visit as the 来访登记簿 lists it: its 确认结果 is the
// decision as recorded, led for a visitor kept at the gate (留在门卫) by
// that status, never among the refusals. The ID number is the
// masked one the store keeps for display, and the phone is masked here:
// the ledger travels (printed, e-mailed to inspectors), so it carries no
// more personal data than the gate's own screens show.
func visitRow(v visit.Visit, loc *time.Location, st styles) []any {
	phone := ""
	if v.Phone != "" {
		phone = visit.MaskPhone(v.Phone)
	}
	purpose := v.Purpose
	if v.PurposeNote != "" && v.PurposeNote != v.Purpose {
		purpose += "（" + v.PurposeNote + "）"
	}
	result := v.Decision
	switch {
	case v.Status == visit.VisitKept && result != "":
		// 留在门卫 is said first, so the column reads the same for every
		// visitor kept at the gate (an inspector filters on it), apart from
		// 未获同意 (a refusal) and 同意 (a visitor let in).
		result = v.Status.Label() + "（" + result + "）"
	case result != "":
	case v.Status == visit.VisitLeft && v.DecidedAt.IsZero():
		result = "未经确认即离开"
	default:
		result = v.Status.Label()
	}
	var notes []string
	if v.InsideAtClose {
		notes = append(notes, "闭校时仍在校")
	}
	if v.WatchNote != "" {
		notes = append(notes, "关注名单："+v.WatchNote)
	}
	if !v.PurgedAt.IsZero() {
		notes = append(notes, "个人信息已过保留期删除")
	}
	return []any{local(v.ArrivedAt, loc, st), local(v.LeftAt, loc, st), v.Name, v.IDType.Label(), v.IDMasked,
		phone, v.Org, purpose, v.HostName, v.Party, v.Plate, result, v.GuardName, strings.Join(notes, "；")}
}

// sampleRow is one dish of a batch as the 留样记录 lists it.
func sampleRow(b canteen.SampleBatch, it canteen.SampleItem, loc *time.Location, st styles) []any {
	grams := any("")
	if it.Grams > 0 {
		grams = it.Grams
	}
	violation := b.ViolationReason
	if b.DisposedEarly {
		// Thrown away before its retention time, as the cook said.
		early := "提前处理：未到最早处理时间就已倒掉（违反留样保存时间规定）"
		if violation != "" {
			violation += "；"
		}
		violation += early
	}
	if len(b.MissingDishes) > 0 {
		missing := "未留样：" + strings.Join(b.MissingDishes, "、")
		if violation != "" {
			violation += "；"
		}
		violation += missing
	}
	return []any{civilDay(b.Day, st), flows.MealLabel(b.Meal), it.Dish, grams,
		fridgeCell(b, loc), local(b.StoredAt, loc, st), b.StaffName,
		local(b.DisposeAfter, loc, st), disposalCell(b, loc, st), b.DisposedByName, violation}
}

// disposalCell is a batch's 处理时间: the time, or, for a disposal told
// late (migration 00053), the time as the cook said it and when it was
// entered (「11月22日下午（12月2日 11:11 补记）」), never the moment of entry
// as the disposal's.
func disposalCell(b canteen.SampleBatch, loc *time.Location, st styles) any {
	if b.DisposalEnteredAt.IsZero() {
		return local(b.DisposedAt, loc, st)
	}
	said := b.DisposalSaid
	if said == "" {
		said = "未说明具体时间"
	}
	return excelize.Cell{StyleID: st.text, Value: fmt.Sprintf("%s（%s 补记）", said, b.DisposalEnteredAt.In(loc).Format("1月2日 15:04"))}
}

// fridgeCell is a batch's 冷藏温度: as read when it was stored, and, when
// the samples were moved to another fridge, that fridge's with the time
// (「3.0（11月20日 15:50 移至 4.5℃ 的冰箱）」).
func fridgeCell(b canteen.SampleBatch, loc *time.Location) string {
	s := strconv.FormatFloat(b.FridgeC, 'f', 1, 64)
	if !b.MovedAt.IsZero() {
		m := b.MovedAt.In(loc)
		s += fmt.Sprintf("（%d月%d日 %02d:%02d 移至 %s℃ 的冰箱）", m.Month(), m.Day(), m.Hour(), m.Minute(), strconv.FormatFloat(b.MovedC, 'f', 1, 64))
	}
	return s
}

// mealRow is a 陪餐 record as the 陪餐记录 lists it; scores are out of 5.
func mealRow(a canteen.AccompaniedMeal, loc *time.Location, st styles) []any {
	issue := "否"
	if a.Issue {
		issue = "是"
	}
	return []any{civilDay(a.Day, st), flows.MealLabel(a.Meal), a.StaffName, strings.Join(a.Dishes, "、"),
		a.Taste, a.Portion, a.Hygiene, a.Note, issue, local(a.RecordedAt, loc, st)}
}
