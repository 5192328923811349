package topo

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzLoad checks that Load never panics, that a failed Load returns
// Errors and no topology, and that a loaded topology survives Save and
// Load unchanged.
func FuzzLoad(f *testing.F) {
	for _, pattern := range []string{"testdata/*.json", "testdata/bad/*.json"} {
		files, _ := filepath.Glob(pattern)
		for _, name := range files {
			if data, err := os.ReadFile(name); err == nil {
				f.Add(data)
			}
		}
	}
	for _, s := range []string{
		``, `{}`, `[]`, `null`, `{"routers": [{}]}`,
		doc(routers(r1, r2), links(`{"a": "R1", "b": "R2"}`), sessions(`{"a": "R1", "b": "R2"}`)),
		doc(routers(r1), hosts(`{"name": "H", "address": "192.0.2.1/31"}`), links(`{"a": "H", "b": "R1"}`)),
		doc(`"policies": {"p": {"terms": [{"match": {"as_path": "_1_"}, "set": {"prepend": 2}}]}}`),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tp, err := Load(data)
		if err != nil {
			if tp != nil {
				t.Fatal("a failed Load returned a topology")
			}
			es, ok := err.(Errors)
			if !ok || len(es) == 0 {
				t.Fatalf("error %T %v is not a non-empty Errors", err, err)
			}
			return
		}
		out, err := tp.Save()
		if err != nil {
			t.Fatalf("Save: %v", err)
		}
		back, err := Load(out)
		if err != nil {
			t.Fatalf("Load(Save(t)): %v\n%s", err, out)
		}
		if !reflect.DeepEqual(tp, back) {
			t.Fatalf("Load(Save(t)) differs from t:\n%s", out)
		}
		again, err := back.Save()
		if err != nil {
			t.Fatalf("Save: %v", err)
		}
		if string(again) != string(out) {
			t.Fatalf("Save(Load(Save(t))) differs:\n%s\n%s", out, again)
		}
		if err := back.Validate(); err != nil {
			t.Fatalf("Validate of a loaded topology: %v", err)
		}
	})
}
