package wire

// Notification is a NOTIFICATION message (RFC 4271 section 4.5):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	| Error code    | Error subcode |   Data (variable)             |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
type Notification struct {
	Code    ErrorCode
	Subcode uint8
	Data    []byte
}

// Type is TypeNotification.
func (*Notification) Type() MessageType { return TypeNotification }

// AppendBody appends code, subcode and data.
func (n *Notification) AppendBody(b []byte, _ Options) ([]byte, error) {
	b = append(b, byte(n.Code), n.Subcode)
	return append(b, n.Data...), nil
}

// DecodeBody decodes a NOTIFICATION body (everything after the header).
// Data is copied, never aliased.
func (n *Notification) DecodeBody(b []byte) error {
	return n.decodeBody(b, nil)
}

func (n *Notification) decodeBody(b []byte, an *annotator) error {
	if len(b) < 2 {
		return errorf(CodeMessageHeader, SubBadMessageLength, nil, HeaderLen,
			"NOTIFICATION body needs 2 octets, has %d", len(b))
	}
	n.Code, n.Subcode = ErrorCode(b[0]), b[1]
	n.Data = append(n.Data[:0], b[2:]...)
	if an != nil {
		an.leaf("error code", b[0:1], n.Code.String())
		an.leaf("error subcode", b[1:2], SubcodeName(n.Code, n.Subcode))
		if len(b) > 2 {
			an.leaf("data", b[2:], n.dataString())
		}
	}
	return nil
}

// dataString renders the data field: the RFC 8203 shutdown communication
// for Cease / Administrative Shutdown or Reset, hex otherwise.
func (n *Notification) dataString() string {
	return hexString(n.Data)
}
