package wire

import (
	"encoding/binary"
	"strconv"
	"strings"
)

// GracefulRestartCap is the value of the Graceful Restart capability
// (RFC 4724 section 3, RFC 8538 section 2):
//
//	+--------------------------------------------------+
//	| Restart Flags (4 bits)                           |
//	+--------------------------------------------------+
//	| Restart Time in seconds (12 bits)                |
//	+--------------------------------------------------+
//	| Address Family Identifier (16 bits)              |
//	+--------------------------------------------------+
//	| Subsequent Address Family Identifier (8 bits)    |
//	+--------------------------------------------------+
//	| Flags for Address Family (8 bits)                |
//	+--------------------------------------------------+
//	| ...                                              |
//	+--------------------------------------------------+
//
// The restart flags are R (most significant bit, RFC 4724: the sender has
// restarted) and N (next bit, RFC 8538: the sender supports graceful
// restart for NOTIFICATION messages); the per-family flags carry F (most
// significant bit: forwarding state was preserved). Reserved bits are
// sent as zero and ignored on receipt.
type GracefulRestartCap struct {
	// Restarting is the R bit.
	Restarting bool
	// Notification is the N bit (RFC 8538 section 2).
	Notification bool
	// Time is the restart time in seconds, 0..4095.
	Time uint16
	// Families lists the families for which the sender preserves
	// forwarding state across a restart, in wire order.
	Families []GRFamily
}

// GRFamily is one address family of the Graceful Restart capability.
type GRFamily struct {
	Family Family
	// ForwardingPreserved is the F bit: forwarding state for the family
	// was preserved across the restart.
	ForwardingPreserved bool
}

// Graceful restart flag bits.
const (
	grFlagRestart      = 0x8000 // R, in the 16-bit flags+time field
	grFlagNotification = 0x4000 // N
	grTimeMask         = 0x0fff
	grFamilyForwarding = 0x80 // F, in the per-family flags octet
)

// MaxRestartTime is the largest restart time the 12-bit field holds.
const MaxRestartTime = grTimeMask

// append appends the capability value. Time is masked to 12 bits; the
// caller checks the range.
func (g *GracefulRestartCap) append(b []byte) []byte {
	v := g.Time & grTimeMask
	if g.Restarting {
		v |= grFlagRestart
	}
	if g.Notification {
		v |= grFlagNotification
	}
	b = binary.BigEndian.AppendUint16(b, v)
	for _, f := range g.Families {
		var flags byte
		if f.ForwardingPreserved {
			flags = grFamilyForwarding
		}
		b = binary.BigEndian.AppendUint16(b, uint16(f.Family.AFI))
		b = append(b, byte(f.Family.SAFI), flags)
	}
	return b
}

// decode decodes a value whose length the caller checked to be 2+4k.
func (g *GracefulRestartCap) decode(v []byte, an *annotator) {
	ft := binary.BigEndian.Uint16(v)
	g.Restarting = ft&grFlagRestart != 0
	g.Notification = ft&grFlagNotification != 0
	g.Time = ft & grTimeMask
	if an != nil {
		an.leaf("restart flags and time", v[0:2], g.flagsString())
	}
	for i := 2; i+4 <= len(v); i += 4 {
		f := GRFamily{
			Family:              Family{AFI(binary.BigEndian.Uint16(v[i:])), SAFI(v[i+2])},
			ForwardingPreserved: v[i+3]&grFamilyForwarding != 0,
		}
		g.Families = append(g.Families, f)
		if an != nil {
			an.open("family", v[i:i+4], f.String())
			an.leaf("AFI", v[i:i+2], f.Family.AFI.String())
			an.leaf("SAFI", v[i+2:i+3], f.Family.SAFI.String())
			flags := "F=0 (forwarding state not preserved)"
			if f.ForwardingPreserved {
				flags = "F=1 (forwarding state preserved)"
			}
			an.leaf("flags", v[i+3:i+4], flags)
			an.close()
		}
	}
}

// Family reports whether f is listed and, if so, its entry.
func (g *GracefulRestartCap) Family(f Family) (GRFamily, bool) {
	for _, e := range g.Families {
		if e.Family == f {
			return e, true
		}
	}
	return GRFamily{}, false
}

// flagsString renders the flags and time field.
func (g *GracefulRestartCap) flagsString() string {
	var b strings.Builder
	b.WriteString("restart time ")
	b.WriteString(strconv.Itoa(int(g.Time)))
	b.WriteString(" s")
	if g.Restarting {
		b.WriteString(", R (restarting)")
	}
	if g.Notification {
		b.WriteString(", N (graceful NOTIFICATION)")
	}
	return b.String()
}

// String renders g as "restart time 120 s, R (restarting), ipv4-unicast
// (F)".
func (g *GracefulRestartCap) String() string {
	s := g.flagsString()
	for _, f := range g.Families {
		s += ", " + f.String()
	}
	return s
}

// String renders f as "ipv4-unicast" or "ipv4-unicast (F)".
func (f GRFamily) String() string {
	if f.ForwardingPreserved {
		return f.Family.String() + " (F)"
	}
	return f.Family.String()
}
