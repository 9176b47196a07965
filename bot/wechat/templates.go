package wechat

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/silenceper/wechat/v2/officialaccount/message"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/flows"
)

// TemplateMapping is one configured template message with typed fields
// (WeChat's current category templates: thing1, time2, character_string3
// ...), from [wechat.templates.NAME]:
//
//	[wechat.templates.repair]
//	id = "TEMPLATE_ID"
//	kinds = ["repair.assigned", "repair.reminder"]
//	fields = { thing1 = "item", thing2 = "place", time3 = "due", character_string4 = "ref" }
//
// Fields maps each of the template's field names to a source (see
// TemplateSources). A mapping with Default set serves every kind that no
// mapping and no classic kind entry names.
type TemplateMapping struct {
	Name    string
	ID      string
	Fields  map[string]string
	Kinds   []string
	Default bool
}

// TemplateSources are the values a template field can be filled with, all
// derived from the notification. Labelled lines are the 「标签：值」 lines
// flows write in their notifications (地点：…, 期限：…).
var TemplateSources = map[string]string{
	"topic":  "what it is about: 报修, 来访, 留样 … (the module's topic)",
	"title":  "the notification's first line",
	"item":   "the 问题/事项/内容 line, else the first line without its 【…】",
	"place":  "the 地点 line",
	"person": "the 报修人/来访人/访客/姓名 line",
	"status": "the 状态 line, else the kind's last word in Chinese",
	"due":    "the 期限/截止 line as a time (else the time sent)",
	"time":   "when it was queued",
	"ref":    "the item's number, e.g. BX-20261120-007 (else the notification's ref)",
	"detail": "the text after the first line, on one line",
	"remark": "点击查看详情 with a link, else 回复“我的”查看详情",
}

// fieldNameRE is a template field name: thing1, time12, character_string3,
// first, remark, keyword1.
var fieldNameRE = regexp.MustCompile(`^[a-z][a-z_]*[0-9]*$`)

