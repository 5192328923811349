package policy

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"

	"github.com/bgpplay/bgpplay/engine/wire"
)

// ASPathRegexp is a compiled as_path condition: a regular expression in
// the style of Cisco and FRR as-path access lists, matched against the
// AS_PATH as wire.ASPath.String writes it ("65001 65002 {65003,65004}").
//
// The expression is Go (RE2) syntax, plus "_", which matches a separator:
// the start or the end of the path, a space, a comma, or one of the
// brackets {}()[] around AS_SET and confederation segments. So "_65003_"
// matches 65003 anywhere in the path, "^65001_" a route learnt from AS
// 65001, "_65010$" one originated by AS 65010, and "^$" an empty path.
// Braces are regexp operators, so an AS_SET is matched by \{65003,65004\}
// (in JSON, "\\{65003,65004\\}").
// "_" is a literal underscore inside a character class ("[_]"), after a
// backslash, and in \Q...\E and \p{...}; an underscore never appears in
// an AS path, so those only matter for completeness.
type ASPathRegexp struct {
	expr string // as written
	re   *regexp.Regexp
}

// separator is what "_" stands for.
const separator = `(?:^|$|[ ,{}()\[\]])`

// CompileASPathRegexp compiles an as_path expression. Its error names the
// expression and the position of the fault in it.
func CompileASPathRegexp(expr string) (*ASPathRegexp, error) {
	tr, offs := translateASPath(expr)
	re, err := regexp.Compile(tr)
	if err != nil {
		var se *syntax.Error
		if !errors.As(err, &se) {
			return nil, fmt.Errorf("%q is not a valid AS path regular expression: %v", expr, err)
		}
		start, end := locate(tr, offs, se.Expr)
		return nil, fmt.Errorf("%q is not a valid AS path regular expression: %s at offset %d (%q)",
			expr, se.Code, start, expr[start:end])
	}
	return &ASPathRegexp{expr: expr, re: re}, nil
}

// locate finds frag, a part of the translation tr, in the expression as
// written: the first occurrence that does not start or end inside the
// expansion of a "_". It returns the whole expression when there is none.
func locate(tr string, offs []int, frag string) (start, end int) {
	n := len(frag)
	for from := 0; n > 0 && from+n <= len(tr); from++ {
		i := strings.Index(tr[from:], frag)
		if i < 0 {
			break
		}
		i += from
		// Bytes of one expansion share their offset.
		if (i == 0 || offs[i] != offs[i-1]) && offs[i+n] != offs[i+n-1] {
			return offs[i], offs[i+n-1] + 1
		}
		from = i
	}
	return 0, offs[len(offs)-1]
}

// String returns the expression as written.
func (x *ASPathRegexp) String() string { return x.expr }

// translateASPath replaces every "_" that stands for a separator with the
// group it means. offs[i] is the offset in expr of byte i of the result,
// with one extra entry for the end.
func translateASPath(expr string) (string, []int) {
	var b strings.Builder
	offs := make([]int, 0, len(expr)+1)
	emit := func(s string, at int) {
		b.WriteString(s)
		for range len(s) {
			offs = append(offs, at)
		}
	}
	copyTo := func(i, j int) int { // copies expr[i:j] and returns j
		for k := i; k < j; k++ {
			b.WriteByte(expr[k])
			offs = append(offs, k)
		}
		return j
	}
	inClass := false
	for i := 0; i < len(expr); {
		c := expr[i]
		switch {
		case c == '\\' && i+1 < len(expr):
			switch expr[i+1] {
			case 'Q': // literal text up to \E
				end := strings.Index(expr[i+2:], `\E`)
				if end < 0 {
					i = copyTo(i, len(expr))
				} else {
					i = copyTo(i, i+2+end+2)
				}
			case 'p', 'P':
				end := i + 2
				if end < len(expr) && expr[end] == '{' {
					if k := strings.IndexByte(expr[end:], '}'); k >= 0 {
						end += k + 1
					}
				}
				i = copyTo(i, end)
			default:
				i = copyTo(i, i+2)
			}
		case inClass && c == '[' && i+1 < len(expr) && expr[i+1] == ':':
			if k := strings.Index(expr[i+2:], ":]"); k >= 0 {
				i = copyTo(i, i+2+k+2)
			} else {
				i = copyTo(i, i+1)
			}
		case inClass && c == ']':
			inClass = false
			i = copyTo(i, i+1)
		case !inClass && c == '[':
			inClass = true
			j := i + 1
			if j < len(expr) && expr[j] == '^' {
				j++
			}
			if j < len(expr) && expr[j] == ']' { // a leading ] is literal
				j++
			}
			i = copyTo(i, j)
		case !inClass && c == '_':
			emit(separator, i)
			i++
		default:
			i = copyTo(i, i+1)
		}
	}
	offs = append(offs, len(expr))
	return b.String(), offs
}

// pathBufs holds buffers for rendering AS paths, so that matching does
// not allocate.
var pathBufs = sync.Pool{New: func() any { return new([]byte) }}

// Match reports whether the AS path p, as wire.ASPath.String writes it,
// matches x.
func (x *ASPathRegexp) Match(p *wire.ASPath) bool {
	bp := pathBufs.Get().(*[]byte)
	*bp = appendASPath((*bp)[:0], p)
	ok := x.re.Match(*bp)
	if cap(*bp) <= 64<<10 {
		pathBufs.Put(bp)
	}
	return ok
}

// appendASPath appends the text wire.ASPath.String returns.
func appendASPath(b []byte, p *wire.ASPath) []byte { return p.AppendText(b) }
