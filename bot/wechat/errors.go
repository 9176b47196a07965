package wechat

import (
	"errors"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/silenceper/wechat/v2/util"
)

// WeChat API error codes houqin treats specially.
const (
	codeSystemBusy      = -1
	codeInvalidToken    = 40001 // invalid credential / access_token
	codeInvalidOpenID   = 40003
	codeTokenNotLatest  = 40014 // invalid access_token
	codeInvalidTemplate = 40037
	codeTokenExpired    = 42001
	codeUnsubscribed    = 43004 // require subscribe
	codeRefused         = 43101 // user refuse to accept the msg
	codeDailyQuota      = 45009 // reach max api daily quota limit
	codeOutOfWindow     = 45015 // response out of time limit (48 h)
	codeCustomQuota     = 45047 // out of response count limit (customer messages per window)
	codeArgumentInvalid = 47003
)

// APIError is an error code returned by the WeChat API.
type APIError struct {
	Op   string // e.g. "custom send"
	Code int64
	Msg  string
}

func (e *APIError) Error() string {
	return "wechat: " + e.Op + ": errcode " + strconv.FormatInt(e.Code, 10) + ": " + e.Msg
}

// tokenInvalid reports whether the code means the access token must be
// dropped and fetched again.
func tokenInvalid(code int64) bool {
	return code == codeInvalidToken || code == codeTokenExpired || code == codeTokenNotLatest
}

// errcodeRE finds the code in the SDK's fmt.Errorf errors, which do not
// carry util.CommonError ("... errcode=45015 , errmsg=...").
var errcodeRE = regexp.MustCompile(`errcode=(-?\d+)\s*,\s*errmsg=(.*)$`)

// apiError extracts the WeChat error code from an SDK error, if there is one.
func apiError(op string, err error) (*APIError, bool) {
	var ce *util.CommonError
	if errors.As(err, &ce) {
		return &APIError{Op: op, Code: ce.ErrCode, Msg: scrub(ce.ErrMsg)}, true
	}
	m := errcodeRE.FindStringSubmatch(err.Error())
	if m == nil {
		return nil, false
	}
	code, perr := strconv.ParseInt(m[1], 10, 64)
	if perr != nil {
		return nil, false
	}
	return &APIError{Op: op, Code: code, Msg: scrub(strings.TrimSpace(m[2]))}, true
}

// secretRE matches the credentials the SDK puts in URLs, and so in the
// errors net/http and the SDK return ("... uri=https://...?access_token=…").
var secretRE = regexp.MustCompile(`(?i)(access_token|secret|appsecret)=[^&\s"]*`)

// scrub removes credentials from a text meant for a log or an error.
func scrub(s string) string {
	return secretRE.ReplaceAllString(s, "$1=REDACTED")
}

// scrubbedError keeps an error's chain for errors.Is/As (context deadlines,
// net errors) but prints it without credentials.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

// scrubbed returns err with credentials removed from its text.
func scrubbed(err error) error {
	if err == nil {
		return nil
	}
	inner := err
	// A *url.Error prints its URL, access token included: keep only
	// what it wraps (the network error, a context deadline).
	var ue *url.Error
	if errors.As(err, &ue) {
		inner = ue.Err
	}
	return &scrubbedError{msg: scrub(err.Error()), err: inner}
}
