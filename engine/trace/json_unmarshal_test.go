package trace

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestJSONUnmarshalErrors(t *testing.T) {
	attrs := func(a string) string {
		return `{"kind":"route-change","route":{"table":"Loc-RIB","change":"added","attrs":` + a + `}}`
	}
	tests := []struct {
		name, in, field, msg string
	}{
		{"not JSON", `{"kind":`, "", "not JSON"},
		{"not an object", `[1]`, "(event)", "array"},
		{"no kind", `{"seq":1}`, "kind", "missing"},
		{"unknown kind", `{"kind":"message-teleported"}`, "kind", `unknown kind "message-teleported"`},
		{"kind out of range", `{"kind":"Kind(0)"}`, "kind", "unknown kind"},
		{"kind a number", `{"kind":5}`, "kind", "number"},
		{"seq a string", `{"kind":"note","seq":"1"}`, "seq", "string"},
		{"negative seq", `{"kind":"note","seq":-1}`, "seq", "negative"},
		{"bad at", `{"kind":"note","at":"soon"}`, "at", "not a duration"},
		{"at disagrees", `{"kind":"note","at_ns":1000,"at":"2µs"}`, "at", "disagrees with at_ns"},
		{"conn negative", `{"kind":"note","conn":-1}`, "conn", "number -1"},
		{"msg without type", `{"kind":"message-sent","msg":{"id":1}}`, "msg.type", "missing"},
		{"msg unknown type", `{"kind":"message-sent","msg":{"type":"HELLO"}}`, "msg.type", `"HELLO"`},
		{"msg bad hex", `{"kind":"message-sent","msg":{"type":"KEEPALIVE","bytes_hex":"zz"}}`, "msg.bytes_hex", "invalid byte"},
		{"msg odd hex", `{"kind":"message-sent","msg":{"type":"KEEPALIVE","bytes_hex":"fff"}}`, "msg.bytes_hex", "odd length"},
		{"msg length", `{"kind":"message-sent","msg":{"type":"KEEPALIVE","bytes_hex":"ffff","length":19}}`, "msg.length", "holds 2 octets"},
		{"msg family", `{"kind":"message-sent","msg":{"type":"KEEPALIVE","opt":{"add_path":["ipv4-unicast","ipx-unicast"]}}}`, "msg.opt.add_path[1]", "ipx-unicast"},
		{"route no table", `{"kind":"route-change","route":{"change":"added"}}`, "route.table", "missing"},
		{"route unknown table", `{"kind":"route-change","route":{"table":"FIB","change":"added"}}`, "route.table", `"FIB"`},
		{"route no change", `{"kind":"route-change","route":{"table":"Loc-RIB"}}`, "route.change", "missing"},
		{"route unknown change", `{"kind":"route-change","route":{"table":"Loc-RIB","change":"moved"}}`, "route.change", `"moved"`},
		{"route bad prefix", `{"kind":"route-change","route":{"table":"Loc-RIB","change":"added","prefix":"203.0.113/24"}}`, "route.prefix", "not a prefix"},
		{"route unmasked", `{"kind":"route-change","route":{"table":"Loc-RIB","change":"added","prefix":"203.0.113.7/24"}}`, "route.prefix", "203.0.113.0/24"},
		{"route path_id", `{"kind":"route-change","route":{"table":"Loc-RIB","change":"added","path_id":"x"}}`, "route.path_id", "string"},
		{"origin", attrs(`{"origin":"BGP"}`), "route.attrs.origin", `"BGP"`},
		{"med negative", attrs(`{"med":-5}`), "route.attrs.med", "number -5"},
		{"med too big", attrs(`{"med":4294967296}`), "route.attrs.med", "uint32"},
		{"local_pref text", attrs(`{"local_pref":"high"}`), "route.attrs.local_pref", "string"},
		{"next hop", attrs(`{"next_hop":"192.0.2.300"}`), "route.attrs.next_hop", "192.0.2.300"},
		{"as_path text", attrs(`{"as_path":"65001 {65002"}`), "route.attrs.as_path", "AS path"},
		{"as_path segment type", attrs(`{"as_path_segments":[{"type":"AS_SEQUENCE","asns":[1]},{"type":"AS_BAG","asns":[2]}]}`), "route.attrs.as_path_segments[1].type", "AS_BAG"},
		{"as_path disagrees", attrs(`{"as_path":"1 2","as_path_segments":[{"type":"AS_SEQUENCE","asns":[1]}]}`), "route.attrs.as_path", "disagrees"},
		{"asn too big", attrs(`{"as_path_segments":[{"type":"AS_SEQUENCE","asns":[4294967296]}]}`), "route.attrs.as_path_segments.asns", "uint32"},
		{"community", attrs(`{"communities":["65001:100","65001:70000"]}`), "route.attrs.communities[1]", "65001:70000"},
		{"communities not a list", attrs(`{"communities":"NO_EXPORT"}`), "route.attrs.communities", "string"},
		{"large community", attrs(`{"large_communities":["1:2"]}`), "route.attrs.large_communities[0]", "1:2"},
		{"ext community", attrs(`{"ext_communities":["XX:1:2"]}`), "route.attrs.ext_communities[0]", "XX:1:2"},
		{"originator", attrs(`{"originator_id":"R9"}`), "route.attrs.originator_id", "R9"},
		{"cluster list", attrs(`{"cluster_list":["10.0.0.1",""]}`), "route.attrs.cluster_list[1]", "ParseAddr"},
		{"aggregator address", attrs(`{"aggregator":{"as":1,"address":"x"}}`), "route.attrs.aggregator.address", `"x"`},
		{"as4 aggregator as", attrs(`{"as4_aggregator":{"as":"1"}}`), "route.attrs.as4_aggregator.as", "string"},
		{"unknown value", attrs(`{"unknown":[{"type":99,"flags":192,"value_hex":"q"}]}`), "route.attrs.unknown[0].value_hex", "invalid byte"},
		{"unknown type too big", attrs(`{"unknown":[{"type":300}]}`), "route.attrs.unknown.type", "uint8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Event{Seq: 99, Text: "kept on error"}
			err := e.UnmarshalJSON([]byte(tt.in))
			require.Error(t, err)
			var je *JSONError
			require.True(t, errors.As(err, &je), "%T %v", err, err)
			assert.Equal(t, tt.field, je.Field, "%v", err)
			assert.Contains(t, err.Error(), tt.msg)
			if tt.field != "" {
				assert.Contains(t, err.Error(), tt.field)
			}
			assert.Equal(t, Event{Seq: 99, Text: "kept on error"}, e, "e is left alone on error")
		})
	}
}

