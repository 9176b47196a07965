package wechat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/silenceper/wechat/v2/officialaccount/menu"

	"github.com/houqin/houqin/flows"
)

// Menu is an official account's custom menu (自定义菜单), in WeChat's JSON
// shape: at most 3 top-level buttons with at most 5 sub-buttons each.
type Menu struct {
	Button []*menu.Button `json:"button"`
}

// Menu keys. A CLICK event carries the key; the callback turns it into the
// word below, so the engine treats a click exactly like typing the word.
const (
	KeyRepair = "REPAIR"
	KeyVisit  = "VISIT"
	KeySample = "SAMPLE"
	KeyMenu   = "DISHES" // 菜谱 (not MENU: the engine's 菜单 is the menu of what houqin can do)
	KeyMeal   = "MEAL"
	KeyCheck  = "CHECK"
	KeyHazard = "HAZARD"
	KeyMine   = "MINE"
	KeyHelp   = "HELP"
)

var menuWords = map[string]string{
	KeyRepair: "报修",
	KeyVisit:  "来访登记",
	KeySample: "留样",
	KeyMenu:   "菜谱",
	KeyMeal:   "陪餐",
	KeyCheck:  "巡查",
	KeyHazard: "发现隐患",
	KeyMine:   "我的",
	KeyHelp:   flows.WordHelp,
}

// menuWord is the text a click on key stands for. A key houqin does not
// know (a menu configured by hand) is passed through as typed text, so a
// configured key such as "报修" also works; an empty key yields "".
func menuWord(key string) string {
	if w, ok := menuWords[key]; ok {
		return w
	}
	return key
}

// DefaultMenu is the menu for every role's flows. A WeChat menu is the same
// for every follower (per-role conditional menus would need user tags kept
// in sync with staff roles), so it offers everything and the engine
// answers a role that may not use a flow. 报修, what most people come
// for, is one tap; the safety rounds sit with the other registers.
//
//	报修 | 登记: 来访登记 / 巡查 / 留样 / 菜谱 / 陪餐 | 更多: 我的事项 / 发现隐患 / 帮助
func DefaultMenu() Menu {
	return Menu{Button: []*menu.Button{
		new(menu.Button).SetClickButton("报修", KeyRepair),
		new(menu.Button).SetSubButton("登记", []*menu.Button{
			new(menu.Button).SetClickButton("来访登记", KeyVisit),
			new(menu.Button).SetClickButton("巡查", KeyCheck),
			new(menu.Button).SetClickButton("留样", KeySample),
			new(menu.Button).SetClickButton("菜谱", KeyMenu),
			new(menu.Button).SetClickButton("陪餐", KeyMeal),
		}),
		new(menu.Button).SetSubButton("更多", []*menu.Button{
			new(menu.Button).SetClickButton("我的事项", KeyMine),
			new(menu.Button).SetClickButton("发现隐患", KeyHazard),
			new(menu.Button).SetClickButton("帮助", KeyHelp),
		}),
	}}
}

// ParseMenu reads a menu in WeChat's JSON shape ({"button": [...]}) and
// validates it.
func ParseMenu(data []byte) (Menu, error) {
	var m Menu
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(&m); err != nil {
		return Menu{}, fmt.Errorf("wechat: menu: %w", err)
	}
	return m, m.Validate()
}

// Validate checks WeChat's documented menu limits, reporting every problem.
func (m Menu) Validate() error {
	var errs []error
	if n := len(m.Button); n == 0 || n > 3 {
		errs = append(errs, fmt.Errorf("wechat: menu has %d top-level buttons, want 1 to 3", n))
	}
	for i, b := range m.Button {
		if b == nil {
			errs = append(errs, fmt.Errorf("wechat: menu button %d is empty", i+1))
			continue
		}
		errs = append(errs, checkButton(b, fmt.Sprint(i+1), 16)...)
		if len(b.SubButtons) > 5 {
			errs = append(errs, fmt.Errorf("wechat: menu button %q has %d sub-buttons, want at most 5", b.Name, len(b.SubButtons)))
		}
		for j, s := range b.SubButtons {
			if s == nil {
				errs = append(errs, fmt.Errorf("wechat: menu button %d.%d is empty", i+1, j+1))
				continue
			}
			if len(s.SubButtons) > 0 {
				errs = append(errs, fmt.Errorf("wechat: menu button %q: sub-buttons cannot nest", s.Name))
			}
			errs = append(errs, checkButton(s, fmt.Sprintf("%d.%d", i+1, j+1), 60)...)
		}
	}
	return errors.Join(errs...)
}

// checkButton checks one button; maxName is in bytes (16 top-level, 60
// below: 5 and 20 Chinese characters).
func checkButton(b *menu.Button, where string, maxName int) []error {
	var errs []error
	if b.Name == "" || len(b.Name) > maxName {
		errs = append(errs, fmt.Errorf("wechat: menu button %s: name %q must be 1 to %d bytes", where, b.Name, maxName))
	}
	if len(b.SubButtons) > 0 {
		return errs
	}
	switch b.Type {
	case "click", "scancode_push", "scancode_waitmsg", "pic_sysphoto", "pic_photo_or_album", "pic_weixin", "location_select":
		if b.Key == "" || len(b.Key) > 128 {
			errs = append(errs, fmt.Errorf("wechat: menu button %s (%s): key must be 1 to 128 bytes", where, b.Name))
		}
	case "view":
		if b.URL == "" || len(b.URL) > 1024 {
			errs = append(errs, fmt.Errorf("wechat: menu button %s (%s): url must be 1 to 1024 bytes", where, b.Name))
		}
	case "media_id", "view_limited", "article_id", "article_view_limited", "miniprogram":
	default:
		errs = append(errs, fmt.Errorf("wechat: menu button %s (%s): unknown type %q", where, b.Name, b.Type))
	}
	return errs
}

// MenuJSON is the request body InstallMenu sends, indented for reading
// (`houqin wechat menu --dry-run`).
func MenuJSON(m Menu) ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep URLs with & readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// InstallMenu replaces the account's custom menu with m.
func (c *Channel) InstallMenu(ctx context.Context, m Menu) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return c.call(ctx, "menu create", func() error {
		return c.menu.SetMenu(m.Button)
	})
}
