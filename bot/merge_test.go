package bot

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
)

// TestWorkerMergesPiledNotices: same-kind personal notices leased together
// for one account go out as one message, in the order queued; each row is
// settled once with that message's outcome. Another kind, another person,
// a group chat and a row whose buttons are its only way to act are sent
// on their own.
func TestWorkerMergesPiledNotices(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	item := func(id int64, addr, kind, text string, buttons ...flows.Button) flows.OutboxItem {
		return flows.OutboxItem{ID: id, Channel: flows.ChannelTelegram, Address: addr, Queued: now,
			Notification: flows.Notification{SchoolID: 1, ToStaff: 7, Kind: kind, Text: text, Buttons: buttons}}
	}
	place := func(id int64, n string) flows.OutboxItem {
		return item(id, "chen", "repair.place", "【地点表缺少地点】地点 "+n+"，请回复「加入地点表 "+n+"」。", flows.Button{Label: "加入地点表", Data: "place:" + n})
	}
	group := item(9, "-100", "sample.missing", "【未留样提醒】群")
	group.IsGroup = true
	ob := &oneBatch{items: []flows.OutboxItem{
		place(1, "3"),
		item(2, "chen", "sample.missing", "【未留样提醒】午餐"),
		place(3, "5"),
		item(4, "li", "sample.missing", "【未留样提醒】午餐"),
		item(5, "chen", "sample.missing", "【未留样提醒】晚餐"),
		item(6, "chen", "repair.assigned", "【新报修】请接单", flows.Button{Label: "接单", Data: "take:1"}),
		item(7, "chen", "repair.assigned", "【新报修】请接单", flows.Button{Label: "接单", Data: "take:2"}),
		group,
		place(8, "6"),
	}}
	var sent []flows.OutboxItem
	send := sendFunc(func(_ context.Context, it flows.OutboxItem) error {
		sent = append(sent, it)
		if it.Address == "li" {
			return errors.New("connection reset")
		}
		return nil
	})
	w := &Worker{Outbox: ob, Senders: map[flows.Channel]Sender{flows.ChannelTelegram: send}, Now: func() time.Time { return now }}
	if _, err := w.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range sent {
		got = append(got, it.Address+" "+it.Kind+" "+strings.ReplaceAll(it.Text, "\n", "|"))
	}
	want := []string{
		"chen repair.place （3 条同类通知，合在一起发送）||【地点表缺少地点】地点 3，请回复「加入地点表 3」。||【地点表缺少地点】地点 5，请回复「加入地点表 5」。||【地点表缺少地点】地点 6，请回复「加入地点表 6」。",
		"chen sample.missing （2 条同类通知，合在一起发送）||【未留样提醒】午餐||【未留样提醒】晚餐",
		"li sample.missing 【未留样提醒】午餐",
		"chen repair.assigned 【新报修】请接单",
		"chen repair.assigned 【新报修】请接单",
		"-100 sample.missing 【未留样提醒】群",
	}
	if !slices.Equal(got, want) {
		t.Errorf("sent:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(sent) == len(want) && (sent[0].Buttons != nil || len(sent[3].Buttons) != 1) {
		t.Errorf("buttons: merged %v, alone %v; want none on the merged message, the row's own alone", sent[0].Buttons, sent[3].Buttons)
	}
	settled := map[int64]flows.Outcome{}
	for _, o := range ob.settled {
		if _, twice := settled[o.ID]; twice {
			t.Errorf("row %d settled twice", o.ID)
		}
		settled[o.ID] = o
	}
	for id := int64(1); id <= 9; id++ {
		o, ok := settled[id]
		switch {
		case !ok:
			t.Errorf("row %d not settled", id)
		case id == 4 && (o.Sent || o.RetryAt.IsZero()):
			t.Errorf("row 4: %+v, want a retry (its send failed)", o)
		case id != 4 && !o.Sent:
			t.Errorf("row %d: %+v, want sent", id, o)
		}
	}
}

// TestWorkerMergedConfigError: a merged message failing for a
// misconfigured channel tells the 总务主任 once, with its first row; each
// other row tells only its sender.
func TestWorkerMergedConfigError(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	item := func(id, origin int64) flows.OutboxItem {
		return flows.OutboxItem{ID: id, Channel: flows.ChannelWeChat, Address: "oChen", Queued: now,
			Notification: flows.Notification{SchoolID: 1, ToStaff: 7, Kind: "sample.missing", Text: "【未留样提醒】", Origin: origin}}
	}
	ob := &oneBatch{items: []flows.OutboxItem{item(1, 0), item(2, 5), item(3, 0)}}
	sends := 0
	send := sendFunc(func(context.Context, flows.OutboxItem) error {
		sends++
		return &ConfigError{Key: "wechat template T 40037", Problem: "模板 ID 无效。", Notify: true, Err: errors.New("errcode 40037")}
	})
	w := &Worker{Outbox: ob, Senders: map[flows.Channel]Sender{flows.ChannelWeChat: send}, Now: func() time.Time { return now }}
	if _, err := w.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if sends != 1 || len(ob.settled) != 3 {
		t.Fatalf("%d sends, %d outcomes, want 1 and 3", sends, len(ob.settled))
	}
	first, second, third := ob.settled[0].Fallback, ob.settled[1].Fallback, ob.settled[2].Fallback
	if first == nil || first.ToStaff != 0 || !strings.Contains(first.Text, "模板 ID 无效") {
		t.Errorf("first row's notice = %+v, want the 总务主任 told the problem", first)
	}
	if second == nil || second.ToStaff != 5 || strings.Contains(second.Text, "模板 ID 无效") {
		t.Errorf("second row's notice = %+v, want only its sender (staff 5) told", second)
	}
	if third != nil {
		t.Errorf("third row (no sender) queued %+v, want nothing", third)
	}
}