func TestJSONUnmarshalThroughEncodingJSON(t *testing.T) {
	// encoding/json checks the syntax itself before calling UnmarshalJSON;
	// errors from UnmarshalJSON come back as they are.
	var e Event
	var se *json.SyntaxError
	assert.ErrorAs(t, json.Unmarshal([]byte(`{"kind":`), &e), &se)
	var je *JSONError
	require.ErrorAs(t, json.Unmarshal([]byte(`[{"kind":"note"},{"kind":"nope"}]`), &[]Event{}), &je)
	assert.Equal(t, "kind", je.Field)
}

func TestJSONUnmarshalLenient(t *testing.T) {
	var e Event
	// at alone, unknown members, the one-way members.
	in := `{"kind":"message-delivered","at":"1.5s","future":{"x":1},
		"msg":{"type":"MessageType(9)","bytes_hex":"FFFF","fields":{"name":"x"},"decode_error":"short"},
		"route":{"table":"Adj-RIB-Out","change":"stale","decision":{"step":"LOCAL_PREF","text":"t"},
		"attrs":{"as_path":"1 {2,3}","atomic_aggregate":false}}}`
	require.NoError(t, json.Unmarshal([]byte(in), &e))
	assert.Equal(t, int64(1.5e9), int64(e.At))
	assert.Equal(t, []byte{0xff, 0xff}, e.Msg.Bytes)
	assert.Equal(t, "MessageType(9)", e.Msg.Type.String())
	assert.Nil(t, e.Route.Decision)
	assert.Equal(t, "1 {2,3}", e.Route.Attrs.ASPath.String())
	assert.False(t, e.Route.Attrs.Has(6), "atomic_aggregate false is absent")
}

// FuzzEventUnmarshalJSON: no input panics, and whatever decodes writes
// back to JSON that decodes to the same bytes again.
func FuzzEventUnmarshalJSON(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "json", "*.json"))
	require.NoError(f, err)
	for _, file := range files {
		b, err := os.ReadFile(file)
		require.NoError(f, err)
		f.Add(b)
	}
	for _, s := range []string{``, `null`, `{}`, `{"kind":"note"}`, `{"kind":"route-change","route":{"table":"Loc-RIB","change":"added","attrs":{"med":0,"as_path_segments":[{"type":"AS_SET","asns":[]}]}}}`,
		`{"kind":"message-sent","msg":{"type":"UPDATE","bytes_hex":"00","length":1,"opt":{"add_path":["afi25-safi70"]}}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var e Event
		if json.Unmarshal(in, &e) != nil {
			return
		}
		first, err := AppendJSON(nil, &e, JSONOptions{Fields: true})
		require.NoError(t, err)
		require.True(t, json.Valid(first), "%s", first)
		var again Event
		require.NoError(t, json.Unmarshal(first, &again), "%s", first)
		second, err := AppendJSON(nil, &again, JSONOptions{Fields: true})
		require.NoError(t, err)
		require.Equal(t, string(first), string(second))
	})
}
