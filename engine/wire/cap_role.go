package wire

// Role is the value of the BGP Role capability (RFC 9234 section 4.1): the
// sender's role on this session. Which pairs of roles agree (Provider with
// Customer, RS with RS-Client, Peer with Peer) and what to do when they do
// not (Role Mismatch, RFC 9234 section 4.2) is for the session layer,
// which knows the local role.
type Role uint8

// BGP roles (IANA "BGP Role Value").
const (
	RoleProvider Role = 0 // Provider
	RoleRS       Role = 1 // RS
	RoleRSClient Role = 2 // RS-Client
	RoleCustomer Role = 3 // Customer
	RolePeer     Role = 4 // Peer
)

// Valid reports whether r is a role RFC 9234 defines.
func (r Role) Valid() bool { return r <= RolePeer }
