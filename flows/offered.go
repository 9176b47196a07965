package flows

// Offered is the buttons a typed number refers to now: the conversation's
// live offer or, when none is going on, the last notification's (a
// visitor's card to its host); nil when there is none. A flow reading a
// number said with more words (「2 让他去教育局信访」: the card's second
// button, and a reason) finds the button here.
func (t *Turn) Offered() []Button {
	if t.offer == nil || t.offer.Labels {
		return nil
	}
	return t.offer.Buttons
}

// Replied is Offered when the buttons are those of the writer's own last
// reply, not a notification's: what the writer was just talking about (a
// worker's 「已经修好了噻」 right after his words on one job).
func (t *Turn) Replied() []Button {
	if t.offer == nil || t.offer.notice {
		return nil
	}
	return t.Offered()
}
