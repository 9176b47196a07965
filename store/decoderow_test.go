package store

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
)

// decodeRowByColumn is how a row was decoded before the twin decoder:
// each column by itself from a map of raw messages. The reference
// decodeRows must match.
func decodeRowByColumn(raw []byte, dst any) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return err
	}
	v := reflect.ValueOf(dst).Elem()
	for i := range v.NumField() {
		tag := v.Type().Field(i).Tag.Get("db")
		col, ok := m[tag]
		if tag == "" || !ok || string(col) == "null" {
			continue
		}
		f := v.Field(i)
		if f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.Uint8 {
			f.SetBytes(append([]byte(nil), col...))
			continue
		}
		if err := json.Unmarshal(col, f.Addr().Interface()); err != nil {
			return fmt.Errorf("column %s: %w", tag, err)
		}
	}
	return nil
}

func decodeRowsByColumn[T any](raw []byte) ([]T, error) {
	var raws []json.RawMessage
	if err := json.Unmarshal(raw, &raws); err != nil {
		return nil, err
	}
	out := make([]T, len(raws))
	for i, r := range raws {
		if err := decodeRowByColumn(r, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Rows as PostgreSQL's json_agg writes them: nulls, offsets, escapes.
const repairRowsJSON = `[{"id":1,"school_id":1,"ref":"BX-20261130-001","reporter_id":18,"location_id":3,"trade":"carpentry","item":"课桌","description":"第三排课桌腿断了","photo":"","tier":"small","place_text":"","status":"assigned","worker_id":1,"route_reason":"路由表：全校 → 王师傅（优先级 1，在手 0 单）","reported_at":"2026-11-29T16:41:45.442147+00:00","due_at":"2026-11-29T23:30:00+00:00","accepted_at":null,"done_at":null,"closed_at":null,"done_photo":"","cause":"","damage_note":"","blocked_reason":"","recommendation":"","decision":"","reopens":0,"rating":null,"rating_comment":"","auto_confirmed":false,"location_name":"教学楼103","reporter_name":"教师17","worker_name":"王师傅"},
{"id":2,"school_id":1,"ref":"BX-20261130-002","reporter_id":19,"location_id":4,"trade":"carpentry","item":"门","description":"门锁坏了 \"引号\" \\ 反斜杠 \n换行","photo":"m-1","tier":"urgent","place_text":"后门","status":"accepted","worker_id":null,"route_reason":"","reported_at":"2026-11-29T16:41:45.5+00:00","due_at":"2026-11-30T08:30:00+08:00","accepted_at":"2026-11-30T08:01:02.5+08:00","done_at":null,"closed_at":null,"done_photo":"","cause":"","damage_note":"","blocked_reason":"","recommendation":"","decision":"","reopens":2,"rating":4,"rating_comment":"好","auto_confirmed":true,"location_name":"教学楼104","reporter_name":"教师18","worker_name":""}]`

// A session row as to_jsonb writes it: jsonb columns as JSON values.
var sessionRowsJSON = []string{
	`{"channel":"wechat","external_id":"o1","staff_id":7,"flow":"repair","state":"confirm","data":{"a":[1,2,{"b":"引号\""}]},"updated_at":"2026-11-29T16:41:45.442147+00:00","offer":{"buttons":[{"label":"确认","data":"ok"}]},"notice_mark":12,"school_id":3}`,
	`{"channel":"wechat","external_id":"o2","staff_id":8,"flow":"","state":"","data":null,"updated_at":"2026-11-29T16:41:45+00:00","offer":null,"notice_mark":0}`,
	`{"channel":"telegram","external_id":"42","staff_id":9,"flow":"visit","state":"x","data":"text","updated_at":"2026-11-29T16:41:45+08:00","notice_mark":3}`,
}

func TestDecodeRowsAsByColumn(t *testing.T) {
	got, err := decodeRows[repairRow]([]byte(repairRowsJSON))
	if err != nil {
		t.Fatal(err)
	}
	want, err := decodeRowsByColumn[repairRow]([]byte(repairRowsJSON))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !reflect.DeepEqual(got, want) {
		t.Errorf("repair rows:\n got %+v\nwant %+v", got, want)
	}
	if got[1].WorkerID != nil || got[1].Rating == nil || *got[1].Rating != 4 || got[1].AcceptedAt == nil || !got[1].AutoConfirmed {
		t.Errorf("nulls and values of the second row: %+v", got[1])
	}
	for _, s := range sessionRowsJSON {
		g, err := decodeRows[sessionRow]([]byte("[" + s + "]"))
		if err != nil {
			t.Fatal(err)
		}
		var w sessionRow
		if err := decodeRowByColumn([]byte(s), &w); err != nil {
			t.Fatal(err)
		}
		if len(g) != 1 || !reflect.DeepEqual(g[0], w) {
			t.Errorf("session row %s:\n got %+v\nwant %+v", s, g, w)
		}
	}
	if _, err := decodeRows[repairRow]([]byte(`[{"id":"x"}]`)); err == nil {
		t.Error("a string id decoded without an error")
	}
	type unexported struct {
		ID   int64 `db:"id"`
		note string
	}
	if _, err := decodeRows[unexported]([]byte(`[{"id":1}]`)); err == nil {
		t.Error("a row type with an unexported field decoded without an error")
	}
}

// BenchmarkDecodeRows compares the twin decoder with the column-by-column
// one on ten repair rows (repairRowsJSON's two, repeated).
//
//	go test -run '^$' -bench DecodeRows -benchmem ./store/
func BenchmarkDecodeRows(b *testing.B) {
	var rows []json.RawMessage
	if err := json.Unmarshal([]byte(repairRowsJSON), &rows); err != nil {
		b.Fatal(err)
	}
	for len(rows) < 10 {
		rows = append(rows, rows[len(rows)%2])
	}
	raw, err := json.Marshal(rows)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("by-column", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, err := decodeRowsByColumn[repairRow](raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("twin", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, err := decodeRows[repairRow](raw); err != nil {
				b.Fatal(err)
			}
		}
	})
}
