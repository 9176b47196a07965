package flows

// Repairs is the store side of the repair flow (filled in with the flow).
type Repairs interface{}
