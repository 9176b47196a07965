package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/houqin/houqin/bot/media"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
)

// Photos on the digest page: a thumbnail of each photo of the day's
// repairs (reported or finished that day), each linking to its job page.
// A thumbnail is a small JPEG resized on the server from the stored photo,
// served under the digest's path to whoever may open the digest (access.go:
// the school's 总务主任, 分管领导, 校长 and admins, or an operator's signed
// link), and only for a repair of that school.

// DigestPhotoSource is what the digest page reads of the photos;
// *store.DB implements it.
type DigestPhotoSource interface {
	// RepairsWithPhotos lists a school's repairs reported or finished in
	// [from, to) that have a photo, newest first, at most limit.
	RepairsWithPhotos(ctx context.Context, schoolID int64, from, to time.Time, limit int) ([]repair.Repair, error)
	// RepairPhoto returns the photo "report" or "done" of a school's
	// repair by id, or by BX reference when id is 0.
	RepairPhoto(ctx context.Context, schoolID, id int64, ref, which string) (media.Attached, error)
}

// maxDigestPhotos bounds the repairs whose photos a digest page shows.
const maxDigestPhotos = 30

type thumbView struct {
	URL, Label string
}

type photoRepairView struct {
	Ref, Where, What, JobURL string
	Thumbs                   []thumbView
}

func thumbPath(schoolID int64, day time.Time, ref, which string) string {
	return DigestPath(schoolID, day) + "/photo/" + ref + "/" + which
}

// digestPhotos lists the day's repairs with photos for the digest page of
// school s, their links signed by a.
func (h *Handler) digestPhotos(ctx context.Context, s flows.School, day time.Time, a access) ([]photoRepairView, error) {
	src, ok := h.Photos.(DigestPhotoSource)
	if !ok {
		return nil, nil
	}
	rs, err := src.RepairsWithPhotos(ctx, s.ID, day, day.AddDate(0, 0, 1), maxDigestPhotos)
	if err != nil {
		return nil, err
	}
	var out []photoRepairView
	for _, r := range rs {
		v := photoRepairView{Ref: r.Ref, Where: r.Place(), What: r.Description, JobURL: a.link(jobPath(r.Ref))}
		for _, ph := range []struct{ which, label, ref string }{{photoReport, "报修照片", r.Photo}, {photoDone, "完工照片", r.DonePhoto}} {
			if ph.ref == "" {
				continue
			}
			at, err := src.RepairPhoto(ctx, s.ID, 0, r.Ref, ph.which)
			if errors.Is(err, flows.ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, err
			}
			switch at.Status {
			case "stored":
				v.Thumbs = append(v.Thumbs, thumbView{URL: a.link(thumbPath(s.ID, day, r.Ref, ph.which)), Label: ph.label})
			case "pending":
				v.Thumbs = append(v.Thumbs, thumbView{Label: ph.label + "（正在保存）"})
			case "purged":
				v.Thumbs = append(v.Thumbs, thumbView{Label: ph.label + "（已过保存期限）"})
			default:
				v.Thumbs = append(v.Thumbs, thumbView{Label: ph.label + "（没能取回）"})
			}
		}
		if len(v.Thumbs) > 0 {
			out = append(out, v)
		}
	}
	return out, nil
}

// digestThumb serves a thumbnail of a repair's photo to whoever may open
// the school's digest.
func (h *Handler) digestThumb(w http.ResponseWriter, r *http.Request) {
	s, _, ok := h.school(w, r)
	if !ok {
		return
	}
	src, ok := h.Photos.(DigestPhotoSource)
	which := r.PathValue("which")
	ref := r.PathValue("ref")
	if !ok || !repair.IsRepairRef(ref) || which != photoReport && which != photoDone {
		http.NotFound(w, r)
		return
	}
	at, err := src.RepairPhoto(r.Context(), s.ID, 0, ref, which)
	if errors.Is(err, flows.ErrNotFound) || err == nil && at.Status != "stored" {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b, err := media.Thumbnail(at.Photo.Data, media.ThumbSide)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/jpeg")
	w.Header().Set("Cache-Control", "private, max-age=86400")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'none'")
	w.Write(b)
}
