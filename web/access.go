package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
)

// Who may open a school's pages (the digest, the safety report) and its
// ledger downloads: the school's 总务主任, 分管领导, 校长 and admins, by
// identity (see Viewer). The ledgers hold visitors' names and phone
// numbers, so a forwarded link must not open them for whoever holds it.
//
// A link signed on its path alone (no u), as `houqin digest` and `houqin
// check report` print for the operator who ran them, still opens the page
// for its holder until it expires: only someone with the database's
// configuration can make one. Notifications never carry such a link: the
// outbox turns every link into its recipient's own (Personalize).
var schoolPageRoles = []flows.Role{flows.RoleHead, flows.RoleLeader, flows.RolePrincipal, flows.RoleAdmin}

// access is how a school page signs the links it shows: for the viewer
// who opened it, or on the path for an operator's link.
type access struct {
	exp  time.Time
	link func(path string) string
}

// school answers for a page of the school its path names: its viewer must
// be one of schoolPageRoles of that school, or the link an operator's. On
// false it has answered (403, or a redirect to WeChat's authorize URL).
func (h *Handler) school(w http.ResponseWriter, r *http.Request) (flows.School, access, bool) {
	id, err := strconv.ParseInt(r.PathValue("school"), 10, 64)
	if err != nil {
		http.NotFound(w, r)
		return flows.School{}, access{}, false
	}
	q := r.URL.Query()
	if q.Has("sig") && !q.Has("u") {
		exp, ok := h.verify(w, r)
		if !ok {
			return flows.School{}, access{}, false
		}
		s, err := h.Source.School(r.Context(), id)
		if err != nil {
			h.fail(w, r, err)
			return flows.School{}, access{}, false
		}
		return s, access{exp: exp, link: func(p string) string { return h.link(p, exp) }}, true
	}
	v, ok := h.identify(w, r)
	if !ok {
		return flows.School{}, access{}, false
	}
	if v.School.ID != id || !v.Staff.Has(schoolPageRoles...) {
		forbidden(w, "这个页面只对本校的校长、分管领导和总务主任开放。")
		return flows.School{}, access{}, false
	}
	exp := h.now().Add(h.sessionTTL())
	base := strings.TrimRight(h.BaseURL, "/")
	return v.School, access{exp: exp, link: func(p string) string {
		return base + h.Signer.SignPerson(p, v.School.ID, v.Staff.ID, exp)
	}}, true
}

// districtAccess answers for a page of the whole district (the district
// view): an operator's link, or a viewer who is one of schoolPageRoles of
// the district office (Settings.DistrictOffice), whose morning message
// carries the link. It returns until when the links the page shows work:
// the school pages a district page links to are signed on their path, as
// an operator's are, since the office's people are staff of no school. On
// false it has answered.
func (h *Handler) districtAccess(w http.ResponseWriter, r *http.Request) (time.Time, bool) {
	if q := r.URL.Query(); q.Has("sig") && !q.Has("u") {
		return h.verify(w, r)
	}
	v, ok := h.identify(w, r)
	if !ok {
		return time.Time{}, false
	}
	if !v.School.Settings.DistrictOffice || !v.Staff.Has(schoolPageRoles...) {
		forbidden(w, "这个页面只对区教育局（学区）的负责人开放。")
		return time.Time{}, false
	}
	return h.now().Add(h.sessionTTL()), true
}
