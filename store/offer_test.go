package store_test

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/canteen"
	"github.com/houqin/houqin/flows/visit"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/storetest"
)

// TestSessionKeepsOfferAndNoticeMark: a session's offered buttons survive
// a save (migration 00016), and LatestNotice finds only the personal
// notifications with buttons queued after the session was last saved.
func TestSessionKeepsOfferAndNoticeMark(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	now := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	sun := s.Staff["孙师傅"]
	ext := strconv.FormatInt(sun.ID, 10)
	buttons := []flows.Button{{Label: "接单", Data: "rp:take:9"}, {Label: "转派", Data: "rp:xfer:9"}}
	enqueue := func(text string, bs []flows.Button) {
		inTx(t, db, func(tx flows.Tx) error {
			return tx.Enqueue(ctx, flows.Notification{SchoolID: s.ID, ToStaff: sun.ID, Kind: "repair.assigned", Text: text, Buttons: bs}, now)
		})
	}
	enqueue("before", buttons) // queued before his message: not the offer
	offer := flows.Offer{Buttons: []flows.Button{{Label: "5分", Data: "rp:rate:3:5"}}, At: now, Flow: "repair.followup", State: "rate"}
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		sess, err := tx.Session(ctx, flows.ChannelConsole, ext)
		if err != nil {
			return err
		}
		sess.Offer, sess.UpdatedAt = offer, now
		return tx.SaveSession(ctx, sess)
	})
	var mark int64
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		sess, err := tx.Session(ctx, flows.ChannelConsole, ext)
		if err != nil {
			return err
		}
		if len(sess.Offer.Buttons) != 1 || sess.Offer.Buttons[0] != offer.Buttons[0] || sess.Offer.State != "rate" || !sess.Offer.At.Equal(now) {
			t.Errorf("offer read back as %+v, want %+v", sess.Offer, offer)
		}
		mark = sess.NoticeMark
		if _, ok, err := tx.LatestNotice(ctx, sun.ID, mark); err != nil || ok {
			t.Errorf("LatestNotice before any new notification = %v, %v; want none", ok, err)
		}
		return nil
	})
	if mark == 0 {
		t.Fatal("NoticeMark is 0 after a notification was queued")
	}
	enqueue("  【新维修任务】BX-20261120-009  \n地点：教学楼302", buttons)
	enqueue("after, without buttons", nil)
	inTx(t, db, func(ftx flows.Tx) error {
		n, ok, err := ftx.(*store.Tx).LatestNotice(ctx, sun.ID, mark)
		if err != nil || !ok || len(n.Buttons) != 2 || n.Buttons[1] != buttons[1] || n.Mark <= mark {
			t.Errorf("LatestNotice = %+v, %v, %v; want the notification with buttons queued after the mark", n, ok, err)
		}
		if n.Title != "【新维修任务】BX-20261120-009" {
			t.Errorf("LatestNotice's Title = %q, want its first line trimmed", n.Title)
		}
		if _, ok, _ := ftx.(*store.Tx).LatestNotice(ctx, s.Staff["王师傅"].ID, mark); ok {
			t.Error("LatestNotice found 孙师傅's notification for 王师傅")
		}
		return nil
	})
}

// TestVisitRefsAreDailyPerSchool: a visit's reference counts the school's
// visits of the local day of arrival (Asia/Shanghai), restarting each day
// and in each school; VisitsSince finds them whatever their status.
func TestVisitRefsAreDailyPerSchool(t *testing.T) {
	db := storetest.Open(t)
	one, two := storetest.Seed(t, db, "一中"), storetest.Seed(t, db, "二中")
	vault := mustVault(t)
	// 23:30 UTC on the 28th is 07:30 on the 29th in Shanghai.
	day1 := time.Date(2026, 11, 28, 23, 30, 0, 0, time.UTC)
	a := createVisit(t, db, one, vault, visit.VisitWaiting, day1)
	b := createVisit(t, db, one, vault, visit.VisitLeft, day1.Add(time.Hour))
	c := createVisit(t, db, two, vault, visit.VisitWaiting, day1)
	d := createVisit(t, db, one, vault, visit.VisitWaiting, day1.Add(24*time.Hour))
	for v, want := range map[*visit.Visit]string{&a: "FK-20261129-001", &b: "FK-20261129-002", &c: "FK-20261129-001", &d: "FK-20261130-001"} {
		if v.Ref != want {
			t.Errorf("visit %d has ref %q, want %q", v.ID, v.Ref, want)
		}
	}
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		got, err := tx.Visit(ctx, b.ID)
		if err != nil || got.Ref != "FK-20261129-002" {
			t.Errorf("visit %d read back with ref %q, %v", b.ID, got.Ref, err)
		}
		vs, err := tx.VisitsSince(ctx, one.ID, day1.Add(30*time.Minute))
		if err != nil || len(vs) != 2 || vs[0].ID != b.ID || vs[1].ID != d.ID {
			t.Errorf("VisitsSince = %d visits, %v; want 一中's second and third", len(vs), err)
		}
		return nil
	})
}

