package media

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
)

// Attached is a repair's photo as the media queue knows it.
type Attached struct {
	Channel flows.Channel // where the chat reference came from
	Ref     string        // the chat's reference (a MediaId, a Telegram file_id)
	Status  string        // "stored", "pending", "failed" or "purged"
	Photo   Photo         // the image, when Status is "stored"
}

// RepairPhotos reads the photos of repairs; *store.DB implements it.
type RepairPhotos interface {
	// RepairPhoto returns the photo "report" or "done" of a school's
	// repair, by id (or, when id is 0, by BX reference), or
	// flows.ErrNotFound when it has none or it was never queued.
	RepairPhoto(ctx context.Context, schoolID, id int64, ref, which string) (Attached, error)
}

// NoticePhotos finds the photo that goes with a notification, for the
// channels that can send an image with a text (a worker's job card with
// the reporter's photo: repair.NoticePhoto).
type NoticePhotos struct {
	Store RepairPhotos
}

// NoticePhoto returns the photo for item: ok false when it has none, or
// none that can be sent now.
func (n NoticePhotos) NoticePhoto(ctx context.Context, item flows.OutboxItem) (Attached, bool, error) {
	which := repair.NoticePhoto(item.Kind)
	idText, isRepair := strings.CutPrefix(item.Ref, "repair:")
	if which == "" || !isRepair || n.Store == nil {
		return Attached{}, false, nil
	}
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return Attached{}, false, nil
	}
	a, err := n.Store.RepairPhoto(ctx, item.SchoolID, id, "", which)
	if errors.Is(err, flows.ErrNotFound) {
		return Attached{}, false, nil
	}
	if err != nil {
		return Attached{}, false, err
	}
	return a, a.Status == "stored" || a.Status == "pending", nil
}

// Purger deletes old photos; *store.Tx implements it.
type Purger interface {
	// PurgePhotos marks up to limit of a school's stored photo references
	// that arrived before before as purged, deletes the photos nothing
	// points to any more, and returns how many references it purged.
	PurgePhotos(ctx context.Context, schoolID int64, before time.Time, limit int) (int, error)
}

// purgeBatch bounds one school's purge per hour: the job is incremental,
// a backlog (the first run after years) is worked off hour by hour.
const purgeBatch = 500

// Retention is the module whose job deletes each school's photos
// photo_retention_days after they arrived, at most purgeBatch a school an
// hour, claimed so that several instances purge once.
func Retention() flows.Module {
	return flows.Module{Name: "photo_retention", Jobs: []flows.Job{{Name: "photo_retention", Run: func(t *flows.Turn) error {
		p, ok := t.Tx.(Purger)
		if !ok {
			return nil
		}
		key := "photo_retention:" + strconv.FormatInt(t.School.ID, 10) + ":" + t.Now.UTC().Format("2006010215")
		if claimed, err := t.Tx.ClaimJob(t.Ctx, key, t.Now); !claimed || err != nil {
			return err
		}
		days := t.School.Settings.PhotoRetentionDays
		if days <= 0 {
			days = flows.DefaultSettings().PhotoRetentionDays
		}
		_, err := p.PurgePhotos(t.Ctx, t.School.ID, t.Now.AddDate(0, 0, -days), purgeBatch)
		return err
	}}}}
}
