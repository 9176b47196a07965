package parse

import "errors"

// Error is a validation failure of this package. Its Error method is short
// English for logs and never contains the input (it may be an ID number);
// Text is the polite Chinese explanation for the person who typed it.
type Error struct {
	msg  string
	text string
}

func (e *Error) Error() string { return "parse: " + e.msg }

// Text is the explanation to show to the person who typed the input.
func (e *Error) Text() string { return e.text }

// The errors the validators return; compare with errors.Is.
var (
	ErrIDLength     = &Error{"id: wrong length", "身份证号应为 18 位，请核对后重新输入。"}
	ErrIDChars      = &Error{"id: bad characters", "身份证号只能是数字，最后一位可以是 X，请核对后重新输入。"}
	ErrIDBirthDate  = &Error{"id: impossible birth date", "身份证号里的出生日期（第 7–14 位）不存在，请核对。"}
	ErrIDCheckDigit = &Error{"id: wrong check digit", "身份证号校验位不对，可能有一位输错了，请逐位核对（最后一位应为数字或 X）。"}

	ErrPhone = &Error{"phone: not a mainland mobile number", "手机号不对，请输入 11 位手机号，如 13812345678。"}
	ErrPlate = &Error{"plate: not a vehicle plate", "车牌号不对，请按“京A12345”的样子输入（新能源车如“京AD12345”）。"}

	ErrTemperature      = &Error{"temperature: not a number", "没看懂温度，请只写数字，如“4”“4.5度”或“零下2度”。"}
	ErrTemperatureRange = &Error{"temperature: out of range", "温度不在合理范围（-30 到 60 ℃）内，请核对。"}
)

// ErrorText returns the Chinese explanation of an error returned by this
// package, or "" when err is nil or did not come from here.
func ErrorText(err error) string {
	if pe, ok := errors.AsType[*Error](err); ok {
		return pe.text
	}
	return ""
}

// IDErrorText returns the Chinese explanation of an error from ValidateID.
// Unlike ErrorText it never returns "" for a non-nil error, so a flow can
// always answer something sensible.
func IDErrorText(err error) string {
	if err == nil {
		return ""
	}
	if t := ErrorText(err); t != "" {
		return t
	}
	return "身份证号不对，请核对后重新输入。"
}