// validate reports what is wrong with one mapping.
func (m TemplateMapping) validate() []error {
	var errs []error
	where := "wechat.templates." + m.Name
	if m.ID == "" {
		errs = append(errs, fmt.Errorf("%s: id is required", where))
	}
	if len(m.Fields) == 0 {
		errs = append(errs, fmt.Errorf("%s: fields is required, e.g. fields = { thing1 = \"item\", time2 = \"due\" }", where))
	}
	if len(m.Kinds) == 0 && !m.Default {
		errs = append(errs, fmt.Errorf("%s: give kinds = [...] or default = true, or the template is never used", where))
	}
	for _, f := range slices.Sorted(mapsKeys(m.Fields)) {
		src := m.Fields[f]
		if !fieldNameRE.MatchString(f) {
			errs = append(errs, fmt.Errorf("%s: %q is not a template field name (like thing1 or time2)", where, f))
		}
		if _, ok := TemplateSources[src]; !ok && !strings.HasPrefix(src, "=") {
			errs = append(errs, fmt.Errorf("%s: field %s: unknown source %q (one of %s, or \"=text\" for fixed text)", where, f, src, strings.Join(slices.Sorted(mapsKeys(TemplateSources)), ", ")))
		}
	}
	return errs
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// ValidateMappings checks the mappings together: each valid, names and
// kinds unique, one default at most. Each error starts with the key.
func ValidateMappings(ms []TemplateMapping) []error {
	var errs []error
	kinds := map[string]string{}
	def := ""
	names := map[string]bool{}
	for _, m := range ms {
		errs = append(errs, m.validate()...)
		if names[m.Name] {
			errs = append(errs, fmt.Errorf("wechat.templates.%s: configured twice", m.Name))
		}
		names[m.Name] = true
		for _, k := range m.Kinds {
			if other, ok := kinds[k]; ok {
				errs = append(errs, fmt.Errorf("wechat.templates.%s: kind %q is already sent with template %s", m.Name, k, other))
			}
			kinds[k] = m.Name
		}
		if m.Default {
			if def != "" {
				errs = append(errs, fmt.Errorf("wechat.templates.%s: %s is already the default template", m.Name, def))
			}
			def = m.Name
		}
	}
	return errs
}

// chosenTemplate is the template a notification is sent with.
type chosenTemplate struct {
	name    string           // the mapping's name; "" for a classic entry
	id      string           // WeChat's template id
	mapping *TemplateMapping // nil: the classic first/keyword1–3/remark fields
}

// template picks the template for a kind: a mapping that lists the kind,
// else a classic [wechat.templates] entry for the kind, else the default
// mapping, else the classic "default" entry.
func (c *Channel) template(kind string) (chosenTemplate, bool) {
	for i := range c.cfg.Mappings {
		if slices.Contains(c.cfg.Mappings[i].Kinds, kind) {
			m := &c.cfg.Mappings[i]
			return chosenTemplate{name: m.Name, id: m.ID, mapping: m}, true
		}
	}
	if id := c.cfg.Templates[kind]; id != "" {
		return chosenTemplate{id: id}, true
	}
	for i := range c.cfg.Mappings {
		if c.cfg.Mappings[i].Default {
			m := &c.cfg.Mappings[i]
			return chosenTemplate{name: m.Name, id: m.ID, mapping: m}, true
		}
	}
	if id := c.cfg.Templates["default"]; id != "" {
		return chosenTemplate{id: id}, true
	}
	return chosenTemplate{}, false
}

// mappedData fills a mapping's fields from the notification, each value
// clipped to its field type's rules.
func mappedData(m *TemplateMapping, n flows.Notification, topic string, queued, now time.Time) map[string]*message.TemplateDataItem {
	v := noticeValues{n: n, topic: topic, queued: queued, now: now}
	out := make(map[string]*message.TemplateDataItem, len(m.Fields))
	for field, src := range m.Fields {
		out[field] = &message.TemplateDataItem{Value: v.field(field, src)}
	}
	return out
}

// noticeValues derives template values from one notification.
type noticeValues struct {
	n           flows.Notification
	topic       string
	queued, now time.Time
}

var shanghai = flows.LoadLocation("Asia/Shanghai")

// field is the value of source src clipped for the field named field.
func (v noticeValues) field(field, src string) string {
	typ := strings.TrimRight(field, "0123456789")
	if typ == "time" || typ == "date" {
		t := v.timeOf(src)
		if typ == "date" {
			return t.In(shanghai).Format("2006年01月02日")
		}
		return t.In(shanghai).Format("2006年01月02日 15:04")
	}
	return clipField(typ, v.text(src))
}

// timeOf is a time source as a time: due parsed from the 期限 line, else
// the time queued (or sent).
func (v noticeValues) timeOf(src string) time.Time {
	base := v.queued
	if base.IsZero() {
		base = v.now
	}
	if src == "due" {
		if t, ok := parseWhen(v.line("期限", "截止", "时限"), base); ok {
			return t
		}
	}
	return base
}

// text is a text source's value, unclipped.
func (v noticeValues) text(src string) string {
	if lit, ok := strings.CutPrefix(src, "="); ok {
		return lit
	}
	first, rest, _ := strings.Cut(strings.TrimSpace(v.n.Text), "\n")
	first = strings.TrimSpace(first)
	switch src {
	case "topic":
		return v.topic
	case "title":
		return first
	case "item":
		if s := v.line("问题", "事项", "内容", "事由"); s != "" {
			return s
		}
		return bracketRE.ReplaceAllString(first, "")
	case "place":
		return v.line("地点", "位置")
	case "person":
		return v.line("报修人", "来访人", "访客", "姓名")
	case "status":
		if s := v.line("状态"); s != "" {
			return s
		}
		return statusWord(v.n.Kind)
	case "due":
		return v.line("期限", "截止", "时限")
	case "time":
		return v.timeOf("time").In(shanghai).Format("2006-01-02 15:04")
	case "ref":
		if m := refRE.FindString(v.n.Text); m != "" {
			return m
		}
		return v.n.Ref
	case "detail":
		return strings.Join(strings.Fields(rest), " ")
	case "remark":
		if v.n.Link != "" {
			return "点击查看详情"
		}
		return "回复“我的”查看详情"
	}
	return ""
}

// bracketRE is a leading 【…】 title.
var bracketRE = regexp.MustCompile(`^【[^】]*】\s*`)

// refRE finds a reference number like BX-20261120-007.
var refRE = regexp.MustCompile(`\b[A-Z]{2,4}-\d{8}-\d{1,4}\b`)

// line returns the value of the first 「label：value」 line with one of labels.
func (v noticeValues) line(labels ...string) string {
	for _, l := range strings.Split(v.n.Text, "\n") {
		l = strings.TrimSpace(l)
		for _, label := range labels {
			if rest, ok := strings.CutPrefix(l, label); ok {
				if r, ok := strings.CutPrefix(strings.TrimLeft(rest, " "), "："); ok {
					return strings.TrimSpace(r)
				}
				if r, ok := strings.CutPrefix(rest, ":"); ok {
					return strings.TrimSpace(r)
				}
			}
		}
	}
	return ""
}

// statusWord names a notification kind's last word as a short phrase.
func statusWord(kind string) string {
	_, last, _ := strings.Cut(kind, ".")
	switch last {
	case "assigned":
		return "待接单"
	case "reminder":
		return "即将到期"
	case "escalated":
		return "已上报"
	case "update":
		return "有更新"
	case "confirm":
		return "待确认"
	case "decided":
		return "已处理"
	case "timeout":
		return "已超时"
	case "failed":
		return "未送达"
	}
	return "通知"
}

// whenRE reads flows.FormatWhen's forms: 今天 21:00, 明天 07:30, 昨天
// 18:10, 11月22日 10:05 (an optional trailing 前 is ignored).
var whenRE = regexp.MustCompile(`^(今天|明天|昨天|(\d{1,2})月(\d{1,2})日)\s*(\d{1,2}):(\d{2})`)

// parseWhen turns a FormatWhen text written at base back into a time.
func parseWhen(s string, base time.Time) (time.Time, bool) {
	m := whenRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return time.Time{}, false
	}
	b := base.In(shanghai)
	hh, _ := strconv.Atoi(m[4])
	mm, _ := strconv.Atoi(m[5])
	if hh > 23 || mm > 59 {
		return time.Time{}, false
	}
	y, mo, d := b.Date()
	switch m[1] {
	case "今天":
	case "明天":
		d++
	case "昨天":
		d--
	default:
		mon, _ := strconv.Atoi(m[2])
		day, _ := strconv.Atoi(m[3])
		if mon < 1 || mon > 12 || day < 1 || day > 31 {
			return time.Time{}, false
		}
		mo, d = time.Month(mon), day
		// 1月3日 written on 12月30日 is next year's.
		if int(mo) < int(b.Month())-6 {
			y++
		}
	}
	return time.Date(y, mo, d, hh, mm, 0, 0, shanghai), true
}

