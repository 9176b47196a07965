package ledger_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/inspection"
	"github.com/houqin/houqin/ledger"
	"github.com/houqin/houqin/store/storetest"
)

func openSheet(t *testing.T, b []byte, sheet string) (*excelize.File, [][]string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return f, rows
}

func TestSafetyLedgers(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	storetest.SafetySeed(t, db, s)
	for _, c := range []struct {
		kind   ledger.Kind
		rows   int
		header []string
		check  map[int][]string  // record row (1-based) → its first cells
		links  map[string]string // cell → the URL its HYPERLINK formula opens
	}{
		{ledger.Hazards, 3,
			[]string{"序号", "隐患编号", "发现时间", "地点", "来源", "隐患描述", "现场照片", "等级", "发现人", "整改责任人", "整改期限",
				"整改完成时间", "整改说明", "整改照片", "是否按期", "复查人", "复查时间", "状态", "关联报修单"},
			map[int][]string{
				1: {"1", "YH-20261110-001", "2026-11-10 16:00", "教学楼303（初二(4)班）", "发现隐患（随时上报）", "窗户玻璃裂了", "有（编号 wx-media-10）",
					"一般", "王老师", "陈主任", "2026-11-10 21:00", "2026-11-11 09:30", "", "有（编号 wx-media-11）", "超期", "", "", "已整改·待复查"},
				2: {"2", "YH-20261125-001", "2026-11-25 10:20", "教学楼302（初二(3)班）", "消防器材月检 第5项", "安全出口堆了杂物", "查看照片",
					"较大", "陈主任", "李老师", "2026-11-25 21:00", "2026-11-25 18:00", "杂物已清走", "查看照片", "按期", "陈主任", "2026-11-25 19:00", "已复查·闭环"},
				3: {"3", "YH-20261129-001", "2026-11-29 19:50", "实验楼二楼男厕所", "每日校园巡查 第4项", "电线裸露", "有（编号 wx-media-29）",
					"重大", "老郑", "孙师傅", "2026-11-30 07:30", "", "", "", "未整改", "", "", "待整改"},
			},
			map[string]string{"G4": "https://img.example.edu.cn/yh/25-1.jpg", "N4": "https://img.example.edu.cn/yh/25-1-fixed.jpg"}},
		{ledger.Checks, 1 + 6 + 5 + 5,
			[]string{"序号", "日期", "检查项目", "检查时段", "地点", "检查内容", "结果", "隐患编号", "隐患情况", "照片", "检查人", "完成时间"},
			map[int][]string{
				1:  {"1", "2026-11-25", "消防器材月检", "11月1日–11月30日", "", "灭火器压力指针在绿区、铅封和喷管完好", "正常", "", "", "", "陈主任", "2026-11-25 10:30"},
				5:  {"5", "2026-11-25", "消防器材月检", "11月1日–11月30日", "教学楼302（初二(3)班）", "安全出口和疏散通道畅通、未上锁", "有隐患", "YH-20261125-001", "安全出口堆了杂物", "查看照片", "陈主任"},
				15: {"15", "2026-11-29", "每日校园巡查", "11月29日", "实验楼二楼男厕所", "校园内无积水、坠物、破损等安全隐患", "有隐患", "YH-20261129-001", "电线裸露", "有（编号 wx-media-29）", "老郑"},
				17: {"17", "2026-11-30", "每日校园巡查", "11月30日", "", "", "漏检", "", "", "", "", ""},
			},
			map[string]string{"J7": "https://img.example.edu.cn/yh/25-1.jpg"}},
		{ledger.Equipment, 4,
			[]string{"序号", "器材", "编号", "位置", "有效期至", "剩余天数", "状态"},
			map[int][]string{
				1: {"1", "灭火器", "SY-201", "实验楼二楼男厕所", "2026-11-10", "-20", "已过期"},
				2: {"2", "灭火器", "JX-302", "教学楼302", "2026-12-15", "15", "30 天内到期"},
				3: {"3", "灭火器", "JX-101", "教学楼一楼走廊", "2027-06-30", "212", "正常"},
				4: {"4", "应急灯", "YJ-1", "楼梯口", "长期", "", "无有效期"},
			}, nil},
	} {
		t.Run(string(c.kind), func(t *testing.T) {
			var buf bytes.Buffer
			n, err := ledger.Write(ctx, &buf, db, s.School, c.kind, storetest.SafetyMonth)
			if err != nil {
				t.Fatal(err)
			}
			if n != c.rows {
				t.Errorf("Write reported %d rows, want %d", n, c.rows)
			}
			f, rows := openSheet(t, buf.Bytes(), c.kind.Title())
			if len(rows) != 2+c.rows {
				t.Fatalf("%d rows, want title + header + %d", len(rows), c.rows)
			}
			if want := "一中 " + c.kind.Title() + "（2026年11月）"; rows[0][0] != want {
				t.Errorf("title %q, want %q", rows[0][0], want)
			}
			if strings.Join(rows[1], "|") != strings.Join(c.header, "|") {
				t.Errorf("header\n%q\nwant\n%q", rows[1], c.header)
			}
			for i, want := range c.check {
				for j, v := range want {
					if at(rows[1+i], j) != v {
						t.Errorf("row %d column %s = %q, want %q", i, c.header[j], at(rows[1+i], j), v)
					}
				}
			}
			for cell, url := range c.links {
				formula, err := f.GetCellFormula(c.kind.Title(), cell)
				if err != nil || !strings.Contains(formula, `HYPERLINK("`+url+`"`) {
					t.Errorf("%s formula %q, %v; want a link to %s", cell, formula, err, url)
				}
			}
		})
	}
}

func TestSafetyReportWorkbook(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	storetest.SafetySeed(t, db, s)
	r, err := inspection.BuildReport(ctx, db, s.School, storetest.SafetyMonth, storetest.SafetyAsOf)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ledger.WriteReport(&buf, r); err != nil {
		t.Fatal(err)
	}
	_, rows := openSheet(t, buf.Bytes(), "安全月报")
	var got []string
	for _, row := range rows {
		got = append(got, strings.Join(row, "|"))
	}
	want := []string{
		"一中 安全月报（2026年11月）",
		"数据截至 2026-12-01 07:00",
		"",
		"检查计划|应做|完成|漏检|未完成|完成率",
		"消防器材月检|1|1|0|0|100%",
		"每日校园巡查|3|2|1|0|67%",
		"合计|4|3|1|0|75%",
		"",
		"隐患等级|发现|已闭环",
		"一般|1|0", "较大|1|1", "重大|1|0", "紧急|0|0",
		"合计|3|1",
		"按期整改率|33%|1 / 3",
		"",
		"未闭环隐患（2）|等级|状态|地点|已过天数|发现时间|整改责任人|是否超期",
		"YH-20261110-001 窗户玻璃裂了|一般|已整改·待复查|教学楼303（初二(4)班）|20|2026-11-10 16:00|陈主任|否",
		"YH-20261129-001 电线裸露|重大|待整改|实验楼二楼男厕所|1|2026-11-29 19:50|孙师傅|超期",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("report workbook:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	d, err := inspection.BuildDistrict(ctx, db, []flows.School{s.School}, storetest.SafetyMonth, storetest.SafetyAsOf)
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := ledger.WriteDistrictReport(&buf, d); err != nil {
		t.Fatal(err)
	}
	_, rows = openSheet(t, buf.Bytes(), "安全月报")
	if len(rows) != 4 || strings.Join(rows[3], "|") != "合计|4|3|1|3|1|1|1|0|1|33%|2|1" {
		t.Errorf("district workbook: %q", rows)
	}
}
