package wire

// Keepalive is a KEEPALIVE message (RFC 4271 section 4.4): the header
// alone, 19 octets, with no body. A speaker sends one when a third of the
// hold time has passed without other messages, and to confirm an OPEN.
type Keepalive struct{}

// Type is TypeKeepalive.
func (*Keepalive) Type() MessageType { return TypeKeepalive }

// AppendBody appends nothing: a KEEPALIVE has no body.
func (*Keepalive) AppendBody(b []byte, _ Options) ([]byte, error) { return b, nil }

// DecodeBody checks that a KEEPALIVE body is empty; anything else is Bad
// Message Length with the Length field as data (RFC 4271 section 6.1).
func (k *Keepalive) DecodeBody(b []byte) error { return k.decodeBody(b, nil) }

func (*Keepalive) decodeBody(b []byte, _ *annotator) error {
	if len(b) != 0 {
		return errorf(CodeMessageHeader, SubBadMessageLength, msgLenField(len(b)), 16,
			"KEEPALIVE must be exactly %d octets, is %d", HeaderLen, HeaderLen+len(b))
	}
	return nil
}

// String is "KEEPALIVE".
func (*Keepalive) String() string { return "KEEPALIVE" }
