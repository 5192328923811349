package wire

import "encoding/binary"

// AddPathMode is the Send/Receive field of the ADD-PATH capability
// (RFC 7911 section 4): whether the sender of the OPEN wants to receive,
// send, or both, multiple paths for a family.
type AddPathMode uint8

// ADD-PATH Send/Receive values. RFC 7911 section 4: any other value makes
// the capability "not understood", and it is ignored (see Open.AddPath).
const (
	AddPathNone    AddPathMode = 0 // none
	AddPathReceive AddPathMode = 1 // receive
	AddPathSend    AddPathMode = 2 // send
	AddPathBoth    AddPathMode = 3 // send/receive
)

// Valid reports whether m is one of the values RFC 7911 defines
// (receive, send or both).
func (m AddPathMode) Valid() bool { return m >= AddPathReceive && m <= AddPathBoth }

// CanSend reports whether m includes sending.
func (m AddPathMode) CanSend() bool { return m == AddPathSend || m == AddPathBoth }

// CanReceive reports whether m includes receiving.
func (m AddPathMode) CanReceive() bool { return m == AddPathReceive || m == AddPathBoth }

// AddPathFamily is one entry of the ADD-PATH capability (RFC 7911 section 4):
//
//	+------------------------------------------------+
//	| Address Family Identifier (2 octets)           |
//	+------------------------------------------------+
//	| Subsequent Address Family Identifier (1 octet) |
//	+------------------------------------------------+
//	| Send/Receive (1 octet)                         |
//	+------------------------------------------------+
type AddPathFamily struct {
	Family Family
	Mode   AddPathMode
}

// String renders a as "ipv4-unicast send/receive".
func (a AddPathFamily) String() string { return a.Family.String() + " " + a.Mode.String() }

// decodeAddPath decodes an ADD-PATH value whose length the caller checked
// to be a multiple of 4. Modes are kept as received, valid or not.
func decodeAddPath(c *Capability, v []byte, an *annotator) {
	for i := 0; i+4 <= len(v); i += 4 {
		e := AddPathFamily{
			Family: Family{AFI(binary.BigEndian.Uint16(v[i:])), SAFI(v[i+2])},
			Mode:   AddPathMode(v[i+3]),
		}
		c.AddPath = append(c.AddPath, e)
		if an != nil {
			an.open("family", v[i:i+4], e.String())
			an.leaf("AFI", v[i:i+2], e.Family.AFI.String())
			an.leaf("SAFI", v[i+2:i+3], e.Family.SAFI.String())
			mode := e.Mode.String()
			if !e.Mode.Valid() {
				mode += " (invalid: capability ignored, RFC 7911 section 4)"
			}
			an.leaf("send/receive", v[i+3:i+4], mode)
			an.close()
		}
	}
}
