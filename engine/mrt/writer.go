package mrt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/netip"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// Writer writes MRT records to a stream. Each record is encoded into one
// reused buffer and handed to the underlying writer with a single Write,
// so wrap w in a bufio.Writer for many small records. Timestamps come
// from the caller: the engine has no clock.
//
// It is not safe for concurrent use.
type Writer struct {
	w   io.Writer
	buf []byte
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write writes rec as the record type and subtype its body pointer and
// flags call for, with rec.Timestamp (and rec.Microseconds when rec.Type
// is BGP4MP_ET). Header.Subtype and Header.Length are computed, not taken
// from rec. Write is the inverse of Reader.Next: a record read can be
// written back as it is.
func (w *Writer) Write(rec *Record) error {
	switch {
	case rec.TableDump != nil:
		return w.WriteTableDump(rec.Timestamp, rec.TableDump)
	case rec.PeerIndex != nil:
		return w.WritePeerIndexTable(rec.Timestamp, rec.PeerIndex)
	case rec.RIB != nil:
		return w.WriteRIB(rec.Timestamp, rec.RIB)
	case rec.Message != nil:
		if rec.Type == TypeBGP4MPET {
			return w.WriteMessageET(rec.Timestamp, rec.Microseconds, rec.Message)
		}
		return w.WriteMessage(rec.Timestamp, rec.Message)
	case rec.State != nil:
		if rec.Type == TypeBGP4MPET {
			return w.WriteStateChangeET(rec.Timestamp, rec.Microseconds, rec.State)
		}
		return w.WriteStateChange(rec.Timestamp, rec.State)
	}
	return errors.New("mrt: record has no body to write")
}

// begin starts a record in w.buf: the header, with the length left for
// finish to set, and the microseconds of the _ET types.
func (w *Writer) begin(ts uint32, t Type, sub uint16, us uint32) {
	b := w.buf[:0]
	b = binary.BigEndian.AppendUint32(b, ts)
	b = binary.BigEndian.AppendUint16(b, uint16(t))
	b = binary.BigEndian.AppendUint16(b, sub)
	b = append(b, 0, 0, 0, 0) // length, set by finish
	if t.extendedTime() {
		b = binary.BigEndian.AppendUint32(b, us)
	}
	w.buf = b
}

// finish sets the length and writes the record.
func (w *Writer) finish() error {
	n := len(w.buf) - HeaderLen
	if n > MaxRecordLen {
		return fmt.Errorf("mrt: record body of %d octets exceeds the limit of %d", n, MaxRecordLen)
	}
	binary.BigEndian.PutUint32(w.buf[8:], uint32(n))
	_, err := w.w.Write(w.buf)
	return err
}

// WriteTableDump writes a TABLE_DUMP record (RFC 6396 section 4.2). The
// prefix's address family picks the subtype; the peer address must be of
// the same family, and the peer AS must fit in 2 octets. Attributes are
// encoded for a 2-octet AS session (AS4_PATH carries larger AS numbers).
func (w *Writer) WriteTableDump(ts uint32, td *TableDump) error {
	p := td.Prefix.Masked()
	if !p.IsValid() {
		return errors.New("mrt: TABLE_DUMP prefix is not valid")
	}
	v6 := p.Addr().Is6()
	sub := SubtypeAFIIPv4
	if v6 {
		sub = SubtypeAFIIPv6
	}
	if td.PeerIP.Is6() != v6 || !td.PeerIP.IsValid() {
		return errors.New("mrt: TABLE_DUMP peer address is not of the prefix's family")
	}
	if td.PeerAS > 0xffff {
		return fmt.Errorf("mrt: TABLE_DUMP peer AS %d does not fit in 2 octets", td.PeerAS)
	}
	w.begin(ts, TypeTableDump, sub, 0)
	b := w.buf
	b = binary.BigEndian.AppendUint16(b, td.View)
	b = binary.BigEndian.AppendUint16(b, td.Sequence)
	b = appendIP(b, p.Addr())
	b = append(b, byte(p.Bits()), td.Status)
	b = binary.BigEndian.AppendUint32(b, td.OriginatedTime)
	b = appendIP(b, td.PeerIP)
	b = binary.BigEndian.AppendUint16(b, uint16(td.PeerAS))
	b, err := appendAttrBlock(b, &td.Attrs, wire.Options{RIBEntry: td.mpAbbrev})
	w.buf = b
	if err != nil {
		return err
	}
	return w.finish()
}

// WritePeerIndexTable writes a TABLE_DUMP_V2 PEER_INDEX_TABLE record (RFC
// 6396 section 4.3.1). Each peer's AS is written in 4 octets unless its
// AS2 flag is set and the number fits in 2.
func (w *Writer) WritePeerIndexTable(ts uint32, t *PeerIndexTable) error {
	if len(t.ViewName) > 0xffff || len(t.Peers) > 0xffff {
		return errors.New("mrt: PEER_INDEX_TABLE view name or peer list too long")
	}
	w.begin(ts, TypeTableDumpV2, SubtypePeerIndexTable, 0)
	b := w.buf
	b = appendIP4(b, t.CollectorID)
	b = binary.BigEndian.AppendUint16(b, uint16(len(t.ViewName)))
	b = append(b, t.ViewName...)
	b = binary.BigEndian.AppendUint16(b, uint16(len(t.Peers)))
	for i := range t.Peers {
		p := &t.Peers[i]
		if !p.IP.IsValid() {
			w.buf = b
			return fmt.Errorf("mrt: PEER_INDEX_TABLE peer %d has no address", i)
		}
		var typ byte
		if p.IP.Is6() {
			typ |= peerTypeIPv6
		}
		as4 := !p.AS2 || p.AS > 0xffff
		if as4 {
			typ |= peerTypeAS4
		}
		b = append(b, typ)
		b = appendIP4(b, p.BGPID)
		b = appendIP(b, p.IP)
		if as4 {
			b = binary.BigEndian.AppendUint32(b, p.AS)
		} else {
			b = binary.BigEndian.AppendUint16(b, uint16(p.AS))
		}
	}
	w.buf = b
	return w.finish()
}

// WriteRIB writes a TABLE_DUMP_V2 RIB record (RFC 6396 section 4.3.2):
// RIB_IPV4_UNICAST or RIB_IPV6_UNICAST after rib.Family, or the RFC 8050
// ADD-PATH variant when rib.AddPath is set. Attributes are encoded with
// 4-octet AS numbers and, for IPv6, the short MP_REACH_NLRI of RFC 6396
// section 4.3.4 (set Attrs.MPReach.Family and NextHop, and mark it Set).
func (w *Writer) WriteRIB(ts uint32, rib *RIB) error {
	var sub uint16
	switch rib.Family {
	case wire.IPv4Unicast:
		sub = SubtypeRIBIPv4Unicast
	case wire.IPv6Unicast:
		sub = SubtypeRIBIPv6Unicast
	default:
		return fmt.Errorf("mrt: RIB family %s is not IPv4 or IPv6 unicast", rib.Family)
	}
	if rib.AddPath {
		sub += SubtypeRIBIPv4UnicastAddPath - SubtypeRIBIPv4Unicast
	}
	p := rib.Prefix.Masked()
	if !p.IsValid() || p.Addr().Is6() != (rib.Family.AFI == wire.AFIIPv6) {
		return errors.New("mrt: RIB prefix is not of the record's family")
	}
	if len(rib.Entries) > 0xffff {
		return errors.New("mrt: RIB record has more than 65535 entries")
	}
	w.begin(ts, TypeTableDumpV2, sub, 0)
	b := w.buf
	b = binary.BigEndian.AppendUint32(b, rib.Sequence)
	b = wire.AppendPrefix(b, p)
	b = binary.BigEndian.AppendUint16(b, uint16(len(rib.Entries)))
	var err error
	for i := range rib.Entries {
		e := &rib.Entries[i]
		b = binary.BigEndian.AppendUint16(b, e.PeerIndex)
		b = binary.BigEndian.AppendUint32(b, e.OriginatedTime)
		if rib.AddPath {
			b = binary.BigEndian.AppendUint32(b, e.PathID)
		}
		// Entries read from a file with the full MP_REACH_NLRI form
		// are written in the RFC 6396 short form.
		if b, err = appendAttrBlock(b, &e.Attrs, wire.Options{AS4: true, RIBEntry: true}); err != nil {
			w.buf = b
			return fmt.Errorf("mrt: RIB entry %d: %w", i, err)
		}
	}
	w.buf = b
	return w.finish()
}

// appendAttrBlock appends a 2-octet attribute length and the attributes.
func appendAttrBlock(b []byte, a *wire.Attributes, opt wire.Options) ([]byte, error) {
	at := len(b)
	b = append(b, 0, 0)
	b, err := a.Append(b, opt)
	if err != nil {
		return b[:at], err
	}
	n := len(b) - at - 2
	if n > 0xffff {
		return b[:at], errors.New("mrt: attributes exceed 65535 octets")
	}
	binary.BigEndian.PutUint16(b[at:], uint16(n))
	return b, nil
}

// WriteMessage writes a BGP4MP MESSAGE record of the flavour m's AS4,
// Local and AddPath fields call for (RFC 6396 section 4.4, RFC 8050).
// It writes m.Raw as the BGP message when set, and encodes m.Update with
// m.Options() otherwise. The peer and local addresses must be of one
// family; an invalid LocalIP is written as zeros.
func (w *Writer) WriteMessage(ts uint32, m *BGP4MPMessage) error {
	return w.writeMessage(ts, TypeBGP4MP, 0, m)
}

// WriteMessageET is WriteMessage for a BGP4MP_ET record, whose header
// also carries microseconds (RFC 6396 section 3).
func (w *Writer) WriteMessageET(ts, us uint32, m *BGP4MPMessage) error {
	return w.writeMessage(ts, TypeBGP4MPET, us, m)
}

func (w *Writer) writeMessage(ts uint32, t Type, us uint32, m *BGP4MPMessage) error {
	w.begin(ts, t, bgp4mpSubtype(m.AS4, m.Local, m.AddPath), us)
	b, err := appendPeerHeader(w.buf, &m.BGP4MPPeer)
	if err != nil {
		return err
	}
	if m.Raw != nil {
		b = append(b, m.Raw...)
	} else {
		if b, err = wire.Append(b, &m.Update, m.Options()); err != nil {
			return fmt.Errorf("mrt: BGP4MP message: %w", err)
		}
	}
	w.buf = b
	return w.finish()
}

// WriteStateChange writes a BGP4MP STATE_CHANGE record, or
// STATE_CHANGE_AS4 when s.AS4 is set (RFC 6396 sections 4.4.1, 4.4.4).
func (w *Writer) WriteStateChange(ts uint32, s *BGP4MPStateChange) error {
	return w.writeState(ts, TypeBGP4MP, 0, s)
}

// WriteStateChangeET is WriteStateChange for a BGP4MP_ET record.
func (w *Writer) WriteStateChangeET(ts, us uint32, s *BGP4MPStateChange) error {
	return w.writeState(ts, TypeBGP4MPET, us, s)
}

func (w *Writer) writeState(ts uint32, t Type, us uint32, s *BGP4MPStateChange) error {
	sub := SubtypeBGP4MPStateChange
	if s.AS4 {
		sub = SubtypeBGP4MPStateChangeAS4
	}
	w.begin(ts, t, sub, us)
	b, err := appendPeerHeader(w.buf, &s.BGP4MPPeer)
	if err != nil {
		return err
	}
	b = binary.BigEndian.AppendUint16(b, s.OldState)
	b = binary.BigEndian.AppendUint16(b, s.NewState)
	w.buf = b
	return w.finish()
}

// appendPeerHeader appends the BGP4MPPeer fields. The address family is
// taken from PeerIP.
func appendPeerHeader(b []byte, p *BGP4MPPeer) ([]byte, error) {
	if !p.AS4 && (p.PeerAS > 0xffff || p.LocalAS > 0xffff) {
		return b, fmt.Errorf("mrt: BGP4MP AS numbers %d, %d need the _AS4 subtype", p.PeerAS, p.LocalAS)
	}
	if !p.PeerIP.IsValid() {
		return b, errors.New("mrt: BGP4MP record has no peer address")
	}
	v6 := p.PeerIP.Is6()
	if p.LocalIP.IsValid() && p.LocalIP.Is6() != v6 {
		return b, errors.New("mrt: BGP4MP peer and local addresses are of different families")
	}
	if p.AS4 {
		b = binary.BigEndian.AppendUint32(b, p.PeerAS)
		b = binary.BigEndian.AppendUint32(b, p.LocalAS)
	} else {
		b = binary.BigEndian.AppendUint16(b, uint16(p.PeerAS))
		b = binary.BigEndian.AppendUint16(b, uint16(p.LocalAS))
	}
	b = binary.BigEndian.AppendUint16(b, p.Interface)
	local := p.LocalIP
	if v6 {
		b = binary.BigEndian.AppendUint16(b, uint16(wire.AFIIPv6))
		if !local.IsValid() {
			local = netip.IPv6Unspecified()
		}
	} else {
		b = binary.BigEndian.AppendUint16(b, uint16(wire.AFIIPv4))
		if !local.IsValid() {
			local = netip.IPv4Unspecified()
		}
	}
	b = appendIP(b, p.PeerIP)
	return appendIP(b, local), nil
}

// appendIP appends the 4 or 16 octets of a.
func appendIP(b []byte, a netip.Addr) []byte {
	if a.Is4() {
		v := a.As4()
		return append(b, v[:]...)
	}
	v := a.As16()
	return append(b, v[:]...)
}

// appendIP4 appends an IPv4 address (a BGP identifier); the zero Addr
// and non-IPv4 addresses are written as 0.0.0.0.
func appendIP4(b []byte, a netip.Addr) []byte {
	if !a.Is4() {
		return append(b, 0, 0, 0, 0)
	}
	v := a.As4()
	return append(b, v[:]...)
}