// Field types' limits, from WeChat's template message rules (类目模板消息):
// thing 20 characters, character_string 32 (letters, digits, symbols),
// number 32 digits, letter 32 letters, symbol 5, phrase 5 Chinese
// characters, name 10, phone_number 17, car_number 8, amount 10. The
// classic first/keyword/remark fields have no per-field type; 200 keeps a
// message readable.
var fieldLimits = map[string]int{
	"thing": 20, "character_string": 32, "number": 32, "letter": 32, "symbol": 5,
	"phrase": 5, "name": 10, "phone_number": 17, "car_number": 8, "amount": 10, "const": 20,
}

// clipField makes s acceptable for a field of type typ: characters the
// type does not allow removed, cut to its length. An empty value becomes a
// placeholder, because WeChat refuses empty required fields.
func clipField(typ, s string) string {
	s = strings.Join(strings.Fields(s), " ")
	switch typ {
	case "character_string":
		s = keep(s, func(r rune) bool { return r < utf8.RuneSelf && unicode.IsPrint(r) })
	case "number":
		s = keep(s, func(r rune) bool { return r >= '0' && r <= '9' || r == '.' })
	case "letter":
		s = keep(s, func(r rune) bool { return r < utf8.RuneSelf && unicode.IsLetter(r) })
	case "phrase":
		s = keep(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
	case "phone_number":
		s = keep(s, func(r rune) bool { return r >= '0' && r <= '9' || r == '-' || r == '+' })
	}
	s = strings.TrimSpace(s)
	limit, ok := fieldLimits[typ]
	if !ok {
		limit = 200
	}
	if utf8.RuneCountInString(s) > limit {
		if typ == "thing" || !ok {
			s = truncate(s, limit) // text a person reads: mark the cut
		} else {
			s = string([]rune(s)[:limit])
		}
	}
	if s == "" {
		switch typ {
		case "character_string", "number", "letter", "symbol", "phone_number", "car_number", "amount":
			return "-"
		}
		return "无"
	}
	return s
}

func keep(s string, ok func(rune) bool) string {
	return strings.Map(func(r rune) rune {
		if ok(r) {
			return r
		}
		return -1
	}, s)
}

// configCodes are WeChat's answers to a template message that mean the
// configuration, not the recipient, is wrong.
var configCodes = map[int64]string{
	40036: "模板 ID 长度不对，多半是抄错了",
	40037: "模板 ID 无效：公众号后台没有这个模板，或 ID 抄错了",
	45027: "模板与公众号所选的行业不符",
	47003: "模板字段不对：配置的字段名与模板不一致，或某个字段的取值不合模板的规则",
	48001: "公众号没有模板消息接口的权限（需要已认证的服务号，并在后台开通模板消息）",
}

// configErrorTTL is how long one configuration problem is told once: a
// problem still there a day later is told again.
const configErrorTTL = 24 * time.Hour

// configError turns a template send's failure into a *bot.ConfigError when
// the configuration is at fault (logging it, and deciding through the
// shared store whether this is the first time in configErrorTTL), or
// returns err unchanged.
func (c *Channel) configError(ctx context.Context, tpl chosenTemplate, kind string, err error) error {
	var ae *APIError
	if !errors.As(err, &ae) {
		return err
	}
	why, ok := configCodes[ae.Code]
	if !ok {
		return err
	}
	name := tpl.name
	if name == "" {
		name = "（按通知类型配置的模板）"
	}
	problem := fmt.Sprintf("公众号模板消息发送失败：模板 %s（ID %s，用于 %s）—— %s（微信错误码 %d）。", name, tpl.id, kind, why, ae.Code)
	return c.reportConfig(ctx, fmt.Sprintf("template %s %d", tpl.id, ae.Code), problem, ae)
}

// reportConfig logs a configuration problem and returns it as a
// *bot.ConfigError whose Notify is set the first time in configErrorTTL.
func (c *Channel) reportConfig(ctx context.Context, key, problem string, err error) error {
	first := true
	if c.kv != nil {
		k := "wechat:config-error:" + key
		_, gerr := c.kv.GetKV(ctx, k)
		switch {
		case gerr == nil:
			first = false
		case errors.Is(gerr, flows.ErrNotFound):
			// The store expires keys by the database's clock, which is
			// the wall clock, not the channel's (a test's) clock.
			if perr := c.kv.PutKV(ctx, k, c.now().UTC().Format(time.RFC3339), time.Now().Add(configErrorTTL)); perr != nil {
				c.log.Warn("wechat: remember configuration error", "err", perr)
			}
		default:
			c.log.Warn("wechat: look up configuration error", "err", gerr)
		}
	}
	if first {
		c.log.Error("wechat: configuration error: the 总务主任 is told", "problem", key, "err", err)
	} else {
		c.log.Warn("wechat: configuration error (already told)", "problem", key, "err", err)
	}
	return &bot.ConfigError{Key: "wechat " + key, Problem: problem, Notify: first, Err: err}
}
