package topo

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// FieldError is one problem with a topology, at a JSON path such as
// `routers[2].router_id` or `policies["from-isp"].terms[0].then`.
type FieldError struct {
	// Path locates the offending value in the JSON form; empty for an
	// error about the document as a whole (a syntax error).
	Path string
	// Msg says what is wrong, and often how to fix it.
	Msg string
	// Line is the 1-based line of the file the path points at, or 0 when
	// the topology was not loaded from a file.
	Line int
}

// Error renders e as "path: msg".
func (e FieldError) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// Errors is every problem found in a topology, in the order their paths
// appear in the file (or in the order of the JSON form for a topology built
// in Go). Load and Validate return it as their error.
type Errors []FieldError

// Error renders one error per line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// errs collects errors.
type errs struct {
	list Errors
}

func (e *errs) add(path, msg string) {
	e.list = append(e.list, FieldError{Path: path, Msg: msg})
}

// err returns the collected errors, or nil.
func (e *errs) err() error {
	if len(e.list) == 0 {
		return nil
	}
	return e.list
}

// Path building.

func field(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func index(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

func key(path, k string) string {
	return path + "[" + strconv.Quote(k) + "]"
}

// parent returns path without its last component ("a.b[3]" -> "a.b",
// `p["x.y"]` -> "p"), and false for a path of one component.
func parent(path string) (string, bool) {
	cut, quoted := -1, false
	for i := 0; i < len(path); i++ {
		switch c := path[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && (c == '.' || c == '['):
			cut = i
		}
	}
	if cut <= 0 {
		return "", false
	}
	return path[:cut], true
}

// within reports whether path is at or below prefix.
func within(path, prefix string) bool {
	if prefix == "" {
		return true
	}
	if !strings.HasPrefix(path, prefix) {
		return false
	}
	rest := path[len(prefix):]
	return rest == "" || rest[0] == '.' || rest[0] == '['
}

// sections orders the top-level keys as Save writes them.
var sections = []string{"name", "seed", "ases", "routers", "hosts", "links", "sessions", "policies"}

// sortByForm orders errors of a topology built in Go as the JSON form
// would: by top-level section, then by index, keeping the order in which
// they were found otherwise.
func sortByForm(es Errors) {
	rank := func(p string) (int, int) {
		head := p
		if i := strings.IndexAny(p, ".["); i >= 0 {
			head = p[:i]
		}
		s := slices.Index(sections, head)
		n := -1
		if rest, ok := strings.CutPrefix(p[len(head):], "["); ok {
			if j := strings.IndexByte(rest, ']'); j > 0 {
				if v, err := strconv.Atoi(rest[:j]); err == nil {
					n = v
				}
			}
		}
		return s, n
	}
	slices.SortStableFunc(es, func(a, b FieldError) int {
		sa, na := rank(a.Path)
		sb, nb := rank(b.Path)
		return cmp.Or(cmp.Compare(sa, sb), cmp.Compare(na, nb))
	})
}

// suggest returns ` (did you mean "x"?)` for the candidate closest to s
// within edit distance 2, or "".
func suggest(s string, candidates []string) string {
	best := closest(s, candidates)
	if best == "" {
		return ""
	}
	return " (did you mean " + strconv.Quote(best) + "?)"
}

// closest returns the first candidate nearest to s within edit distance 2
// (ignoring case), or "".
func closest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(s), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return max(len(a), len(b))
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
