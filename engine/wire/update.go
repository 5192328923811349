package wire

// Update is an UPDATE message (RFC 4271 section 4.3):
//
//	+-----------------------------------------------------+
//	|   Withdrawn Routes Length (2 octets)                |
//	+-----------------------------------------------------+
//	|   Withdrawn Routes (variable)                       |
//	+-----------------------------------------------------+
//	|   Total Path Attribute Length (2 octets)            |
//	+-----------------------------------------------------+
//	|   Path Attributes (variable)                        |
//	+-----------------------------------------------------+
//	|   Network Layer Reachability Information (variable) |
//	+-----------------------------------------------------+
//
// Withdrawn and NLRI are the IPv4 unicast routes of the message body; other
// families travel in Attrs.MPReach and Attrs.MPUnreach (RFC 4760).
type Update struct {
	Withdrawn []NLRI
	Attrs     Attributes
	NLRI      []NLRI
}

// Type is TypeUpdate.
func (*Update) Type() MessageType { return TypeUpdate }