// A sample batch's number is the smallest that no other batch of its day
// and no batch still in the fridge holds (user test 28's N31: numbers that
// restarted each day gave two samples in the fridge 编号 1); once a batch
// is disposed of, its number is free for another day's.
func TestSampleBatchNumbersAreFreeInTheFridge(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	loc := flows.LoadLocation("Asia/Shanghai")
	cook := s.Staff["钱阿姨"].ID
	create := func(at time.Time) canteen.SampleBatch {
		b := canteen.SampleBatch{SchoolID: s.ID, Day: canteen.CivilDay(at, loc), Meal: flows.MealLunch, StaffID: cook,
			FridgeC: 4, Items: []canteen.SampleItem{{Dish: "米饭", Grams: 150}}, StoredAt: at, DisposeAfter: at.Add(48 * time.Hour)}
		inTx(t, db, func(ftx flows.Tx) error { return ftx.(*store.Tx).CreateSampleBatch(ctx, &b) })
		return b
	}
	var got []canteen.SampleBatch
	for _, at := range []time.Time{time.Date(2026, 11, 20, 12, 50, 0, 0, loc), time.Date(2026, 11, 20, 17, 50, 0, 0, loc), time.Date(2026, 11, 21, 7, 30, 0, 0, loc)} {
		got = append(got, create(at))
	}
	// The first is disposed of: 1 is free again on the 23rd, not on the
	// 20th, whose 1 it stays.
	inTx(t, db, func(ftx flows.Tx) error {
		return ftx.(*store.Tx).DisposeSamples(ctx, got[0].ID, cook, time.Date(2026, 11, 22, 13, 0, 0, 0, loc))
	})
	got = append(got, create(time.Date(2026, 11, 23, 12, 0, 0, 0, loc)), create(time.Date(2026, 11, 23, 17, 0, 0, 0, loc)))
	for i, want := range []int{1, 2, 3, 1, 4} {
		if got[i].Seq != want {
			t.Errorf("batch %d: Seq %d after create, want %d", i+1, got[i].Seq, want)
		}
		inTx(t, db, func(ftx flows.Tx) error {
			b, err := ftx.(*store.Tx).SampleBatch(ctx, got[i].ID)
			if err != nil || b.Seq != want || b.Ref() != fmt.Sprintf("LY-%s-%03d", b.Day.Format("20060102"), want) {
				t.Errorf("batch %d read back: Seq %d, ref %s, %v; want %d", i+1, b.Seq, b.Ref(), err, want)
			}
			return nil
		})
	}
}

// Two batches stored at the same moment take two numbers: the second
// waits for the first's transaction (the per-school advisory lock), which
// would otherwise read the same free number from its snapshot.
func TestSampleBatchNumbersWhileAnotherIsStored(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	loc := flows.LoadLocation("Asia/Shanghai")
	cook := s.Staff["钱阿姨"].ID
	at := time.Date(2026, 11, 20, 12, 50, 0, 0, loc)
	batch := func() canteen.SampleBatch {
		return canteen.SampleBatch{SchoolID: s.ID, Day: canteen.CivilDay(at, loc), Meal: flows.MealLunch, StaffID: cook,
			FridgeC: 4, Items: []canteen.SampleItem{{Dish: "米饭", Grams: 150}}, StoredAt: at, DisposeAfter: at.Add(48 * time.Hour)}
	}
	first, second := batch(), batch()
	done := make(chan struct{})
	inTx(t, db, func(ftx flows.Tx) error {
		if err := ftx.(*store.Tx).CreateSampleBatch(ctx, &first); err != nil {
			return err
		}
		go func() {
			defer close(done)
			inTx(t, db, func(ftx flows.Tx) error { return ftx.(*store.Tx).CreateSampleBatch(ctx, &second) })
		}()
		time.Sleep(300 * time.Millisecond) // the second is under way, waiting
		return nil
	})
	<-done
	if first.Seq == second.Seq {
		t.Errorf("two batches stored at once both numbered %d", first.Seq)
	}
}
