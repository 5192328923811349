package topo

import (
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// decoder fills Go values from a node tree the way encoding/json would,
// but keeps going after an error and reports every unknown key and type
// mismatch with its path. It also records where every path starts, so
// that later errors can be sorted by their place in the file.
type decoder struct {
	errs    errs
	offsets map[string]int
	// suggested lists the paths of the known fields suggested for
	// unknown ones: a missing value there is not worth a second error.
	suggested []string
}

func newDecoder() *decoder {
	return &decoder{offsets: map[string]int{}}
}

func (d *decoder) fail(path, msg string) {
	d.errs.add(path, msg)
}

func (d *decoder) mismatch(path, want string, n *node) {
	d.fail(path, "want "+want+", got "+n.describe())
}

// decode fills v (settable) from n. A JSON null leaves v unchanged.
func (d *decoder) decode(n *node, v reflect.Value, path string) {
	if _, seen := d.offsets[path]; !seen {
		d.offsets[path] = n.off
	}
	if n.kind == kNull {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		// A scalar that does not decode leaves the pointer nil: absent,
		// rather than a zero that later checks would report again.
		e := reflect.New(v.Type().Elem())
		if !v.IsNil() {
			e.Elem().Set(v.Elem())
		}
		before := len(d.errs.list)
		d.decode(n, e.Elem(), path)
		if len(d.errs.list) == before || e.Elem().Kind() == reflect.Struct {
			v.Set(e)
		}
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Slice:
		if n.kind != kArray {
			d.mismatch(path, "a list", n)
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.elems), len(n.elems))
		for i, e := range n.elems {
			d.decode(e, s.Index(i), index(path, i))
		}
		v.Set(s)
	case reflect.Map:
		if n.kind != kObject {
			d.mismatch(path, "an object", n)
			return
		}
		if v.IsNil() {
			v.Set(reflect.MakeMap(v.Type()))
		}
		for _, m := range n.members {
			p := key(path, m.key)
			d.offsets[p] = m.off
			if v.MapIndex(reflect.ValueOf(m.key)).IsValid() {
				d.fail(p, "duplicate key")
				continue
			}
			e := reflect.New(v.Type().Elem()).Elem()
			d.decode(m.val, e, p)
			v.SetMapIndex(reflect.ValueOf(m.key).Convert(v.Type().Key()), e)
		}
	case reflect.String:
		if n.kind != kString {
			d.mismatch(path, "a string", n)
			return
		}
		v.SetString(n.str)
	case reflect.Bool:
		if n.kind != kBool {
			d.mismatch(path, "true or false", n)
			return
		}
		v.SetBool(n.b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if n.kind != kNumber {
			d.mismatch(path, "a number", n)
			return
		}
		bits := v.Type().Bits()
		i, err := strconv.ParseInt(n.str, 10, bits)
		if err != nil {
			lo, hi := int64(-1)<<(bits-1), int64(1)<<(bits-1)-1
			d.numberError(path, n, err, strconv.FormatInt(lo, 10), strconv.FormatInt(hi, 10))
			return
		}
		v.SetInt(i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if n.kind != kNumber {
			d.mismatch(path, "a number", n)
			return
		}
		bits := v.Type().Bits()
		u, err := strconv.ParseUint(n.str, 10, bits)
		if err != nil {
			if strings.HasPrefix(n.str, "-") && isInteger(n.str[1:]) {
				err = strconv.ErrRange
			}
			d.numberError(path, n, err, "0", strconv.FormatUint(math.MaxUint64>>(64-bits), 10))
			return
		}
		v.SetUint(u)
	case reflect.Float32, reflect.Float64:
		if n.kind != kNumber {
			d.mismatch(path, "a number", n)
			return
		}
		f, err := strconv.ParseFloat(n.str, v.Type().Bits())
		if err != nil {
			d.fail(path, "want a number in range, got "+n.str)
			return
		}
		v.SetFloat(f)
	default:
		d.fail(path, "cannot decode into "+v.Type().String())
	}
}

func isInteger(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func (d *decoder) numberError(path string, n *node, err error, lo, hi string) {
	if errors.Is(err, strconv.ErrRange) || (len(n.str) > 0 && isInteger(strings.TrimPrefix(n.str, "-"))) {
		d.fail(path, "want a number in "+lo+".."+hi+", got "+n.str)
		return
	}
	d.fail(path, "want a whole number, got "+n.str)
}

func (d *decoder) decodeStruct(n *node, v reflect.Value, path string) {
	if n.kind != kObject {
		d.mismatch(path, "an object", n)
		return
	}
	fs := fieldsOf(v.Type())
	seen := map[string]bool{}
	for _, m := range n.members {
		p := field(path, m.key)
		d.offsets[p] = m.off
		i, ok := fs.byName[m.key]
		if !ok {
			hint := suggest(m.key, fs.names)
			d.fail(p, "unknown field"+hint)
			if hint != "" {
				d.suggested = append(d.suggested, field(path, closest(m.key, fs.names)))
			}
			continue
		}
		if seen[m.key] {
			d.fail(p, "duplicate field")
			continue
		}
		seen[m.key] = true
		d.decode(m.val, v.Field(i), p)
	}
}

// structFields maps the JSON names of a struct's fields to their indexes.
type structFields struct {
	byName map[string]int
	names  []string
}

var fieldCache sync.Map // reflect.Type -> *structFields

func fieldsOf(t reflect.Type) *structFields {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.(*structFields)
	}
	fs := &structFields{byName: map[string]int{}}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fs.byName[name] = i
		fs.names = append(fs.names, name)
	}
	fieldCache.Store(t, fs)
	return fs
}
