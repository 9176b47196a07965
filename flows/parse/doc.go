// Package parse reads what people type into a school chat: it normalises
// Chinese input (full-width digits and letters, stray spaces) and parses or
// validates the values the flows need — resident ID numbers, mobile numbers,
// vehicle plates, food-sample dish lines and fridge temperatures, repair
// reports (place, trade, item) and numbered choices.
//
// Everything here is pure: no I/O, no clock except where a birth date must
// not lie in the future. Failures carry a polite Simplified Chinese
// explanation, available through ErrorText, so a flow can answer the person
// who typed the input without knowing the rule that failed.
package parse
