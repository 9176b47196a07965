package canteen_test

import (
	"context"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/canteen"
	"github.com/houqin/houqin/flows/flowtest"
)

// Button data arrives from the channel untrusted. The disposal Actor
// answers an old or forged button as expired, and a batch of another
// school as unknown, and disposes of nothing.
func TestDisposeRefusesForgedAndForeignButtons(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	tx := w.Store.(*flowtest.Store).Tx.(world)
	other := w.Core.AddSchool("二中")
	cook := w.Core.AddStaff(flows.Staff{SchoolID: other.ID, Name: "赵阿姨", Roles: []flows.Role{flows.RoleCanteen}})
	stored := flowtest.Start.Add(-72 * time.Hour)
	b := canteen.SampleBatch{SchoolID: other.ID, Day: canteen.CivilDay(stored, other.Location()), Meal: flows.MealLunch, StaffID: cook.ID,
		Items: []canteen.SampleItem{{Dish: "米饭", Grams: 150}}, FridgeC: 4, StoredAt: stored, DisposeAfter: stored.Add(48 * time.Hour)}
	if err := tx.CreateSampleBatch(ctx, &b); err != nil {
		t.Fatal(err)
	}
	e := flows.NewEngine(flows.EngineConfig{Store: w.Store, Now: func() time.Time { return flowtest.Start }, Modules: w.Modules})
	for i, tc := range []struct{ button, want string }{
		{"sp:dispose:1:now", flows.ExpiredButton},
		{"sp:burn:1", flows.ExpiredButton},
		{"sp:dispose:0", flows.ExpiredButton},
		{"sp:dispose:01", flows.ExpiredButton},
		{"sp:dispose:1", "没有找到这批留样。"}, // 二中's batch, pressed in 一中
	} {
		replies, err := e.Handle(ctx, flows.Message{Channel: flows.ChannelConsole, ExternalUser: "钱阿姨", Chat: "钱阿姨",
			Button: tc.button, DedupKey: string(rune('a' + i)), At: flowtest.Start})
		if err != nil || len(replies) != 1 || replies[0].Text != tc.want {
			t.Errorf("button %q: %+v, %v; want %q", tc.button, replies, err, tc.want)
		}
	}
	if got, _ := tx.SampleBatch(ctx, b.ID); !got.DisposedAt.IsZero() {
		t.Errorf("二中's batch was disposed of from 一中: %+v", got)
	}
}

// User test 16, F62: the samples moved to another fridge (those still
// kept) are recorded as moved, their stored temperature kept, and no new
// record is started.
func TestFridgeMovedIsRecorded(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	tx := w.Store.(*flowtest.Store).Tx.(world)
	cook, err := w.Core.StaffNamed("钱阿姨")
	if err != nil {
		t.Fatal(err)
	}
	school, err := w.Core.School(ctx, cook.SchoolID)
	if err != nil {
		t.Fatal(err)
	}
	loc := school.Location()
	kept := canteen.SampleBatch{SchoolID: school.ID, Day: canteen.CivilDay(flowtest.Start, loc), Meal: flows.MealLunch, StaffID: cook.ID,
		Items: []canteen.SampleItem{{Dish: "米饭", Grams: 150}}, FridgeC: 3, StoredAt: flowtest.Start.Add(-time.Hour), DisposeAfter: flowtest.Start.Add(47 * time.Hour)}
	if err := tx.CreateSampleBatch(ctx, &kept); err != nil {
		t.Fatal(err)
	}
	e := flows.NewEngine(flows.EngineConfig{Store: w.Store, Now: func() time.Time { return flowtest.Start }, Modules: w.Modules})
	if _, err := e.Handle(ctx, flows.Message{Channel: flows.ChannelConsole, ExternalUser: "钱阿姨", Chat: "钱阿姨",
		Text: "刘校长说留样挪到另一个冰箱 挪好了 那台是4度", DedupKey: "a", At: flowtest.Start}); err != nil {
		t.Fatal(err)
	}
	if got, _ := tx.SampleBatch(ctx, kept.ID); got.FridgeC != 3 || got.MovedC != 4 || !got.MovedAt.Equal(flowtest.Start) || got.MovedBy != cook.ID {
		t.Errorf("after the move: stored at %v℃, moved to %v℃ at %v by %d; want 3℃ kept and a move to 4℃ now by the cook", got.FridgeC, got.MovedC, got.MovedAt, got.MovedBy)
	}
}
