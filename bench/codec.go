package bench

import (
	"fmt"
	"testing"

	"github.com/osrg/gobgp/v4/pkg/packet/bgp"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// gobgpOptions are the GoBGP marshalling options matching opt.
func gobgpOptions(opt wire.Options) []*bgp.MarshallingOption {
	o := &bgp.MarshallingOption{Use2ByteAS: !opt.AS4}
	if len(opt.AddPath) > 0 {
		o.AddPath = map[bgp.Family]bgp.BGPAddPathMode{
			bgp.RF_IPv4_UC: bgp.BGP_ADD_PATH_BOTH,
			bgp.RF_IPv6_UC: bgp.BGP_ADD_PATH_BOTH,
		}
	}
	return []*bgp.MarshallingOption{o}
}

// DecodeBgpplay decodes every message of the corpus once per iteration
// into one reused Decoder, as a session's read loop does.
func DecodeBgpplay(b *testing.B, corpus []Message) {
	var d wire.Decoder
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for i := range corpus {
			if _, err := d.Decode(corpus[i].Raw, corpus[i].Opt); err != nil {
				sink = err
			}
		}
	}
}

// DecodeGoBGP decodes every message of the corpus once per iteration with
// GoBGP's ParseBGPMessage.
func DecodeGoBGP(b *testing.B, corpus []Message) {
	opts := make([][]*bgp.MarshallingOption, len(corpus))
	for i := range corpus {
		opts[i] = gobgpOptions(corpus[i].Opt)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for i := range corpus {
			m, err := bgp.ParseBGPMessage(corpus[i].Raw, opts[i]...)
			if err != nil {
				sink = err
			} else {
				sink = m
			}
		}
	}
}

// EncodeBgpplay encodes every decoded message of the corpus once per
// iteration into one reused buffer.
func EncodeBgpplay(b *testing.B, corpus []Message) {
	updates := make([]*wire.Update, 0, len(corpus))
	opts := make([]wire.Options, 0, len(corpus))
	for _, m := range corpus {
		msg, err := wire.Decode(m.Raw, m.Opt)
		if err != nil {
			continue // encode what decodes cleanly, on both sides
		}
		updates = append(updates, msg.(*wire.Update))
		opts = append(opts, m.Opt)
	}
	buf := make([]byte, 0, wire.MaxExtendedMessageLen)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for i, u := range updates {
			var err error
			if buf, err = wire.Append(buf[:0], u, opts[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// EncodeGoBGP serializes every decoded message of the corpus once per
// iteration with GoBGP's Serialize.
func EncodeGoBGP(b *testing.B, corpus []Message) {
	var msgs []*bgp.BGPMessage
	var opts [][]*bgp.MarshallingOption
	for _, m := range corpus {
		if _, err := wire.Decode(m.Raw, m.Opt); err != nil {
			continue
		}
		o := gobgpOptions(m.Opt)
		msg, err := bgp.ParseBGPMessage(m.Raw, o...)
		if err != nil {
			b.Fatalf("GoBGP cannot decode a message bgpplay decodes: %v", err)
		}
		msgs = append(msgs, msg)
		opts = append(opts, o)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for i, m := range msgs {
			out, err := m.Serialize(opts[i]...)
			if err != nil {
				b.Fatal(err)
			}
			sink = out
		}
	}
}

// sink keeps results alive so the compiler cannot drop the work.
var sink any

// Pair is one comparison: our implementation and the anchor, on the same
// input, in the same run.
type Pair struct {
	Name          string
	Ours, Anchor  func(*testing.B, []Message)
	AnchorName    string
	TargetSpeedup float64 // anchor time / our time must reach this
}

// Pairs are the comparisons `make bench` runs.
var Pairs = []Pair{
	{"decode UPDATE", DecodeBgpplay, DecodeGoBGP, "GoBGP v4", 3},
	{"encode UPDATE", EncodeBgpplay, EncodeGoBGP, "GoBGP v4", 2},
}

// PerMessage converts a whole-corpus benchmark result to ns and
// allocations per message.
func PerMessage(r testing.BenchmarkResult, n int) (ns float64, allocs float64) {
	if r.N == 0 || n == 0 {
		return 0, 0
	}
	return float64(r.T.Nanoseconds()) / float64(r.N) / float64(n),
		float64(r.MemAllocs) / float64(r.N) / float64(n)
}

func (p Pair) String() string { return fmt.Sprintf("%s (vs %s)", p.Name, p.AnchorName) }
