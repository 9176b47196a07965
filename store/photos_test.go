package store_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/houqin/houqin/bot/media"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store/storetest"
)

// Retention: references older than the cutoff are purged, a photo goes
// when no reference points to it any more (the same image sent twice is
// kept for its later copy), other schools are untouched, and a batch is
// bounded.
func TestPurgePhotos(t *testing.T) {
	db := storetest.Open(t)
	one := storetest.Seed(t, db, "一中")
	two := storetest.Seed(t, db, "二中")
	t0 := time.Date(2023, 1, 1, 9, 0, 0, 0, time.UTC)
	store := func(s storetest.School, ref string, at time.Time, data string) {
		t.Helper()
		who := strconv.FormatInt(s.Staff["李老师"].ID, 10)
		if n, err := db.QueueMedia(ctx, flows.ChannelConsole, who, []string{ref}, at); err != nil || n != 1 {
			t.Fatalf("queue %s: %d %v", ref, n, err)
		}
		p := media.Pending{Channel: flows.ChannelConsole, Ref: ref, SchoolID: s.ID, ReceivedAt: at}
		if _, err := db.SaveMedia(ctx, p, media.Photo{SHA256: "sha-" + data, MIME: "image/jpeg", Width: 1, Height: 1, Data: []byte(data)}, at); err != nil {
			t.Fatal(err)
		}
	}
	store(one, "old-1", t0, "A")
	store(one, "old-2", t0.Add(time.Hour), "B")
	store(one, "new-2", t0.AddDate(1, 0, 0), "B") // the same image again, a year later
	store(one, "old-3", t0.Add(2*time.Hour), "C")
	store(two, "two-1", t0, "D")
	photos := func(s storetest.School) int {
		var n int
		db.SQL().Get(&n, `SELECT count(*) FROM photos WHERE school_id = $1`, s.ID)
		return n
	}
	if photos(one) != 3 || photos(two) != 1 {
		t.Fatalf("stored %d and %d photos", photos(one), photos(two))
	}
	cutoff := t0.AddDate(0, 6, 0)
	var purged int
	inTx(t, db, func(tx flows.Tx) error {
		var err error
		purged, err = tx.(media.Purger).PurgePhotos(ctx, one.ID, cutoff, 2)
		return err
	})
	if purged != 2 || photos(one) != 2 {
		t.Fatalf("first batch purged %d references, %d photos left; want 2 and 2 (A gone, B kept for its later copy)", purged, photos(one))
	}
	inTx(t, db, func(tx flows.Tx) error {
		var err error
		purged, err = tx.(media.Purger).PurgePhotos(ctx, one.ID, cutoff, 2)
		return err
	})
	if purged != 1 || photos(one) != 1 || photos(two) != 1 {
		t.Fatalf("second batch purged %d, photos %d and %d; want 1, 1 (B) and 1 (the other school's)", purged, photos(one), photos(two))
	}
	if st, _, err := db.PhotoOf(ctx, one.ID, "old-2"); err != nil || st != "purged" {
		t.Errorf("old-2: %q %v, want purged", st, err)
	}
	if st, id, err := db.PhotoOf(ctx, one.ID, "new-2"); err != nil || st != "stored" || id == 0 {
		t.Errorf("new-2: %q %d %v, want stored", st, id, err)
	}
	inTx(t, db, func(tx flows.Tx) error {
		var err error
		purged, err = tx.(media.Purger).PurgePhotos(ctx, one.ID, cutoff, 2)
		return err
	})
	if purged != 0 {
		t.Errorf("a third batch purged %d", purged)
	}
}

// A repair's photos as the digest and the notifications read them.
func TestRepairPhotos(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	d := storetest.DigestDay
	id := storetest.AddRepair(t, db, s, storetest.RepairSeed{Ref: "BX-20261120-001", Loc: "302", Reporter: "李老师", Worker: "王师傅",
		Desc: "窗户玻璃碎了", Status: repair.RepairDone, Reported: d.Add(9 * time.Hour), Due: d.Add(21 * time.Hour), Done: d.Add(15 * time.Hour)})
	storetest.AddRepair(t, db, s, storetest.RepairSeed{Ref: "BX-20261119-001", Loc: "303", Reporter: "李老师", Worker: "王师傅",
		Desc: "昨天的", Status: repair.RepairAssigned, Reported: d.Add(-15 * time.Hour), Due: d.Add(21 * time.Hour)})
	storetest.AddRepair(t, db, s, storetest.RepairSeed{Ref: "BX-20261120-002", Loc: "303", Reporter: "李老师", Worker: "王师傅",
		Desc: "没有照片", Status: repair.RepairAssigned, Reported: d.Add(10 * time.Hour), Due: d.Add(21 * time.Hour)})
	db.SQL().MustExec(`UPDATE repairs SET photo = 'R1', done_photo = 'D1' WHERE id = $1`, id)
	db.SQL().MustExec(`UPDATE repairs SET photo = 'R0' WHERE ref = 'BX-20261119-001'`)
	who := strconv.FormatInt(s.Staff["李老师"].ID, 10)
	if _, err := db.QueueMedia(ctx, flows.ChannelConsole, who, []string{"R1", "D1"}, d); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveMedia(ctx, media.Pending{Channel: flows.ChannelConsole, Ref: "R1", SchoolID: s.ID, ReceivedAt: d},
		media.Photo{SHA256: "r1", MIME: "image/jpeg", Width: 2, Height: 1, Data: []byte("jpeg-r1")}, d); err != nil {
		t.Fatal(err)
	}
	rs, err := db.RepairsWithPhotos(ctx, s.ID, d, d.AddDate(0, 0, 1), 10)
	if err != nil || len(rs) != 1 || rs[0].Ref != "BX-20261120-001" || rs[0].LocationName != "教学楼302" || rs[0].DonePhoto != "D1" {
		t.Fatalf("repairs with photos: %+v %v", rs, err)
	}
	a, err := db.RepairPhoto(ctx, s.ID, id, "", "report")
	if err != nil || a.Status != "stored" || string(a.Photo.Data) != "jpeg-r1" || a.Ref != "R1" {
		t.Errorf("report photo by id: %+v %v", a, err)
	}
	a, err = db.RepairPhoto(ctx, s.ID, 0, "BX-20261120-001", "done")
	if err != nil || a.Status != "pending" || a.Photo.Data != nil || a.Channel != flows.ChannelConsole {
		t.Errorf("done photo by ref: %+v %v", a, err)
	}
	for _, c := range []struct {
		school, id int64
		ref, which string
	}{{s.ID, 0, "BX-20261120-002", "report"}, {s.ID, 0, "BX-20261119-001", "report"}, {s.ID + 1, id, "", "report"}} {
		if _, err := db.RepairPhoto(ctx, c.school, c.id, c.ref, c.which); !errors.Is(err, flows.ErrNotFound) {
			t.Errorf("%+v: %v, want ErrNotFound", c, err)
		}
	}
}
