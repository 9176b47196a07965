package main

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/silenceper/wechat/v2/util"

	"github.com/houqin/houqin/bot/wecom"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
)

func wecomConfig(c WeComConfig) wecom.Config {
	return wecom.Config{CorpID: c.CorpID, AgentID: c.AgentID, Secret: c.Secret, Token: c.Token,
		EncodingAESKey: c.EncodingAESKey, APIBaseURL: c.APIBaseURL}
}

// setupWeCom wires the WeCom self-built app when corp_id is configured: the
// callback at /wecom, its sender for the outbox, its photo fetcher, and
// its OAuth for the pages (web_auth). It runs after setupWeb.
func setupWeCom(s *server) error {
	if !s.cfg.WeCom.Enabled() {
		return nil
	}
	wc := wecomConfig(s.cfg.WeCom)
	wc.Topic = s.topic
	ch, err := wecom.New(wc, s.inbound(), s.db, s.log)
	if err != nil {
		return err
	}
	s.mux.Handle("GET /wecom", ch)
	s.mux.Handle("POST /wecom", ch)
	s.senders[flows.ChannelWeCom] = ch
	s.photos.Fetchers[flows.ChannelWeCom] = ch
	s.shutdown = append(s.shutdown, ch.Shutdown)
	if s.cfg.WeCom.WebAuth && s.pages != nil {
		s.pages.WeCom = ch.OAuth(s.cfg.WeCom.OAuthURL)
	}
	return nil
}

// cmdSchoolWeComGroup names a school's WeCom group: a group robot (群机器人,
// its webhook key) or an app chat (应用群聊, its chatid). The robot key is a
// credential of that group only; it is kept in the database like the chat
// ids of the other channels and never printed back.
func cmdSchoolWeComGroup(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "school wecom-group", "--school ID (--robot KEY | --chat CHATID) [--purpose maintenance|gate|canteen] [--remove] [--json]")
	id := fs.Int64("school", 0, "school `id`")
	robot := fs.String("robot", "", "the group robot's webhook `key` (the key=... part of its 消息推送地址)")
	chat := fs.String("chat", "", "the `chatid` of an app chat (appchat/create)")
	purpose := fs.String("purpose", flows.GroupMaintenance, "what the group is `for`: maintenance, gate or canteen")
	remove := fs.Bool("remove", false, "forget the group instead")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *id == 0 || (*robot == "") == (*chat == "") {
		return usageError{"school wecom-group: --school and one of --robot or --chat are required"}
	}
	if strings.ContainsAny(*robot+*chat, " \t\r\n&?=/") {
		return usageError{"school wecom-group: give the key or chatid alone, not a URL"}
	}
	switch *purpose {
	case flows.GroupMaintenance, flows.GroupGate, flows.GroupCanteen:
	default:
		return usageError{"school wecom-group: --purpose must be maintenance, gate or canteen"}
	}
	addr, shown := "appchat:"+*chat, "app chat "+*chat
	if *robot != "" {
		addr, shown = "robot:"+*robot, "group robot"
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		if _, err := db.School(ctx, *id); err != nil {
			return err
		}
		var err error
		if *remove {
			err = db.RemoveChatGroup(ctx, *id, flows.ChannelWeCom, addr, *purpose)
		} else {
			err = db.SetChatGroup(ctx, *id, flows.ChannelWeCom, addr, *purpose)
		}
		if err != nil {
			return err
		}
		v := map[string]any{"id": *id, "school_id": *id, "group": shown, "purpose": *purpose, "removed": *remove}
		return printResult(env, *asJSON, v, "school %d: wecom %s (%s) %s\n", *id, shown, *purpose, map[bool]string{true: "removed", false: "saved"}[*remove])
	})
}

// doctorWeCom checks the WeCom app for real: an access token from
// gettoken (the secret, the corp_id and the 企业可信IP), and, when
// public_url is reachable, WeCom's URL check against public_url/wecom.
func doctorWeCom(ctx context.Context, d *doctor, cfg Config, reachable bool, timeout time.Duration) {
	if err := wecom.CheckToken(ctx, wecomConfig(cfg.WeCom)); err != nil {
		msg := err.Error()
		var ae *wecom.APIError
		if errors.As(err, &ae) && ae.Hint() != "" {
			msg += " — " + ae.Hint()
		}
		d.fail("wecom token", "%s", msg)
	} else {
		d.ok("wecom token", "access token fetched for corp_id %s, agent %d from %s", cfg.WeCom.CorpID, cfg.WeCom.AgentID, cfg.WeCom.APIBaseURL)
	}
	if !reachable {
		return
	}
	echo := "doctor-" + randomHex(8)
	enc, err := util.EncryptMsg([]byte(randomHex(8)), []byte(echo), cfg.WeCom.CorpID, cfg.WeCom.EncodingAESKey)
	if err != nil {
		d.fail("wecom callback", "encrypt the URL check: %s (is encoding_aes_key right?)", err)
		return
	}
	nonce, ts := randomHex(8), strconv.FormatInt(time.Now().Unix(), 10)
	q := url.Values{"msg_signature": {urlCheckSignature(cfg.WeCom.Token, ts, nonce, string(enc))}, "timestamp": {ts}, "nonce": {nonce}, "echostr": {string(enc)}}
	u := strings.TrimRight(cfg.HTTP.PublicURL, "/") + "/wecom"
	code, body, err := doctorGet(ctx, u+"?"+q.Encode(), timeout)
	switch {
	case err != nil:
		d.fail("wecom callback", "GET %s: %s", u, err)
	case code == http.StatusOK && body == echo:
		d.ok("wecom callback", "%s answers WeCom's URL check (token and EncodingAESKey match)", u)
	case code == http.StatusForbidden || code == http.StatusBadRequest:
		d.fail("wecom callback", "%s refused the URL check: the running houqin has another [wecom] token, EncodingAESKey or corp_id than this config", u)
	default:
		d.fail("wecom callback", "%s: HTTP %d, not the URL check's answer: the proxy does not pass /wecom to houqin, or WeCom is not configured in the running houqin", u, code)
	}
}
