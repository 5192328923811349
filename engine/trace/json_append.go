package trace

import (
	"net/netip"
	"strconv"
	"unicode/utf8"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// The appenders below write JSON by hand, without reflection, for
// AppendJSON. Objects are written as '{', then members each started by
// appendKey, then '}'; appendKey and appendSep put the comma in by looking
// at the last byte written, so callers never track "first member".

// appendKey writes the member name k (a constant that needs no escaping)
// and its colon, preceded by a comma unless it opens the object.
func appendKey(b []byte, k string) []byte {
	b = appendSep(b)
	b = append(b, '"')
	b = append(b, k...)
	return append(b, '"', ':')
}

// appendSep writes the comma between two values of an array or two
// members of an object: none right after '{' or '['.
func appendSep(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] != '{' && b[n-1] != '[' {
		b = append(b, ',')
	}
	return b
}

// appendStringMember writes "k":"v".
func appendStringMember(b []byte, k, v string) []byte {
	return appendString(appendKey(b, k), v)
}

// appendUintMember writes "k":v.
func appendUintMember(b []byte, k string, v uint64) []byte {
	return strconv.AppendUint(appendKey(b, k), v, 10)
}

// appendAddrMember writes "k":"192.0.2.1".
func appendAddrMember(b []byte, k string, a netip.Addr) []byte {
	b = append(appendKey(b, k), '"')
	b = a.AppendTo(b)
	return append(b, '"')
}

// appendString writes s as a JSON string. It escapes as encoding/json
// does, except that <, > and & are left alone (the output is not meant to
// be embedded in HTML): invalid UTF-8 becomes U+FFFD, and U+2028 and
// U+2029 are escaped for JavaScript.
func appendString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendField writes one node of an annotated decode with the members
// wire.Field's json tags name (name, offset, length, value, children),
// so the tree reads as `bgpplay decode -json` prints it.
func appendField(b []byte, f *wire.Field) []byte {
	if f == nil {
		return append(b, "null"...)
	}
	b = append(b, '{')
	b = appendStringMember(b, "name", f.Name)
	b = strconv.AppendInt(appendKey(b, "offset"), int64(f.Offset), 10)
	b = strconv.AppendInt(appendKey(b, "length"), int64(f.Length), 10)
	if f.Value != "" {
		b = appendStringMember(b, "value", f.Value)
	}
	if len(f.Children) > 0 {
		b = append(appendKey(b, "children"), '[')
		for _, c := range f.Children {
			b = appendField(appendSep(b), c)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}
